package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsCredentials;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.node.NodeFacts;
import io.ecsreboot.policy.PolicyGate;
import io.ecsreboot.reboot.RebootInput;
import io.ecsreboot.reboot.RebootRules;
import io.ecsreboot.reboot.RebootSettings;
import io.ecsreboot.reboot.SafeTime;
import io.ecsreboot.reboot.StartTimeLessons;
import io.ecsreboot.reboot.Step;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue around {@link RebootRules}: observe (status, Secret, instance), decide, act (status write,
 * RebootInstance, delete), record (Events). A nodeName request passes through {@link
 * NodeRequestFlow} first (resolve, cordon, drain) and its ECS verdict back through it (node back,
 * uncordon). A reboot intent is written before the call, and a call is made only when that write
 * succeeded (DESIGN.md 3.2).
 */
public final class RebootRequestReconciler implements Reconciler<RebootRequest> {
  private static final Logger log = LoggerFactory.getLogger(RebootRequestReconciler.class);

  /** How soon to look again after a conflicting status write. */
  private static final Duration AFTER_CONFLICT = Duration.ofMillis(200);

  private final RebootRules rules;
  private final RebootSettings settings;
  private final EcsClient ecs;
  private final InstanceObserver observer;
  private final RebootBatcher batcher;
  private final CredentialsResolver credentials;
  private final StatusRecorder statusRecorder;
  private final TransitionListener transitions;
  private final InstanceQueue queue;
  private final Clock clock;
  private final StartTimeLessons startTimeLessons = new StartTimeLessons();
  private volatile boolean lessonsSeeded;
  private final NodeRequestFlow nodeFlow;
  private final PolicyGate policy;

