package io.ecsreboot.controller;

import static io.ecsreboot.api.v1alpha1.Conditions.Reasons;
import static io.ecsreboot.controller.NodeStatusReads.condition;
import static io.ecsreboot.controller.NodeStatusReads.issued;
import static io.ecsreboot.controller.NodeStatusReads.phaseOf;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.node.CordonRelease;
import io.ecsreboot.node.DrainRules;
import io.ecsreboot.node.NodeClient;
import io.ecsreboot.node.NodeEvents;
import io.ecsreboot.node.NodeFacts;
import io.ecsreboot.node.NodeVerification;
import io.ecsreboot.node.NotRebootedRetry;
import io.ecsreboot.reboot.FinishedRequestLessons;
import io.ecsreboot.reboot.RebootInput;
import io.ecsreboot.reboot.RebootRules;
import io.ecsreboot.reboot.RebootSettings;
import io.ecsreboot.reboot.RequestSpec;
import io.ecsreboot.reboot.StatusEditor;
import io.ecsreboot.reboot.Step;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a node request's reboot from the Node (DESIGN.md 7): a new bootID proves a reboot before
 * ECS does; success needs the node back (new bootID, Ready) and then uncordons; a failure lifts the
 * cordon only when no reboot can have happened; an unchanged bootID proves that an unconfirmed
 * reboot did not happen, so it is tried again.
 */
final class NodeReview {
  private final RebootRules rules;
  private final RebootSettings settings;
  private final NodeClient nodes;
  private final NodeEvents events;

  NodeReview(RebootRules rules, RebootSettings settings, NodeClient nodes, NodeEvents events) {
    this.rules = rules;
    this.settings = settings;
    this.nodes = nodes;
    this.events = events;
  }

  /** An unconfirmed reboot: a changed bootID proves it happened, before ECS is even asked. */
  RebootInput bootIdEvidence(RebootInput in, NodeFacts node) {
    var verdict =
        NodeVerification.judge(
            in.status().getBootIDBefore(), node, issued(in.status()), settings.settleWindow());
    if (verdict == NodeVerification.Verdict.BACK
        || verdict == NodeVerification.Verdict.REBOOTED_NOT_READY) {
      StatusEditor next = new StatusEditor(in.status(), in.generation(), in.now());
      next.condition(
              Conditions.REBOOT_ACCEPTED,
              Conditions.TRUE,
              Reasons.INFERRED_FROM_BOOT_ID,
              "node " + node.name() + " has a new bootID; ECS's reply was not received")
          .progress(Phase.Verifying, Reasons.VERIFYING, "waiting for the instance to run again");
      return in.withStatus(next.status());
    }
    return in;
  }

  /**
   * The ECS verdict seen from the node: success needs the node back (new bootID, Ready) and is then
   * uncordoned; a failure uncordons only when no reboot can have happened.
   */
  Step review(RebootRequest request, RebootInput in, Step step, NodeFacts node) {
    RebootRequestStatus status = step.status();
    Phase before = phaseOf(in.status());
    if (status.getPhase() == Phase.Succeeded && before != Phase.Succeeded) {
      return verifyNode(request, in, step, node);
    }
    if (status.getPhase() == Phase.Failed && before != Phase.Failed) {
      return notRebooted(request, in, step, node);
    }
    return step;
  }

  /**
   * ECS could not tell whether the unanswered reboot happened; the node may (see {@link
   * NotRebootedRetry}).
   */
  private Step notRebooted(RebootRequest request, RebootInput in, Step step, NodeFacts node) {
    RebootRequestStatus current = in.status();
    RequestSpec spec = RequestSpec.of(request.getSpec(), settings.defaultRegion());
    Condition stalled = condition(step.status(), Conditions.STALLED);
    Instant issued = issued(current);
    int retries = current.getRetries() == null ? 0 : current.getRetries();
    var decision =
        NotRebootedRetry.decide(
            new NotRebootedRetry.Input(
                phaseOf(current),
                stalled == null ? null : stalled.getReason(),
                current.getBootIDBefore(),
                node,
                issued,
                settings.settleWindow(),
                issued.plus(spec.verifyTimeout()),
                in.now(),
                retries,
                spec.backoffLimit()));
    String nodeName = request.getSpec().getNodeName();
    StatusEditor next = new StatusEditor(current, in.generation(), in.now());
    return switch (decision) {
      case KEEP -> releaseOnFailure(request, in, step.status(), node, step.requeueAfter(), false);
      case WAIT_FOR_HEARTBEAT -> {
        next.progress(
            Phase.Rebooting,
            Reasons.CONFIRMING_REBOOT,
            "ECS cannot tell whether RebootInstance took effect; node "
                + nodeName
                + " is Ready with the bootID it had before: waiting for it to report after the"
                + " settle window, which proves whether it rebooted");
        yield Step.record(next.status(), settings.pollInterval());
      }
      case RETRY -> {
        String message =
            notRebootedBecause(nodeName, current, node)
                + "; rebooting again (retry "
                + retries
                + " of "
                + spec.backoffLimit()
                + ")";
        events.nodeEvent(request, "Warning", "NotRebooted", message);
        next.progress(Phase.Pending, Reasons.RETRYING, message);
        yield Step.record(next.status(), Duration.ZERO);
      }
      case GIVE_UP -> {
        Step failed =
            rules.failWithoutEcs(
                in,
                Reasons.BACKOFF_LIMIT_EXCEEDED,
                notRebootedBecause(nodeName, current, node)
                    + "; gave up after "
                    + retries
                    + " retries (backoffLimit "
                    + spec.backoffLimit()
                    + ")");
        yield releaseOnFailure(
            request, in, failed.status(), node, failed.requeueAfter(), /* provenNoReboot= */ true);
      }
    };
  }

