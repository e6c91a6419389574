package io.ecsreboot.controller;

import static io.ecsreboot.api.v1alpha1.Conditions.Reasons;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.DrainSpec;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.node.CordonRelease;
import io.ecsreboot.node.DrainFilter;
import io.ecsreboot.node.DrainRules;
import io.ecsreboot.node.EvictionOutcome;
import io.ecsreboot.node.Evictions;
import io.ecsreboot.node.NodeClient;
import io.ecsreboot.node.NodeEvents;
import io.ecsreboot.node.NodeFacts;
import io.ecsreboot.node.NodeResolution;
import io.ecsreboot.node.NodeVerification;
import io.ecsreboot.node.PodFacts;
import io.ecsreboot.node.PodSelector;
import io.ecsreboot.policy.PolicyGate;
import io.ecsreboot.reboot.RebootInput;
import io.ecsreboot.reboot.RebootRules;
import io.ecsreboot.reboot.RebootSettings;
import io.ecsreboot.reboot.RequestSpec;
import io.ecsreboot.reboot.StatusEditor;
import io.ecsreboot.reboot.Step;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The node half of a nodeName request (DESIGN.md 7), around the instance half that {@link
 * RebootRules} decides: resolve the Node to its instance, cordon and drain before the reboot, take
 * the bootID as evidence, and after the ECS verdict require the node back (new bootID, Ready), then
 * uncordon. Decisions are the node package's; this class performs them and shapes the status.
 */
final class NodeRequestFlow {
  /** The finalizer that lets a deleted node request lift its cordon. */
  static final String FINALIZER = "ecsreboot.io/node-cordon";

  /** Drain rounds run at most this far apart (the poll interval, if shorter). */
  private static final Duration DRAIN_ROUND = Duration.ofSeconds(2);

  private final RebootRules rules;
  private final RebootSettings settings;
  private final NodeClient nodes;
  private final Evictions evictions;
  private final NodeEvents events;
  private final PolicyGate policy;
  private final Predicate<RebootRequest> stillWanted;

  NodeRequestFlow(
      RebootRules rules,
      RebootSettings settings,
      NodeClient nodes,
      Evictions evictions,
      NodeEvents events,
      PolicyGate policy,
      Predicate<RebootRequest> stillWanted) {
    this.rules = rules;
    this.stillWanted = stillWanted;
    this.settings = settings;
    this.nodes = nodes;
    this.evictions = evictions;
    this.events = events;
    this.policy = policy;
  }

  /**
   * Either {@code step} is the whole answer, or {@code ecsInput} (the request as an instance
   * request, status carrying the node's part) goes on to ECS, and its step back through {@link
   * #review}.
   */
  record Prepared(Step step, RebootInput ecsInput, NodeFacts node) {}

  /**
   * What a flow needs besides the rules: the node and eviction clients, Events, the policy gate.
   */
  /**
   * @param stillWanted whether the request still exists and is not being deleted, asked of the API
   *     server right before a first cordon (the cache may be behind a deletion)
   */
  record Parts(
      NodeClient nodes,
      Evictions evictions,
      NodeEvents events,
      PolicyGate policy,
      Predicate<RebootRequest> stillWanted) {
    NodeRequestFlow flow(RebootRules rules, RebootSettings settings) {
      return new NodeRequestFlow(rules, settings, nodes, evictions, events, policy, stillWanted);
    }
  }

  /**
   * A status write failed (conflict, or the request is gone). If the request is being deleted, a
   * cordon this reconcile set may have come after the finalizer's cleanup: lift it.
   */
  void afterFailedWrite(RebootRequest request) {
    if (!stillWanted.test(request)) {
      nodes.uncordon(request.getSpec().getNodeName(), owner(request));
    }
  }

  static boolean isNodeRequest(RebootRequest request) {
    return request.getSpec() != null && request.getSpec().getNodeName() != null;
  }

  static String owner(RebootRequest request) {
    return request.getMetadata().getNamespace() + "/" + request.getMetadata().getName();
  }