  public RebootRequestReconciler(
      RebootSettings settings,
      EcsClient ecs,
      InstanceObserver observer,
      RebootBatcher batcher,
      CredentialsResolver credentials,
      TransitionListener transitions,
      NodeRequestFlow.Parts nodeParts,
      Clock clock) {
    this.rules = new RebootRules(settings);
    this.nodeFlow = nodeParts.flow(rules, settings);
    this.policy = nodeParts.policy();
    this.settings = settings;
    this.ecs = ecs;
    this.observer = observer;
    this.batcher = batcher;
    this.credentials = credentials;
    this.statusRecorder = new StatusRecorder();
    this.transitions = transitions;
    this.queue = new InstanceQueue(settings.defaultRegion());
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, RebootRequest>> prepareEventSources(
      EventSourceContext<RebootRequest> context) {
    Map<String, Function<RebootRequest, List<String>>> indexers = new HashMap<>(queue.indexers());
    indexers.putAll(NodeWakeups.indexers());
    indexers.putAll(RolloutChildren.indexers());
    context.getPrimaryCache().addIndexers(indexers);
    // Node access comes with the cluster-wide install only (deploy/ ClusterRole); a namespaced
    // install cannot list Nodes, and a failing informer would keep the operator from starting.
    return context.getControllerConfiguration().getInformerConfig().watchAllNamespaces()
        ? List.of(NodeWakeups.eventSource(context))
        : List.of();
  }

  @Override
  public UpdateControl<RebootRequest> reconcile(
      RebootRequest request, Context<RebootRequest> context) {
    if (NodeRequestFlow.isNodeRequest(request)) {
      return reconcileRequest(request, context); // a drain may hold it long before its look
    }
    observer.reconcileStarted();
    String rollout = RolloutChildren.batchGroup(request);
    if (rollout != null) {
      var cache = context.getPrimaryCache();
      batcher.reconcileStarted(rollout, () -> RolloutChildren.freshInstanceIds(cache, rollout));
    }
    try {
      return reconcileRequest(request, context);
    } finally {
      observer.reconcileEnded();
      batcher.reconcileEnded();
    }
  }

  private UpdateControl<RebootRequest> reconcileRequest(
      RebootRequest request, Context<RebootRequest> context) {
    seedLessons(context);
    RebootRequestStatus before = request.getStatus();
    RebootInput input = input(request, context);
    NodeFacts node = null;
    if (NodeRequestFlow.isNodeRequest(request)) {
      NodeRequestFlow.Prepared prepared =
          nodeFlow.prepare(
              request, input, key -> queue.mustWait(request, context.getPrimaryCache(), key));
      if (prepared.step() != null) {
        return finish(request, before, prepared.step(), context, null, UnaryOperator.identity());
      }
      input = prepared.ecsInput();
      node = prepared.node();
    } else {
      Optional<Step> withoutEcs = rules.decideWithoutEcs(input);
      if (withoutEcs.isPresent()) {
        return finish(request, before, withoutEcs.get(), context, null, UnaryOperator.identity());
      }
      Optional<String> refused = policy.refuseInstanceBeforeDescribe(request, phaseOf(input));
      if (refused.isPresent()) {
        Step failed = rules.failWithoutEcs(input, Conditions.Reasons.NOT_PERMITTED, refused.get());
        return finish(request, before, failed, context, null, UnaryOperator.identity());
      }
    }
    NodeFacts seenNode = node;
    RebootInput decided = input;
    UnaryOperator<Step> review =
        NodeRequestFlow.isNodeRequest(request)
            ? step -> nodeFlow.review(request, decided, step, seenNode)
            : UnaryOperator.identity();
    EcsTarget target;
    try {
      target = target(request, input.spec().getRegionId());
    } catch (CredentialsResolver.CredentialsException e) {
      Step failed = rules.failWithoutEcs(input, e.reason(), e.getMessage());
      return finish(request, before, review.apply(failed), context, null, review);
    }
    Phase phase = phaseOf(input);
    // Before a reboot the look must be new (it becomes startTimeBefore); while following a
    // reboot, an answer from the shared poll of the last half interval is good enough.
    Duration maxAge = phase == Phase.Pending ? Duration.ZERO : settings.pollInterval().dividedBy(2);
    input =
        input.withObservation(
            observe(target, input.spec().getInstanceId(), input.status(), maxAge)
                .withStartTimeMovesOnReboot(startTimeLessons.movesOnReboot(target.regionId())));
    Step step = review.apply(permitted(request, input, rules.decide(input)));
    if (step.status().getPhase() == Phase.Succeeded) {
      learnFrom(request, step.status());
    }
    return finish(request, before, step, context, target, review);
  }

  /**
   * Once, before the first decision: what the finished requests in the cache (all of them, synced
   * before the first reconcile) proved about StartTime, so that a restarted operator judges an
   * ambiguous call as the one before it would have, instead of ending it RebootUnconfirmed.
   */
  private void seedLessons(Context<RebootRequest> context) {
    if (lessonsSeeded) {
      return;
    }
    synchronized (startTimeLessons) {
      if (!lessonsSeeded) {
        long taught =
            context.getPrimaryCache().list().filter(r -> learnFrom(r, r.getStatus())).count();
        log.info("StartTime lessons from {} finished requests: {}", taught, startTimeLessons);
        lessonsSeeded = true;
      }
    }
  }

  private boolean learnFrom(RebootRequest request, RebootRequestStatus finished) {
    boolean dryRun =
        request.getSpec() == null || Boolean.TRUE.equals(request.getSpec().getDryRun());
    Optional<Boolean> moved = rules.startTimeLesson(dryRun, finished);
    moved.ifPresent(m -> startTimeLessons.learn(finished.getRegionId(), m));
    return moved.isPresent();
  }

  /**
   * RebootPolicy asked with the look just taken, before any reboot is issued: on each look of an
   * instance request that waits in Pending, and right before every RebootInstance (tags and labels
   * may have changed since the request began). A refusal replaces the step. A node request's
   * earlier rounds are {@link NodeRequestFlow}'s to check.
   */
  private Step permitted(RebootRequest request, RebootInput input, Step step) {
    RebootInput.Observation seen = input.observation();
    boolean looked = seen != null && seen.error() == null;
    boolean waiting =
        looked && phaseOf(input) == Phase.Pending && !NodeRequestFlow.isNodeRequest(request);
    if (step.action() != Step.Action.REBOOT && !waiting) {
      return step;
    }
    InstanceState instance = looked ? seen.instance() : null;
    return policy
        .refuseReboot(
            request, input.spec().getInstanceId(), instance == null ? null : instance.tags())
        .map(message -> rules.failWithoutEcs(input, Conditions.Reasons.NOT_PERMITTED, message))
        .orElse(step);
  }

  private static Phase phaseOf(RebootInput input) {
    return input.status().getPhase() == null ? Phase.Pending : input.status().getPhase();
  }

  private UpdateControl<RebootRequest> finish(
      RebootRequest request,
      RebootRequestStatus before,
      Step step,
      Context<RebootRequest> context,
      EcsTarget target,
      UnaryOperator<Step> review) {
    RebootRequest current;
    try {
      current = statusRecorder.write(request, step.status(), context);
      if (step.action() == Step.Action.REBOOT) {
        transitions.onTransition(request, before, step.status());
        RebootRequestStatus sent = step.status();
        step = callReboot(current, sent, target);
        step = review.apply(step);
        current = statusRecorder.write(current, step.status(), context);
        before = sent;
      }
    } catch (StatusRecorder.ConflictException e) {
      log.info("{}: {}; looking again", name(request), e.getMessage());
      if (NodeRequestFlow.isNodeRequest(request)) {
        nodeFlow.afterFailedWrite(request);
      }
      return UpdateControl.<RebootRequest>noUpdate().rescheduleAfter(AFTER_CONFLICT);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 && NodeRequestFlow.isNodeRequest(request)) {
        log.info("{}: deleted while reconciling", name(request));
        nodeFlow.afterFailedWrite(request);
        return UpdateControl.noUpdate();
      }
      throw e;
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
    boolean forceStop = Boolean.TRUE.equals(spec.getForceStop());
    // Children of one rollout at the call together share a RebootInstances call; dry runs never
    // do (its DryRun answers for the whole call), standalone requests call at once.
    String rollout = RolloutChildren.batchGroup(request);
    log.info(
        "{}: {} {} in {} (attempt {}, forceStop={}, dryRun={})",
        name(request),
        rollout == null ? "RebootInstance" : "RebootInstances (shared)",
        sent.getInstanceId(),
        sent.getRegionId(),
        sent.getAttempts(),
        forceStop,
        dryRun);
    EcsResult<String> result =
        rollout == null
            ? ecs.rebootInstance(target, sent.getInstanceId(), forceStop, dryRun)
            : batcher.reboot(rollout, target, sent.getInstanceId(), forceStop);
    RebootInput after = input(request, null);
    return rules.outcomes().afterReboot(after, sent, sent.getInstanceStatus(), result);
  }

  private RebootInput.Observation observe(
      EcsTarget target, String instanceId, RebootRequestStatus status, Duration maxAge) {
    Instant issued = SafeTime.parse(status.getRebootIssuedTime());
    return observer.observe(target, instanceId, maxAge, issued);
  }

  /**
   * @param region the request's region (a node request's: its Node's), or null for the default
   */
  private EcsTarget target(RebootRequest request, String region) {
    EcsCredentials creds = credentials.resolve(request);
    return new EcsTarget(region == null ? settings.defaultRegion() : region, creds);
  }

  private RebootInput input(RebootRequest request, Context<RebootRequest> context) {
    var meta = request.getMetadata();
    boolean waiting = context != null && queue.mustWait(request, context.getPrimaryCache());
    return new RebootInput(
        request.getSpec(),
        request.getStatus() == null ? new RebootRequestStatus() : request.getStatus(),
        meta.getGeneration() == null ? 1 : meta.getGeneration(),
        Optional.ofNullable(SafeTime.parse(meta.getCreationTimestamp())).orElseGet(clock::instant),
        clock.instant(),
        waiting,
        null);
  }

  /**
   * An exception escaped {@link #reconcile}. JOSDK retries with backoff and without a limit (see
   * {@link RebootOperator}), so an outage of the API server or the network is waited out, however
   * long it lasts; every retry starts from the written status, so no retry can repeat a reboot. A
   * bug is retried a few times, then ends the request Failed/InternalOperatorError: an object is
   * never left without a status because the operator cannot handle it.
   */
  @Override
  public ErrorStatusUpdateControl<RebootRequest> updateErrorStatus(
      RebootRequest resource, Context<RebootRequest> context, Exception e) {
    int failed = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(0) + 1;
    ReconcileFailures.Verdict verdict = ReconcileFailures.judge(e, failed);
    if (verdict == ReconcileFailures.Verdict.RETRY) {
      log.warn("{}: reconcile failed, retrying: {}", name(resource), e.toString());
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    log.error("{}: unexpected error in reconcile (failure {} in a row)", name(resource), failed, e);
    if (verdict == ReconcileFailures.Verdict.RETRY_BUG) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    RebootRequestStatus before = resource.getStatus();
    if (before != null && before.getPhase() != null && before.getPhase().isTerminal()) {
      // Finished already (the bug is in what comes after, the TTL): the outcome stands.
      return ErrorStatusUpdateControl.<RebootRequest>noStatusUpdate().withNoRetry();
    }
    try {
      Step step =
          rules.failWithoutEcs(
              input(resource, null),
              Conditions.Reasons.INTERNAL_OPERATOR_ERROR,
              ReconcileFailures.message(e, before));
      statusRecorder.write(resource, step.status(), context);
      transitions.onTransition(resource, before, step.status());
      return ErrorStatusUpdateControl.<RebootRequest>noStatusUpdate().withNoRetry();
    } catch (RuntimeException writeFailed) {
      // The failure could not be recorded (the API server, a conflict): keep retrying.
      log.warn("{}: could not record the failure: {}", name(resource), writeFailed.toString());
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
  }

  private static String name(RebootRequest r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }
}
