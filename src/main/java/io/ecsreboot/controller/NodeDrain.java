package io.ecsreboot.controller;

import static io.ecsreboot.api.v1alpha1.Conditions.Reasons;
import static io.ecsreboot.controller.NodeRequestFlow.done;
import static io.ecsreboot.controller.NodeRequestFlow.toEcs;
import static io.ecsreboot.controller.NodeStatusReads.condition;
import static io.ecsreboot.controller.NodeStatusReads.conditionIs;
import static io.ecsreboot.controller.NodeStatusReads.conditionTrue;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.DrainSpec;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.controller.NodeRequestFlow.Prepared;
import io.ecsreboot.node.DrainFilter;
import io.ecsreboot.node.DrainRules;
import io.ecsreboot.node.EvictionOutcome;
import io.ecsreboot.node.Evictions;
import io.ecsreboot.node.NodeClient;
import io.ecsreboot.node.NodeEvents;
import io.ecsreboot.node.NodeFacts;
import io.ecsreboot.node.PodFacts;
import io.ecsreboot.node.PodSelector;
import io.ecsreboot.reboot.RebootInput;
import io.ecsreboot.reboot.RebootRules;
import io.ecsreboot.reboot.RebootSettings;
import io.ecsreboot.reboot.StatusEditor;
import io.ecsreboot.reboot.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Cordons and drains a node request's Node before its reboot (DESIGN.md 7): one round of evictions
 * a reconcile, as {@link DrainRules} decides, and the dry run's server-side evictions.
 */
final class NodeDrain {
  /** Drain rounds run at most this far apart (the poll interval, if shorter). */
  private static final Duration DRAIN_ROUND = Duration.ofSeconds(2);

  private final RebootRules rules;
  private final RebootSettings settings;
  private final NodeClient nodes;
  private final Evictions evictions;
  private final NodeEvents events;
  private final Predicate<RebootRequest> stillWanted;
  private final NodeReview review;

  NodeDrain(
      RebootRules rules,
      RebootSettings settings,
      NodeClient nodes,
      Evictions evictions,
      NodeEvents events,
      Predicate<RebootRequest> stillWanted,
      NodeReview review) {
    this.rules = rules;
    this.settings = settings;
    this.nodes = nodes;
    this.evictions = evictions;
    this.events = events;
    this.stillWanted = stillWanted;
    this.review = review;
  }

  Prepared start(RebootRequest request, RebootInput in, NodeFacts node) {
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
        || !request.getMetadata().getFinalizers().contains(NodeRequestFlow.FINALIZER)) {
      // Never cordon before the finalizer is there: a request deleted in between would leave a
      // cordon nobody lifts.
      next.progress(
          Phase.Pending, Reasons.PENDING, "waiting for the finalizer " + NodeRequestFlow.FINALIZER);
      return done(Step.record(next.status(), roundInterval()), node);
    }
    String owner = NodeRequestFlow.owner(request);
    if (node.cordonedBy(owner)) {
      // Ours already (a drain that went back to Pending, or a restart): nothing to patch.
    } else if (!stillWanted.test(request)) {
      // Deleted since this reconcile began: a cordon now would outlive the finalizer's cleanup.
      return done(Step.record(in.status(), roundInterval()), node);
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
    return round(request, in.withStatus(next.status()), node, true);
  }

  Prepared round(RebootRequest request, RebootInput in, NodeFacts node, boolean first) {
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
        yield done(Step.record(next.status(), roundInterval()), node);
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
        String message = timedOut(drain, remaining) + "; rebooting anyway (onTimeout: Reboot)";
        if (!conditionIs(in.status(), Conditions.DRAINED, Reasons.DRAIN_TIMEOUT)) {
          events.nodeEvent(request, "Warning", "DrainTimeout", message);
        }
        next.condition(Conditions.DRAINED, Conditions.FALSE, Reasons.DRAIN_TIMEOUT, message);
        yield toEcs(in, next.status(), node);
      }
      case TIMED_OUT_FAIL -> {
        String message = timedOut(drain, remaining);
        next.condition(Conditions.DRAINED, Conditions.FALSE, Reasons.DRAIN_TIMEOUT, message);
        RebootInput failed = in.withStatus(next.status());
        yield done(
            review.failBeforeReboot(request, failed, node, Reasons.DRAIN_TIMEOUT, message), node);
      }
    };
  }

  private static String timedOut(DrainSpec drain, String remaining) {
    return "drain did not finish within drain.timeoutSeconds ("
        + DrainRules.timeout(drain).toSeconds()
        + "): "
        + remaining;
  }

  /** Dry run: each eviction as a server-side dry run; a budget that says no fails the dry run. */
  Prepared dryRun(RebootRequest request, RebootInput in, NodeFacts node) {
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

  /** The drain block (defaults when absent), from the request: the ECS input has none. */
  static DrainSpec drainSpec(RebootRequest request) {
    DrainSpec drain = request.getSpec().getDrain();
    return drain == null ? new DrainSpec() : drain;
  }

  private Duration roundInterval() {
    return settings.pollInterval().compareTo(DRAIN_ROUND) < 0
        ? settings.pollInterval()
        : DRAIN_ROUND;
  }
}
