package io.ecsreboot.reboot;

/** What the operator does with an ECS error (DESIGN.md 3.1). */
public enum ErrorClass {
  /** DryRunOperation: the dry run passed. */
  DRY_RUN_PASSED,
  /** Transient: back off and try again, counted against backoffLimit. */
  RETRYABLE,
  /** The instance is between states: wait until it runs, bounded by the deadline. */
  WAIT,
  /** Hopeless: fail the request; a new RebootRequest is needed. */
  TERMINAL
}
