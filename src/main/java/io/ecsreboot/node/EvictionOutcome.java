package io.ecsreboot.node;

/**
 * The API server's answer to one eviction.
 *
 * @param blocker who refused, e.g. {@code PodDisruptionBudget shop/web}, for BLOCKED
 * @param message the API server's message, for BLOCKED and FAILED
 */
public record EvictionOutcome(Kind kind, String blocker, String message) {
  public enum Kind {
    /** 201: the pod is being deleted with its grace period (or, in a dry run, would be). */
    ACCEPTED,
    /** 429 (a PodDisruptionBudget says no right now) or 500 (several budgets): retry later. */
    BLOCKED,
    /** 404: the pod is already gone. */
    GONE,
    /** Anything else: retried on the next round too, and shown. */
    FAILED
  }

  public static EvictionOutcome accepted() {
    return new EvictionOutcome(Kind.ACCEPTED, null, null);
  }

  public static EvictionOutcome gone() {
    return new EvictionOutcome(Kind.GONE, null, null);
  }
}
