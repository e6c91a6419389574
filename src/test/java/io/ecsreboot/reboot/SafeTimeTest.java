package io.ecsreboot.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Time arithmetic on values from users and from status saturates instead of throwing. */
class SafeTimeTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:30Z");

  @Test
  void addingMoreThanTimeHoldsSaturates() {
    assertThat(SafeTime.plusSeconds(NOW, Long.MAX_VALUE)).isEqualTo(Instant.MAX);
    assertThat(SafeTime.plusSeconds(NOW, Long.MIN_VALUE)).isEqualTo(Instant.MIN);
    assertThat(SafeTime.plus(Instant.MAX, Duration.ofSeconds(1))).isEqualTo(Instant.MAX);
    assertThat(SafeTime.minus(Instant.MIN, Duration.ofSeconds(1))).isEqualTo(Instant.MIN);
    assertThat(SafeTime.minus(NOW, Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Instant.MAX);
    assertThat(SafeTime.plus(NOW, Duration.ofSeconds(30))).isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void timeLeftUntilTheEndOfTimeIsLongButFitsATimer() {
    Duration left = SafeTime.until(NOW, Instant.MAX);
    assertThat(left).isPositive();
    assertThat(SafeTime.forTimer(left)).isEqualTo(SafeTime.MAX_TIMER);
    assertThat(SafeTime.forTimer(SafeTime.until(NOW, Instant.MIN))).isZero();
    assertThat(SafeTime.forTimer(Duration.ofSeconds(-5))).isZero();
    assertThat(new Step(null, Step.Action.NONE, left).requeueAfter()).isEqualTo(SafeTime.MAX_TIMER);
  }

  @Test
  void unreadableTimesReadAsAbsent() {
    assertThat(SafeTime.parse("yesterday")).isNull();
    assertThat(SafeTime.parse(null)).isNull();
    assertThat(SafeTime.parse("+1000000000-12-31T23:59:59Z"))
        .isAfter(NOW.plus(Duration.ofDays(365_000)));
    assertThat(SafeTime.parse(NOW.toString())).isEqualTo(NOW);
  }

  @Test
  void backoffNeverOverflowsWhateverTheRetryCount() {
    Backoff huge = new Backoff(Duration.ofDays(365 * 1000), Duration.ofDays(365 * 2000));
    for (int retry : new int[] {-1, 0, 1, 2, 21, 64, Integer.MAX_VALUE}) {
      assertThat(huge.delayBeforeRetry(retry)).isPositive();
      assertThat(Backoff.DEFAULT.delayBeforeRetry(retry))
          .isBetween(Duration.ZERO, Duration.ofMinutes(5));
    }
  }
}
