package io.ecsreboot.soak;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.config.RunCommand;
import io.ecsreboot.e2e.OperatorProcess;
import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EmulatorInstance;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One soak of one {@code --start-time-on-reboot} mode: plays the plan against a world on its
 * timeline, waits (bounded) for every request to finish, then judges from the emulator alone.
 */
final class SoakRun {
  private final SoakWorld world;
  private final SoakPlan plan;
  private final long seed;
  private final AtomicInteger sigterms = new AtomicInteger();
  private final AtomicInteger selfExits = new AtomicInteger();
  private final List<String> chaosProblems = new java.util.concurrent.CopyOnWriteArrayList<>();

  SoakRun(SoakWorld world, SoakPlan plan, long seed) {
    this.world = world;
    this.plan = plan;
    this.seed = seed;
  }

  /** The result: the verdict and the line that sums it up. */
  record Result(SoakVerdict verdict, String summary, List<String> problems) {}

  Result run(String mode) throws Exception {
    long started = System.nanoTime();
    Random pauses = new Random(seed ^ 0x5eed);
    for (SoakPlan.Step step : plan.steps()) {
      if (step instanceof SoakPlan.Create c) {
        world.ecs.admin.putInstance(
            EmulatorInstance.running(c.instanceId(), "cn-hangzhou", "2026-11-20T04:04Z"));
      } else if (step instanceof SoakPlan.CreateRollout r) {
        r.instanceIds()
            .forEach(
                id ->
                    world.ecs.admin.putInstance(
                        EmulatorInstance.running(id, "cn-hangzhou", "2026-11-20T04:04Z")));
      }
    }
    world.startReplicas();
    Instant begin = Instant.now();
    ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();
    supervisor.scheduleWithFixedDelay(this::revive, 1, 1, TimeUnit.SECONDS);
    ExecutorService chaos = Executors.newSingleThreadExecutor();
    List<Future<?>> pending = new ArrayList<>();
    for (SoakPlan.Step step : plan.steps()) {
      sleepUntil(begin.plus(step.at()));
      if (step instanceof SoakPlan.Create c) {
        world.create(c.name(), c.instanceId(), c.dryRun());
      } else if (step instanceof SoakPlan.CreateRollout r) {
        world.createRollout(r.name(), r.instanceIds());
      } else if (step instanceof SoakPlan.ArmFault f) {
        world.ecs.admin.addFault(f.fault());
      } else if (step instanceof SoakPlan.Outages o) {
        world.ecs.admin.beginOutage(o.outage());
      } else if (step instanceof SoakPlan.Kill k) {
        Duration pause = Duration.ofMillis(500 + pauses.nextInt(2000));
        pending.add(chaos.submit(() -> world.kill(k.replica(), pause)));
      } else if (step instanceof SoakPlan.RollingRestart) {
        pending.add(chaos.submit(this::rollingRestart));
      } else if (step instanceof SoakPlan.RestartApiServer) {
        pending.add(chaos.submit(world.cluster::restartApiServer));
      }
    }
    for (Future<?> f : pending) {
      f.get();
    }
    chaos.shutdown();
    boolean settled = awaitAllFinished(finishBound());
    supervisor.shutdownNow();
    SoakVerdict verdict = judge();
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    String summary =
        String.format(
            "soak seed=%d requests=%d (rollout children %d) kills=%d sigterms=%d apiserver-restarts=%d outages=%d mode=%s"
                + " double=%d lost=%d stuck=%d failed=%s in %ds (replicas that exited by themselves: %d)",
            seed,
            verdict.requests(),
            plan.rolloutTargets(),
            plan.count(SoakPlan.Kill.class),
            sigterms.get(),
            plan.count(SoakPlan.RestartApiServer.class),
            plan.count(SoakPlan.Outages.class),
            mode,
            verdict.doubles(),
            verdict.lost(),
            verdict.stuck(),
            verdict.failedSummary(),
            seconds,
            selfExits.get());
    List<String> problems = new ArrayList<>(verdict.problems());
    problems.addAll(chaosProblems);
    if (!settled) {
      problems.add("not every request finished within " + finishBound().toSeconds() + " s");
    }
    return new Result(verdict, summary, problems);
  }

  private void revive() {
    try {
      selfExits.addAndGet(world.reviveExited());
    } catch (Exception e) {
      chaosProblems.add("could not restart a replica: " + e);
    }
  }

  private Void rollingRestart() throws Exception {
    for (int replica = 0; replica < 2; replica++) {
      sigterms.incrementAndGet();
      if (!world.terminate(replica, RunCommand.STOP_BOUND)) {
        chaosProblems.add("a replica did not exit 0 within its stop bound after SIGTERM");
      }
    }
    return null;
  }

  /**
   * A request may wait for the minute of its instance's last boot to pass before its own reboot
   * (DESIGN.md 3.2, rule 3a): a chain of n requests on one instance needs up to n minutes.
   */
  private Duration finishBound() {
    return Duration.ofSeconds(90 + 75L * plan.longestChain());
  }

  private boolean awaitAllFinished(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (world.requests().stream().allMatch(SoakRun::finished)) {
          return true;
        }
      } catch (RuntimeException e) {
        // the API server may be restarting: ask again
      }
      OperatorProcess.sleep(Duration.ofSeconds(1));
    }
    return false;
  }

  private static boolean finished(RebootRequest r) {
    RebootRequestStatus s = r.getStatus();
    return s != null && s.getPhase() != null && s.getPhase().isTerminal();
  }

  private SoakVerdict judge() {
    List<SoakVerdict.Outcome> outcomes = world.requests().stream().map(SoakRun::outcome).toList();
    List<SoakVerdict.Reboot> reboots = new ArrayList<>();
    for (CallRecord call : world.ecs.admin.calls(null, null)) {
      boolean reboot =
          call.action().equals("RebootInstance") || call.action().equals("RebootInstances");
      if (reboot) {
        // A batch may reboot some members and refuse others: count only those that took effect.
        Instant at = Instant.parse(call.time());
        call.appliedInstanceIds().forEach(id -> reboots.add(new SoakVerdict.Reboot(id, at)));
      }
    }
    Map<String, Integer> boots =
        world.ecs.admin.instances().stream()
            .filter(i -> i.bootCount() != null)
            .collect(Collectors.toMap(EmulatorInstance::instanceId, EmulatorInstance::bootCount));
    return SoakVerdict.judge(outcomes, reboots, boots);
  }

  private static SoakVerdict.Outcome outcome(RebootRequest r) {
    RebootRequestStatus s = r.getStatus();
    Optional<Condition> stalled =
        s == null
            ? Optional.empty()
            : s.getConditions().stream().filter(c -> "Stalled".equals(c.getType())).findFirst();
    return new SoakVerdict.Outcome(
        r.getMetadata().getName(),
        r.getSpec().getInstanceId(),
        Boolean.TRUE.equals(r.getSpec().getDryRun()),
        s == null || s.getPhase() == null ? "None" : s.getPhase().name(),
        s == null || s.getCompletionTime() == null ? null : Instant.parse(s.getCompletionTime()),
        stalled.map(Condition::getStatus).orElse(null),
        stalled.map(Condition::getReason).orElse(null),
        stalled.map(Condition::getMessage).orElse(null));
  }

  private static void sleepUntil(Instant when) {
    long ms = Duration.between(Instant.now(), when).toMillis();
    if (ms > 0) {
      OperatorProcess.sleep(Duration.ofMillis(ms));
    }
  }
}
