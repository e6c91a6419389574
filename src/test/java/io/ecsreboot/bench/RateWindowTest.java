package io.ecsreboot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateWindowTest {
  private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

  @Test
  void burstsOfTwentyAtEachSecondNeverReadAboveTwentyPerSecond() {
    List<Instant> times = new ArrayList<>();
    for (int second = 0; second < 50; second++) {
      for (int i = 0; i < 20; i++) {
        times.add(T0.plusSeconds(second).plusNanos(i * 1_000_000L));
      }
    }
    RateWindow w = RateWindow.of(times);
    assertThat(w.maxInAnySecond()).isEqualTo(20);
    assertThat(w.achievedPerSecond()).isBetween(19.5, 20.0);
  }

  @Test
  void anEvenTwentyPerSecondReadsAsNearlyTwenty() {
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      times.add(T0.plusNanos(i * 50_000_000L));
    }
    RateWindow w = RateWindow.of(times);
    assertThat(w.maxInAnySecond()).isEqualTo(20);
    assertThat(w.achievedPerSecond()).isBetween(19.5, 20.0);
  }

  @Test
  void twentyOneCallsInOneSecondAreTheBusiestWindow() {
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      times.add(T0.plusMillis(i * 40L));
    }
    assertThat(RateWindow.of(times).maxInAnySecond()).isEqualTo(21);
  }
}
