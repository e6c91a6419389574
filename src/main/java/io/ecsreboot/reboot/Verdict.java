package io.ecsreboot.reboot;

/** What DescribeInstances says about a reboot that was issued. */
public enum Verdict {
  /** The instance rebooted and runs again. */
  REBOOTED,
  /** The instance is stopping or starting: the reboot is under way. */
  IN_PROGRESS,
  /** Too early to tell; look again later. */
  UNDECIDED,
  /** After the settle window the instance still looks untouched: the call did not take effect. */
  UNTOUCHED,
  /** The instance is stopped (someone else stopped it). */
  STOPPED,
  /** The instance no longer exists in the region. */
  ABSENT
}
