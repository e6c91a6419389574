package io.ecsreboot.bench;

import io.ecsreboot.emulator.CallRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time from create to RebootInstance goes, request by request (bench.trace=true): the
 * bench's send time, the operator's log (run with logback-trace.xml: when the informer saw the
 * request, when a reconcile thread took it, when the reboot intent was written) and the emulator's
 * receive times of DescribeInstances and RebootInstance.
 */
final class StageTrace {
  static final String LOGBACK = "io/ecsreboot/bench/logback-trace.xml";

  static final List<String> STAGES =
      List.of(
          "create -> informer event",
          "informer event -> reconcile thread",
          "reconcile thread -> DescribeInstances received",
          "DescribeInstances -> intent written",
          "intent written -> RebootInstance received");

  private static final Pattern INFORMER =
      Pattern.compile("^(\\S+) .*Event received for resource: ResourceID\\{name='([^']+)'");
  private static final Pattern DISPATCH =
      Pattern.compile("^(\\S+) .*Handling dispatch for resource name: (\\S+) ");
  private static final Pattern INTENT =
      Pattern.compile("^(\\S+) .* - [^/ ]+/(\\S+): RebootInstance i-");

  /** One request's moments, in the order they happen; null where the log did not say. */
  record Request(String name, Instant[] at) {
    double stageMs(int stage) {
      if (at[stage] == null || at[stage + 1] == null) {
        return Double.NaN;
      }
      return Duration.between(at[stage], at[stage + 1]).toNanos() / 1e6;
    }

    double totalMs() {
      return at[0] == null || at[5] == null
          ? Double.NaN
          : Duration.between(at[0], at[5]).toNanos() / 1e6;
    }
  }

  private StageTrace() {}

  /** JVM flag that makes the operator log what the trace needs. */
  static String jvmFlag() {
    Path config = Path.of("target/test-classes").resolve(LOGBACK).toAbsolutePath();
    return "-Dlogback.configurationFile=" + config;
  }

  static List<Request> of(
      Path operatorLog,
      Map<String, Instant> sentAt,
      Map<String, String> nameOfInstance,
      List<CallRecord> calls)
      throws IOException {
    Map<String, Instant[]> at = new HashMap<>();
    sentAt.forEach((name, t) -> at.computeIfAbsent(name, n -> new Instant[6])[0] = t);
    for (String line : Files.readAllLines(operatorLog)) {
      first(at, INFORMER.matcher(line), 1);
      first(at, DISPATCH.matcher(line), 2);
      first(at, INTENT.matcher(line), 4);
    }
    for (CallRecord c : calls) {
      int slot =
          switch (c.action()) {
            case "DescribeInstances" -> 3;
            case "RebootInstance" -> 5;
            default -> -1;
          };
      if (slot < 0) {
        continue;
      }
      for (String id : c.instanceIds()) {
        Instant[] moments = at.get(nameOfInstance.get(id));
        if (moments != null && moments[slot] == null) {
          moments[slot] = Instant.parse(c.time());
        }
      }
    }
    List<Request> out = new ArrayList<>();
    at.forEach((name, moments) -> out.add(new Request(name, moments)));
    out.sort(Comparator.comparing(r -> r.at()[0]));
    return out;
  }

  private static void first(Map<String, Instant[]> at, Matcher m, int slot) {
    if (m.find()) {
      Instant[] moments = at.get(m.group(2));
      if (moments != null && moments[slot] == null) {
        moments[slot] = Instant.parse(m.group(1));
      }
    }
  }

  /**
   * p50/p99/max of each stage over all requests, each stage's mean over the slowest 1% of requests
   * (the ones the p99 is made of), and the first requests in full.
   */
  static String report(List<Request> requests, int firstShown) {
    StringBuilder out = new StringBuilder();
    List<Request> slowest =
        requests.stream()
            .filter(r -> !Double.isNaN(r.totalMs()))
            .sorted(Comparator.comparingDouble(Request::totalMs).reversed())
            .limit(Math.max(1, requests.size() / 100))
            .toList();
    out.append(
        String.format(
            Locale.ROOT, "%-48s %8s %8s %8s %14s%n", "stage", "p50", "p99", "max", "slowest 1%"));
    for (int s = 0; s < STAGES.size(); s++) {
      int stage = s;
      double[] all = requests.stream().mapToDouble(r -> r.stageMs(stage)).toArray();
      double slowMean =
          slowest.stream()
              .mapToDouble(r -> r.stageMs(stage))
              .filter(d -> !Double.isNaN(d))
              .average()
              .orElse(Double.NaN);
      out.append(
          String.format(
              Locale.ROOT,
              "%-48s %8.0f %8.0f %8.0f %14.0f%n",
              STAGES.get(s),
              percentile(all, 50),
              percentile(all, 99),
              percentile(all, 100),
              slowMean));
    }
    double[] totals = requests.stream().mapToDouble(Request::totalMs).toArray();
    out.append(
        String.format(
            Locale.ROOT,
            "%-48s %8.0f %8.0f %8.0f %14.0f%n",
            "create -> RebootInstance",
            percentile(totals, 50),
            percentile(totals, 99),
            percentile(totals, 100),
            slowest.stream().mapToDouble(Request::totalMs).average().orElse(Double.NaN)));
    out.append("first requests (ms per stage):\n");
    requests.stream()
        .limit(firstShown)
        .forEach(
            r -> {
              out.append("  ").append(r.name());
              for (int s = 0; s < STAGES.size(); s++) {
                out.append(String.format(Locale.ROOT, " %6.0f", r.stageMs(s)));
              }
              out.append(String.format(Locale.ROOT, "  = %6.0f%n", r.totalMs()));
            });
    return out.toString();
  }

  /** Nearest rank over the values that are known; 100 gives the maximum. */
  private static double percentile(double[] values, double p) {
    double[] known =
        java.util.Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (known.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * known.length);
    return known[Math.max(0, Math.min(known.length - 1, rank - 1))];
  }
}