  /**
   * @param waitsFor whether another request for {@code <region>/<instanceId>} goes first (the
   *     queue, asked again with the instance this reconcile resolved)
   */
  Prepared prepare(RebootRequest request, RebootInput in, Predicate<String> waitsFor) {
    Phase phase = phaseOf(in.status());
    if (phase.isTerminal()) {
      return done(rules.decideWithoutEcs(in).orElseThrow(), null);
    }
    String nodeName = in.spec().getNodeName();
    if (phase.ordinal() <= Phase.Draining.ordinal()) {
      // Before the first cordon, and again each round until the reboot: labels can change.
      Optional<String> refused = policy.refuseNode(request);
      if (refused.isPresent()) {
        return done(
            failBeforeReboot(
                request, in, nodes.get(nodeName), Reasons.NOT_PERMITTED, refused.get()),
            null);
      }
    }
    try {
      RequestSpec.of(in.spec(), settings.defaultRegion());
      PodSelector.parse(drainSpec(request).getPodSelector());
    } catch (RuntimeException e) {
      return done(failBeforeReboot(request, in, null, Reasons.INVALID_SPEC, e.getMessage()), null);
    }
    NodeFacts node = nodes.get(nodeName);
    StatusEditor resolved = new StatusEditor(in.status(), in.generation(), in.now());
    if (in.status().getInstanceId() == null) {
      NodeResolution.Result r = NodeResolution.resolve(nodeName, node, in.spec().getRegionId());
      if (!r.ok()) {
        return done(failBeforeReboot(request, in, node, r.reason(), r.message()), node);
      }
      resolved.status().setNodeName(nodeName);
      resolved.status().setInstanceId(r.instance().instanceId());
      resolved.status().setRegionId(r.instance().regionId());
    }
    boolean waiting =
        in.waitingForOlderRequest()
            || waitsFor.test(
                resolved.status().getRegionId() + "/" + resolved.status().getInstanceId());
    RebootInput effective = asInstanceRequest(in, resolved.status(), waiting);
    Optional<Step> early = rules.decideWithoutEcs(effective);
    if (early.isPresent()) {
      return done(review(request, effective, early.get(), node), node);
    }
    if (node == null && phase.ordinal() <= Phase.Draining.ordinal()) {
      return done(
          failBeforeReboot(
              request, effective, null, Reasons.NODE_NOT_FOUND, "Node " + nodeName + " is gone"),
          null);
    }
    return switch (phase) {
      case Pending ->
          Boolean.TRUE.equals(in.spec().getDryRun())
              ? dryRun(request, effective, node)
              : startDrain(request, effective, node);
      case Draining -> drainRound(request, effective, node, false);
      case Rebooting -> bootIdEvidence(effective, node);
      default -> new Prepared(null, effective, node);
    };
  }

  private Prepared startDrain(RebootRequest request, RebootInput in, NodeFacts node) {
    StatusEditor next = new StatusEditor(in.status(), in.generation(), in.now()).startedIfUnset();
    next.status().setBootIDBefore(node.bootId());
    if (!DrainRules.enabled(request.getSpec().getDrain())) {
      next.condition(
          Conditions.DRAINED,
          Conditions.TRUE,
          Reasons.DRAIN_SKIPPED,
          "drain.enabled is false: the node is rebooted with its pods");
      return toEcs(in, next.status(), node);
    }
    if (request.getMetadata().getFinalizers() == null
        || !request.getMetadata().getFinalizers().contains(FINALIZER)) {
      // Never cordon before the finalizer is there: a request deleted in between would leave a
      // cordon nobody lifts.
      next.progress(Phase.Pending, Reasons.PENDING, "waiting for the finalizer " + FINALIZER);
      return done(Step.record(next.status(), drainRound()), node);
    }
    String owner = owner(request);
    if (node.cordonedBy(owner)) {
      // Ours already (a drain that went back to Pending, or a restart): nothing to patch.
    } else if (!stillWanted.test(request)) {
      // Deleted since this reconcile began: a cordon now would outlive the finalizer's cleanup.
      return done(Step.record(in.status(), drainRound()), node);
    } else if (nodes.cordon(node.name(), owner)) {
      events.nodeEvent(
          request, "Normal", "Cordoned", "node " + node.name() + " cordoned; evicting its pods");
    } else if (condition(in.status(), Conditions.DRAINED) == null) {
      // Said once: a request that goes back to Pending (waiting for the instance) passes here
      // again.
      events.nodeEvent(
          request,
          "Normal",
          "AlreadyCordoned",
          "node " + node.name() + " was cordoned before this request and stays cordoned after it");
    }
    next.progress(Phase.Draining, Reasons.DRAINING, "evicting pods from node " + node.name());
    next.condition(
        Conditions.DRAINED, Conditions.FALSE, Reasons.DRAINING, "evicting pods from the node");
    return drainRound(request, in.withStatus(next.status()), node, true);
  }

