package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real aliyun-java-sdk-ecs (signature V1) against the emulator: every seeded answer. */
class V1SdkRebootTest extends EmulatorSdkTest {

  @Override
  Duration transition() {
    return Duration.ofMillis(300);
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    STOPPED + ", 403, IncorrectInstanceStatus",
    SECURITY_LOCKED + ", 403, InstanceLockedForSecurity",
    FINANCIAL_LOCKED + ", 403, InstanceExpiredOrInArrears",
    EXPIRED + ", 403, InstanceExpiredOrInArrears",
    OTHER_REGION + ", 404, InvalidInstanceId.NotFound",
    ABSENT + ", 404, InvalidInstanceId.NotFound",
  })
  void everySeededErrorReachesTheSdkAsClientExceptionWithItsCode(
      String id, int status, String code) {
    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(id)));
    assertThat(e).isNotInstanceOf(ServerException.class);
    assertThat(e.getErrCode()).isEqualTo(code);
    assertThat(e.getRequestId()).isNotBlank();
    assertThat(admin.calls("RebootInstance", id))
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.httpStatus()).isEqualTo(status);
              assertThat(call.code()).isEqualTo(code);
              assertThat(call.requestId()).isEqualTo(e.getRequestId());
            });
  }

  @Test
  void rebootShowsStartingAtOnceThenRunningAndAdvancesStartTime() throws Exception {
    EmulatorInstance before = admin.instance(RUNNING);
    RebootInstanceResponse response = client.getAcsResponse(reboot(RUNNING));

    assertThat(response.getRequestId()).isNotBlank();
    // The API reference: an accepted RebootInstance sets the instance Starting at once.
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Starting");
    EmulatorInstance after = awaitStatus(admin, RUNNING, "Running");
    assertThat(after.status()).isEqualTo("Running");
    assertThat(after.startTime())
        .isGreaterThan(before.startTime())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ");
    assertThat(after.lastForceStop()).isFalse();
  }

  @Test
  void rebootOfAnInstanceThatIsStillRebootingAnswersIncorrectInstanceStatus() throws Exception {
    client.getAcsResponse(reboot(RUNNING));
    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(RUNNING)));
    assertThat(e.getErrCode()).isEqualTo("IncorrectInstanceStatus");
  }

  @Test
  void dryRunThatPassesAnswersDryRunOperationAndChangesNothing() {
    RebootInstanceRequest request = reboot(RUNNING);
    request.setDryRun(true);
    EmulatorInstance before = admin.instance(RUNNING);

    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

    assertThat(e.getErrCode()).isEqualTo("DryRunOperation");
    assertThat(admin.instance(RUNNING)).isEqualTo(before);
  }

  @Test
  void dryRunStillReportsTheFirstFailingCheck() {
    RebootInstanceRequest request = reboot(SECURITY_LOCKED);
    request.setDryRun(true);
    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));
    assertThat(e.getErrCode()).isEqualTo("InstanceLockedForSecurity");
  }

  @Test
  void forceStopIsRecordedOnTheInstanceAndInTheCallLog() throws Exception {
    RebootInstanceRequest request = reboot(RUNNING);
    request.setForceStop(true);
    client.getAcsResponse(request);

    assertThat(admin.instance(RUNNING).lastForceStop()).isTrue();
    CallRecord call = admin.calls("RebootInstance", RUNNING).get(0);
    assertThat(call.params())
        .containsEntry("ForceStop", "true")
        .containsEntry("InstanceId", RUNNING);
    assertThat(call.params()).doesNotContainKeys("Signature", "AccessKeyId");
    assertThat(call.params().values()).doesNotContain(SECRET, KEY_ID);
    assertThat(call.code()).isEmpty();
    assertThat(call.httpStatus()).isEqualTo(200);
    assertThat(call.instanceIds()).containsExactly(RUNNING);
  }

  @Test
  void unknownAccessKeyAnswersInvalidAccessKeyIdNotFound() {
    DefaultAcsClient stranger = v1Client(emulator, "NO-SUCH-KEY", SECRET);
    ClientException e =
        catchThrowableOfType(ClientException.class, () -> stranger.getAcsResponse(reboot(RUNNING)));
    assertThat(e.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    assertThat(admin.calls("RebootInstance", null).get(0).httpStatus()).isEqualTo(404);
  }

  @Test
  void wrongSecretBecomesSdkInvalidAccessKeySecret() {
    DefaultAcsClient wrong = v1Client(emulator, KEY_ID, "not-the-secret");
    ClientException e =
        catchThrowableOfType(ClientException.class, () -> wrong.getAcsResponse(reboot(RUNNING)));
    assertThat(e.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Running");
  }
}
