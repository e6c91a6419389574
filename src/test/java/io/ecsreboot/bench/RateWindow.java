package io.ecsreboot.bench;

import java.time.Instant;
import java.util.List;

/**
 * The rate of a series of call times: average over its span and the busiest 1-second window.
 *
 * <p>The average counts the span in whole windows, {@code calls / (span + 1 s)}: cut the span into
 * consecutive 1-second windows from the first call and there are at most {@code span + 1} of them,
 * so a series that never has more than N calls in any 1-second window averages at most N. Divided
 * by the bare span, a limiter that lets N calls go at the start of each second would read above N
 * (1,000 calls in bursts of 20: 999 / 49 s = 20.4/s) while it never broke the limit.
 */
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
    return new RateWindow(n, n / (spanNanos / 1e9 + 1), max);
  }

  private static long nanos(Instant from, Instant to) {
    return java.time.Duration.between(from, to).toNanos();
  }
}
