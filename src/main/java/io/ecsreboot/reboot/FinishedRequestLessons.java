package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.InstanceState;
import java.util.List;
import java.util.Optional;

/**
 * What a finished request's status teaches about StartTime ({@link StartTimeLessons}): the lesson
 * its verification taught the operator that ran it, read back from status, so that an operator
 * restarted between a reboot's intent and its answer still knows what its predecessor proved.
 *
 * <p>Only a reboot proven without StartTime teaches: seen Stopping/Starting after the call, or a
 * node's new bootID. A success proven by a later StartTime alone does not, because where reboots
 * leave StartTime unchanged, only a stop and start by someone else moves it, and learning "moves"
 * from that would later let an unchanged StartTime "prove" that a reboot which happened did not. No
 * success is proven by the lesson itself (it only ever proves that a reboot did not happen), so a
 * lesson never feeds itself.
 */
public final class FinishedRequestLessons {
  /** {@code status.rebootEvidence}: Stopping/Starting seen after the call. */
  public static final String SEEN_REBOOTING = "InstanceSeenRebooting";

  /** {@code status.rebootEvidence}: the Node's bootID changed (and ECS showed the reboot). */
  public static final String NODE_BOOT_ID_CHANGED = "NodeBootIDChanged";

  /** {@code status.rebootEvidence}: a later StartTime, and nothing else, showed the reboot. */
  public static final String START_TIME_MOVED = "StartTimeMoved";

  private FinishedRequestLessons() {}

  /**
   * @return whether StartTime moved on this request's reboot; empty when it teaches nothing (not a
   *     Succeeded real reboot, proven by StartTime alone, or issued in the minute of the old
   *     StartTime, rule 3a, so StartTime could not have moved)
   */
  static Optional<Boolean> of(RebootEvidence evidence, boolean dryRun, RebootRequestStatus s) {
    if (dryRun
        || s == null
        || s.getPhase() != Phase.Succeeded
        || s.getRegionId() == null
        || !(SEEN_REBOOTING.equals(s.getRebootEvidence())
            || NODE_BOOT_ID_CHANGED.equals(s.getRebootEvidence()))
        || SafeTime.parse(s.getRebootIssuedTime()) == null) {
      return Optional.empty();
    }
    // The same rule as a live verification: a reboot proven happening, Running again.
    InstanceState after =
        new InstanceState(
            s.getInstanceId(), s.getRegionId(), "Running", s.getStartTimeAfter(), List.of());
    return evidence.startTimeLesson(
        new Evidence(
            Evidence.Call.ACCEPTED,
            after,
            true,
            s.getStartTimeBefore(),
            SafeTime.parse(s.getRebootIssuedTime()),
            null,
            SafeTime.parse(s.getCompletionTime()),
            false));
  }
}
