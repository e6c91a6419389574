package io.ecsreboot.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreboot.api.v1alpha1.RolloutWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowsTest {
  /** Saturdays 02:00-06:00 in Shanghai (UTC+8): Friday 18:00-22:00 UTC. */
  static final MaintenanceWindows SATURDAY_NIGHT_SHANGHAI =
      MaintenanceWindows.parse(List.of(new RolloutWindow("0 2 * * SAT", "4h", "Asia/Shanghai")));

  @ParameterizedTest(name = "{0} open={1}")
  @CsvSource({
    "2026-12-04T17:59:59Z, false",
    "2026-12-04T18:00:00Z, true",
    "2026-12-04T18:00:30Z, true",
    "2026-12-04T21:59:59Z, true",
    "2026-12-04T22:00:00Z, false",
    "2026-12-05T02:00:00Z, false",
  })
  void aWindowIsOpenFromItsStartForItsDurationInItsTimeZone(String now, boolean open) {
    assertThat(SATURDAY_NIGHT_SHANGHAI.isOpen(Instant.parse(now))).isEqualTo(open);
  }

  @Test
  void nextStartIsTheNextScheduledStartInTheWindowsTimeZone() {
    assertThat(SATURDAY_NIGHT_SHANGHAI.nextStart(Instant.parse("2026-12-02T03:00:00Z")))
        .contains(Instant.parse("2026-12-04T18:00:00Z"));
  }

  @Test
  void theEarliestOfSeveralWindowsComesNext() {
    MaintenanceWindows two =
        MaintenanceWindows.parse(
            List.of(
                new RolloutWindow("0 2 * * SAT", "4h", "Asia/Shanghai"),
                new RolloutWindow("30 4 * * *", "30m", null)));
    Instant now = Instant.parse("2026-12-02T03:00:00Z");
    assertThat(two.nextStart(now)).contains(Instant.parse("2026-12-02T04:30:00Z"));
    assertThat(two.isOpen(Instant.parse("2026-12-02T04:45:00Z"))).isTrue();
  }

  @Test
  void noWindowsMeansAlwaysOpen() {
    MaintenanceWindows none = MaintenanceWindows.parse(null);
    assertThat(none.alwaysOpen()).isTrue();
    assertThat(none.isOpen(Instant.EPOCH)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"4h, 14400", "1h30m, 5400", "90s, 90", "2m5s, 125"})
  void durationsAreGoStyle(String text, long seconds) {
    assertThat(MaintenanceWindows.duration(text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "{0} | {1} | {2}")
  @CsvSource({
    "0 2 * * XYZ, 4h, UTC, schedule",
    "0 2 * *, 4h, UTC, schedule",
    "0 2 * * SAT, 0s, UTC, duration",
    "0 2 * * SAT, 169h, UTC, duration",
    "0 2 * * SAT, 4 hours, UTC, duration",
    "0 2 * * SAT, 4h, Mars/Olympus, timeZone",
  })
  void aWindowTheOperatorCannotHonourIsRejectedNamingTheField(
      String schedule, String duration, String zone, String field) {
    assertThatThrownBy(
            () -> MaintenanceWindows.parse(List.of(new RolloutWindow(schedule, duration, zone))))
        .isInstanceOf(MaintenanceWindows.InvalidWindowException.class)
        .hasMessageStartingWith("windows[0]: " + field);
  }
}
