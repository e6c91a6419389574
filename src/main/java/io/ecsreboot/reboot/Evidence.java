package io.ecsreboot.reboot;

import io.ecsreboot.ecs.InstanceState;
import java.time.Instant;

/**
 * What is known about one issued reboot at one look: the input of {@link RebootEvidence}. One small
 * value, so that a new kind of evidence joins as one more field (DESIGN.md 7 adds a node's bootID,
 * changed or unchanged, consulted before everything else here).
 *
 * @param call what ECS answered to the RebootInstance call
 * @param instance the instance now; null when DescribeInstances did not list it
 * @param seenTransitional the instance was seen Stopping/Starting since {@code issued}
 * @param startTimeBefore StartTime before the reboot, as ECS wrote it (may be null)
 * @param issued when the reboot was issued (the write-ahead intent time)
 * @param startTimeMovesOnReboot this operator has proven reboots in the region and saw StartTime
 *     move on them: only then does an unchanged StartTime prove that no reboot happened
 */
public record Evidence(
    Call call,
    InstanceState instance,
    boolean seenTransitional,
    String startTimeBefore,
    Instant issued,
    Instant now,
    boolean startTimeMovesOnReboot) {

  /** What came back from RebootInstance. */
  public enum Call {
    /** ECS accepted it (a RequestId came back). */
    ACCEPTED,
    /**
     * Its fate is unknown: a 5xx, a reply that is not JSON, a read timeout, a dropped connection,
     * or the operator stopped between the intent and recording the answer.
     */
    AMBIGUOUS
  }
}
