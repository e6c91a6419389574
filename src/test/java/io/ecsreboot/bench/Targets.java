package io.ecsreboot.bench;

import io.ecsreboot.e2e.RolloutEfficiencyBench;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of issues 6 and 14, each judged met / not met on the scenarios it applies to, each
 * with the machine's load and core count beside it (the figures depend on them; the verdicts should
 * not).
 */
final class Targets {
  static final double MAX_ECS_CALLS_PER_REQUEST = 1.1;
  static final double MAX_REBOOT_REQUEST_WRITES = 3;
  static final double MAX_P99_CREATE_TO_REBOOT_MS = 200;
  static final double MAX_HEAP_MIB = 128;
  static final double MAX_DESCRIBES_PER_REQUEST = 0.1;
  static final double MIN_RATIO_TO_YARDSTICK = 0.7;
  static final double MAX_ROLLOUT_HEAP_MIB = 200;
  static final double MIN_ROLLOUT_EFFICIENCY = 0.8;

  /**
   * @param met null for figures that are reported, not judged
   */
  record Target(String target, String scenario, String value, Boolean met) {
    Target(String target, ScenarioResult r, String value, Boolean met) {
      this(target, r.name(), value + machine(r), met);
    }

    String verdict() {
      return met == null ? "reported" : met ? "met" : "NOT MET";
    }
  }

  private Targets() {}

  static String machine(ScenarioResult r) {
    return String.format(
        " [load %.1f-%.1f, %d cores]", r.loadAverageStart(), r.loadAverageEnd(), r.cores());
  }

  static List<Target> evaluate(List<ScenarioResult> results) {
    List<Target> out = new ArrayList<>();
    for (ScenarioResult r : results) {
      out.add(
          new Target(
              "every request Succeeded, RebootInstance exactly N times",
              r,
              String.format(
                  "Succeeded %d/%d, RebootInstance %d, instances rebooted once %d",
                  r.succeeded(),
                  r.requests(),
                  r.rebootInstanceCalls(),
                  r.instancesRebootedExactlyOnce()),
              r.allSucceededExactlyOnce()));
    }
    for (ScenarioResult r : results) {
      // "At N = 1,000": the as-fast-as-possible runs without the ECS limit. At a steady 20/s each
      // request's look before its reboot waits for no company (the p99 target), and under
      // --ecs-qps 20 requests wait a minute in line, polled in batches meanwhile: reported only.
      if (r.requests() == 1000 && r.arrival().equals("burst") && r.ecsQps() > 20) {
        out.add(
            new Target(
                "ECS calls per request <= 1.1 at N = 1,000",
                r,
                String.format("%.3f %s", r.ecsCallsPerRequest(), r.ecsCallsByAction()),
                r.ecsCallsPerRequest() <= MAX_ECS_CALLS_PER_REQUEST));
        out.add(
            new Target(
                "DescribeInstances per request <= 0.1 at a burst of 1,000",
                r,
                String.format("%.3f", r.describeCallsPerRequest()),
                r.describeCallsPerRequest() <= MAX_DESCRIBES_PER_REQUEST));
      }
    }
    for (ScenarioResult r : results) {
      out.add(
          new Target(
              "Kubernetes writes to the RebootRequest per request <= 3",
              r,
              String.format(
                  "%.2f (+ Event creates %.2f)",
                  r.rebootRequestWritesPerRequest(), r.eventWritesPerRequest()),
              r.rebootRequestWritesPerRequest() <= MAX_REBOOT_REQUEST_WRITES));
    }
    for (ScenarioResult r : results) {
      if (r.ecsQps() == 20) {
        RateWindow w = r.rebootInstanceRate();
        out.add(
            new Target(
                "--ecs-qps 20: RebootInstance at 18-20/s, each API <= 20 in any 1 s",
                r,
                String.format(
                    "%.2f/s (%.0f%%), max %d RebootInstance and %d DescribeInstances in 1 s",
                    w.achievedPerSecond(),
                    100 * w.achievedPerSecond() / 20,
                    w.maxInAnySecond(),
                    r.describeRate().maxInAnySecond()),
                w.achievedPerSecond() >= 18
                    && w.achievedPerSecond() <= 20
                    && w.maxInAnySecond() <= 20
                    && r.describeRate().maxInAnySecond() <= 20));
      }
    }
    for (ScenarioResult r : results) {
      if (r.arrival().equals("20/s")) {
        Latencies steady = r.createToRebootInstanceAfterWarmUp();
        Latencies all = r.createToRebootInstance();
        // Judged over the whole run, warm-up included (issue 14); after warm-up shown beside it.
        out.add(
            new Target(
                "p99 create -> RebootInstance <= 200 ms at 20/s, whole run",
                r,
                String.format(
                    "p99 %.0f ms (p50 %.0f, p95 %.0f, max %.0f); after warm-up p99 %.0f",
                    all.p99Ms(), all.p50Ms(), all.p95Ms(), all.maxMs(), steady.p99Ms()),
                all.p99Ms() <= MAX_P99_CREATE_TO_REBOOT_MS));
      }
    }
    for (ScenarioResult r : results) {
      if (r.requests() == 10_000) {
        out.add(
            new Target(
                "heap after GC <= 128 MiB with 10,000 finished requests",
                r,
                String.format(
                    "%.0f MiB (RSS %.0f MiB)",
                    r.operatorProcess().heapUsedAfterGcMiB(), r.operatorProcess().rssMiB()),
                r.operatorProcess().heapUsedAfterGcMiB() <= MAX_HEAP_MIB));
      }
    }
    for (ScenarioResult r : results) {
      if (r.rebootThroughputRatioToRawSdk() != null) {
        out.add(
            new Target(
                "reboot throughput vs raw SDK (same N, 50 threads)",
                r,
                String.format(
                    "%.1f/s vs %.0f/s = %.3f",
                    r.rebootsPerSecond(),
                    r.rawSdkBaseline().callsPerSecond(),
                    r.rebootThroughputRatioToRawSdk()),
                null));
      }
    }
    for (ScenarioResult r : results) {
      if (r.rebootThroughputRatioToYardstick() != null) {
        // Judged for bursts on the real API server (issue 14); the others are reported.
        boolean judged = r.arrival().equals("burst") && !r.apiServer().equals("mock");
        out.add(
            new Target(
                "reboots/s vs the API-server-bound limit" + (judged ? " >= 0.7" : ""),
                r,
                String.format(
                    "%.1f/s vs %.1f/s = %.2f; operator CPU %.1f s per 1,000 requests",
                    r.rebootsPerSecond(),
                    r.yardstick().rebootsPerSecond(),
                    r.rebootThroughputRatioToYardstick(),
                    r.operatorCpuSecondsPer1000()),
                judged ? r.rebootThroughputRatioToYardstick() >= MIN_RATIO_TO_YARDSTICK : null));
      }
    }
    return out;
  }

