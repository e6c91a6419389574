package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.ABSENT;
import static io.ecsreboot.emulator.EmulatorTestSupport.KEY_ID;
import static io.ecsreboot.emulator.EmulatorTestSupport.RUNNING;
import static io.ecsreboot.emulator.EmulatorTestSupport.RUNNING_TAGGED;
import static io.ecsreboot.emulator.EmulatorTestSupport.SECURITY_LOCKED;
import static io.ecsreboot.emulator.EmulatorTestSupport.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.ecs.AliyunEcsClient;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.reboot.ErrorTaxonomy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's RebootInstances over the real SDK and real HTTP: one call for many instances,
 * SuccessFirst, and each member's own answer as a single RebootInstance would have given it.
 */
class RebootInstancesClientTest {
  private EcsEmulator emulator;
  private EmulatorAdminClient admin;
  private AliyunEcsClient ecs;
  private EcsTarget target;
  private final List<String> actions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorTestSupport.startEmulator(Duration.ofMillis(100), Duration.ofMillis(100));
    admin = new EmulatorAdminClient(emulator.endpoint());
    ecs = EmulatorTestSupport.operatorClient(emulator, (action, error) -> actions.add(action));
    target = EmulatorTestSupport.operatorTarget();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void oneCallRebootsTheRunningMembersAndNamesEachRefusal() {
    var result = ecs.rebootInstances(target, List.of(RUNNING, STOPPED, SECURITY_LOCKED), true);

    assertThat(result.isOk()).isTrue();
    Map<String, EcsResult<String>> members = result.value();
    assertThat(members.get(RUNNING).isOk()).isTrue();
    assertThat(members.get(RUNNING).requestId()).isEqualTo(result.requestId());
    assertThat(members.get(STOPPED).error().code()).isEqualTo("IncorrectInstanceStatus");
    assertThat(members.get(STOPPED).error().requestId()).isEqualTo(result.requestId());
    assertThat(members.get(SECURITY_LOCKED).error().code()).isEqualTo("InstanceLockedForSecurity");
    // A refused member is judged like a refused single call: not ambiguous.
    assertThat(ErrorTaxonomy.mayHaveTakenEffect(members.get(STOPPED).error())).isFalse();

    CallRecord call = admin.calls("RebootInstances", null).get(0);
    assertThat(call.params())
        .containsEntry("BatchOptimization", "SuccessFirst")
        .containsEntry("ForceReboot", "true");
    assertThat(call.appliedInstanceIds()).containsExactly(RUNNING);
    assertThat(admin.instance(RUNNING).bootCount()).isEqualTo(1);
    assertThat(admin.instance(STOPPED).bootCount()).isZero();
    assertThat(actions).containsExactly("RebootInstances");
  }

  @Test
  void anInstanceOfAnotherRegionOrNoneIsNotFoundAndTheOthersStillReboot() {
    var members = ecs.rebootInstances(target, List.of(ABSENT, RUNNING_TAGGED), false).value();

    assertThat(members.get(ABSENT).error().code()).isEqualTo("InvalidInstanceId.NotFound");
    assertThat(members.get(RUNNING_TAGGED).isOk()).isTrue();
    assertThat(admin.instance(RUNNING_TAGGED).bootCount()).isEqualTo(1);
  }

  @Test
  void aFailedCallFailsAsAWholeWithItsOwnError() {
    admin.addFault(Fault.after("RebootInstances", "InternalError", 500, 1));

    var result = ecs.rebootInstances(target, List.of(RUNNING, RUNNING_TAGGED), false);

    assertThat(result.isOk()).isFalse();
    assertThat(result.error().code()).isEqualTo("InternalError");
    assertThat(ErrorTaxonomy.mayHaveTakenEffect(result.error())).isTrue();
    assertThat(admin.instance(RUNNING).bootCount()).isEqualTo(1);
  }

  @Test
  void aDroppedConnectionIsAmbiguousAndCarriesNoSignedUrl() {
    admin.addFault(Fault.closeAfter("RebootInstances", 1));

    var result = ecs.rebootInstances(target, List.of(RUNNING), false);

    assertThat(ErrorTaxonomy.mayHaveTakenEffect(result.error())).isTrue();
    assertThat(result.error().message())
        .doesNotContain(KEY_ID)
        .doesNotContain("Signature=")
        .doesNotContain("SignatureNonce");
  }
}
