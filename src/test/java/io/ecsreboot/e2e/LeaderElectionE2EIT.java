package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.emulator.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election, as deploy/ runs them: only the Lease holder reconciles, and
 * when it dies mid-reboot the standby takes over and finishes without a second reboot.
 */
@Tag("e2e")
class LeaderElectionE2EIT {
  static E2eEnvironment env;
  static OperatorProcess first;
  static OperatorProcess second;

  @BeforeAll
  static void start() throws Exception {
    env = new E2eEnvironment(Duration.ofMillis(500));
    first = env.startOperator("--leader-election", "--lease-namespace", "ecs-reboot-system");
    second = env.startOperator("--leader-election", "--lease-namespace", "ecs-reboot-system");
  }

  @AfterAll
  static void stop() throws Exception {
    for (OperatorProcess p : new OperatorProcess[] {first, second}) {
      if (p != null) {
        p.close();
      }
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  void standbyFinishesTheLeadersRebootWithoutASecondOne() throws Exception {
    String holder = awaitLeaseHolderOtherThan("");
    // The start-up line names this replica's identity: ".../<identity>, metrics=...".
    OperatorProcess leader = first.logText().contains("/" + holder + ",") ? first : second;
    OperatorProcess standby = leader == first ? second : first;
    assertThat(standby.logText()).doesNotContain("/" + holder + ",");

    String id = env.freshInstance();
    // The reply is held back: the leader dies with the reboot done but not recorded.
    env.ecs.addFault(Fault.delayAfter("RebootInstance", 4_000, 1).forInstance(id));
    env.cluster.kubectlOk(
        "apply",
        "-n",
        E2eEnvironment.NS,
        "-f",
        env.manifest("failover", "{instanceId: " + id + "}").toString());
    env.awaitRebootCall(id);
    assertThat(standby.logText())
        .as("the standby does not reconcile")
        .doesNotContain("RebootInstance");
    leader.kill();

    env.waitFor("failover", "Ready", standby);
    assertThat(env.ecs.calls("RebootInstance", id)).hasSize(1);
    assertThat(
            env.jsonPath("failover", "{.status.conditions[?(@.type==\"RebootAccepted\")].reason}"))
        .isEqualTo("InferredFromInstanceState");
    assertThat(awaitLeaseHolderOtherThan(holder)).isNotBlank();
  }

  private static String awaitLeaseHolderOtherThan(String previous) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Shell.Result lease =
          env.cluster.kubectl(
              "get",
              "lease",
              "ecs-reboot-operator",
              "-n",
              "ecs-reboot-system",
              "-o",
              "jsonpath={.spec.holderIdentity}");
      if (lease.exitCode() == 0 && !lease.out().isBlank() && !lease.out().trim().equals(previous)) {
        return lease.out().trim();
      }
      OperatorProcess.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("no replica took the Lease");
  }
}