  /** Issue 12: judged at 10,000 targets only (a scaled-down run is reported). */
  static Target rolloutHeap(RolloutHeapBench.Result r) {
    return new Target(
        "heap after GC <= 200 MiB, finished 10,000-target rollout and children cached",
        r.name(),
        String.format(
                "%.0f MiB (RSS %.0f MiB) for %,d targets",
                r.process().heapUsedAfterGcMiB(), r.process().rssMiB(), r.targets())
            + r.machine().text(),
        r.targets() >= 10_000 ? r.process().heapUsedAfterGcMiB() <= MAX_ROLLOUT_HEAP_MIB : null);
  }

  /** Issue 12: judged for 20 nodes at maxUnavailable 2 (other sizes are reported). */
  static Target rolloutEfficiency(RolloutEfficiencyBench.Result r) {
    boolean judged = r.nodes() == 20 && r.maxUnavailable() == 2;
    return new Target(
        "rollout efficiency (ideal / measured) >= 0.8, 20 nodes at maxUnavailable 2",
        RolloutEfficiencyBench.NAME,
        String.format(
            "%.2f = %.0f s / %.0f s; ideal per wave %.1f s reboot + %.1f s drain; per child: %.1f"
                + " s to Draining, %.1f s Rebooting to Succeeded; slot reuse %.1f s%s"
                + " [load %.1f-%.1f, %d cores]",
            r.efficiency(),
            r.idealSeconds(),
            r.measuredSeconds(),
            r.rebootSeconds(),
            r.meanDrainSeconds(),
            r.meanBeforeDrainSeconds(),
            r.meanRebootToSucceededSeconds(),
            r.meanSlotGapSeconds(),
            r.allSucceeded() ? "" : "; NOT every child Succeeded",
            r.loadStart(),
            r.loadEnd(),
            r.cores()),
        judged ? r.allSucceeded() && r.efficiency() >= MIN_ROLLOUT_EFFICIENCY : null);
  }
}
