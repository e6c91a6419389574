package io.ecsreboot.reboot;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Time arithmetic that cannot throw: every place that adds a duration to an instant, reads a time
 * from status, or hands a delay to a timer goes through here. Values come from users (the spec) and
 * from status, so an overflow must saturate, never unwind the reconciler.
 */
public final class SafeTime {
  private SafeTime() {}

  /**
   * The longest delay handed to a timer. Anything due later is looked at again by then and the
   * delay computed anew; this keeps every delay far inside what a timer's milliseconds can hold.
   */
  public static final Duration MAX_TIMER = Duration.ofHours(12);

  /** {@code t + d}, or {@link Instant#MAX}/{@link Instant#MIN} where that does not exist. */
  public static Instant plus(Instant t, Duration d) {
    try {
      return t.plus(d);
    } catch (DateTimeException | ArithmeticException e) {
      return d.isNegative() ? Instant.MIN : Instant.MAX;
    }
  }

  /** {@code t + seconds}, saturating like {@link #plus(Instant, Duration)}. */
  public static Instant plusSeconds(Instant t, long seconds) {
    return plus(t, Duration.ofSeconds(seconds));
  }

  /** {@code t - d}, saturating like {@link #plus(Instant, Duration)}. */
  public static Instant minus(Instant t, Duration d) {
    return d.getSeconds() == Long.MIN_VALUE ? Instant.MAX : plus(t, d.negated());
  }

  /** Time from {@code now} until {@code then}; zero when {@code then} has passed. */
  public static Duration until(Instant now, Instant then) {
    Duration left = Duration.between(now, then); // cannot overflow: instants span < 2^63 s
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** An RFC 3339 time as the operator writes it in status, or null when absent or unreadable. */
  public static Instant parse(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A delay a timer can take: never negative, never longer than {@link #MAX_TIMER}. */
  public static Duration forTimer(Duration delay) {
    if (delay == null) {
      return null;
    }
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX_TIMER) > 0 ? MAX_TIMER : delay;
  }
}
