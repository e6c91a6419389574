package io.ecsreboot.bench;

import io.ecsreboot.emulator.CallRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one scenario end to end: emulator (and raw SDK baseline), instances, the operator process,
 * the load, the wait for every request to finish, then collects what the API server, the emulator
 * and the operator process saw.
 */
final class ScenarioRunner {
  static final int RECONCILE_THREADS = 50;
  // With --ecs-qps 20, 1,000 requests at once finish only after the whole burst's RebootInstance
  // calls went out (about 52 s): JOSDK's work queue is first in, first out.
  private static final Duration STALL_LIMIT = Duration.ofSeconds(120);
  private static final Duration STRAGGLERS = Duration.ofSeconds(2);

  /** Extra JVM flags for the operator (bench.operatorJvm, space-separated), for experiments. */
  private static final List<String> OPERATOR_JVM_FLAGS =
      java.util.Arrays.stream(System.getProperty("bench.operatorJvm", "").split(" "))
          .filter(f -> !f.isBlank())
          .toList();

  private final Path resultsDir;
  private final boolean trace;

  /**
   * @param trace log what {@link StageTrace} needs and print where each request's time went
   */
  ScenarioRunner(Path resultsDir, boolean trace) {
    this.resultsDir = resultsDir;
    this.trace = trace;
  }

