package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Fault;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The children of one instance rollout share RebootInstances calls, and each keeps its own fate: a
 * refused member fails only its child, and a shared call that failed as a whole (after or before
 * taking effect) still ends with exactly one reboot per instance and no Succeeded without one.
 */
class RolloutBatchingOperatorTest {
  static final String STOPPED = "i-bp67acfmxazb4ph00004"; // seed: Stopped

  OperatorHarness h;

  /** The rollout helpers of the rollout tests, on this test's harness. */
  final RebootRolloutOperatorTest rollouts = new RebootRolloutOperatorTest();

  @BeforeEach
  void start() throws Exception {
    h =
        new OperatorHarness(
            Duration.ofMillis(300),
            Duration.ofMillis(300),
            EmulatorOptions.StartTimeOnReboot.ADVANCE,
            Clock.systemUTC());
    rollouts.h = h;
    h.startOperator();
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void childrenAtTheCallTogetherShareRebootInstancesAndEachInstanceRebootsOnce() {
    List<String> ids = instances(12);

    rollout("fleet", ids, 0);

    RebootRollout done = succeeded("fleet");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(12);
    List<CallRecord> calls = h.ecs.calls("RebootInstances", null);
    assertThat(calls).as("shared calls").hasSizeLessThan(ids.size());
    assertThat(calls).anySatisfy(c -> assertThat(c.instanceIds()).hasSizeGreaterThan(1));
    assertThat(h.ecs.calls("RebootInstance", null)).as("single calls").isEmpty();
    ids.forEach(id -> assertOneReboot(id));
    RebootRequest child = h.get("fleet-" + ids.get(0));
    assertThat(child.getStatus().getRequestId()).isNotBlank();
  }

  @Test
  void aMemberRefusedInASharedCallFailsOnlyItsOwnChild() {
    List<String> ids = new ArrayList<>(instances(6));
    ids.add(3, STOPPED);

    rollout("mixed", ids, 1);

    succeeded("mixed");
    RebootRequest refused = h.get("mixed-" + STOPPED);
    assertThat(refused.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(refused.getStatus().getLastError().getCode()).isEqualTo("IncorrectInstanceStatus");
    assertThat(h.ecs.instance(STOPPED).bootCount()).isZero();
    ids.stream().filter(id -> !id.equals(STOPPED)).forEach(id -> assertOneReboot(id));
  }

  @Test
  void aSharedCallThatFailedAfterTakingEffectIsNotRepeated() {
    h.ecs.addFault(Fault.after("RebootInstances", "InternalError", 500, 1));
    List<String> ids = instances(8);

    rollout("after", ids, 0);

    succeeded("after");
    ids.forEach(id -> assertOneReboot(id));
    assertThat(h.ecs.calls("RebootInstances", null))
        .anySatisfy(c -> assertThat(c.code()).isEqualTo("InternalError"));
  }

  @Test
  void aSharedCallThatFailedBeforeTakingEffectIsMadeAgainOnceProvenNotDone() {
    // A proven reboot in the region teaches this operator that StartTime moves on a reboot:
    // only then does an unchanged StartTime prove that the failed call did nothing.
    h.awaitPhase(h.create("warm-up", h.newInstance()).getMetadata().getName(), Phase.Succeeded);
    h.ecs.addFault(Fault.before("RebootInstances", "InternalError", 500, 1));
    List<String> ids = instances(8);

    rollout("before", ids, 0);

    succeeded("before");
    ids.forEach(id -> assertOneReboot(id));
    assertThat(h.ecs.calls("RebootInstances", null).get(0).appliedInstanceIds()).isEmpty();
  }

  private List<String> instances(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(h.newInstance());
    }
    return ids;
  }

  private void rollout(String name, List<String> ids, int maxFailures) {
    rollouts.create(
        name,
        spec -> {
          spec.setMaxUnavailable(new IntOrString("100%"));
          spec.setMaxFailures(maxFailures);
        },
        ids);
  }

  private RebootRollout succeeded(String name) {
    return rollouts.awaitRollout(
        name,
        r -> RebootRolloutOperatorTest.isPhase(r, RolloutPhase.Succeeded),
        Duration.ofSeconds(60));
  }

  private void assertOneReboot(String id) {
    assertThat(h.rebootsThatTookEffect(id)).as("reboots that took effect on " + id).isEqualTo(1);
    assertThat(h.ecs.instance(id).bootCount()).as("boots of " + id).isEqualTo(1);
  }
}
