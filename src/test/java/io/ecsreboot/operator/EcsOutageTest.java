package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.emulator.Fault;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ECS endpoint that stops answering (a regional outage, a broken egress path) never turns a
 * reboot that ECS accepted into a failure, and a reboot not yet issued waits, saying why.
 */
class EcsOutageTest {
  OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(300), Duration.ofMillis(300));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** DescribeInstances hangs past the read timeout, or drops the connection, on every call. */
  static Fault outage(String kind) {
    return kind.equals("hangs")
        ? new Fault("DescribeInstances", null, null, null, -1, 1_500L, null, Fault.BEFORE)
        : new Fault("DescribeInstances", null, null, null, -1, null, true, Fault.BEFORE);
  }

  @ParameterizedTest(name = "DescribeInstances {0} after ECS accepted the reboot")
  @ValueSource(strings = {"hangs", "drops"})
  void outageDuringVerifyingEndsSucceededOnceEcsAnswersAgain(String kind) {
    String id = h.newInstance();
    // The outage starts the moment ECS accepted the reboot, before the operator looks once.
    h.startOperatorRunningAfterEachReboot(instanceId -> h.ecs.addFault(outage(kind)));
    h.create("outage", id, spec -> spec.setBackoffLimit(0));

    RebootRequest during =
        h.await(
            "outage",
            // A cold first look may time out before the reboot too (Pending, EcsUnreachable).
            r ->
                r.getStatus() != null
                    && r.getStatus().getPhase() == Phase.Verifying
                    && Assertions.hasCondition(r, Conditions.RECONCILING, "EcsUnreachable"),
            Duration.ofSeconds(20));
    assertThat(during.getStatus().getRebootIssuedTime()).isNotNull();
    // Many failed looks: with backoffLimit 0, any one of them counted would fail the request.
    long failedBefore = h.ecs.calls("DescribeInstances", null).size();
    h.await(
        "outage",
        r -> h.ecs.calls("DescribeInstances", null).size() >= failedBefore + 3,
        Duration.ofSeconds(20));
    assertThat(h.get("outage").getStatus().getPhase()).isEqualTo(Phase.Verifying);
    h.ecs.clearFaults();

    RebootRequest done = h.awaitPhase("outage", Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
    assertThat(done.getStatus().getRetries()).isNull();
    assertCondition(done, Conditions.READY, "True", "RebootVerified");
  }

  @Test
  void unreachableEcsBeforeTheRebootWaitsAsEcsUnreachableUntilTheDeadline() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    h.startOperator(
        h.config().toBuilder().ecsEndpoint("127.0.0.1:" + closedPort).build(), ecs -> ecs);
    String id = h.newInstance();
    h.create(
        "unreachable",
        id,
        spec -> {
          spec.setBackoffLimit(0);
          spec.setActiveDeadlineSeconds(4L);
        });

    RebootRequest waiting =
        h.await(
            "unreachable",
            r -> Assertions.hasCondition(r, Conditions.RECONCILING, "EcsUnreachable"),
            Duration.ofSeconds(20));
    assertThat(waiting.getStatus().getPhase()).isEqualTo(Phase.Pending);
    assertThat(Assertions.condition(waiting, Conditions.RECONCILING).getMessage())
        .contains("no reboot has been issued");

    RebootRequest done = h.awaitPhase("unreachable", Phase.Failed);
    assertCondition(done, Conditions.STALLED, "True", "DeadlineExceeded");
    assertThat(done.getStatus().getRetries()).isNull();
    assertThat(h.reboots(id)).isEmpty();
  }
}
