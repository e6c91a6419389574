package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An instance that never runs again after an accepted reboot fails the request in time. */
class VerificationTimeoutTest {
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
  void instanceThatStaysStartingFailsAsVerificationTimeout() {
    String id = h.newInstance();
    // Right after ECS accepts the reboot, the instance gets stuck Starting (a broken image, say).
    h.startOperatorRunningAfterEachReboot(
        instanceId -> h.ecs.putInstance(h.ecs.instance(instanceId).withStatus("Starting")));
    h.create("stuck", id, s -> s.setVerifyTimeoutSeconds(10));
    RebootRequest verifying = h.awaitPhase("stuck", Phase.Verifying);
    assertCondition(verifying, Conditions.REBOOT_ACCEPTED, "True", "RebootAccepted");

    RebootRequest done =
        h.await("stuck", r -> r.getStatus().getPhase() == Phase.Failed, Duration.ofSeconds(20));
    assertCondition(done, Conditions.STALLED, "True", "VerificationTimeout");
    assertThat(done.getStatus().getInstanceStatus()).isEqualTo("Starting");
    assertThat(h.reboots(id)).hasSize(1);
  }
}
