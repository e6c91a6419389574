package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody;
import com.aliyun.ecs20140526.models.RebootInstanceRequest;
import com.aliyun.tea.TeaException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Tea-based SDK (signature V3, chunked empty body, no RegionId) against the emulator. */
class V3SdkTest extends EmulatorSdkTest {

  @Override
  Duration transition() {
    return Duration.ofMillis(200);
  }

  Client v3() throws Exception {
    return v3Client(emulator, KEY_ID, SECRET);
  }

  @Test
  void rebootSignedWithV3RebootsTheInstance() throws Exception {
    String requestId =
        v3().rebootInstance(new RebootInstanceRequest().setInstanceId(RUNNING).setForceStop(true))
            .getBody()
            .getRequestId();
    assertThat(requestId).isNotBlank();
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Starting");
    assertThat(admin.instance(RUNNING).lastForceStop()).isTrue();
    assertThat(awaitStatus(admin, RUNNING, "Running").status()).isEqualTo("Running");
  }

  @Test
  void v3RequestsCarryNoRegionSoAnInstanceInAnyRegionMatches() throws Exception {
    v3().rebootInstance(new RebootInstanceRequest().setInstanceId(OTHER_REGION));
    assertThat(admin.instance(OTHER_REGION).status()).isEqualTo("Starting");
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    STOPPED + ", 403, IncorrectInstanceStatus",
    SECURITY_LOCKED + ", 403, InstanceLockedForSecurity",
    FINANCIAL_LOCKED + ", 403, InstanceExpiredOrInArrears",
    EXPIRED + ", 403, InstanceExpiredOrInArrears",
    ABSENT + ", 404, InvalidInstanceId.NotFound",
  })
  void everySeededErrorReachesTheTeaSdkWithStatusAndCode(String id, int status, String code) {
    TeaException e =
        catchThrowableOfType(
            TeaException.class,
            () -> v3().rebootInstance(new RebootInstanceRequest().setInstanceId(id)));
    assertThat(e.getCode()).isEqualTo(code);
    assertThat(e.getStatusCode()).isEqualTo(status);
  }

  @Test
  void dryRunSignedWithV3AnswersDryRunOperation() {
    TeaException e =
        catchThrowableOfType(
            TeaException.class,
            () ->
                v3().rebootInstance(
                        new RebootInstanceRequest().setInstanceId(RUNNING).setDryRun(true)));
    assertThat(e.getCode()).isEqualTo("DryRunOperation");
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Running");
  }

  @Test
  void unknownKeyAndWrongSecretAreRefused() throws Exception {
    TeaException unknown =
        catchThrowableOfType(
            TeaException.class,
            () ->
                v3Client(emulator, "NO-SUCH-KEY", SECRET)
                    .rebootInstance(new RebootInstanceRequest().setInstanceId(RUNNING)));
    assertThat(unknown.getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    assertThat(unknown.getStatusCode()).isEqualTo(404);

    TeaException wrong =
        catchThrowableOfType(
            TeaException.class,
            () ->
                v3Client(emulator, KEY_ID, "wrong")
                    .rebootInstance(new RebootInstanceRequest().setInstanceId(RUNNING)));
    assertThat(wrong.getCode()).isEqualTo("SignatureDoesNotMatch");
    assertThat(wrong.getStatusCode()).isEqualTo(400);
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Running");
  }

  @Test
  void describeInstancesSignedWithV3ReturnsWrappedInstances() throws Exception {
    DescribeInstancesResponseBody body =
        v3().describeInstances(
                new DescribeInstancesRequest()
                    .setRegionId(REGION)
                    .setInstanceIds("[\"" + SECURITY_LOCKED + "\",\"" + RUNNING_TAGGED + "\"]"))
            .getBody();
    assertThat(body.getTotalCount()).isEqualTo(2);
    assertThat(body.getInstances().getInstance())
        .extracting(i -> i.getInstanceId())
        .containsExactly(RUNNING_TAGGED, SECURITY_LOCKED);
    assertThat(body.getInstances().getInstance().get(1).getOperationLocks().getLockReason())
        .extracting(l -> l.getLockReason())
        .containsExactly("security");
  }
}
