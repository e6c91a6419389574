package io.ecsreboot.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The table of "How a reboot is judged": for each answer to RebootInstance and each thing the
 * instance can show, what the evidence proves, in a world where StartTime is known to move on a
 * reboot and in one where it is not.
 */
class RebootEvidenceTest {
  static final Duration SETTLE = Duration.ofSeconds(30);
  static final Duration MARGIN = Duration.ofSeconds(10);
  static final String BEFORE = "2026-11-26T09:58Z";
  static final String LATER = "2026-11-26T10:00Z";

  /** Issued after the minute of BEFORE had passed, with the margin: rule 3a held. */
  static final Instant ISSUED = Instant.parse("2026-11-26T10:00:05Z");

  final RebootEvidence evidence = new RebootEvidence(SETTLE, MARGIN);

  @ParameterizedTest(
      name =
          "{0}: {1}, StartTime {2}, seen rebooting {3}, {4}s after the call,"
              + " StartTime known to move {5} -> {6}")
  @CsvSource({
    // call,    status,   startTime, seen,  secs, knownToMove, verdict
    "ACCEPTED,  absent,   BEFORE,    false, 1,    false,       ABSENT",
    "AMBIGUOUS, absent,   BEFORE,    false, 1,    true,        ABSENT",
    "ACCEPTED,  Stopped,  BEFORE,    false, 1,    false,       STOPPED",
    "AMBIGUOUS, Stopped,  BEFORE,    false, 40,   true,        STOPPED",
    "ACCEPTED,  Starting, BEFORE,    false, 1,    false,       IN_PROGRESS",
    "AMBIGUOUS, Stopping, BEFORE,    false, 1,    false,       IN_PROGRESS",
    "ACCEPTED,  Stopping, BEFORE,    false, 1,    false,       IN_PROGRESS",
    "AMBIGUOUS, Starting, BEFORE,    false, 1,    true,        IN_PROGRESS",
    "ACCEPTED,  Stopping, BEFORE,    false, 40,   true,        IN_PROGRESS",
    "ACCEPTED,  Running,  BEFORE,    true,  1,    false,       REBOOTED",
    "AMBIGUOUS, Running,  BEFORE,    true,  1,    false,       REBOOTED",
    "ACCEPTED,  Running,  LATER,     false, 1,    false,       REBOOTED",
    "AMBIGUOUS, Running,  LATER,     false, 1,    false,       REBOOTED",
    "ACCEPTED,  Running,  BEFORE,    false, 1,    true,        UNDECIDED",
    "AMBIGUOUS, Running,  BEFORE,    false, 1,    true,        UNDECIDED",
    "AMBIGUOUS, Running,  BEFORE,    false, 29,   true,        UNDECIDED",
    "ACCEPTED,  Running,  BEFORE,    false, 40,   true,        UNDECIDED",
    "ACCEPTED,  Running,  BEFORE,    false, 40,   false,       UNDECIDED",
    "AMBIGUOUS, Running,  BEFORE,    false, 30,   true,        NOT_REBOOTED",
    "AMBIGUOUS, Running,  BEFORE,    false, 40,   false,       UNDECIDABLE",
  })
  void evidenceTable(
      Evidence.Call call,
      String status,
      String startTime,
      boolean seenRebooting,
      int secondsAfterCall,
      boolean knownToMove,
      Verdict expected) {
    Evidence e =
        facts(call, status, startTime.equals("LATER") ? LATER : BEFORE, seenRebooting, ISSUED)
            .withNow(ISSUED.plusSeconds(secondsAfterCall), knownToMove);
    assertThat(evidence.judge(e)).isEqualTo(expected);
  }

  @Test
  void unchangedStartTimeProvesNothingWhenTheCallWasInTheMinuteOfTheLastStart() {
    // Issued before the minute of BEFORE plus the margin passed: a boot then keeps the minute.
    Instant early = Instant.parse("2026-11-26T09:59:05Z");
    Evidence e =
        facts(Evidence.Call.AMBIGUOUS, "Running", BEFORE, false, early)
            .withNow(early.plusSeconds(60), true);
    assertThat(evidence.judge(e)).isEqualTo(Verdict.UNDECIDABLE);
  }

