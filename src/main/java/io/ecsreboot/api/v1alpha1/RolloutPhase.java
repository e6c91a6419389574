package io.ecsreboot.api.v1alpha1;

/** Where a RebootRollout stands; Succeeded and Failed are terminal. */
public enum RolloutPhase {
  /** Not looked at yet, or no child started so far. */
  Pending,
  Progressing,
  /** spec.suspend: no new child starts; those running finish. */
  Suspended,
  /** Outside every window: no new child starts until status.nextWindowStart. */
  WaitingForWindow,
  Succeeded,
  /** More failures than maxFailures (or an invalid spec): no new child starts. */
  Failed;

  public boolean isTerminal() {
    return this == Succeeded || this == Failed;
  }
}
