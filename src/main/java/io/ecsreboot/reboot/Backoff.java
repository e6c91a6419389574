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
    long base = initial.toMillis() << Math.min(Math.max(retry - 1, 0), 20);
    long capped = Math.min(base, max.toMillis());
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return Duration.ofMillis(jittered);
  }
}
