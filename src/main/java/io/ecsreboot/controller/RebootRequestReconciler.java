package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsCredentials;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.reboot.RebootInput;
import io.ecsreboot.reboot.RebootRules;
import io.ecsreboot.reboot.RebootSettings;
import io.ecsreboot.reboot.StartTimeLessons;
import io.ecsreboot.reboot.Step;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue around {@link RebootRules}: observe (status, Secret, instance), decide, act (status write,
 * RebootInstance, delete), record (Events). A reboot intent is written before the call, and a call
 * is made only when that write succeeded (DESIGN.md 3.2).
 */
public final class RebootRequestReconciler implements Reconciler<RebootRequest> {
  private static final Logger log = LoggerFactory.getLogger(RebootRequestReconciler.class);

  /** How soon to look again after a conflicting status write. */
  private static final Duration AFTER_CONFLICT = Duration.ofMillis(200);

  private final RebootRules rules;
  private final RebootSettings settings;
  private final EcsClient ecs;
  private final InstanceObserver observer;
  private final CredentialsResolver credentials;
  private final StatusRecorder statusRecorder;
  private final TransitionListener transitions;
  private final InstanceQueue queue;
  private final Clock clock;
  private final StartTimeLessons startTimeLessons = new StartTimeLessons();

  public RebootRequestReconciler(
      RebootSettings settings,
      EcsClient ecs,
      InstanceObserver observer,
      CredentialsResolver credentials,
      TransitionListener transitions,
      Clock clock) {
    this.rules = new RebootRules(settings);
    this.settings = settings;
    this.ecs = ecs;
    this.observer = observer;
    this.credentials = credentials;
    this.statusRecorder = new StatusRecorder();
    this.transitions = transitions;
    this.queue = new InstanceQueue(settings.defaultRegion());
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, RebootRequest>> prepareEventSources(
      EventSourceContext<RebootRequest> context) {
    context.getPrimaryCache().addIndexers(queue.indexers());
    return List.of();
  }

  @Override
  public UpdateControl<RebootRequest> reconcile(
      RebootRequest request, Context<RebootRequest> context) {
    RebootRequestStatus before = request.getStatus();
    RebootInput input = input(request, context);
    Optional<Step> withoutEcs = rules.decideWithoutEcs(input);
    if (withoutEcs.isPresent()) {
      return finish(request, before, withoutEcs.get(), context, null);
    }
    EcsTarget target;
    try {
      target = target(request);
    } catch (CredentialsResolver.CredentialsException e) {
      return finish(
          request, before, rules.failWithoutEcs(input, e.reason(), e.getMessage()), context, null);
    }
    Phase phase = input.status().getPhase() == null ? Phase.Pending : input.status().getPhase();
    // Before a reboot the look must be new (it becomes startTimeBefore); while following a
    // reboot, an answer from the shared poll of the last half interval is good enough.
    Duration maxAge = phase == Phase.Pending ? Duration.ZERO : settings.pollInterval().dividedBy(2);
    input =
        input.withObservation(
            observe(target, request, input.status(), maxAge)
                .withStartTimeMovesOnReboot(startTimeLessons.movesOnReboot(target.regionId())));
    Step step = rules.decide(input);
    if (step.status().getPhase() == Phase.Succeeded) {
      rules
          .startTimeLesson(input)
          .ifPresent(moved -> startTimeLessons.learn(target.regionId(), moved));
    }
    return finish(request, before, step, context, target);
  }

  private UpdateControl<RebootRequest> finish(
      RebootRequest request,
      RebootRequestStatus before,
      Step step,
      Context<RebootRequest> context,
      EcsTarget target) {
    RebootRequest current;
    try {
      current = statusRecorder.write(request, step.status(), context);
      if (step.action() == Step.Action.REBOOT) {
        transitions.onTransition(request, before, step.status());
        RebootRequestStatus sent = step.status();
        step = callReboot(current, sent, target);
        current = statusRecorder.write(current, step.status(), context);
        before = sent;
      }
    } catch (StatusRecorder.ConflictException e) {
      log.info("{}: {}; looking again", name(request), e.getMessage());
      return UpdateControl.<RebootRequest>noUpdate().rescheduleAfter(AFTER_CONFLICT);
    }
    transitions.onTransition(request, before, step.status());
    Phase phase = step.status().getPhase();
    if (target != null && phase != null && phase.isTerminal()) {
      observer.forget(target, step.status().getInstanceId());
    }
    if (step.action() == Step.Action.DELETE) {
      log.info("{}: ttlSecondsAfterFinished passed; deleting", name(request));
      context.getClient().resource(current).delete();
      return UpdateControl.noUpdate();
    }
    UpdateControl<RebootRequest> control = UpdateControl.noUpdate();
    return step.requeueAfter() == null ? control : control.rescheduleAfter(step.requeueAfter());
  }

  private Step callReboot(RebootRequest request, RebootRequestStatus sent, EcsTarget target) {
    var spec = request.getSpec();
    boolean dryRun = Boolean.TRUE.equals(spec.getDryRun());
    log.info(
        "{}: RebootInstance {} in {} (attempt {}, forceStop={}, dryRun={})",
        name(request),
        sent.getInstanceId(),
        sent.getRegionId(),
        sent.getAttempts(),
        Boolean.TRUE.equals(spec.getForceStop()),
        dryRun);
    EcsResult<String> result =
        ecs.rebootInstance(
            target, sent.getInstanceId(), Boolean.TRUE.equals(spec.getForceStop()), dryRun);
    RebootInput after = input(request, null);
    return rules.outcomes().afterReboot(after, sent, sent.getInstanceStatus(), result);
  }

  private RebootInput.Observation observe(
      EcsTarget target, RebootRequest request, RebootRequestStatus status, Duration maxAge) {
    Instant issued =
        status.getRebootIssuedTime() == null ? null : Instant.parse(status.getRebootIssuedTime());
    return observer.observe(target, request.getSpec().getInstanceId(), maxAge, issued);
  }

  private EcsTarget target(RebootRequest request) {
    EcsCredentials creds = credentials.resolve(request);
    String region = request.getSpec() == null ? null : request.getSpec().getRegionId();
    return new EcsTarget(region == null ? settings.defaultRegion() : region, creds);
  }

  private RebootInput input(RebootRequest request, Context<RebootRequest> context) {
    var meta = request.getMetadata();
    boolean waiting = context != null && queue.mustWait(request, context.getPrimaryCache());
    return new RebootInput(
        request.getSpec(),
        request.getStatus() == null ? new RebootRequestStatus() : request.getStatus(),
        meta.getGeneration() == null ? 1 : meta.getGeneration(),
        meta.getCreationTimestamp() == null
            ? clock.instant()
            : Instant.parse(meta.getCreationTimestamp()),
        clock.instant(),
        waiting,
        null);
  }

  @Override
  public ErrorStatusUpdateControl<RebootRequest> updateErrorStatus(
      RebootRequest resource, Context<RebootRequest> context, Exception e) {
    // Unexpected errors (API server unreachable, a bug) are retried by JOSDK; every retry starts
    // from the written status, so no retry can repeat a reboot.
    log.warn("{}: reconcile failed: {}", name(resource), e.toString());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private static String name(RebootRequest r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }
}
