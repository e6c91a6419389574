package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a test needs to count reboots without a clock: each logged call says whether it took effect,
 * each instance how many boots it began; and an outage that makes the endpoint stop answering.
 */
class CallEffectAndBootCountTest extends EmulatorSdkTest {

  @Override
  Duration transition() {
    return Duration.ofMillis(100);
  }

  @Test
  void aRebootThatTookEffectIsAppliedWhateverTheReplyWas() throws Exception {
    client.getAcsResponse(reboot(RUNNING));
    awaitStatus(admin, RUNNING, "Running");
    admin.addFault(Fault.after("RebootInstance", "InternalError", 500, 1));
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(RUNNING)));
    awaitStatus(admin, RUNNING, "Running");
    admin.addFault(Fault.closeAfter("RebootInstance", 1));
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(RUNNING)));

    assertThat(admin.calls("RebootInstance", RUNNING))
        .extracting(c -> c.httpStatus() + ":" + c.effect())
        .containsExactly("200:applied", "500:applied", "0:applied");
    assertThat(admin.instance(RUNNING).bootCount()).isEqualTo(3);
  }

  @Test
  void aCallThatChangedNothingIsRejectedAndCountsNoBoot() throws Exception {
    admin.addFault(Fault.before("RebootInstance", "ServiceUnavailable", 503, 1));
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(RUNNING)));
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(STOPPED)));
    RebootInstanceRequest dryRun = reboot(RUNNING);
    dryRun.setDryRun(true);
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(dryRun));
    DescribeInstancesRequest describe = new DescribeInstancesRequest();
    describe.setInstanceIds("[\"" + RUNNING + "\"]");
    client.getAcsResponse(describe);

    assertThat(admin.calls(null, null))
        .extracting(c -> c.action() + ":" + c.code() + ":" + c.effect())
        .containsExactly(
            "RebootInstance:ServiceUnavailable:rejected",
            "RebootInstance:IncorrectInstanceStatus:rejected",
            "RebootInstance:DryRunOperation:rejected",
            "DescribeInstances::rejected");
    assertThat(admin.instance(RUNNING).bootCount()).isZero();
    assertThat(admin.instance(STOPPED).bootCount()).isZero();
  }

  @Test
  void everyBootCountsStartsAndBatchRebootsIncludedButNotStops() throws Exception {
    StopInstanceRequest stop = new StopInstanceRequest();
    stop.setInstanceId(RUNNING);
    client.getAcsResponse(stop);
    awaitStatus(admin, RUNNING, "Stopped");
    StartInstanceRequest start = new StartInstanceRequest();
    start.setInstanceId(RUNNING);
    client.getAcsResponse(start);
    awaitStatus(admin, RUNNING, "Running");
    RebootInstancesRequest batch = new RebootInstancesRequest();
    batch.setInstanceIds(List.of(RUNNING, STOPPED));
    batch.setBatchOptimization("SuccessFirst");
    client.getAcsResponse(batch);

    assertThat(admin.instance(RUNNING).bootCount()).isEqualTo(2);
    assertThat(admin.instance(STOPPED).bootCount()).isZero();
    assertThat(admin.calls(null, RUNNING))
        .extracting(c -> c.action() + ":" + c.effect())
        .containsExactly(
            "StopInstance:applied", "StartInstance:applied", "RebootInstances:applied");
  }

  @Test
  void aBatchNamesTheMembersThatTookEffectAndNotTheOnesItRefused() throws Exception {
    RebootInstancesRequest batch = new RebootInstancesRequest();
    batch.setInstanceIds(List.of(RUNNING, STOPPED));
    batch.setBatchOptimization("SuccessFirst");
    client.getAcsResponse(batch);

    CallRecord call = admin.calls("RebootInstances", null).get(0);
    assertThat(call.instanceIds()).containsExactly(RUNNING, STOPPED);
    assertThat(call.appliedInstanceIds()).containsExactly(RUNNING);
    assertThat(admin.calls(null, STOPPED))
        .allSatisfy(c -> assertThat(c.appliedInstanceIds()).doesNotContain(STOPPED));
  }

  @Test
  void aBatchWithAnAfterFaultNamesTheMembersThatTookEffectDespiteTheError() throws Exception {
    admin.addFault(Fault.after("RebootInstances", "InternalError", 500, 1));
    RebootInstancesRequest batch = new RebootInstancesRequest();
    batch.setInstanceIds(List.of(RUNNING, STOPPED));
    batch.setBatchOptimization("SuccessFirst");
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(batch));

    CallRecord call = admin.calls("RebootInstances", null).get(0);
    assertThat(call.code() + ":" + call.effect()).isEqualTo("InternalError:applied");
    assertThat(call.appliedInstanceIds()).containsExactly(RUNNING);
    assertThat(admin.instance(RUNNING).bootCount()).isEqualTo(1);
  }

  @Test
  void aSingleCallNamesItsInstanceWhenItTookEffectAndNoneWhenRefused() throws Exception {
    client.getAcsResponse(reboot(RUNNING));
    catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(STOPPED)));

    assertThat(admin.calls("RebootInstance", null))
        .extracting(CallRecord::appliedInstanceIds)
        .containsExactly(List.of(RUNNING), List.of());
  }

  @Test
  void aRecordWithoutAppliedIdsReadsAsAllIdsOfAnAppliedCall() {
    CallRecord applied =
        new CallRecord("t", "RebootInstance", List.of("i-1"), null, 200, "", "r", "applied", null);
    CallRecord rejected =
        new CallRecord("t", "RebootInstance", List.of("i-1"), null, 500, "x", "r", null, null);

    assertThat(applied.appliedInstanceIds()).containsExactly("i-1");
    assertThat(rejected.appliedInstanceIds()).isEmpty();
  }

  @Test
  void aBatchInWhichNoMemberRebootedIsRejected() throws Exception {
    RebootInstancesRequest batch = new RebootInstancesRequest();
    batch.setInstanceIds(List.of(STOPPED));
    batch.setBatchOptimization("SuccessFirst");
    client.getAcsResponse(batch);

    assertThat(admin.calls("RebootInstances", null).get(0).effect()).isEqualTo("rejected");
  }

  @Test
  void anOutageThatDropsConnectionsChangesNothingAndEndsByItself() throws Exception {
    admin.beginOutage(Outage.drop(1));

    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(reboot(RUNNING)));

    assertThat(e.getErrCode()).startsWith("SDK.");
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Running");
    assertThat(admin.instance(RUNNING).bootCount()).isZero();
    assertThat(admin.calls("RebootInstance", RUNNING))
        .extracting(c -> c.code() + ":" + c.effect())
        .containsExactly("Outage:rejected");
    Thread.sleep(1_100);
    client.getAcsResponse(reboot(RUNNING));
    assertThat(admin.instance(RUNNING).bootCount()).isEqualTo(1);
  }

  @Test
  void anOutageThatHangsHoldsTheCallPastTheClientsReadTimeout() {
    admin.beginOutage(Outage.hang(30));
    RebootInstanceRequest request = reboot(RUNNING);
    request.setSysReadTimeout(300);

    ClientException e =
        catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

    assertThat(e.getErrCode()).isEqualTo("SDK.ReadTimeout");
    admin.endOutage();
    assertThat(admin.instance(RUNNING).bootCount()).isZero();
  }

  @Test
  void anOutageWithoutAnEndIsRefused() {
    assertThat(
            catchThrowableOfType(
                IllegalStateException.class, () -> admin.beginOutage(new Outage("hang", null))))
        .hasMessageContaining("seconds");
  }
}
