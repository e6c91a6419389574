package io.ecsreboot.reboot;

/** What the evidence says about a reboot that was issued (the table in {@link RebootEvidence}). */
public enum Verdict {
  /** The instance rebooted and runs again. */
  REBOOTED,
  /** The instance is stopping or starting: the reboot is under way. */
  IN_PROGRESS,
  /** Too early to tell; look again. */
  UNDECIDED,
  /** The instance provably did not reboot since the call: calling again is safe. */
  NOT_REBOOTED,
  /** Nothing the operator can see will tell: fail RebootUnconfirmed, never guess. */
  UNDECIDABLE,
  /** The instance is stopped (someone else stopped it). */
  STOPPED,
  /** The instance no longer exists in the region. */
  ABSENT
}
