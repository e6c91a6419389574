package io.ecsreboot.rollout;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.ecsreboot.api.v1alpha1.RolloutWindow;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rollout's maintenance windows as parsed from its spec (Unix cron via cron-utils, a duration, an
 * IANA time zone): is a given instant inside one, and when does the next one open.
 */
public final class MaintenanceWindows {
  /** A window longer than a week would overlap itself on the weekly schedules people write. */
  static final Duration MAX_DURATION = Duration.ofDays(7);

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Pattern DURATION =
      Pattern.compile("^(?:([0-9]{1,6})h)?(?:([0-9]{1,8})m)?(?:([0-9]{1,9})s)?$");

  /** A spec the operator cannot honour; the message names the window and what is wrong. */
  public static final class InvalidWindowException extends IllegalArgumentException {
    InvalidWindowException(String message) {
      super(message);
    }
  }

  private record Window(ExecutionTime starts, Duration duration, ZoneId zone) {}

  private final List<Window> windows;

  private MaintenanceWindows(List<Window> windows) {
    this.windows = windows;
  }

  /**
   * @param specs the spec's windows; null or empty: always open
   * @throws InvalidWindowException naming the first window that cannot be parsed
   */
  public static MaintenanceWindows parse(List<RolloutWindow> specs) {
    List<Window> windows = new ArrayList<>();
    if (specs != null) {
      for (int i = 0; i < specs.size(); i++) {
        windows.add(parse(i, specs.get(i)));
      }
    }
    return new MaintenanceWindows(windows);
  }

  private static Window parse(int index, RolloutWindow spec) {
    String where = "windows[" + index + "]: ";
    ExecutionTime starts;
    try {
      starts = ExecutionTime.forCron(UNIX.parse(spec.getSchedule()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidWindowException(
          where + "schedule '" + spec.getSchedule() + "' is not a Unix cron schedule");
    }
    Duration duration = duration(spec.getDuration());
    if (duration == null || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new InvalidWindowException(
          where + "duration '" + spec.getDuration() + "' is not between 1s and 168h");
    }
    ZoneId zone;
    try {
      zone =
          spec.getTimeZone() == null || spec.getTimeZone().isEmpty()
              ? ZoneOffset.UTC
              : ZoneId.of(spec.getTimeZone());
    } catch (DateTimeException e) {
      throw new InvalidWindowException(
          where + "timeZone '" + spec.getTimeZone() + "' is not an IANA time zone");
    }
    return new Window(starts, duration, zone);
  }

  /** Go-style {@code 4h}, {@code 1h30m}, {@code 90s}; null when it is none. */
  static Duration duration(String text) {
    Matcher m = text == null ? null : DURATION.matcher(text);
    if (m == null || text.isEmpty() || !m.matches()) {
      return null;
    }
    long seconds = 0;
    long[] unit = {3600, 60, 1};
    for (int g = 1; g <= 3; g++) {
      if (m.group(g) != null) {
        seconds += Long.parseLong(m.group(g)) * unit[g - 1];
      }
    }
    return Duration.ofSeconds(seconds);
  }

  /** No window configured: children may start at any time. */
  public boolean alwaysOpen() {
    return windows.isEmpty();
  }

  /** Whether a child may start at {@code now}: inside [start, start + duration) of a window. */
  public boolean isOpen(Instant now) {
    if (windows.isEmpty()) {
      return true;
    }
    for (Window w : windows) {
      ZonedDateTime at = now.atZone(w.zone());
      // The latest start at or before now: lastExecution is strictly before its argument, and
      // cron starts are whole minutes, so the current minute is checked on its own.
      ZonedDateTime minute = at.truncatedTo(ChronoUnit.MINUTES);
      Optional<ZonedDateTime> start =
          w.starts().isMatch(minute) ? Optional.of(minute) : w.starts().lastExecution(at);
      if (start.isPresent() && at.isBefore(start.get().plus(w.duration()))) {
        return true;
      }
    }
    return false;
  }

  /** The earliest window start after {@code now}, if any schedule has one. */
  public Optional<Instant> nextStart(Instant now) {
    Instant next = null;
    for (Window w : windows) {
      Optional<ZonedDateTime> start = w.starts().nextExecution(now.atZone(w.zone()));
      if (start.isPresent() && (next == null || start.get().toInstant().isBefore(next))) {
        next = start.get().toInstant();
      }
    }
    return Optional.ofNullable(next);
  }
}
