package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.InstanceState;
import java.time.Instant;

/**
 * Everything one decision looks at, as plain values.
 *
 * @param status the current status (an empty one for a new request)
 * @param created the request's creationTimestamp; the deadline counts from it
 * @param waitingForOlderRequest an older unfinished request targets the same instance
 * @param observation the instance as ECS reports it now; null when not looked at
 */
public record RebootInput(
    RebootRequestSpec spec,
    RebootRequestStatus status,
    long generation,
    Instant created,
    Instant now,
    boolean waitingForOlderRequest,
    Observation observation) {

  /**
   * One look at the instance: its state (null: not listed by DescribeInstances), whether it was
   * seen Stopping/Starting since the reboot was issued, or the error DescribeInstances gave; and
   * whether this operator has seen StartTime move on the reboots it proved in the region ({@link
   * StartTimeLessons}).
   */
  public record Observation(
      InstanceState instance,
      boolean seenTransitional,
      EcsError error,
      boolean startTimeMovesOnReboot) {
    public static Observation of(InstanceState instance, boolean seenTransitional) {
      return new Observation(instance, seenTransitional, null, false);
    }

    public static Observation failed(EcsError error) {
      return new Observation(null, false, error, false);
    }

    public Observation withStartTimeMovesOnReboot(boolean moves) {
      return new Observation(instance, seenTransitional, error, moves);
    }
  }

  public RebootInput withObservation(Observation observation) {
    return new RebootInput(
        spec, status, generation, created, now, waitingForOlderRequest, observation);
  }
}
