package io.ecsreboot.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.api.v1alpha1.RebootRolloutStatus;
import io.ecsreboot.api.v1alpha1.RefusedChild;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.reboot.SafeTime;
import io.ecsreboot.rollout.ChildRefusals;
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
import java.util.ArrayList;
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

  /** After a transient failure to create a child (and refusals to record), look again this soon. */
  static final Duration AFTER_TRANSIENT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventRecorder events;
  private final Clock clock;
  private final AtomicReference<InformerEventSource<RebootRequest, RebootRollout>> children =
      new AtomicReference<>();
  private final AtomicReference<Context<RebootRollout>> lastContext = new AtomicReference<>();
  private final RolloutChildCreator creator =
      new RolloutChildCreator(
          created ->
              children.get().handleRecentResourceCreate(ResourceID.fromResource(created), created));

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
            // The children are RebootRequests cached a second time here: trimmed like the first.
            .withItemStore(CacheTrim.store())
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
    RolloutTargets targets = RolloutTargets.read(context.getClient(), rollout);
    RebootRolloutStatus before = rollout.getStatus();
    List<RefusedChild> refusals =
        new ArrayList<>(
            before == null || before.getRefusedChildren() == null
                ? List.of()
                : before.getRefusedChildren());
    Map<String, ChildState> found = found(rollout, context, targets, refusals);
    RolloutPolicy policy = null;
    RolloutDecision decision;
    try {
      policy = policy(rollout.getSpec(), targets);
      decision = RolloutPlan.decide(targets.names(), found, policy, now);
    } catch (IllegalArgumentException e) {
      decision = RolloutStatuses.invalidSpec(e.getMessage());
    }
    int refusedBefore = refusals.size();
    KubernetesClientException transientFailure = null;
    while (!decision.start().isEmpty()) {
      RolloutChildCreator.Pass pass =
          creator.create(
              context.getClient(),
              rollout,
              decision.start(),
              ChildRefusals.MAX_RECORDED - refusals.size(),
              now);
      recordPass(rollout, pass, refusals, found, now);
      transientFailure = pass.transientFailure();
      if (pass.refused().isEmpty() || transientFailure != null) {
        break;
      }
      // Refused targets count as failed now: the rollout may fail, or start others in their slots.
      decision = RolloutPlan.decide(targets.names(), found, policy, now);
    }
    if (transientFailure != null && refusals.size() == refusedBefore) {
      throw transientFailure; // JOSDK retries with backoff; nothing new to record
    }
    RebootRolloutStatus after =
        RolloutStatuses.of(before, rollout.getMetadata().getGeneration(), decision, now);
    after.setRefusedChildren(refusals.isEmpty() ? null : refusals);
    announce(rollout, before, decision);
    UpdateControl<RebootRollout> control;
    if (before != null && JSON.valueToTree(before).equals(JSON.valueToTree(after))) {
      control = UpdateControl.noUpdate();
    } else {
      rollout.setStatus(after);
      control = UpdateControl.patchStatus(rollout);
    }
    Duration recheck = recheck(decision);
    if (transientFailure != null) {
      recheck =
          recheck == null || recheck.compareTo(AFTER_TRANSIENT) > 0 ? AFTER_TRANSIENT : recheck;
    }
    return recheck == null ? control : control.rescheduleAfter(recheck);
  }

  private static RolloutPolicy policy(RebootRolloutSpec spec, RolloutTargets targets) {
    return new RolloutPolicy(
        RolloutPolicy.maxUnavailable(spec.getMaxUnavailable(), targets.names().size()),
        Objects.requireNonNullElse(spec.getMaxFailures(), 0),
        Duration.ofSeconds(Objects.requireNonNullElse(spec.getMinReadySeconds(), 0)),
        MaintenanceWindows.parse(spec.getWindows()),
        Boolean.TRUE.equals(spec.getSuspend()));
  }

  /** Counts one round of creates into {@code found} and the refusals, with their Events. */
  private void recordPass(
      RebootRollout rollout,
      RolloutChildCreator.Pass pass,
      List<RefusedChild> refusals,
      Map<String, ChildState> found,
      Instant now) {
    pass.created().forEach(target -> found.put(target, ChildState.active(target)));
    if (!pass.created().isEmpty()) {
      events.event(
          rollout,
          "Normal",
          "ChildrenCreated",
          "started " + pass.created().size() + ": " + String.join(", ", pass.created()));
    }
    for (RefusedChild refused : pass.refused()) {
      refusals.add(refused);
      ChildState state = refusedState(refused);
      found.put(refused.getTarget(), state);
      // Once: the record in status keeps the target from being tried again.
      events.event(rollout, "Warning", "ChildRefused", state.refusal());
    }
  }

  private static ChildState refusedState(RefusedChild r) {
    return ChildState.refused(
        r.getTarget(),
        r.getTime() == null ? null : SafeTime.parse(r.getTime()),
        ChildRefusals.describe(
            r.getTarget(), Objects.requireNonNullElse(r.getCode(), 0), r.getMessage()));
  }

  /**
   * The children found, by target, and the targets whose child was refused for good (no child
   * exists for them); a namesake's leftover is not ours and counts as nothing.
   */
  private Map<String, ChildState> found(
      RebootRollout rollout,
      Context<RebootRollout> context,
      RolloutTargets targets,
      List<RefusedChild> refusals) {
    Map<String, ChildState> found = new HashMap<>();
    for (RebootRequest child : context.getSecondaryResources(RebootRequest.class)) {
      if (RolloutChildren.ownedBy(child, rollout) && child.getSpec() != null) {
        ChildState state = RolloutChildren.state(child, targets);
        found.put(state.target(), state);
      }
    }
    for (RefusedChild refused : refusals) {
      found.putIfAbsent(refused.getTarget(), refusedState(refused));
    }
    return found;
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
