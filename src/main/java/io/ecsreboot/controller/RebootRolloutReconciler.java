package io.ecsreboot.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.api.v1alpha1.RebootRolloutStatus;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.rollout.ChildState;
import io.ecsreboot.rollout.MaintenanceWindows;
import io.ecsreboot.rollout.RolloutDecision;
import io.ecsreboot.rollout.RolloutPlan;
import io.ecsreboot.rollout.RolloutPolicy;
import io.ecsreboot.rollout.RolloutStatuses;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Thin glue for RebootRollouts: reads the targets and the children, asks {@link RolloutPlan} what
 * to start, creates those children, writes the counts. It never calls ECS: the children do.
 */
public final class RebootRolloutReconciler implements Reconciler<RebootRollout> {
  /** While children run, look again at least this often (their events usually come first). */
  static final Duration ACTIVE_RECHECK = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventRecorder events;
  private final Clock clock;
  private final AtomicReference<InformerEventSource<RebootRequest, RebootRollout>> children =
      new AtomicReference<>();
  private final AtomicReference<Context<RebootRollout>> lastContext = new AtomicReference<>();

  public RebootRolloutReconciler(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, RebootRollout>> prepareEventSources(
      EventSourceContext<RebootRollout> context) {
    var config =
        InformerEventSourceConfiguration.from(RebootRequest.class, RebootRollout.class)
            .withName("rollout-children")
            .withLabelSelector(RolloutChildren.ROLLOUT_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(RebootRollout.class))
            .withNamespacesInheritedFromController()
            .build();
    InformerEventSource<RebootRequest, RebootRollout> source =
        new InformerEventSource<>(config, context);
    children.set(source);
    return List.of(source);
  }

  @Override
  public UpdateControl<RebootRollout> reconcile(
      RebootRollout rollout, Context<RebootRollout> context) {
    lastContext.set(context);
    Instant now = clock.instant();
    RebootRolloutSpec spec = rollout.getSpec();
    RolloutTargets targets = RolloutTargets.read(context.getClient(), rollout);
    RolloutDecision decision;
    try {
      RolloutPolicy policy =
          new RolloutPolicy(
              RolloutPolicy.maxUnavailable(spec.getMaxUnavailable(), targets.names().size()),
              Objects.requireNonNullElse(spec.getMaxFailures(), 0),
              Duration.ofSeconds(Objects.requireNonNullElse(spec.getMinReadySeconds(), 0)),
              MaintenanceWindows.parse(spec.getWindows()),
              Boolean.TRUE.equals(spec.getSuspend()));
      decision = RolloutPlan.decide(targets.names(), found(rollout, context, targets), policy, now);
    } catch (IllegalArgumentException e) {
      decision = RolloutStatuses.invalidSpec(e.getMessage());
    }
    for (String target : decision.start()) {
      create(context, RolloutChildren.build(rollout, target));
    }
    if (!decision.start().isEmpty()) {
      events.event(
          rollout,
          "Normal",
          "ChildrenCreated",
          "started " + decision.start().size() + ": " + String.join(", ", decision.start()));
    }
    RebootRolloutStatus before = rollout.getStatus();
    RebootRolloutStatus after =
        RolloutStatuses.of(before, rollout.getMetadata().getGeneration(), decision, now);
    announce(rollout, before, decision);
    UpdateControl<RebootRollout> control;
    if (before != null && JSON.valueToTree(before).equals(JSON.valueToTree(after))) {
      control = UpdateControl.noUpdate();
    } else {
      rollout.setStatus(after);
      control = UpdateControl.patchStatus(rollout);
    }
    Duration recheck = recheck(decision);
    return recheck == null ? control : control.rescheduleAfter(recheck);
  }

  /** The children found, by target; a namesake's leftover is not ours and counts as nothing. */
  private Map<String, ChildState> found(
      RebootRollout rollout, Context<RebootRollout> context, RolloutTargets targets) {
    Map<String, ChildState> found = new HashMap<>();
    for (RebootRequest child : context.getSecondaryResources(RebootRequest.class)) {
      if (RolloutChildren.ownedBy(child, rollout) && child.getSpec() != null) {
        ChildState state = RolloutChildren.state(child, targets);
        found.put(state.target(), state);
      }
    }
    return found;
  }

  /**
   * Creates a child unless it exists: the name is the target's, so an answer 409 means an earlier
   * reconcile (maybe of a crashed replica) made it already.
   */
  private void create(Context<RebootRollout> context, RebootRequest child) {
    try {
      RebootRequest created = context.getClient().resource(child).create();
      // The informer may not have it yet: the next reconcile must count it as running.
      children.get().handleRecentResourceCreate(ResourceID.fromResource(created), created);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void announce(RebootRollout rollout, RebootRolloutStatus before, RolloutDecision d) {
    RolloutPhase was = before == null ? null : before.getPhase();
    if (was == d.phase()) {
      return;
    }
    switch (d.phase()) {
      case Succeeded -> events.event(rollout, "Normal", "RolloutSucceeded", d.message());
      case Failed -> events.event(rollout, "Warning", "RolloutFailed", d.message());
      case Suspended, WaitingForWindow -> events.event(rollout, "Normal", d.reason(), d.message());
      default -> {}
    }
  }

  private static Duration recheck(RolloutDecision d) {
    Duration recheck = d.recheckAfter();
    if (d.active() > 0) {
      recheck = recheck == null || recheck.compareTo(ACTIVE_RECHECK) > 0 ? ACTIVE_RECHECK : recheck;
    }
    // A moment past the instant, so the next look is inside the window or past minReadySeconds.
    return recheck == null ? null : recheck.plusSeconds(1);
  }

  /** The statuses of the rollouts this controller caches (for the rollout metric). */
  public Stream<RebootRolloutStatus> cachedStatuses() {
    Context<RebootRollout> context = lastContext.get();
    return context == null
        ? Stream.empty()
        : context.getPrimaryCache().list().map(RebootRollout::getStatus);
  }
}
