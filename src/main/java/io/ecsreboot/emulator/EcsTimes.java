package io.ecsreboot.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The real API's time format for StartTime and ExpiredTime: {@code yyyy-MM-ddTHH:mmZ}, UTC. */
final class EcsTimes {

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  /** What pay-as-you-go instances show as ExpiredTime. */
  static final String NEVER = "2099-12-31T15:59Z";

  private EcsTimes() {}

  static String format(Instant time) {
    return MINUTES.format(time.truncatedTo(ChronoUnit.MINUTES));
  }

  /** The instant, or null when the text is neither minute nor second resolution ISO-8601 UTC. */
  static Instant parse(String text) {
    try {
      return Instant.from(MINUTES.parse(text));
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
