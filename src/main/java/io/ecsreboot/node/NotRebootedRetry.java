package io.ecsreboot.node;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what a node request does when ECS alone cannot tell whether its unanswered RebootInstance
 * took effect (DESIGN.md 7): the Node can. Its bootID unchanged on a Ready node that reported after
 * the settle window proves the reboot did not happen, so the reboot may be tried again (bounded by
 * backoffLimit) instead of ending {@code Failed/RebootUnconfirmed}.
 */
public final class NotRebootedRetry {
  public enum Decision {
    /** Not a case for the node's evidence: the ECS verdict stands. */
    KEEP,
    /** The node proves no reboot happened: back to Pending, the reboot is issued again. */
    RETRY,
    /** The node proves no reboot happened, but the retries are used up. */
    GIVE_UP,
    /**
     * The same bootID on a Ready node, but no heartbeat since the settle window yet (a kubelet
     * reports its status only every few minutes when nothing changes): wait for one, up to the
     * verify timeout, rather than give up on evidence that is coming.
     */
    WAIT_FOR_HEARTBEAT
  }

  /** What the decision looks at: the ECS verdict, the request's reboot, and the Node now. */
  public record Input(
      Phase phaseBefore,
      String ecsFailureReason,
      String bootIdBefore,
      NodeFacts node,
      Instant issued,
      Duration settleWindow,
      Instant verifyDeadline,
      Instant now,
      int retries,
      int backoffLimit) {}

  private NotRebootedRetry() {}

  public static Decision decide(Input in) {
    // Only an unanswered call (phase Rebooting) that ECS cannot judge; an accepted call whose
    // reboot never shows is VerificationTimeout, not a case for a second call.
    if (in.phaseBefore() != Phase.Rebooting
        || !Conditions.Reasons.REBOOT_UNCONFIRMED.equals(in.ecsFailureReason())) {
      return Decision.KEEP;
    }
    var verdict =
        NodeVerification.judge(in.bootIdBefore(), in.node(), in.issued(), in.settleWindow());
    if (verdict == NodeVerification.Verdict.NOT_REBOOTED) {
      // The same rule as RebootRules' own proof of no reboot: the failed call already counted.
      return in.retries() > in.backoffLimit() ? Decision.GIVE_UP : Decision.RETRY;
    }
    boolean sameBootReady =
        verdict == NodeVerification.Verdict.UNKNOWN
            && in.node() != null
            && in.node().isReady()
            && in.node().bootId() != null
            && in.node().bootId().equals(in.bootIdBefore());
    return sameBootReady && in.now().isBefore(in.verifyDeadline())
        ? Decision.WAIT_FOR_HEARTBEAT
        : Decision.KEEP;
  }
}
