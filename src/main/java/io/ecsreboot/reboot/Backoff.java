package io.ecsreboot.reboot;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between {@code initial} and {@code max}: the n-th retry waits a
 * random time in [d/2, d] with d = initial * 2^(n-1), so many requests failing together do not
 * retry in lockstep against a throttled API.
 */
public record Backoff(Duration initial, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  public Duration delayBeforeRetry(int retry) {
    long maxMillis = max.toMillis();
    int doublings = Math.min(Math.max(retry - 1, 0), 20);
    // Doubling past max would overflow for a large initial delay; stop at max instead.
    long capped =
        initial.toMillis() > (maxMillis >> doublings)
            ? maxMillis
            : Math.min(initial.toMillis() << doublings, maxMillis);
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return Duration.ofMillis(jittered);
  }
}
