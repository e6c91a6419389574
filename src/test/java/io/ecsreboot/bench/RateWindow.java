package io.ecsreboot.bench;

import java.time.Instant;
import java.util.List;

/** The rate of a series of call times: average over its span and the busiest 1-second window. */
record RateWindow(int calls, double achievedPerSecond, int maxInAnySecond) {

  static RateWindow of(List<Instant> sortedTimes) {
    int n = sortedTimes.size();
    if (n < 2) {
      return new RateWindow(n, 0, n);
    }
    long spanNanos = nanos(sortedTimes.get(0), sortedTimes.get(n - 1));
    int max = 0;
    int end = 0;
    // Every window [t_i, t_i + 1 s) that starts at a call: the busiest window starts at one.
    for (int start = 0; start < n; start++) {
      while (end < n && nanos(sortedTimes.get(start), sortedTimes.get(end)) < 1_000_000_000L) {
        end++;
      }
      max = Math.max(max, end - start);
    }
    return new RateWindow(n, (n - 1) / (spanNanos / 1e9), max);
  }

  private static long nanos(Instant from, Instant to) {
    return java.time.Duration.between(from, to).toNanos();
  }
}
