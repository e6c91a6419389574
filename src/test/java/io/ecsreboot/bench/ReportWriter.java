package io.ecsreboot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes bench/results/latest.json and prints the tables. */
final class ReportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  static void writeJson(
      Path file, List<ScenarioResult> results, List<Targets.Target> targets, String status)
      throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("generatedAt", Instant.now().toString());
    report.put("status", status);
    report.put(
        "machine",
        Map.of(
            "cores", Runtime.getRuntime().availableProcessors(),
            "java", System.getProperty("java.version"),
            "loadAverageNow", ProcessMetrics.loadAverage()));
    report.put("targets", targets);
    report.put("scenarios", results);
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), report);
  }

  static void printTables(
      PrintStream out, List<ScenarioResult> results, List<Targets.Target> targets) {
    out.println();
    out.printf(
        "%-22s %-14s %6s %6s %5s | %8s %7s %7s | %-20s | %-17s | %7s %7s %8s %6s | %s%n",
        "scenario",
        "api server",
        "N",
        "arrive",
        "qps",
        "ok",
        "ECS/req",
        "RRw/req",
        "create->Reboot ms",
        "create->Succeeded s",
        "reboot/s",
        "done/s",
        "sdk/s",
        "ratio",
        "machine");
    out.printf(
        "%-22s %-14s %6s %6s %5s | %8s %7s %7s | %-20s | %-17s | %7s %7s %8s %6s |%n",
        "", "", "", "", "", "", "", "", "p50 / p95 / p99", "p50 / p95 / p99", "", "", "", "");
    for (ScenarioResult r : results) {
      Latencies a = r.createToRebootInstance();
      Latencies b = r.createToSucceeded();
      out.printf(
          "%-22s %-14s %6d %6s %5.0f | %8s %7.3f %7.2f | %6.0f/%6.0f/%6.0f | %5.1f/%5.1f/%5.1f | %7.1f %7.1f %8s %6s |%s%n",
          r.name(),
          r.apiServer(),
          r.requests(),
          r.arrival(),
          r.ecsQps(),
          r.succeeded() + "/" + r.requests(),
          r.ecsCallsPerRequest(),
          r.rebootRequestWritesPerRequest(),
          a.p50Ms(),
          a.p95Ms(),
          a.p99Ms(),
          b.p50Ms() / 1000,
          b.p95Ms() / 1000,
          b.p99Ms() / 1000,
          r.rebootsPerSecond(),
          r.completionsPerSecond(),
          r.rawSdkBaseline() == null
              ? "-"
              : String.format("%.0f", r.rawSdkBaseline().callsPerSecond()),
          r.rebootThroughputRatioToRawSdk() == null
              ? "-"
              : String.format("%.3f", r.rebootThroughputRatioToRawSdk()),
          Targets.machine(r));
    }
    out.println();
    out.printf(
        "%-22s %9s %8s %9s %9s %11s %11s | %s%n",
        "scenario",
        "heap MiB",
        "RSS MiB",
        "Events/req",
        "k8s/req",
        "Reboot max/s",
        "Describe/req",
        "operator's Kubernetes API requests per RebootRequest; machine");
    for (ScenarioResult r : results) {
      StringBuilder perVerb = new StringBuilder();
      r.apiRequests()
          .operator()
          .forEach(
              (k, v) -> perVerb.append(String.format("%s %.2f; ", k, v / (double) r.requests())));
      out.printf(
          "%-22s %9.0f %8.0f %9.2f %9.2f %11d %11.3f | %s%s%n",
          r.name(),
          r.operatorProcess().heapUsedAfterGcMiB(),
          r.operatorProcess().rssMiB(),
          r.eventWritesPerRequest(),
          r.operatorApiRequestsPerRequest(),
          r.rebootInstanceRate().maxInAnySecond(),
          r.describeCallsPerRequest(),
          perVerb,
          Targets.machine(r));
    }
    printYardstick(out, results);
    out.println();
    for (Targets.Target t : targets) {
      out.printf("[%-8s] %-60s %-22s %s%n", t.verdict(), t.target(), t.scenario(), t.value());
    }
    results.stream().filter(r -> r.profile() != null).forEach(r -> printProfile(out, r));
  }

  /** The operator against the API-server-bound limit measured in the same run, and its CPU. */
  private static void printYardstick(PrintStream out, List<ScenarioResult> results) {
    out.println();
    out.printf(
        "%-22s %10s %12s %7s %14s %14s | %s%n",
        "scenario",
        "reboot/s",
        "API limit/s",
        "ratio",
        "operator CPU s",
        "CPU s / 1,000",
        "machine");
    for (ScenarioResult r : results) {
      out.printf(
          "%-22s %10.1f %12s %7s %14.1f %14.1f |%s%n",
          r.name(),
          r.rebootsPerSecond(),
          r.yardstick() == null ? "-" : String.format("%.1f", r.yardstick().rebootsPerSecond()),
          r.yardstick() == null ? "-" : String.format("%.2f", r.rebootThroughputRatioToYardstick()),
          r.operatorCpuSeconds(),
          r.operatorCpuSecondsPer1000(),
          Targets.machine(r));
    }
  }

  private static void printProfile(PrintStream out, ScenarioResult r) {
    JfrSummary.Profile p = r.profile();
    out.printf(
        "%nJFR profile of the operator during %s: %d CPU samples, %d GC pauses = %.0f ms%n",
        r.name(), p.cpuSamples(), p.gcPauses(), p.gcPauseTotalMs());
    section(out, "CPU by library (hottest frame)", p.cpuByLibrary(), false);
    section(out, "CPU in operator methods (inclusive)", p.cpuOperatorMethodsInclusive(), false);
    section(out, "hottest frames", p.hottestFrames(), false);
    section(out, "contended monitors (count, total blocked)", p.contendedMonitors(), true);
    section(out, "parked (count, total parked)", p.parkedOn(), true);
  }

  private static void section(
      PrintStream out, String title, List<JfrSummary.Row> rows, boolean timed) {
    out.println("  " + title + ":");
    for (JfrSummary.Row row : rows) {
      out.println(
          timed
              ? String.format("    %7d %10.0f ms  %s", row.count(), row.totalMs(), row.what())
              : String.format("    %7d %5.1f%%  %s", row.count(), row.percent(), row.what()));
    }
  }
}
