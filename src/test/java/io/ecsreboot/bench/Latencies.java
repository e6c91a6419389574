package io.ecsreboot.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Percentiles of the time from each request's create to a later moment of the same request. */
record Latencies(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

  static Latencies between(Map<String, Instant> from, Map<String, Instant> to) {
    return between(from, to, Instant.MIN);
  }

  /**
   * The same, for requests created after the operator's first {@link #WARM_UP} of load: the first
   * seconds after a JVM starts run interpreted code and load classes (measured: every request above
   * 200 ms at 20/s was among the first 40), which says nothing about steady operation.
   */
  static Latencies afterWarmUp(Map<String, Instant> from, Map<String, Instant> to) {
    Instant first = from.values().stream().min(Instant::compareTo).orElse(Instant.MIN);
    return between(from, to, first == Instant.MIN ? first : first.plus(WARM_UP));
  }

  static final Duration WARM_UP = Duration.ofSeconds(5);

  private static Latencies between(
      Map<String, Instant> from, Map<String, Instant> to, Instant createdFrom) {
    List<Double> ms = new ArrayList<>();
    from.forEach(
        (name, start) -> {
          Instant end = to.get(name);
          if (end != null && !start.isBefore(createdFrom)) {
            ms.add(Duration.between(start, end).toNanos() / 1e6);
          }
        });
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Latencies(
        sorted.length,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** Nearest-rank percentile. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
