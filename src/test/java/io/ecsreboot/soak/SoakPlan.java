package io.ecsreboot.soak;

import io.ecsreboot.emulator.Fault;
import io.ecsreboot.emulator.Outage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Everything a soak run does and when, drawn from one seed so that a run replays exactly: the
 * requests (some sharing instances, some dry runs), one instance rollout whose children share
 * RebootInstances calls, ECS faults before and after the effect, kills, rolling restarts, one API
 * server restart and ECS outages.
 */
record SoakPlan(List<Step> steps, int longestChain) {

  /** How much of everything, over how long. */
  record Size(
      int requests,
      int kills,
      int rollingRestarts,
      int outages,
      Duration span,
      Duration outageLength) {}

  /** One thing the soak does at {@code at} after its start. */
  sealed interface Step
      permits Create, CreateRollout, ArmFault, Kill, RollingRestart, RestartApiServer, Outages {
    Duration at();
  }

  record Create(Duration at, String name, String instanceId, boolean dryRun) implements Step {}

  /** A RebootRollout of fresh instances at maxUnavailable 100%: its children share calls. */
  record CreateRollout(Duration at, String name, List<String> instanceIds) implements Step {}

  record ArmFault(Duration at, Fault fault) implements Step {}

  /** kill -9 of one replica (0 or 1); it comes back after a pause, as a Deployment's pod would. */
  record Kill(Duration at, int replica) implements Step {}

  /** SIGTERM to each replica in turn, the next only once the replacement of the first runs. */
  record RollingRestart(Duration at) implements Step {}

  record RestartApiServer(Duration at) implements Step {}

  record Outages(Duration at, Outage outage) implements Step {}

  /** The read timeout the soak gives the operator; delays are drawn past it. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  static SoakPlan draw(long seed, Size size) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    long spanMs = size.span().toMillis();
    String prefix = "i-soak" + Long.toHexString(seed & 0xffffff) + "x";
    int hot = Math.max(2, size.requests() / 8);
    Map<String, Integer> perInstance = new HashMap<>();
    int fresh = 0;
    for (int i = 0; i < size.requests(); i++) {
      Duration at = Duration.ofMillis((long) (spanMs * (double) i / size.requests()));
      String instance = prefix + "h" + random.nextInt(hot);
      // At most three requests an instance: each later one may wait a minute (rule 3a).
      if (random.nextDouble() >= 0.3 || perInstance.getOrDefault(instance, 0) >= 3) {
        instance = prefix + "f" + fresh++;
      }
      perInstance.merge(instance, 1, Integer::sum);
      if (random.nextDouble() < 0.45) {
        steps.add(new ArmFault(at, fault(random).forInstance(instance)));
      }
      boolean dryRun = random.nextDouble() < 0.1;
      steps.add(new Create(at, String.format("soak-%04d", i), instance, dryRun));
    }
    for (int i = 0; i < size.kills(); i++) {
      steps.add(new Kill(within(random, spanMs, 0.05, 1.0), random.nextInt(2)));
    }
    for (int i = 0; i < size.rollingRestarts(); i++) {
      steps.add(new RollingRestart(within(random, spanMs, 0.1, 0.9)));
    }
    steps.add(new RestartApiServer(within(random, spanMs, 0.4, 0.6)));
    for (int i = 0; i < size.outages(); i++) {
      long seconds = size.outageLength().toSeconds();
      Outage outage = i % 2 == 0 ? Outage.hang(seconds) : Outage.drop(seconds);
      steps.add(new Outages(within(random, spanMs, 0.15, 0.85), outage));
    }
    steps.addAll(rollout(random, size, spanMs, prefix));
    steps.sort(Comparator.comparing(Step::at));
    int longest = perInstance.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return new SoakPlan(List.copyOf(steps), longest);
  }

  /**
   * The rollout (20 to 40 fresh instances, a tenth of the requests) and the faults on its shared
   * RebootInstances calls: each matches a call naming one of its instances, so the whole call
   * fails.
   */
  static List<Step> rollout(Random random, Size size, long spanMs, String prefix) {
    Duration at = within(random, spanMs, 0.2, 0.6);
    int targets = Math.max(20, Math.min(40, size.requests() / 10));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      ids.add(prefix + "r" + i);
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new CreateRollout(at, "soak-rollout", List.copyOf(ids)));
    int faults = 2 + random.nextInt(3);
    for (int i = 0; i < faults; i++) {
      String member = ids.get(random.nextInt(ids.size()));
      steps.add(new ArmFault(at, batchFault(random).forInstance(member)));
    }
    return steps;
  }

  /** A fault on a shared RebootInstances call, before or after the effect. */
  static Fault batchFault(Random random) {
    long pastTimeout = READ_TIMEOUT.toMillis() + 500 + random.nextInt(1500);
    return switch (random.nextInt(5)) {
      case 0 -> Fault.before("RebootInstances", "InternalError", 500, 1);
      case 1 -> Fault.before("RebootInstances", "Throttling.User", 400, 1);
      case 2 -> Fault.after("RebootInstances", "InternalError", 500, 1);
      case 3 -> Fault.delayAfter("RebootInstances", pastTimeout, 1);
      default -> Fault.closeAfter("RebootInstances", 1);
    };
  }

  /** A fault on RebootInstance or DescribeInstances, before or after the effect. */
  static Fault fault(Random random) {
    long pastTimeout = READ_TIMEOUT.toMillis() + 500 + random.nextInt(1500);
    int times = 1 + random.nextInt(2);
    return switch (random.nextInt(10)) {
      case 0 -> Fault.before("RebootInstance", "InternalError", 500, times);
      case 1 -> Fault.before("RebootInstance", "ServiceUnavailable", 503, times);
      case 2 -> Fault.before("RebootInstance", "Throttling.User", 400, times);
      case 3 -> Fault.after("RebootInstance", "InternalError", 500, 1);
      case 4 -> Fault.delayAfter("RebootInstance", pastTimeout, 1);
      case 5 -> Fault.closeAfter("RebootInstance", 1);
      case 6 -> new Fault("RebootInstance", null, null, null, 1, pastTimeout, null, Fault.BEFORE);
      case 7 -> Fault.before("DescribeInstances", "InternalError", 500, times);
      case 8 ->
          new Fault("DescribeInstances", null, null, null, 1, pastTimeout, null, Fault.BEFORE);
      default -> new Fault("DescribeInstances", null, null, null, times, null, true, Fault.BEFORE);
    };
  }

  private static Duration within(Random random, long spanMs, double from, double to) {
    return Duration.ofMillis((long) (spanMs * (from + (to - from) * random.nextDouble())));
  }

  /** The rollout's targets. */
  int rolloutTargets() {
    return steps.stream()
        .filter(CreateRollout.class::isInstance)
        .mapToInt(s -> ((CreateRollout) s).instanceIds().size())
        .sum();
  }

  long count(Class<? extends Step> kind) {
    return steps.stream().filter(kind::isInstance).count();
  }
}
