package io.ecsreboot.node;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.EcsErrorStatus;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.reboot.ErrorTaxonomy;

/**
 * Whether a failed node request lifts its cordon (DESIGN.md 7): a failure before any reboot could
 * have happened uncordons, so the node serves again; a failure after one may have happened leaves
 * the node cordoned, because a node that did not come back verified must not get new pods.
 */
public final class CordonRelease {
  private CordonRelease() {}

  /** True when the machine may have rebooted (or be rebooting) for this request. */
  public static boolean rebootMayHaveHappened(RebootRequestStatus status) {
    if (status == null) {
      return false;
    }
    if (status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(
                c ->
                    Conditions.REBOOT_ACCEPTED.equals(c.getType())
                        && Conditions.TRUE.equals(c.getStatus()))) {
      return true;
    }
    if (status.getAttempts() == null || status.getAttempts() == 0) {
      return false; // no reboot intent was ever written, so no call was ever made
    }
    EcsErrorStatus last = status.getLastError();
    if (last == null) {
      return true; // an intent whose answer nobody saw (a crash between write and reply)
    }
    EcsError error =
        new EcsError(
            last.getCode(),
            last.getMessage(),
            last.getRequestId(),
            last.getHttpStatus() == null ? 0 : last.getHttpStatus());
    return ErrorTaxonomy.mayHaveTakenEffect(error);
  }

  /** The message of a failure, saying what became of the node. */
  public static String describe(String message, String nodeName, boolean uncordoned) {
    if (uncordoned) {
      return message + "; node " + nodeName + " uncordoned";
    }
    return message
        + "; node "
        + nodeName
        + " left cordoned because the reboot may have happened and was not verified: check it,"
        + " then kubectl uncordon "
        + nodeName
        + " (or delete this RebootRequest)";
  }
}