  ScenarioResult run(Scenario s, ApiServer api) throws Exception {
    long started = System.nanoTime();
    double loadStart = ProcessMetrics.loadAverage();
    Progress.say(
        "%s: N=%d, %s, --ecs-qps %s, API server %s (load %.1f)",
        s.name(), s.requests(), arrival(s), s.ecsQps(), api.kind(), loadStart);
    ApiYardstick.Result yardstick = null;
    if (s.yardstick()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < s.requests(); i++) {
        names.add(String.format("i-yardstick%06d", i));
      }
      yardstick = ApiYardstick.run(api.client(), s, names, RECONCILE_THREADS);
      Progress.say(
          "%s: API-server-bound limit (plain client, same writes, %d threads): %.1f/s (load %.1f)",
          s.name(), RECONCILE_THREADS, yardstick.rebootsPerSecond(), ProcessMetrics.loadAverage());
    }
    try (EcsFixture ecs = new EcsFixture()) {
      RawSdkBaseline.Result baseline = null;
      if (s.baseline()) {
        baseline = RawSdkBaseline.run(ecs, s.requests(), RECONCILE_THREADS);
        Progress.say(
            "%s: raw SDK baseline %d RebootInstance on %d threads: %.0f/s",
            s.name(), baseline.calls(), baseline.threads(), baseline.callsPerSecond());
        ecs.reset();
      }
      List<String> ids = ecs.putInstances("bench", s.requests());
      Kubeconfigs.createNamespace(api.client(), s.namespace());
      List<String> flags = OperatorFlags.of(s, api.kubeconfig(), ecs.endpoint(), RECONCILE_THREADS);
      Path jfr = resultsDir.resolve("operator-" + s.name() + ".jfr").toAbsolutePath();
      List<String> jvm = new ArrayList<>(OPERATOR_JVM_FLAGS);
      if (s.profile()) {
        jvm.add("-XX:StartFlightRecording=name=bench,settings=profile");
      }
      if (trace) {
        jvm.add(StageTrace.jvmFlag());
      }
      Path operatorLog = resultsDir.resolve("operator-" + s.name() + ".log");
      ApiCounts before = api.counts();
      double busyBefore = api.busySeconds();
      RunData data;
      try (OperatorProcess op =
              OperatorProcess.start(jvm, flags, OperatorFlags.env(ecs), operatorLog);
          CompletionTracker tracker = new CompletionTracker(api.client(), s.namespace())) {
        op.awaitReady(Duration.ofSeconds(90));
        double cpuAtReady = ProcessMetrics.cpuSeconds(op.pid());
        Map<String, Double> threadsAtReady = trace ? ThreadCpu.snapshot(op.pid()) : Map.of();
        RequestLoad load = new RequestLoad(api.client(), s.namespace());
        CompletableFuture<Void> creating =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    load.createAll(ids, s.arrivalPerSecond());
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                });
        double createSeconds = awaitFinish(s, op, load, tracker, creating);
        Thread.sleep(STRAGGLERS.toMillis());
        op.requireAlive();
        double cpu = ProcessMetrics.cpuSeconds(op.pid()) - cpuAtReady;
        if (trace) {
          Progress.say(
              "%s: operator CPU from ready to the end, by thread%n%s",
              s.name(), ThreadCpu.report(threadsAtReady, ThreadCpu.snapshot(op.pid())));
        }
        ProcessMetrics.Snapshot process = ProcessMetrics.of(op.pid());
        JfrSummary.Profile profile = null;
        if (s.profile()) {
          ProcessMetrics.jcmd(op.pid(), "JFR.dump", "name=bench", "filename=" + jfr);
        }
        ApiCounts counts = api.counts().minus(before);
        double busy = api.busySeconds() - busyBefore;
        if (!api.countsByCaller()) {
          counts =
              counts
                  .attributeToBench("create rebootrequests", load.created())
                  .attributeToBench("list rebootrequests", 1);
        }
        data =
            new RunData(
                load.sentAt(),
                tracker.succeededAt(),
                tracker.phaseCounts(),
                load.created(),
                createSeconds,
                ecs.calls(),
                counts,
                busy,
                process,
                cpu,
                null);
        if (s.profile()) {
          op.close();
          profile = JfrSummary.of(jfr);
        }
        data = data.withProfile(profile);
      }
      if (trace) {
        printTrace(s, ids, data, operatorLog);
      }
      return summarize(s, api, ids, data, flags, baseline, yardstick, loadStart, started);
    }
  }

  private static void printTrace(Scenario s, List<String> ids, RunData d, Path operatorLog)
      throws java.io.IOException {
    List<StageTrace.Request> requests =
        StageTrace.of(operatorLog, d.sentAt(), requestNames(ids), d.calls());
    Progress.say("%s: where the time went (ms)%n%s", s.name(), StageTrace.report(requests, 15));
  }

  /** Waits until every request finished, the operator stalls, or it dies; returns create time. */
  private double awaitFinish(
      Scenario s,
      OperatorProcess op,
      RequestLoad load,
      CompletionTracker tracker,
      CompletableFuture<Void> creating)
      throws Exception {
    long start = System.nanoTime();
    long lastChange = start;
    long lastReport = start;
    int lastFinished = -1;
    double createSeconds = Double.NaN;
    while (true) {
      op.requireAlive();
      if (creating.isDone() && Double.isNaN(createSeconds)) {
        creating.join(); // a failed create ends the scenario here, loudly
        createSeconds = (System.nanoTime() - start) / 1e9;
      }
      int finished = tracker.finishedCount();
      long now = System.nanoTime();
      if (finished != lastFinished) {
        lastFinished = finished;
        lastChange = now;
      }
      if (now - lastReport > 5_000_000_000L) {
        lastReport = now;
        Progress.say(
            "%s: created %d/%d, finished %d (load %.1f)",
            s.name(), load.created(), s.requests(), finished, ProcessMetrics.loadAverage());
      }
      if (finished >= s.requests() && creating.isDone()) {
        Progress.say("%s: all %d finished in %.1f s", s.name(), finished, (now - start) / 1e9);
        return createSeconds;
      }
      if (now - lastChange > STALL_LIMIT.toNanos()) {
        Progress.say(
            "%s: NO PROGRESS for %s; %d of %d finished; giving up on the rest",
            s.name(), STALL_LIMIT, finished, s.requests());
        return createSeconds;
      }
      Thread.sleep(200);
    }
  }

  private ScenarioResult summarize(
      Scenario s,
      ApiServer api,
      List<String> ids,
      RunData d,
      List<String> flags,
      RawSdkBaseline.Result baseline,
      ApiYardstick.Result yardstick,
      double loadStart,
      long started) {
    Map<String, String> nameOf = requestNames(ids);
    Map<String, Long> byAction = new TreeMap<>();
    Map<String, Integer> rebootsPerInstance = new HashMap<>();
    Map<String, Instant> firstReboot = new HashMap<>();
    List<Instant> rebootTimes = new ArrayList<>();
    List<Instant> allTimes = new ArrayList<>();
    List<Instant> describeTimes = new ArrayList<>();
    for (CallRecord c : d.calls()) {
      Instant t = Instant.parse(c.time());
      byAction.merge(c.action(), 1L, Long::sum);
      allTimes.add(t);
      if ("DescribeInstances".equals(c.action())) {
        describeTimes.add(t);
      }
      if ("RebootInstance".equals(c.action())) {
        rebootTimes.add(t);
        for (String id : c.instanceIds()) {
          rebootsPerInstance.merge(id, 1, Integer::sum);
          if (nameOf.containsKey(id)) {
            firstReboot.putIfAbsent(nameOf.get(id), t);
          }
        }
      }
    }
    Collections.sort(rebootTimes);
    Collections.sort(allTimes);
    Collections.sort(describeTimes);
    int n = s.requests();
    Instant firstCreate =
        d.sentAt().values().stream().min(Instant::compareTo).orElse(Instant.now());
    double rebootsPerSecond = rate(firstReboot.size(), firstCreate, last(rebootTimes));
    double completions =
        rate(
            d.succeededAt().size(),
            firstCreate,
            d.succeededAt().values().stream().max(Instant::compareTo).orElse(null));
    long ecsCalls = byAction.values().stream().mapToLong(Long::longValue).sum();
    ApiCounts counts = d.counts();
    return new ScenarioResult(
        s.name(),
        api.kind(),
        n,
        arrival(s),
        s.ecsQps(),
        flags,
        d.created(),
        d.succeededAt().size(),
        d.phases(),
        byAction.getOrDefault("RebootInstance", 0L).intValue(),
        (int) ids.stream().filter(id -> rebootsPerInstance.getOrDefault(id, 0) == 1).count(),
        byAction,
        ecsCalls / (double) n,
        describeTimes.size() / (double) n,
        Latencies.between(d.sentAt(), firstReboot),
        Latencies.afterWarmUp(d.sentAt(), firstReboot),
        Latencies.between(d.sentAt(), d.succeededAt()),
        d.createSeconds(),
        rebootsPerSecond,
        completions,
        RateWindow.of(rebootTimes),
        RateWindow.of(allTimes),
        RateWindow.of(describeTimes),
        api.countsByCaller(),
        counts,
        d.apiBusySeconds(),
        counts.operatorWrites("rebootrequests") / (double) n,
        counts.operatorWrites("events") / (double) n,
        counts.operatorTotal() / (double) n,
        d.process(),
        baseline,
        baseline == null ? null : rebootsPerSecond / baseline.callsPerSecond(),
        yardstick,
        yardstick == null ? null : rebootsPerSecond / yardstick.rebootsPerSecond(),
        d.cpuSeconds(),
        d.cpuSeconds() * 1000 / n,
        ProcessMetrics.cores(),
        loadStart,
        ProcessMetrics.loadAverage(),
        (System.nanoTime() - started) / 1e9,
        d.profile());
  }

  /** The request name of each instance (request i reboots instance i). */
  private static Map<String, String> requestNames(List<String> ids) {
    Map<String, String> nameOf = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      nameOf.put(ids.get(i), RequestLoad.name(i));
    }
    return nameOf;
  }

  private static Instant last(List<Instant> sorted) {
    return sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
  }

  private static double rate(int count, Instant from, Instant to) {
    if (to == null || count == 0) {
      return 0;
    }
    return count / (Duration.between(from, to).toNanos() / 1e9);
  }

  static String arrival(Scenario s) {
    return s.burst() ? "burst" : String.format("%.0f/s", s.arrivalPerSecond());
  }

  /** What one run left behind, before it is summarized. */
  private record RunData(
      Map<String, Instant> sentAt,
      Map<String, Instant> succeededAt,
      Map<String, Integer> phases,
      int created,
      double createSeconds,
      List<CallRecord> calls,
      ApiCounts counts,
      double apiBusySeconds,
      ProcessMetrics.Snapshot process,
      double cpuSeconds,
      JfrSummary.Profile profile) {

    RunData withProfile(JfrSummary.Profile p) {
      return new RunData(
          sentAt,
          succeededAt,
          phases,
          created,
          createSeconds,
          calls,
          counts,
          apiBusySeconds,
          process,
          cpuSeconds,
          p);
    }
  }
}