  private static String notRebootedBecause(
      String nodeName, RebootRequestStatus current, NodeFacts node) {
    return "RebootInstance attempt "
        + current.getAttempts()
        + " did not take effect: node "
        + nodeName
        + " still has bootID "
        + current.getBootIDBefore()
        + " and reported Ready at "
        + node.heartbeat()
        + ", after the settle window";
  }

  private Step verifyNode(RebootRequest request, RebootInput in, Step step, NodeFacts node) {
    RebootRequestStatus status = step.status();
    String nodeName = request.getSpec().getNodeName();
    var verdict =
        NodeVerification.judge(
            status.getBootIDBefore(), node, issued(status), settings.settleWindow());
    StatusEditor next = new StatusEditor(status, in.generation(), in.now());
    if (verdict == NodeVerification.Verdict.BACK) {
      if (!FinishedRequestLessons.SEEN_REBOOTING.equals(status.getRebootEvidence())) {
        next.status().setRebootEvidence(FinishedRequestLessons.NODE_BOOT_ID_CHANGED);
      }
      boolean uncordoned = nodes.uncordon(nodeName, NodeRequestFlow.owner(request));
      if (uncordoned) {
        events.nodeEvent(request, "Normal", "Uncordoned", "node " + nodeName + " uncordoned");
      }
      next.condition(
          Conditions.NODE_READY,
          Conditions.TRUE,
          Reasons.NODE_READY,
          "node " + nodeName + " is Ready with a new bootID");
      String message =
          "instance rebooted; node "
              + nodeName
              + " is back"
              + (uncordoned || !DrainRules.enabled(request.getSpec().getDrain())
                  ? (uncordoned ? " and uncordoned" : "")
                  : " and stays cordoned as it was before this request");
      next.succeed(Phase.Succeeded, Reasons.REBOOT_VERIFIED, message);
      return Step.record(next.status(), step.requeueAfter());
    }
    Instant deadline =
        issued(status)
            .plus(RequestSpec.of(request.getSpec(), settings.defaultRegion()).verifyTimeout());
    String waitingFor =
        "node "
            + nodeName
            + (verdict == NodeVerification.Verdict.REBOOTED_NOT_READY
                ? " has a new bootID but is not Ready"
                : " has not shown a new bootID yet");
    if (!in.now().isBefore(deadline)) {
      next.condition(
          Conditions.NODE_READY, Conditions.FALSE, Reasons.VERIFICATION_TIMEOUT, waitingFor);
      next.fail(
          Reasons.VERIFICATION_TIMEOUT,
          CordonRelease.describe(
              "the node did not come back within verifyTimeoutSeconds: " + waitingFor,
              nodeName,
              false));
      return Step.record(next.status(), step.requeueAfter());
    }
    next.status().setCompletionTime(null);
    next.condition(
        Conditions.NODE_READY, Conditions.FALSE, Reasons.WAITING_FOR_NODE_READY, waitingFor);
    next.progress(Phase.Verifying, Reasons.WAITING_FOR_NODE_READY, waitingFor);
    return Step.record(next.status(), settings.pollInterval());
  }

  /** Fails a request before its reboot: a cordon it holds is lifted. */
  Step failBeforeReboot(
      RebootRequest request, RebootInput in, NodeFacts node, String reason, String message) {
    Step failed = rules.failWithoutEcs(in, reason, message);
    return releaseOnFailure(request, in, failed.status(), node, failed.requeueAfter(), false);
  }

  /**
   * @param provenNoReboot the node proved that no reboot happened, whatever the ECS record says
   */
  private Step releaseOnFailure(
      RebootRequest request,
      RebootInput in,
      RebootRequestStatus failed,
      NodeFacts node,
      Duration requeue,
      boolean provenNoReboot) {
    String owner = NodeRequestFlow.owner(request);
    String nodeName = request.getSpec().getNodeName();
    if (node == null || !node.cordonedBy(owner)) {
      return Step.record(failed, requeue);
    }
    boolean release = provenNoReboot || !CordonRelease.rebootMayHaveHappened(failed);
    if (release && nodes.uncordon(nodeName, owner)) {
      events.nodeEvent(request, "Normal", "Uncordoned", "node " + nodeName + " uncordoned");
    }
    Condition stalled = condition(failed, Conditions.STALLED);
    StatusEditor next = new StatusEditor(failed, in.generation(), in.now());
    next.fail(stalled.getReason(), CordonRelease.describe(stalled.getMessage(), nodeName, release));
    return Step.record(next.status(), requeue);
  }
}
