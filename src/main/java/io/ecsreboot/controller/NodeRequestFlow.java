package io.ecsreboot.controller;

import static io.ecsreboot.api.v1alpha1.Conditions.Reasons;
import static io.ecsreboot.controller.NodeStatusReads.phaseOf;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.node.Evictions;
import io.ecsreboot.node.NodeClient;
import io.ecsreboot.node.NodeEvents;
import io.ecsreboot.node.NodeFacts;
import io.ecsreboot.node.NodeResolution;
import io.ecsreboot.node.PodSelector;
import io.ecsreboot.policy.PolicyGate;
import io.ecsreboot.reboot.RebootInput;
import io.ecsreboot.reboot.RebootRules;
import io.ecsreboot.reboot.RebootSettings;
import io.ecsreboot.reboot.RequestSpec;
import io.ecsreboot.reboot.StatusEditor;
import io.ecsreboot.reboot.Step;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The node half of a nodeName request (DESIGN.md 7), around the instance half that {@link
 * RebootRules} decides: resolve the Node to its instance, cordon and drain before the reboot, take
 * the bootID as evidence, and after the ECS verdict require the node back (new bootID, Ready), then
 * uncordon. Decisions are the node package's; {@link NodeDrain} and {@link NodeReview} perform them
 * and shape the status, this class routes a reconcile to them by phase.
 */
final class NodeRequestFlow {
  /** The finalizer that lets a deleted node request lift its cordon. */
  static final String FINALIZER = "ecsreboot.io/node-cordon";

  private final RebootRules rules;
  private final RebootSettings settings;
  private final NodeClient nodes;
  private final PolicyGate policy;
  private final Predicate<RebootRequest> stillWanted;
  private final NodeReview review;
  private final NodeDrain drain;

  NodeRequestFlow(
      RebootRules rules,
      RebootSettings settings,
      NodeClient nodes,
      Evictions evictions,
      NodeEvents events,
      PolicyGate policy,
      Predicate<RebootRequest> stillWanted) {
    this.rules = rules;
    this.settings = settings;
    this.nodes = nodes;
    this.policy = policy;
    this.stillWanted = stillWanted;
    this.review = new NodeReview(rules, settings, nodes, events);
    this.drain = new NodeDrain(rules, settings, nodes, evictions, events, stillWanted, review);
  }

  /**
   * Either {@code step} is the whole answer, or {@code ecsInput} (the request as an instance
   * request, status carrying the node's part) goes on to ECS, and its step back through {@link
   * #review}.
   */
  record Prepared(Step step, RebootInput ecsInput, NodeFacts node) {}

  /**
   * What a flow needs besides the rules: the node and eviction clients, Events, the policy gate.
   *
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
    Optional<Step> refused = notPermitted(request, in, phase);
    if (refused.isPresent()) {
      return done(refused.get(), null);
    }
    try {
      RequestSpec.of(in.spec(), settings.defaultRegion());
      PodSelector.parse(NodeDrain.drainSpec(request).getPodSelector());
    } catch (RuntimeException e) {
      return done(
          review.failBeforeReboot(request, in, null, Reasons.INVALID_SPEC, e.getMessage()), null);
    }
    NodeFacts node = nodes.get(nodeName);
    StatusEditor resolved = new StatusEditor(in.status(), in.generation(), in.now());
    if (in.status().getInstanceId() == null) {
      NodeResolution.Result r = NodeResolution.resolve(nodeName, node, in.spec().getRegionId());
      if (!r.ok()) {
        return done(review.failBeforeReboot(request, in, node, r.reason(), r.message()), node);
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
      return done(review.review(request, effective, early.get(), node), node);
    }
    if (node == null && phase.ordinal() <= Phase.Draining.ordinal()) {
      return done(
          review.failBeforeReboot(
              request, effective, null, Reasons.NODE_NOT_FOUND, "Node " + nodeName + " is gone"),
          null);
    }
    return switch (phase) {
      case Pending ->
          Boolean.TRUE.equals(in.spec().getDryRun())
              ? drain.dryRun(request, effective, node)
              : drain.start(request, effective, node);
      case Draining -> drain.round(request, effective, node, false);
      case Rebooting -> new Prepared(null, review.bootIdEvidence(effective, node), node);
      default -> new Prepared(null, effective, node);
    };
  }

  /**
   * Refuses a node request its namespace may not make (DESIGN.md 7, "Who may"): draining a node
   * disrupts other teams' pods. Until RebootPolicy, only the operator's own namespace may.
   */
  /** Before the first cordon, and again each round until the reboot: labels can change. */
  private Optional<Step> notPermitted(RebootRequest request, RebootInput in, Phase phase) {
    if (phase.ordinal() > Phase.Draining.ordinal()) {
      return Optional.empty();
    }
    return policy
        .refuseNode(request)
        .map(
            why ->
                review.failBeforeReboot(
                    request, in, nodes.get(in.spec().getNodeName()), Reasons.NOT_PERMITTED, why));
  }

  /** The ECS verdict seen from the node: see {@link NodeReview#review}. */
  Step review(RebootRequest request, RebootInput in, Step step, NodeFacts node) {
    return review.review(request, in, step, node);
  }

  static Prepared toEcs(RebootInput in, RebootRequestStatus status, NodeFacts node) {
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

  static Prepared done(Step step, NodeFacts node) {
    return new Prepared(step, null, node);
  }
}
