package io.ecsreboot.reboot;

import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.time.Instant;

/**
 * Judges from DescribeInstances whether an issued reboot happened (DESIGN.md 3.2-3.3).
 *
 * <p>StartTime has minute resolution. When the instance last started in an earlier minute than the
 * reboot was issued (with one minute of margin for clock skew), a completed reboot must show a
 * later StartTime, so an unchanged one means "not yet". Otherwise StartTime cannot tell, and the
 * instance must be seen Stopping/Starting, or running for a whole settle window after the issue,
 * before the reboot counts as done: never hang, never reboot twice.
 */
public final class RebootEvidence {
  private final Duration settleWindow;

  public RebootEvidence(Duration settleWindow) {
    this.settleWindow = settleWindow;
  }

  /**
   * @param instance the instance now, or null when DescribeInstances did not list it
   * @param startTimeBefore StartTime before the reboot, as ECS wrote it (may be null)
   * @param issued when the reboot was issued (the write-ahead intent time)
   * @param seenTransitional whether the instance was seen Stopping/Starting since {@code issued}
   * @param accepted whether ECS accepted the call (else the call's fate is unknown)
   */
  public Verdict judge(
      InstanceState instance,
      String startTimeBefore,
      Instant issued,
      boolean seenTransitional,
      boolean accepted,
      Instant now) {
    if (instance == null) {
      return accepted ? Verdict.ABSENT : untouchedAfterSettle(issued, now);
    }
    String status = instance.status();
    if (ErrorTaxonomy.TRANSITIONAL_STATUSES.contains(status)) {
      return Verdict.IN_PROGRESS;
    }
    if (!"Running".equals(status)) {
      return accepted ? Verdict.STOPPED : untouchedAfterSettle(issued, now);
    }
    Instant before = EcsTimes.parse(startTimeBefore);
    Instant started = EcsTimes.parse(instance.startTime());
    if (seenTransitional || (before != null && started != null && started.isAfter(before))) {
      return Verdict.REBOOTED;
    }
    boolean settled = !now.isBefore(SafeTime.plus(issued, settleWindow));
    if (startTimeCanTell(before, issued)) {
      if (accepted) {
        return Verdict.UNDECIDED; // accepted but not started yet: keep polling
      }
      return settled ? Verdict.UNTOUCHED : Verdict.UNDECIDED;
    }
    // Same minute: a finished reboot and an untouched instance look alike. Once settled, believe
    // the reboot happened: the instance booted within the minute of the request either way, and a
    // second reboot is the one outcome that is never acceptable.
    return settled ? Verdict.REBOOTED : Verdict.UNDECIDED;
  }

  private static boolean startTimeCanTell(Instant before, Instant issued) {
    return before != null
        && before.isBefore(SafeTime.minus(EcsTimes.minuteOf(issued), Duration.ofMinutes(1)));
  }

  private Verdict untouchedAfterSettle(Instant issued, Instant now) {
    return now.isBefore(SafeTime.plus(issued, settleWindow))
        ? Verdict.UNDECIDED
        : Verdict.UNTOUCHED;
  }
}
