package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;

/**
 * Ends a request whose reboot can be neither proven nor ruled out: never a guess in either
 * direction (a false Succeeded leaves a kernel unpatched, a second reboot is a second outage), but
 * a failure that tells the admin what to check.
 */
final class Unconfirmed {
  private Unconfirmed() {}

  /** Fails with reason {@code RebootUnconfirmed}; {@code why} says what the evidence showed. */
  static StatusEditor fail(StatusEditor next, String why) {
    return failAs(next, Conditions.Reasons.REBOOT_UNCONFIRMED, why);
  }

  /** Fails with {@code reason}, saying that whether the reboot happened is not known. */
  static StatusEditor failAs(StatusEditor next, String reason, String why) {
    RebootRequestStatus status = next.status();
    String message =
        "could not confirm whether RebootInstance (attempt "
            + RebootRules.orZero(status.getAttempts())
            + ", issued "
            + status.getRebootIssuedTime()
            + ") rebooted instance "
            + status.getInstanceId()
            + ": "
            + why
            + ". No second reboot was attempted. Check the instance's boot time inside the OS"
            + " (uptime -s, last reboot) and its event history in the ECS console; create a new"
            + " RebootRequest if it still needs a reboot";
    boolean accepted =
        status.getPhase() == Phase.Verifying || Conditions.TRUE.equals(acceptedStatus(status));
    if (!accepted) {
      next.condition(Conditions.REBOOT_ACCEPTED, Conditions.UNKNOWN, reason, message);
    }
    return next.fail(reason, message);
  }

  private static String acceptedStatus(RebootRequestStatus status) {
    return status.getConditions() == null
        ? null
        : status.getConditions().stream()
            .filter(c -> Conditions.REBOOT_ACCEPTED.equals(c.getType()))
            .map(c -> c.getStatus())
            .findFirst()
            .orElse(null);
  }
}