  private Prepared drainRound(
      RebootRequest request, RebootInput in, NodeFacts node, boolean first) {
    DrainSpec drain = drainSpec(request);
    DrainFilter.Plan plan =
        new DrainFilter(PodSelector.parse(drain.getPodSelector())).plan(nodes.podsOn(node.name()));
    if (first && !plan.unmanaged().isEmpty()) {
      events.nodeEvent(
          request,
          "Warning",
          "PodsNotEvicted",
          "no controller would recreate these pods, so they stay and restart with the node: "
              + plan.unmanaged().stream().map(PodFacts::key).collect(Collectors.joining(", ")));
    }
    List<EvictionOutcome> outcomes = new ArrayList<>();
    Set<String> gone = new HashSet<>();
    for (PodFacts pod : plan.notYetEvicted()) {
      EvictionOutcome o = evictions.evict(pod, drain.getGracePeriodSeconds(), false);
      outcomes.add(o);
      if (o.kind() == EvictionOutcome.Kind.GONE) {
        gone.add(pod.uid());
      } else if (o.kind() != EvictionOutcome.Kind.ACCEPTED) {
        events.evictionBlocked(request, o.blocker(), o.message());
      }
    }
    List<PodFacts> waiting = plan.toEvict().stream().filter(p -> !gone.contains(p.uid())).toList();
    DrainRules.Round round =
        DrainRules.next(drain, in.status().getDrain(), waiting, outcomes, in.now());
    StatusEditor next = new StatusEditor(in.status(), in.generation(), in.now());
    next.status().setDrain(round.status());
    String blockedBy = round.status().getBlockedBy();
    String remaining =
        waiting.size()
            + " pod(s) still on node "
            + node.name()
            + (blockedBy == null ? "" : ", blocked by " + blockedBy);
    return switch (round.verdict()) {
      case CONTINUE -> {
        String reason = blockedBy == null ? Reasons.DRAINING : Reasons.EVICTION_BLOCKED;
        next.condition(Conditions.DRAINED, Conditions.FALSE, reason, remaining);
        next.progress(Phase.Draining, reason, remaining);
        yield done(Step.record(next.status(), drainRound()), node);
      }
      case DRAINED -> {
        if (!conditionTrue(in.status(), Conditions.DRAINED)) {
          events.nodeEvent(
              request,
              "Normal",
              "Drained",
              "node "
                  + node.name()
                  + " drained: "
                  + round.status().getEvicted()
                  + " pod(s) evicted");
        }
        next.condition(
            Conditions.DRAINED,
            Conditions.TRUE,
            Reasons.DRAINED,
            round.status().getEvicted() + " pod(s) evicted; no pod to wait for is left");
        yield toEcs(in, next.status(), node);
      }
      case TIMED_OUT_REBOOT -> {
        String message =
            "drain did not finish within drain.timeoutSeconds ("
                + DrainRules.timeout(drain).toSeconds()
                + "): "
                + remaining
                + "; rebooting anyway (onTimeout: Reboot)";
        if (!conditionIs(in.status(), Conditions.DRAINED, Reasons.DRAIN_TIMEOUT)) {
          events.nodeEvent(request, "Warning", "DrainTimeout", message);
        }
        next.condition(Conditions.DRAINED, Conditions.FALSE, Reasons.DRAIN_TIMEOUT, message);
        yield toEcs(in, next.status(), node);
      }
      case TIMED_OUT_FAIL -> {
        String message =
            "drain did not finish within drain.timeoutSeconds ("
                + DrainRules.timeout(drain).toSeconds()
                + "): "
                + remaining;
        next.condition(Conditions.DRAINED, Conditions.FALSE, Reasons.DRAIN_TIMEOUT, message);
        RebootInput failed = in.withStatus(next.status());
        yield done(failBeforeReboot(request, failed, node, Reasons.DRAIN_TIMEOUT, message), node);
      }
    };
  }

  /** Dry run: each eviction as a server-side dry run; a budget that says no fails the dry run. */
  private Prepared dryRun(RebootRequest request, RebootInput in, NodeFacts node) {
    DrainSpec drain = drainSpec(request);
    if (DrainRules.enabled(drain)) {
      DrainFilter.Plan plan =
          new DrainFilter(PodSelector.parse(drain.getPodSelector()))
              .plan(nodes.podsOn(node.name()));
      List<String> blockers = new ArrayList<>();
      for (PodFacts pod : plan.notYetEvicted()) {
        EvictionOutcome o = evictions.evict(pod, drain.getGracePeriodSeconds(), true);
        if (o.kind() == EvictionOutcome.Kind.BLOCKED || o.kind() == EvictionOutcome.Kind.FAILED) {
          blockers.add(pod.key() + ": " + o.blocker());
        }
      }
      if (!blockers.isEmpty()) {
        String message =
            "the drain of node "
                + node.name()
                + " would be blocked right now: "
                + String.join("; ", blockers);
        StatusEditor next = new StatusEditor(in.status(), in.generation(), in.now());
        next.condition(
            Conditions.DRY_RUN_PASSED, Conditions.FALSE, Reasons.EVICTION_BLOCKED, message);
        return done(
            rules.failWithoutEcs(in.withStatus(next.status()), Reasons.EVICTION_BLOCKED, message),
            node);
      }
    }
    return new Prepared(null, in, node);
  }

