package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static io.ecsreboot.operator.Assertions.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What no schema stops on the mock server (it has none) and no test of the rules alone shows: the
 * running operator ends every request with a status, whatever its spec, its status or its own bugs.
 */
class EveryRequestFinishesTest {
  OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(300), Duration.ofMillis(300));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void numbersBeyondEveryBoundFailAsInvalidSpecInsteadOfLeavingNoStatus() {
    h.startOperator();
    String id = h.newInstance();
    h.create("huge-deadline", id, s -> s.setActiveDeadlineSeconds(Long.MAX_VALUE));
    h.create("huge-ttl", h.newInstance(), s -> s.setTtlSecondsAfterFinished(Long.MAX_VALUE));
    for (String name : List.of("huge-deadline", "huge-ttl")) {
      RebootRequest done = h.awaitPhase(name, Phase.Failed);
      assertCondition(done, Conditions.STALLED, "True", "InvalidSpec");
      assertThat(condition(done, Conditions.STALLED).getMessage()).contains("must be");
    }
    assertThat(h.ecs.calls("RebootInstance", null)).isEmpty();
  }

  @Test
  void forgedSucceededOnAFreshRequestEndsFailedAndRebootsNothing() {
    String id = h.newInstance();
    h.create("forged", id);
    h.client
        .resources(RebootRequest.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName("forged")
        .editStatus(
            r -> {
              RebootRequestStatus s = new RebootRequestStatus();
              s.setPhase(Phase.Succeeded);
              r.setStatus(s);
              return r;
            });
    h.startOperator();
    RebootRequest done = h.awaitPhase("forged", Phase.Failed);
    assertCondition(done, Conditions.STALLED, "True", "InconsistentStatus");
    assertCondition(done, Conditions.READY, "False", "InconsistentStatus");
    assertCondition(done, Conditions.COMPLETED, "True", "InconsistentStatus");
    assertThat(condition(done, Conditions.STALLED).getMessage())
        .contains("status says Succeeded")
        .contains("written by the operator alone");
    assertThat(h.reboots(id)).isEmpty();
  }

  @Test
  void bugThatKeepsHappeningEndsTheRequestAsInternalOperatorError() {
    String id = h.newInstance();
    h.startOperator(
        real ->
            new EcsClient() {
              @Override
              public EcsResult<String> rebootInstance(
                  EcsTarget target, String instanceId, boolean forceStop, boolean dryRun) {
                return real.rebootInstance(target, instanceId, forceStop, dryRun);
              }

              @Override
              public EcsResult<Map<String, EcsResult<String>>> rebootInstances(
                  EcsTarget target, List<String> ids, boolean forceStop) {
                return real.rebootInstances(target, ids, forceStop);
              }

              @Override
              public EcsResult<List<InstanceState>> describeInstances(
                  EcsTarget target, List<String> ids) {
                throw new IllegalStateException("simulated bug in a look at " + ids);
              }
            });
    h.create("buggy", id);
    RebootRequest done =
        h.await(
            "buggy",
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Failed,
            Duration.ofSeconds(60));
    assertCondition(done, Conditions.STALLED, "True", "InternalOperatorError");
    assertThat(condition(done, Conditions.STALLED).getMessage())
        .contains("java.lang.IllegalStateException")
        .contains("simulated bug");
    assertThat(h.reboots(id)).isEmpty();
  }
}
