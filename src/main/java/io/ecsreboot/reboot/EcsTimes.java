package io.ecsreboot.reboot;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** ECS reports StartTime as {@code yyyy-MM-ddTHH:mmZ}: minute resolution, which matters. */
public final class EcsTimes {
  private EcsTimes() {}

  /** The instant of an ECS time, or null when absent or unreadable. */
  public static Instant parse(String ecsTime) {
    if (ecsTime == null || ecsTime.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(ecsTime, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static Instant minuteOf(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MINUTES);
  }
}
