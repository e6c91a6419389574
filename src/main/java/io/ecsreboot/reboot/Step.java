package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import java.time.Duration;

/**
 * What the reconciler does next: write {@code status} (when it differs from the current one), then
 * the action, then look again after {@code requeueAfter} (null: only on the next event).
 */
public record Step(RebootRequestStatus status, Action action, Duration requeueAfter) {

  /** Every delay fits a timer: a far-off due time is looked at again well before it. */
  public Step {
    requeueAfter = SafeTime.forTimer(requeueAfter);
  }

  public enum Action {
    /** Nothing beyond the status write. */
    NONE,
    /** Write the status (for a real reboot: the intent; no write, no call), then RebootInstance. */
    REBOOT,
    /** Delete the RebootRequest: its TTL after finishing passed. */
    DELETE
  }

  public static Step record(RebootRequestStatus status, Duration requeueAfter) {
    return new Step(status, Action.NONE, requeueAfter);
  }
}
