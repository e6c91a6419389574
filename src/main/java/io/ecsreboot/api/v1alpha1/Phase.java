package io.ecsreboot.api.v1alpha1;

/** Where a RebootRequest stands; the last three are terminal. */
public enum Phase {
  Pending,
  /** Node requests only: the node is cordoned and its pods are being evicted. */
  Draining,
  Rebooting,
  Verifying,
  Succeeded,
  DryRunPassed,
  Failed;

  public boolean isTerminal() {
    return this == Succeeded || this == DryRunPassed || this == Failed;
  }
}
