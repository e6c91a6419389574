package io.ecsreboot.rollout;

import java.time.Instant;

/**
 * What a rollout needs to know of one child RebootRequest.
 *
 * @param target the Node name or instance id the child reboots
 * @param finishedAt when a finished child completed (null while active, or when unknown)
 * @param leftCordoned a failed node child whose node is still cordoned by it: still unavailable
 */
public record ChildState(String target, Outcome outcome, Instant finishedAt, boolean leftCordoned) {
  /** Where the child stands, as the rollout counts it. */
  public enum Outcome {
    ACTIVE,
    SUCCEEDED,
    FAILED
  }

  public static ChildState active(String target) {
    return new ChildState(target, Outcome.ACTIVE, null, false);
  }

  public static ChildState succeeded(String target, Instant at) {
    return new ChildState(target, Outcome.SUCCEEDED, at, false);
  }

  public static ChildState failed(String target, Instant at, boolean leftCordoned) {
    return new ChildState(target, Outcome.FAILED, at, leftCordoned);
  }
}
