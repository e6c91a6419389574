package io.ecsreboot.node;

import java.time.Duration;
import java.time.Instant;

/**
 * What the Node says about a reboot (DESIGN.md 7): a bootID different from the one before is proof
 * that the machine rebooted; the same bootID on a Ready node whose kubelet reported after the
 * settle window is proof that it did not.
 */
public final class NodeVerification {
  public enum Verdict {
    /** New bootID and Ready=True: the node is back. */
    BACK,
    /** New bootID, not Ready (yet): the machine rebooted, the kubelet is not back. */
    REBOOTED_NOT_READY,
    /** Same bootID, Ready, heartbeat after issue + settle window: the reboot did not happen. */
    NOT_REBOOTED,
    /** Cannot tell yet (no node, no bootID, or no fresh heartbeat). */
    UNKNOWN
  }

  private NodeVerification() {}

  /**
   * @param node the Node now, or null when it is gone
   * @param issued when the reboot was issued (the write-ahead intent time)
   */
  public static Verdict judge(
      String bootIdBefore, NodeFacts node, Instant issued, Duration settleWindow) {
    if (node == null || node.bootId() == null || node.bootId().isEmpty() || bootIdBefore == null) {
      return Verdict.UNKNOWN;
    }
    if (!node.bootId().equals(bootIdBefore)) {
      return node.isReady() ? Verdict.BACK : Verdict.REBOOTED_NOT_READY;
    }
    boolean freshAfterSettle =
        node.heartbeat() != null && node.heartbeat().isAfter(issued.plus(settleWindow));
    return node.isReady() && freshAfterSettle ? Verdict.NOT_REBOOTED : Verdict.UNKNOWN;
  }
}
