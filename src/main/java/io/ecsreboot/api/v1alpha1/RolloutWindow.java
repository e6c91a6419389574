package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A recurring maintenance window: it opens at each time of a cron schedule, for a duration. */
public class RolloutWindow {
  /** Five fields separated by single spaces; the operator parses the rest (cron-utils, Unix). */
  public static final String SCHEDULE_PATTERN = "^\\S+( \\S+){4}$";

  /** Go-style durations without fractions: 4h, 30m, 1h30m, 90s. */
  public static final String DURATION_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  @Required
  @Size(min = 9, max = 128)
  @Pattern(SCHEDULE_PATTERN)
  @JsonPropertyDescription(
      "Unix cron schedule (minute hour day-of-month month day-of-week) of the window's starts,"
          + " for example \"0 2 * * SAT\".")
  private String schedule;

  @Required
  @Size(min = 2, max = 16)
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription("How long the window stays open, for example 4h or 1h30m; at most 7d.")
  private String duration;

  @Size(max = 64)
  @JsonPropertyDescription(
      "IANA time zone of the schedule, for example Asia/Shanghai; default UTC.")
  private String timeZone;

  public RolloutWindow() {}

  public RolloutWindow(String schedule, String duration, String timeZone) {
    this.schedule = schedule;
    this.duration = duration;
    this.timeZone = timeZone;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }
}
