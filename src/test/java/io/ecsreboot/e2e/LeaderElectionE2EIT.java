package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.config.RunCommand;
import io.ecsreboot.emulator.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election, as deploy/ runs them: only the Lease holder reconciles; when
 * it dies mid-reboot the standby takes over and finishes without a second reboot; on SIGTERM it
 * exits 0 and hands the Lease over at once; when its Lease is taken from it, it exits.
 */
@Tag("e2e")
class LeaderElectionE2EIT {
  static final String[] REPLICA_ARGS = {
    "--leader-election",
    "--lease-namespace",
    "ecs-reboot-system",
    "--admin-namespace",
    E2eEnvironment.NS
  };

  static E2eEnvironment env;
  static OperatorProcess first;
  static OperatorProcess second;

  @BeforeAll
  static void start() throws Exception {
    env = new E2eEnvironment(Duration.ofMillis(500));
    first = env.startOperator(REPLICA_ARGS);
    second = env.startOperator(REPLICA_ARGS);
  }

  /** Every test starts from two live replicas, whatever the previous one ended. */
  @BeforeEach
  void twoReplicas() throws Exception {
    if (!first.isAlive()) {
      first.close();
      first = env.startOperator(REPLICA_ARGS);
    }
    if (!second.isAlive()) {
      second.close();
      second = env.startOperator(REPLICA_ARGS);
    }
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
    OperatorProcess leader = awaitLeader();
    String holder = identity(leader);
    OperatorProcess standby = leader == first ? second : first;

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

  @Test
  void sigtermToTheLeaderExitsZeroAndTheStandbyTakesOverAtOnce() throws Exception {
    OperatorProcess leader = awaitLeader();
    String holder = identity(leader);
    OperatorProcess standby = leader == first ? second : first;

    long signalled = System.nanoTime();
    leader.terminate();
    Integer exit = leader.awaitExit(RunCommand.STOP_BOUND);
    long exited = System.nanoTime();

    assertThat(exit).as("exit status after SIGTERM\n" + leader.logText()).isEqualTo(0);
    assertThat(Duration.ofNanos(exited - signalled))
        .as("an idle leader stops in under 10 s")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(leaseHolder())
        .as("right after the exit the Lease is free or already the standby's")
        .isIn("", identity(standby));
    String next = awaitLeaseHolderOtherThan(holder);
    long tookOver = System.nanoTime();
    assertThat(next).isEqualTo(identity(standby));
    System.out.printf(
        "leader stopped in %d ms after SIGTERM; standby took the Lease %d ms after the exit%n",
        Duration.ofNanos(exited - signalled).toMillis(),
        Duration.ofNanos(tookOver - exited).toMillis());
    assertThat(Duration.ofNanos(tookOver - exited))
        .as("not after the 15 s lease duration: the Lease was released")
        .isLessThan(Duration.ofSeconds(8));
    assertThat(leader.logText()).contains("released the leader-election Lease");
  }

  @Test
  void aLeaderWhoseLeaseIsTakenExitsAtOnce() throws Exception {
    OperatorProcess leader = awaitLeader();

    // Another holder with a fresh renewal: the leader's next renewal finds the Lease not its own.
    env.cluster.kubectlOk(
        "patch",
        "lease",
        "ecs-reboot-operator",
        "-n",
        "ecs-reboot-system",
        "--type=merge",
        "-p",
        "{\"spec\":{\"holderIdentity\":\"someone-else\",\"leaseDurationSeconds\":10,"
            + "\"renewTime\":\""
            + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))
            + "\"}}");

    assertThat(leader.awaitExit(Duration.ofSeconds(30)))
        .as("a replica that lost its Lease must stop reconciling\n" + leader.logText())
        .isEqualTo(1);
    assertThat(leader.logText()).contains("lost the leader-election Lease");
  }

  /** The replica that holds the Lease, once one does. */
  private static OperatorProcess awaitLeader() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String holder = leaseHolder();
      for (OperatorProcess replica : new OperatorProcess[] {first, second}) {
        if (holder.equals(identity(replica))) {
          return replica;
        }
      }
      OperatorProcess.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("neither replica took the Lease; holder: " + leaseHolder());
  }

  /** The identity a replica's start-up line names: ".../<identity>, metrics=...". */
  private static String identity(OperatorProcess replica) {
    // JSON logs may escape the slash.
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("leader-election=ecs-reboot-system\\\\?/([^,]+),")
            .matcher(replica.logText());
    return m.find() ? m.group(1) : "";
  }

  /** The Lease's holder, "" when it has none, "?" when it cannot be read. */
  private static String leaseHolder() {
    Shell.Result lease =
        env.cluster.kubectl(
            "get",
            "lease",
            "ecs-reboot-operator",
            "-n",
            "ecs-reboot-system",
            "-o",
            "jsonpath={.spec.holderIdentity}");
    return lease.exitCode() == 0 ? lease.out().trim() : "?";
  }

  private static String awaitLeaseHolderOtherThan(String previous) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String holder = leaseHolder();
      if (!holder.isEmpty() && !holder.equals("?") && !holder.equals(previous)) {
        return holder;
      }
      OperatorProcess.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("no replica took the Lease");
  }
}