  /** An unconfirmed reboot: a changed bootID proves it happened, before ECS is even asked. */
  private Prepared bootIdEvidence(RebootInput in, NodeFacts node) {
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
      return new Prepared(null, in.withStatus(next.status()), node);
    }
    return new Prepared(null, in, node);
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
      return releaseOnFailure(request, in, status, node, step.requeueAfter());
    }
    return step;
  }

  private Step verifyNode(RebootRequest request, RebootInput in, Step step, NodeFacts node) {
    RebootRequestStatus status = step.status();
    String nodeName = request.getSpec().getNodeName();
    var verdict =
        NodeVerification.judge(
            status.getBootIDBefore(), node, issued(status), settings.settleWindow());
    StatusEditor next = new StatusEditor(status, in.generation(), in.now());
    if (verdict == NodeVerification.Verdict.BACK) {
      boolean uncordoned = nodes.uncordon(nodeName, owner(request));
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

  private Step releaseOnFailure(
      RebootRequest request,
      RebootInput in,
      RebootRequestStatus failed,
      NodeFacts node,
      Duration requeue) {
    String owner = owner(request);
    String nodeName = request.getSpec().getNodeName();
    if (node == null || !node.cordonedBy(owner)) {
      return Step.record(failed, requeue);
    }
    boolean release = !CordonRelease.rebootMayHaveHappened(failed);
    if (release && nodes.uncordon(nodeName, owner)) {
      events.nodeEvent(request, "Normal", "Uncordoned", "node " + nodeName + " uncordoned");
    }
    Condition stalled = condition(failed, Conditions.STALLED);
    StatusEditor next = new StatusEditor(failed, in.generation(), in.now());
    next.fail(stalled.getReason(), CordonRelease.describe(stalled.getMessage(), nodeName, release));
    return Step.record(next.status(), requeue);
  }

  /** Fails a request before its reboot: a cordon it holds is lifted. */
  private Step failBeforeReboot(
      RebootRequest request, RebootInput in, NodeFacts node, String reason, String message) {
    Step failed = rules.failWithoutEcs(in, reason, message);
    return releaseOnFailure(request, in, failed.status(), node, failed.requeueAfter());
  }

  private Prepared toEcs(RebootInput in, RebootRequestStatus status, NodeFacts node) {
    // RebootRules takes a drained node request as a plain instance request about to reboot.
    status.setPhase(Phase.Pending);
    return new Prepared(null, in.withStatus(status), node);
  }

  /** The request as RebootRules knows requests: the resolved instance, no node, no drain. */
  private static RebootInput asInstanceRequest(
      RebootInput in, RebootRequestStatus status, boolean waiting) {
    RebootRequestSpec spec = copy(in.spec());
    spec.setNodeName(null);
    spec.setDrain(null);
    spec.setInstanceId(status.getInstanceId());
    spec.setRegionId(status.getRegionId());
    return new RebootInput(
        spec, status, in.generation(), in.created(), in.now(), waiting, in.observation());
  }

  private static RebootRequestSpec copy(RebootRequestSpec spec) {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .convertValue(spec, RebootRequestSpec.class);
  }

  /** The drain block (defaults when absent), from the request: the ECS input has none. */
  private static DrainSpec drainSpec(RebootRequest request) {
    DrainSpec drain = request.getSpec().getDrain();
    return drain == null ? new DrainSpec() : drain;
  }

  private Duration drainRound() {
    return settings.pollInterval().compareTo(DRAIN_ROUND) < 0
        ? settings.pollInterval()
        : DRAIN_ROUND;
  }

  private static Prepared done(Step step, NodeFacts node) {
    return new Prepared(step, null, node);
  }

  private static Instant issued(RebootRequestStatus status) {
    return status.getRebootIssuedTime() == null
        ? Instant.EPOCH
        : Instant.parse(status.getRebootIssuedTime());
  }

  private static Phase phaseOf(RebootRequestStatus status) {
    return status == null || status.getPhase() == null ? Phase.Pending : status.getPhase();
  }

  private static Condition condition(RebootRequestStatus status, String type) {
    return status.getConditions() == null
        ? null
        : status.getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  private static boolean conditionTrue(RebootRequestStatus status, String type) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && Conditions.TRUE.equals(c.getStatus()));
  }

  private static boolean conditionIs(RebootRequestStatus status, String type, String reason) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason()));
  }
}
