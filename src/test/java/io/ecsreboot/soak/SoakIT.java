package io.ecsreboot.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.e2e.ControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The randomized fault soak (README "Soak"): the operator jar as two replicas with leader election
 * against a real API server and the emulator in its own process, under ECS faults, kills, rolling
 * restarts, an API server restart and ECS outages; judged from the emulator's call log alone.
 *
 * <p>Without properties it is the short fixed-seed run of {@code make test}; {@code make soak} sets
 * {@code -Dsoak.requests}, {@code -Dsoak.kills}, {@code -Dsoak.seed} (or SOAK_SEED; "random" draws
 * one) and {@code -Dsoak.startTime=advance|keep|both}.
 */
@Tag("e2e")
class SoakIT {
  static final long SHORT_RUN_SEED = 20261202L;

  @Test
  void noDoubleNoLostNoStuckRebootUnderFaultsKillsAndRestarts() throws Exception {
    long seed = seed();
    System.out.println("soak seed=" + seed + " (replay: make soak SOAK_SEED=" + seed + ")");
    int requests = Integer.getInteger("soak.requests", 20);
    int kills = Integer.getInteger("soak.kills", 2);
    boolean big = requests >= 100;
    SoakPlan.Size size =
        new SoakPlan.Size(
            requests,
            kills,
            big ? 2 : 1,
            big ? 2 : 1,
            Duration.ofMillis(requests * (big ? 550L : 900L)),
            Duration.ofSeconds(big ? 20 : 6));
    SoakPlan plan = SoakPlan.draw(seed, size);
    List<String> modes = modes(System.getProperty("soak.startTime", big ? "both" : "advance"));
    boolean modesKnown = EmulatorProcess.knowsStartTimeModes();

    List<String> failures = new ArrayList<>();
    try (ControlPlane cluster = SoakWorld.startCluster();
        KubernetesClient client = SoakWorld.adminClient(cluster)) {
      for (String mode : modes) {
        if (!modesKnown && mode.equals("keep")) {
          System.out.println("soak mode=keep skipped: this emulator has no --start-time-on-reboot");
          continue;
        }
        String namespace = "soak-" + mode;
        cluster.kubectlOk("create", "namespace", namespace);
        EmulatorProcess ecs =
            EmulatorProcess.start(Duration.ofSeconds(2), modesKnown ? mode : null);
        try (SoakWorld world = new SoakWorld(cluster, client, namespace, ecs)) {
          SoakRun.Result result = new SoakRun(world, plan, seed).run(mode);
          System.out.println(result.summary());
          if (!result.problems().isEmpty()) {
            result.problems().forEach(p -> System.out.println("  " + p));
            System.out.println("  operator logs: " + world.logs());
            failures.add(result.summary());
          }
        }
      }
    }
    assertThat(failures).as("soak runs with a broken invariant (seed " + seed + ")").isEmpty();
  }

  private static long seed() {
    String given = System.getProperty("soak.seed", System.getenv("SOAK_SEED"));
    if (given == null || given.isBlank()) {
      return SHORT_RUN_SEED;
    }
    if (given.equals("random")) {
      return System.nanoTime() & 0xffffffffL;
    }
    return Long.parseLong(given.trim());
  }

  private static List<String> modes(String startTime) {
    return switch (startTime) {
      case "advance", "keep" -> List.of(startTime);
      case "both" -> List.of("advance", "keep");
      default -> throw new IllegalArgumentException("soak.startTime must be advance, keep or both");
    };
  }
}
