package io.ecsreboot.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which finished requests a restarted operator learns from, and what: only real reboots proven
 * without StartTime (seen Stopping/Starting, a node's new bootID), issued after the minute of the
 * old StartTime (rule 3a), teach whether StartTime moves.
 */
class FinishedRequestLessonsTest {
  static final RebootEvidence EVIDENCE =
      new RebootEvidence(Duration.ofSeconds(30), Duration.ofSeconds(5));

  @ParameterizedTest(name = "{0} dryRun={1} {2}, StartTime {3} -> {4}, issued {5}: {6}")
  @CsvSource(
      delimiter = '|',
      value = {
        // phase  | dry  | proof                 | before            | after             | issued
        //             | lesson
        "Succeeded | false | InstanceSeenRebooting | 2026-11-20T04:04Z | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | moved",
        "Succeeded | false | InstanceSeenRebooting | 2026-11-20T04:04Z | 2026-11-20T04:04Z | 2026-12-02T05:09:40Z | stayed",
        "Succeeded | false | NodeBootIDChanged     | 2026-11-20T04:04Z | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | moved",
        "Succeeded | false | NodeBootIDChanged     | 2026-11-20T04:04Z | 2026-11-20T04:04Z | 2026-12-02T05:09:40Z | stayed",
        // A later StartTime alone proves the reboot, but not that reboots move it.
        "Succeeded | false | StartTimeMoved        | 2026-11-20T04:04Z | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | none",
        // Written before this field existed: nothing to go by.
        "Succeeded | false | ''                    | 2026-11-20T04:04Z | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | none",
        // Issued in the minute of the old StartTime (plus margin): StartTime could not move.
        "Succeeded | false | InstanceSeenRebooting | 2026-12-02T05:09Z | 2026-12-02T05:09Z | 2026-12-02T05:09:40Z | none",
        "Succeeded | false | InstanceSeenRebooting | 2026-12-02T05:09Z | 2026-12-02T05:09Z | 2026-12-02T05:10:02Z | none",
        "Succeeded | false | InstanceSeenRebooting | 2026-12-02T05:09Z | 2026-12-02T05:09Z | 2026-12-02T05:10:06Z | stayed",
        "Succeeded | true  | InstanceSeenRebooting | 2026-11-20T04:04Z | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | none",
        "Failed    | false | InstanceSeenRebooting | 2026-11-20T04:04Z | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | none",
        "Verifying | false | InstanceSeenRebooting | 2026-11-20T04:04Z | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | none",
        "Succeeded | false | InstanceSeenRebooting | ''                | 2026-12-02T05:10Z | 2026-12-02T05:09:40Z | none",
        "Succeeded | false | InstanceSeenRebooting | 2026-11-20T04:04Z | ''                | 2026-12-02T05:09:40Z | none",
      })
  void aFinishedRequestTeachesOnlyWhatItsProofShows(
      Phase phase,
      boolean dryRun,
      String proof,
      String before,
      String after,
      String issued,
      String lesson) {
    RebootRequestStatus s = new RebootRequestStatus();
    s.setPhase(phase);
    s.setRegionId("cn-hangzhou");
    s.setInstanceId("i-1");
    s.setRebootEvidence(blankToNull(proof));
    s.setStartTimeBefore(blankToNull(before));
    s.setStartTimeAfter(blankToNull(after));
    s.setRebootIssuedTime(issued);
    s.setCompletionTime("2026-12-02T05:11:00Z");
    assertThat(
            FinishedRequestLessons.of(EVIDENCE, dryRun, s)
                .map(moved -> moved ? "moved" : "stayed")
                .orElse("none"))
        .isEqualTo(lesson);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
