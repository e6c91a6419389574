package io.ecsreboot.e2e;

import io.ecsreboot.api.v1alpha1.DrainSpec;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.api.v1alpha1.RolloutTemplate;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Issue 12, rollout efficiency (run by the bench, lives here for the cluster world): a
 * RebootRollout over N simulated nodes at maxUnavailable M in the demo world (real API server,
 * controllers, scheduler, the emulator playing kubelets), with a Deployment of one pod per node and
 * a PodDisruptionBudget allowing M disruptions, so every drain evicts. Efficiency = ideal /
 * measured, ideal = ceil(N / M) x (the emulator's reboot duration + the mean drain time), the drain
 * time of a child measured from its phase (first seen Draining to first seen past it, sampled every
 * 100 ms).
 */
public final class RolloutEfficiencyBench {
  public static final String NAME = "rollout-efficiency-20";
  private static final String NS = "ecs-reboot-system";
  private static final String SHOP = "shop";

  /** Stopping, then as long Starting: 8 s a reboot, as in the demo (3 s + 5 s). */
  private static final Duration PHASE = Duration.ofSeconds(4);

  /**
   * @param rebootSeconds the emulator's reboot: Stopping then Starting
   * @param meanDrainSeconds Draining, first seen to first seen past it, averaged over children
   * @param meanBeforeDrainSeconds child first seen to first seen Draining (cordon, first look)
   * @param meanRebootToSucceededSeconds first seen Rebooting to first seen Succeeded
   * @param meanSlotGapSeconds a child's Succeeded to the first sight of the next child
   */
  public record Result(
      int nodes,
      int maxUnavailable,
      double measuredSeconds,
      double idealSeconds,
      double rebootSeconds,
      double meanDrainSeconds,
      double meanBeforeDrainSeconds,
      double meanRebootToSucceededSeconds,
      double meanSlotGapSeconds,
      boolean allSucceeded,
      double loadStart,
      double loadEnd,
      int cores) {
    public double efficiency() {
      return idealSeconds / measuredSeconds;
    }
  }

  /** When each child was first seen in each stage, in seconds since the rollout's creation. */
  private static final class Seen {
    Double exists;
    Double draining;
    Double pastDrain;
    Double rebooting;
    Double succeeded;
  }

  private RolloutEfficiencyBench() {}

  public static Result run(int nodes, int maxUnavailable, Path workDir) throws Exception {
    double loadStart = load();
    Set<String> names = new LinkedHashSet<>();
    IntStream.rangeClosed(1, nodes).forEach(i -> names.add("cn-hangzhou.192.168.7." + i));
    Path seed = workDir.resolve("rollout-efficiency-seed.yaml").toAbsolutePath();
    Files.createDirectories(workDir);
    Files.writeString(seed, seed(names));
    try (ClusterWorld world = new ClusterWorld(PHASE, seed.toString(), names)) {
      world.cluster.kubectlOk("create", "namespace", SHOP);
      world.createDeployment(SHOP, "web", nodes);
      world.awaitReadyPods(SHOP, "web", nodes);
      world.createPdb(SHOP, "web", "web", nodes - maxUnavailable);
      try (OperatorProcess operator = world.startOperator()) {
        RebootRollout rollout = new RebootRollout();
        rollout.getMetadata().setName("efficiency");
        rollout.getMetadata().setNamespace(NS);
        RebootRolloutSpec spec = new RebootRolloutSpec();
        spec.setNodeSelector(
            new LabelSelectorBuilder().addToMatchLabels("node-pool", "efficiency").build());
        spec.setMaxUnavailable(new IntOrString(maxUnavailable));
        RolloutTemplate template = new RolloutTemplate();
        DrainSpec drain = new DrainSpec();
        drain.setTimeoutSeconds(600);
        template.setDrain(drain);
        spec.setTemplate(template);
        rollout.setSpec(spec);
        long start = System.nanoTime();
        world.kube.resource(rollout).create();
        Map<String, Seen> seen = new TreeMap<>();
        double measured = follow(world, start, seen, Duration.ofMinutes(15));
        boolean allSucceeded =
            seen.size() == nodes && seen.values().stream().allMatch(s -> s.succeeded != null);
        double reboot = 2 * PHASE.toMillis() / 1000.0;
        double drainTime = mean(seen, s -> s.draining == null ? 0 : s.pastDrain - s.draining);
        double ideal = Math.ceil((double) nodes / maxUnavailable) * (reboot + drainTime);
        return new Result(
            nodes,
            maxUnavailable,
            measured,
            ideal,
            reboot,
            drainTime,
            mean(seen, s -> (s.draining == null ? s.pastDrain : s.draining) - s.exists),
            mean(seen, s -> s.succeeded - s.rebooting),
            slotGap(seen, maxUnavailable),
            allSucceeded,
            loadStart,
            load(),
            Runtime.getRuntime().availableProcessors());
      }
    }
  }

  /** Samples the children every 100 ms until the rollout is Completed; its duration in seconds. */
  private static double follow(
      ClusterWorld world, long start, Map<String, Seen> seen, Duration bound) {
    long deadline = start + bound.toNanos();
    while (System.nanoTime() < deadline) {
      double now = (System.nanoTime() - start) / 1e9;
      for (RebootRequest child :
          world
              .kube
              .resources(RebootRequest.class)
              .inNamespace(NS)
              .withLabel("ecsreboot.io/rollout", "efficiency")
              .list()
              .getItems()) {
        Seen s = seen.computeIfAbsent(child.getMetadata().getName(), k -> new Seen());
        Phase phase = child.getStatus() == null ? null : child.getStatus().getPhase();
        s.exists = s.exists == null ? now : s.exists;
        if (phase == Phase.Draining && s.draining == null) {
          s.draining = now;
        }
        if (phase != null && phase != Phase.Pending && phase != Phase.Draining) {
          s.pastDrain = s.pastDrain == null ? now : s.pastDrain;
        }
        if ((phase == Phase.Rebooting || phase == Phase.Verifying || phase == Phase.Succeeded)
            && s.rebooting == null) {
          s.rebooting = now;
        }
        if (phase == Phase.Succeeded && s.succeeded == null) {
          s.succeeded = now;
        }
      }
      RebootRollout r =
          world.kube.resources(RebootRollout.class).inNamespace(NS).withName("efficiency").get();
      if (r != null
          && r.getStatus() != null
          && r.getStatus().getPhase() != null
          && r.getStatus().getPhase().isTerminal()) {
        return (System.nanoTime() - start) / 1e9;
      }
      OperatorProcess.sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException("the rollout did not finish within " + bound);
  }

  /** From a child's success to the first sight of the child that took its slot, averaged. */
  private static double slotGap(Map<String, Seen> seen, int maxUnavailable) {
    List<Seen> byStart =
        seen.values().stream()
            .filter(s -> s.exists != null)
            .sorted((a, b) -> Double.compare(a.exists, b.exists))
            .toList();
    List<Double> done =
        seen.values().stream()
            .map(s -> s.succeeded)
            .filter(java.util.Objects::nonNull)
            .sorted()
            .toList();
    double sum = 0;
    int n = 0;
    for (int i = maxUnavailable; i < byStart.size() && i - maxUnavailable < done.size(); i++) {
      sum += byStart.get(i).exists - done.get(i - maxUnavailable);
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double mean(Map<String, Seen> seen, ToDoubleFunction<Seen> f) {
    OptionalDouble m =
        seen.values().stream()
            .filter(s -> s.exists != null && s.pastDrain != null && s.succeeded != null)
            .filter(s -> s.rebooting != null)
            .mapToDouble(f)
            .average();
    return m.orElse(Double.NaN);
  }

  private static String seed(Set<String> names) {
    StringBuilder seed =
        new StringBuilder(
            """
            # RolloutEfficiencyBench: simulated nodes of pool "efficiency".
            credentials:
              - accessKeyId: DEMO-EMULATOR-ACCESS-KEY-ID
                accessKeySecret: demo-emulator-secret-not-a-real-key
            instances:
            """);
    int i = 0;
    for (String name : names) {
      seed.append(
          String.format(
              """
                - instanceId: i-bp67acfmxazb4ph07%03d
                  regionId: cn-hangzhou
                  zoneId: cn-hangzhou-h
                  status: Running
                  startTime: "2026-11-20T04:07Z"
                  node: {name: %s, labels: {node-pool: efficiency}}
              """,
              ++i, name));
    }
    return seed.toString();
  }

  private static double load() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
