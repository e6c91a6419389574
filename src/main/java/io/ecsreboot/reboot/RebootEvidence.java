package io.ecsreboot.reboot;

import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Judges from what DescribeInstances shows whether an issued reboot happened (DESIGN.md 3.2-3.3),
 * without guessing in either direction: a false "rebooted" leaves a user on an unpatched kernel, a
 * false "not rebooted" reboots twice. The README's "How a reboot is judged" is this table.
 *
 * <pre>
 * what the instance shows               | ECS accepted the call      | ambiguous answer or crash
 * --------------------------------------+----------------------------+---------------------------
 * not listed                            | ABSENT                     | ABSENT
 * Stopped                               | STOPPED                    | STOPPED
 * Stopping/Starting/Pending now         | IN_PROGRESS                | IN_PROGRESS
 * Running, seen Stopping/Starting since | REBOOTED                   | REBOOTED
 * Running, StartTime later than before  | REBOOTED                   | REBOOTED
 * Running, old StartTime, within settle | UNDECIDED                  | UNDECIDED
 * Running, old StartTime, after settle, | UNDECIDED until            | NOT_REBOOTED: call again
 *   StartTime known to move (*)         |   verifyTimeoutSeconds     |
 * Running, old StartTime, after settle, | UNDECIDED until            | UNDECIDABLE:
 *   StartTime not known to move         |   verifyTimeoutSeconds     |   RebootUnconfirmed
 * </pre>
 *
 * (*) An unchanged StartTime proves that no boot happened only where both hold: this operator has
 * seen StartTime move on reboots it proved in the region (the real API does not document whether a
 * reboot moves it, the emulator does either), and the call was issued after the minute of the old
 * StartTime had passed (rule 3a; StartTime has minute resolution). At verifyTimeoutSeconds an
 * accepted reboot ends {@code VerificationTimeout} when the instance provably has not run again
 * (still Starting, or StartTime known to move and unchanged), and {@code RebootUnconfirmed} when
 * the evidence cannot tell.
 */
public final class RebootEvidence {
  private final Duration settleWindow;
  private final Duration clockSkewMargin;

  public RebootEvidence(Duration settleWindow, Duration clockSkewMargin) {
    this.settleWindow = settleWindow;
    this.clockSkewMargin = clockSkewMargin;
  }

  public Verdict judge(Evidence e) {
    InstanceState instance = e.instance();
    if (instance == null) {
      return Verdict.ABSENT;
    }
    if (ErrorTaxonomy.TRANSITIONAL_STATUSES.contains(instance.status())) {
      return Verdict.IN_PROGRESS;
    }
    if (!"Running".equals(instance.status())) {
      return Verdict.STOPPED;
    }
    if (e.seenTransitional() || startTimeMoved(e)) {
      return Verdict.REBOOTED;
    }
    if (e.now().isBefore(e.issued().plus(settleWindow)) || e.call() == Evidence.Call.ACCEPTED) {
      // Accepted: the reboot may still come; only verifyTimeoutSeconds ends the wait.
      return Verdict.UNDECIDED;
    }
    return unchangedStartTimeProvesNoBoot(e) ? Verdict.NOT_REBOOTED : Verdict.UNDECIDABLE;
  }

  /**
   * True when the instance runs with the StartTime it had before and that proves it has not booted
   * since the call: an accepted reboot that timed out then ends VerificationTimeout, not
   * RebootUnconfirmed.
   */
  public boolean provesNoBootSinceCall(Evidence e) {
    return e.instance() != null
        && "Running".equals(e.instance().status())
        && !e.seenTransitional()
        && !startTimeMoved(e)
        && unchangedStartTimeProvesNoBoot(e);
  }

  /**
   * Rule 3a: the earliest moment a reboot may be issued to an instance that started at {@code
   * startTime}, so that any boot it causes shows a later StartTime; null when StartTime is
   * unreadable (then it cannot tell anything anyway).
   */
  public Instant earliestRebootCall(String startTime) {
    Instant started = EcsTimes.parse(startTime);
    return started == null
        ? null
        : EcsTimes.minuteOf(started).plus(Duration.ofMinutes(1)).plus(clockSkewMargin);
  }

  /**
   * What a proven reboot taught about StartTime: present only when the reboot was seen happening
   * (Stopping/Starting) and StartTime could have moved (rule 3a held); true when it moved.
   */
  public Optional<Boolean> startTimeLesson(Evidence e) {
    if (!e.seenTransitional()
        || e.instance() == null
        || !"Running".equals(e.instance().status())
        || !startTimeCouldMove(e)
        || EcsTimes.parse(e.instance().startTime()) == null) {
      return Optional.empty();
    }
    return Optional.of(startTimeMoved(e));
  }

  private boolean unchangedStartTimeProvesNoBoot(Evidence e) {
    Instant before = EcsTimes.parse(e.startTimeBefore());
    return e.startTimeMovesOnReboot()
        && before != null
        && before.equals(EcsTimes.parse(e.instance().startTime()))
        && startTimeCouldMove(e);
  }

  /** The call came after the minute of the old StartTime (with margin): a boot would move it. */
  private boolean startTimeCouldMove(Evidence e) {
    Instant earliest = earliestRebootCall(e.startTimeBefore());
    return earliest != null && !e.issued().isBefore(earliest);
  }

  private static boolean startTimeMoved(Evidence e) {
    Instant before = EcsTimes.parse(e.startTimeBefore());
    Instant started = EcsTimes.parse(e.instance().startTime());
    return before != null && started != null && started.isAfter(before);
  }
}