  @Test
  void unreadableStartTimeProvesNothing() {
    Evidence e =
        facts(Evidence.Call.AMBIGUOUS, "Running", null, false, ISSUED)
            .withNow(ISSUED.plusSeconds(60), true);
    assertThat(evidence.judge(e)).isEqualTo(Verdict.UNDECIDABLE);
  }

  @Test
  void earliestRebootCallIsTheNextMinutePlusTheMargin() {
    assertThat(evidence.earliestRebootCall(BEFORE))
        .isEqualTo(Instant.parse("2026-11-26T09:59:10Z"));
    assertThat(evidence.earliestRebootCall("garbage")).isNull();
  }

  @ParameterizedTest(name = "seen rebooting {0}, StartTime {1}, issued {2} -> lesson {3}")
  @CsvSource({
    "true,  LATER,  2026-11-26T10:00:05Z, moved",
    "true,  BEFORE, 2026-11-26T10:00:05Z, stayed",
    "false, LATER,  2026-11-26T10:00:05Z, none",
    "true,  BEFORE, 2026-11-26T09:58:30Z, none",
  })
  void aRebootSeenHappeningTeachesWhetherStartTimeMoves(
      boolean seen, String startTime, String issued, String lesson) {
    Evidence e =
        facts(
                Evidence.Call.ACCEPTED,
                "Running",
                startTime.equals("LATER") ? LATER : BEFORE,
                seen,
                Instant.parse(issued))
            .withNow(Instant.parse(issued).plusSeconds(5), false);
    assertThat(evidence.startTimeLesson(e).map(moved -> moved ? "moved" : "stayed").orElse("none"))
        .isEqualTo(lesson);
  }

  @ParameterizedTest(name = "answered {0} s after the intent, looked {1} s after it: {2}")
  @CsvSource({
    // The answer (a read timeout) came 20 s after the intent: ECS may still process the call for a
    // settle window after that, so an untouched instance proves nothing until 20 + 30 s.
    "20, 35, UNDECIDED",
    "20, 49, UNDECIDED",
    "20, 50, NOT_REBOOTED",
    // An answer recorded before the intent belongs to an earlier attempt: the intent counts.
    "-5, 30, NOT_REBOOTED",
  })
  void theSettleWindowOfAnAmbiguousCallCountsFromItsAnswer(
      long answeredAfter, long lookedAfter, Verdict expected) {
    InstanceState untouched =
        new InstanceState("i-1", "cn-hangzhou", "Running", "2026-11-26T09:58Z", List.of());
    Evidence e =
        new Evidence(
            Evidence.Call.AMBIGUOUS,
            untouched,
            false,
            BEFORE,
            ISSUED,
            ISSUED.plusSeconds(answeredAfter),
            ISSUED.plusSeconds(lookedAfter),
            true);
    assertThat(evidence.judge(e)).isEqualTo(expected);
  }

  @Test
  void aStayingStartTimeIsRememberedForGood() {
    StartTimeLessons lessons = new StartTimeLessons();
    assertThat(lessons.movesOnReboot("cn-hangzhou")).isFalse();
    lessons.learn("cn-hangzhou", true);
    assertThat(lessons.movesOnReboot("cn-hangzhou")).isTrue();
    assertThat(lessons.movesOnReboot("cn-beijing")).isFalse();
    lessons.learn("cn-hangzhou", false);
    lessons.learn("cn-hangzhou", true);
    assertThat(lessons.movesOnReboot("cn-hangzhou")).isFalse();
  }

  private static Partial facts(
      Evidence.Call call, String status, String startTime, boolean seen, Instant issued) {
    InstanceState instance =
        status.equals("absent")
            ? null
            : new InstanceState("i-1", "cn-hangzhou", status, startTime, List.of());
    return (now, knownToMove) ->
        new Evidence(call, instance, seen, BEFORE, issued, null, now, knownToMove);
  }

  @FunctionalInterface
  interface Partial {
    Evidence withNow(Instant now, boolean startTimeKnownToMove);
  }
}
