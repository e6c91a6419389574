package io.ecsreboot.rollout;

import java.time.Instant;

/**
 * What a rollout needs to know of one child RebootRequest.
 *
 * @param target the Node name or instance id the child reboots
 * @param finishedAt when a finished child completed (null while active, or when unknown)
 * @param leftCordoned a failed node child whose node is still cordoned by it: still unavailable
 * @param refusal for a target whose child the API server refused for good: why, for people (the
 *     target then counts as failed); null for a child that exists
 */
public record ChildState(
    String target, Outcome outcome, Instant finishedAt, boolean leftCordoned, String refusal) {
  /** Where the child stands, as the rollout counts it. */
  public enum Outcome {
    ACTIVE,
    SUCCEEDED,
    FAILED
  }

  public static ChildState active(String target) {
    return new ChildState(target, Outcome.ACTIVE, null, false, null);
  }

  public static ChildState succeeded(String target, Instant at) {
    return new ChildState(target, Outcome.SUCCEEDED, at, false, null);
  }

  public static ChildState failed(String target, Instant at, boolean leftCordoned) {
    return new ChildState(target, Outcome.FAILED, at, leftCordoned, null);
  }

  /** A target whose child was never created: the API server refused it for good. */
  public static ChildState refused(String target, Instant at, String refusal) {
    return new ChildState(target, Outcome.FAILED, at, false, refusal);
  }
}
