package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Faults before and after the effect, and many clients at once, through the V1 SDK. */
class FaultAndConcurrencyTest extends EmulatorSdkTest {

  @Override
  Duration transition() {
    return Duration.ofSeconds(3);
  }

  @Test
  void beforeFaultFailsWithoutEffectThenRunsOut() throws Exception {
    admin.addFault(Fault.before("RebootInstance", "Throttling.User", 400, 1));

    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(RUNNING)));

    assertThat(e).isNotInstanceOf(ServerException.class);
    assertThat(e.getErrCode()).isEqualTo("Throttling.User");
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Running");
    client.getAcsResponse(reboot(RUNNING));
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Starting");
  }

  @Test
  void serverSideFaultCodesBecomeServerExceptions() {
    admin.addFault(Fault.before("RebootInstance", "InternalError", 500, 1));
    admin.addFault(Fault.before("RebootInstance", "ServiceUnavailable", 503, 1));
    for (String code : List.of("InternalError", "ServiceUnavailable")) {
      ServerException e =
          catchThrowableOfType(ServerException.class, () -> client.getAcsResponse(reboot(RUNNING)));
      assertThat(e.getErrCode()).isEqualTo(code);
    }
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Running");
  }

  @Test
  void afterFaultAnswersTheErrorButTheRebootHappened() {
    admin.addFault(Fault.after("RebootInstance", "InternalError", 500, 1));

    ServerException e =
        catchThrowableOfType(ServerException.class, () -> client.getAcsResponse(reboot(RUNNING)));

    assertThat(e.getErrCode()).isEqualTo("InternalError");
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Starting");
    assertThat(admin.calls("RebootInstance", RUNNING))
        .singleElement()
        .satisfies(c -> assertThat(c.httpStatus()).isEqualTo(500));
  }

  @Test
  void delayPastTheReadTimeoutIsSdkReadTimeoutAndTheRebootStillHappened() {
    admin.addFault(Fault.delayAfter("RebootInstance", 1500, 1));
    RebootInstanceRequest request = reboot(RUNNING);
    request.setSysReadTimeout(300);

    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

    assertThat(e.getErrCode()).isEqualTo("SDK.ReadTimeout");
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Starting");
    assertThat(admin.calls("RebootInstance", RUNNING)).hasSize(1);
  }

  @Test
  void droppedConnectionLeavesTheRebootDone() {
    admin.addFault(Fault.closeAfter("RebootInstance", 1));

    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(RUNNING)));

    assertThat(e.getErrCode()).startsWith("SDK.");
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Starting");
    assertThat(admin.calls("RebootInstance", RUNNING).get(0).httpStatus()).isZero();
  }

  @Test
  void faultForOneInstanceLeavesOthersAlone() throws Exception {
    admin.addFault(Fault.before("RebootInstance", "DiskError", 403, 5).forInstance(RUNNING_TAGGED));

    client.getAcsResponse(reboot(RUNNING));
    ClientException e =
        catchThrowableOfType(
            ClientException.class, () -> client.getAcsResponse(reboot(RUNNING_TAGGED)));

    assertThat(e.getErrCode()).isEqualTo("DiskError");
    assertThat(e.getErrMsg()).contains("IncorrectDiskStatus");
  }

  @Test
  void callLogListsEveryCallInOrderWithoutSecrets() throws Exception {
    client.getAcsResponse(reboot(RUNNING));
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(STOPPED)));

    List<CallRecord> calls = admin.calls(null, null);
    assertThat(calls)
        .extracting(CallRecord::instanceIds)
        .containsExactly(List.of(RUNNING), List.of(STOPPED));
    assertThat(calls).extracting(CallRecord::code).containsExactly("", "IncorrectInstanceStatus");
    assertThat(calls).extracting(CallRecord::action).containsOnly("RebootInstance");
    assertThat(calls)
        .allSatisfy(c -> assertThat(c.params()).doesNotContainKeys("Signature", "AccessKeyId"));
    assertThat(admin.calls("RebootInstance", STOPPED)).hasSize(1);
    assertThat(admin.calls("DescribeInstances", null)).isEmpty();
  }

  @Test
  void thirtyTwoThreadsRebootingDistinctInstancesLoseNothing() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String id = String.format("i-bp67acfmxazb4ph9%04d", i);
      admin.putInstance(EmulatorInstance.running(id, REGION, "2026-11-20T04:04Z"));
      ids.add(id);
    }
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (String id : ids) {
        results.add(
            pool.submit(
                () -> {
                  client.getAcsResponse(reboot(id));
                  // A second reboot must see the first one's state change.
                  return catchThrowableOfType(
                          ClientException.class, () -> client.getAcsResponse(reboot(id)))
                      .getErrCode();
                }));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo("IncorrectInstanceStatus");
      }
    } finally {
      pool.shutdown();
    }
    assertThat(ids).allSatisfy(id -> assertThat(admin.instance(id).status()).isEqualTo("Starting"));
    List<CallRecord> calls = admin.calls("RebootInstance", null);
    assertThat(calls).hasSize(64);
    assertThat(calls.stream().filter(c -> c.code().isEmpty()).map(c -> c.instanceIds().get(0)))
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void thirtyTwoThreadsRebootingOneInstanceRebootItOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 32; i++) {
        results.add(
            pool.submit(
                () -> {
                  try {
                    client.getAcsResponse(reboot(RUNNING));
                    return "ok";
                  } catch (ClientException e) {
                    return e.getErrCode();
                  }
                }));
      }
      List<String> codes = new ArrayList<>();
      for (Future<String> r : results) {
        codes.add(r.get());
      }
      assertThat(codes).containsOnlyOnce("ok");
      assertThat(codes).filteredOn(c -> !c.equals("ok")).containsOnly("IncorrectInstanceStatus");
    } finally {
      pool.shutdown();
    }
  }
}
