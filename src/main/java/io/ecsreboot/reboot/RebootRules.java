package io.ecsreboot.reboot;

import static io.ecsreboot.api.v1alpha1.Conditions.Reasons;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision logic: given the spec, the status and what ECS says now, what next? Plain Java, no
 * Kubernetes and no HTTP. {@link #decide} handles everything up to the RebootInstance call; {@link
 * CallOutcomes} handles its answer.
 */
public final class RebootRules {
  private final RebootSettings settings;
  private final RebootEvidence evidence;
  private final CallOutcomes outcomes;

  public RebootRules(RebootSettings settings) {
    this.settings = settings;
    this.evidence = new RebootEvidence(settings.settleWindow(), settings.clockSkewMargin());
    this.outcomes = new CallOutcomes(settings);
  }

  public CallOutcomes outcomes() {
    return outcomes;
  }

  /**
   * What a finished request taught about StartTime on reboots (see {@link StartTimeLessons} and
   * {@link FinishedRequestLessons}): present for a Succeeded reboot proven without StartTime.
   */
  public Optional<Boolean> startTimeLesson(boolean dryRun, RebootRequestStatus finished) {
    return FinishedRequestLessons.of(evidence, dryRun, finished);
  }

  /** Fails a request before any ECS call, for a reason found outside ECS (credentials). */
  public Step failWithoutEcs(RebootInput in, String reason, String message) {
    StatusEditor next = new StatusEditor(in.status(), in.generation(), in.now());
    return Ttl.finish(next.fail(reason, message + "; create a new RebootRequest to retry"), in);
  }

  /**
   * The next step. Needs {@link RebootInput#observation()} unless {@link #decideWithoutEcs} has
   * one.
   */
  public Step decide(RebootInput in) {
    return decideWithoutEcs(in).orElseGet(() -> decideWithEcs(in));
  }

  /**
   * The next step when it needs no credentials and no look at the instance: a finished request (its
   * TTL), an invalid spec, a passed deadline, or a wait for an older request on the instance.
   */
  public Optional<Step> decideWithoutEcs(RebootInput in) {
    RebootRequestStatus current = in.status() == null ? new RebootRequestStatus() : in.status();
    Phase phase = phaseOf(current);
    Optional<Step> fixed = InconsistentStatus.step(in);
    if (fixed.isPresent()) {
      return fixed;
    }
    if (phase.isTerminal()) {
      return Optional.of(afterFinish(in, current));
    }
    StatusEditor next = new StatusEditor(current, in.generation(), in.now());
    RequestSpec spec;
    try {
      spec = RequestSpec.of(in.spec(), settings.defaultRegion());
    } catch (RequestSpec.InvalidSpecException e) {
      return Optional.of(
          Ttl.finish(next.fail(Reasons.INVALID_SPEC, "invalid spec: " + e.getMessage()), in));
    }
    if (spec.activeDeadline() != null
        && !in.now().isBefore(SafeTime.plus(in.created(), spec.activeDeadline()))) {
      return Optional.of(
          Ttl.finish(
              withTarget(next, spec)
                  .fail(
                      Reasons.DEADLINE_EXCEEDED,
                      "activeDeadlineSeconds ("
                          + spec.activeDeadline().toSeconds()
                          + ") passed in phase "
                          + phase),
              in));
    }
    if (phase == Phase.Pending && in.waitingForOlderRequest()) {
      withTarget(next, spec)
          .progress(
              Phase.Pending,
              Reasons.WAITING_FOR_INSTANCE,
              "an older RebootRequest for " + spec.instanceId() + " is not finished yet");
      return Optional.of(Step.record(next.status(), settings.pollInterval()));
    }
    return Optional.empty();
  }

  private Step decideWithEcs(RebootInput in) {
    RebootRequestStatus current = in.status() == null ? new RebootRequestStatus() : in.status();
    Phase phase = phaseOf(current);
    RebootInput.Observation seen = in.observation();
    if (seen == null) {
      throw new IllegalArgumentException("decide needs an observation in phase " + phase);
    }
    RequestSpec spec = RequestSpec.of(in.spec(), settings.defaultRegion());
    StatusEditor next = withTarget(new StatusEditor(current, in.generation(), in.now()), spec);
    if (seen.error() != null) {
      return outcomes.describeFailed(in, next, seen.error(), phase);
    }
    return switch (phase) {
      case Pending -> beforeReboot(in, spec, next, seen.instance());
      case Rebooting -> unconfirmedReboot(in, spec, next, seen);
      case Verifying -> verify(in, spec, next, seen);
      default -> throw new IllegalStateException("unexpected phase " + phase);
    };
  }

  static Phase phaseOf(RebootRequestStatus status) {
    return status.getPhase() == null ? Phase.Pending : status.getPhase();
  }

  /** Records the instance and region the request resolved to (the region may be the default). */
  private static StatusEditor withTarget(StatusEditor next, RequestSpec spec) {
    next.status().setInstanceId(spec.instanceId());
    next.status().setRegionId(spec.regionId());
    return next;
  }

  private Step beforeReboot(
      RebootInput in, RequestSpec spec, StatusEditor next, InstanceState instance) {
    if (instance != null && ErrorTaxonomy.TRANSITIONAL_STATUSES.contains(instance.status())) {
      next.instanceStatus(instance.status())
          .progress(
              Phase.Pending,
              Reasons.WAITING_FOR_INSTANCE_RUNNING,
              "instance is " + instance.status() + "; waiting for Running before the reboot");
      return Step.record(next.status(), settings.pollInterval());
    }
    if (spec.dryRun()) {
      next.progress(Phase.Pending, Reasons.PENDING, "checking with ECS DryRun");
      return new Step(next.status(), Step.Action.REBOOT, null);
    }
    Instant earliest = instance == null ? null : evidence.earliestRebootCall(instance.startTime());
    if (earliest != null && in.now().isBefore(earliest)) {
      // Rule 3a: a reboot in the minute of the last start would leave StartTime unchanged, and
      // then nothing could tell a reboot that happened from one that did not.
      next.instanceStatus(instance.status())
          .progress(
              Phase.Pending,
              Reasons.WAITING_FOR_START_TIME_MINUTE,
              "the instance started at "
                  + instance.startTime()
                  + " and ECS reports StartTime by the minute: waiting until "
                  + earliest
                  + " so that the reboot shows as a later StartTime");
      return Step.record(next.status(), Duration.between(in.now(), earliest));
    }
    RebootRequestStatus intent = next.status();
    intent.setAttempts(plusOne(intent.getAttempts()));
    intent.setRebootIssuedTime(in.now().toString());
    intent.setStartTimeBefore(instance == null ? null : instance.startTime());
    intent.setRequestId(null);
    next.startedIfUnset()
        .instanceStatus(instance == null ? null : instance.status())
        .progress(
            Phase.Rebooting,
            Reasons.REBOOT_ISSUED,
            "RebootInstance attempt " + intent.getAttempts() + " issued");
    return new Step(intent, Step.Action.REBOOT, null);
  }

  /** An intent without acceptance: a crash, a lost reply or a 5xx. Did the reboot happen? */
  private Step unconfirmedReboot(
      RebootInput in, RequestSpec spec, StatusEditor next, RebootInput.Observation seen) {
    Instant issued = SafeTime.parse(in.status().getRebootIssuedTime());
    Verdict verdict = evidence.judge(facts(in, seen, Evidence.Call.AMBIGUOUS));
    InstanceState instance = seen.instance();
    switch (verdict) {
      case REBOOTED, IN_PROGRESS -> {
        next.condition(
            Conditions.REBOOT_ACCEPTED,
            Conditions.TRUE,
            Reasons.INFERRED_FROM_INSTANCE_STATE,
            "the instance was seen rebooting after the call; ECS's reply was not received");
        return verdict == Verdict.REBOOTED
            ? succeed(next, instance, in)
            : verifying(next, instance);
      }
      case NOT_REBOOTED -> {
        int retries = orZero(in.status().getRetries());
        if (retries > spec.backoffLimit()) {
          return Ttl.finish(outcomes.backoffExhausted(next, in.status()), in);
        }
        next.status().setPhase(Phase.Pending);
        return beforeReboot(in, spec, next, instance);
      }
      case UNDECIDABLE -> {
        return Ttl.finish(
            Unconfirmed.fail(
                next.instanceStatus(instance.status()),
                "the instance runs with the StartTime it had before ("
                    + instance.startTime()
                    + ") and was not seen Stopping or Starting after the call, and this operator"
                    + " has not seen StartTime move on a reboot it proved in region "
                    + spec.regionId()
                    + ", so an unchanged StartTime does not show whether it rebooted"),
            in);
      }
      case STOPPED -> {
        return Ttl.finish(
            Unconfirmed.failAs(
                next.instanceStatus(instance.status()),
                Reasons.INSTANCE_STOPPED,
                "the instance is " + instance.status() + " instead of running"),
            in);
      }
      case ABSENT -> {
        return Ttl.finish(
            Unconfirmed.failAs(
                next,
                Conditions.reasonFor("InvalidInstanceId.NotFound"),
                "the instance no longer exists in region " + spec.regionId()),
            in);
      }
      default -> {
        next.progress(
            Phase.Rebooting,
            Reasons.CONFIRMING_REBOOT,
            "waiting to see whether the unconfirmed RebootInstance call took effect");
        Duration settleLeft =
            SafeTime.until(in.now(), SafeTime.plus(issued, settings.settleWindow()));
        return Step.record(next.status(), shorter(settings.pollInterval(), settleLeft));
      }
    }
  }

  private Step verify(
      RebootInput in, RequestSpec spec, StatusEditor next, RebootInput.Observation seen) {
    Instant issued = SafeTime.parse(in.status().getRebootIssuedTime());
    Evidence facts = facts(in, seen, Evidence.Call.ACCEPTED);
    Verdict verdict = evidence.judge(facts);
    return switch (verdict) {
      case REBOOTED -> succeed(next, seen.instance(), in);
      case STOPPED ->
          Ttl.finish(
              next.instanceStatus(seen.instance().status())
                  .fail(Reasons.INSTANCE_STOPPED, "the instance stopped instead of running again"),
              in);
      case ABSENT ->
          Ttl.finish(
              next.fail(
                  Conditions.reasonFor("InvalidInstanceId.NotFound"),
                  "the instance no longer exists in region " + spec.regionId()),
              in);
      default -> {
        if (!in.now().isBefore(SafeTime.plus(issued, spec.verifyTimeout()))) {
          yield Ttl.finish(verificationEnded(next, spec, facts, verdict), in);
        }
        if (CallOutcomes.lastLookFailed(in.status())) {
          // Back from an outage of DescribeInstances: say again what it waits for.
          yield verifying(next, seen.instance());
        }
        yield Step.record(in.status(), settings.pollInterval());
      }
    };
  }

  /**
   * verifyTimeoutSeconds passed without proof: VerificationTimeout when the instance provably has
   * not run again since the call, RebootUnconfirmed when the evidence cannot tell.
   */
  private StatusEditor verificationEnded(
      StatusEditor next, RequestSpec spec, Evidence facts, Verdict verdict) {
    String status = facts.instance().status();
    next.instanceStatus(status);
    String timeout = "verifyTimeoutSeconds (" + spec.verifyTimeout().toSeconds() + ")";
    if (verdict == Verdict.IN_PROGRESS) {
      return next.fail(
          Reasons.VERIFICATION_TIMEOUT,
          "the instance did not run again within " + timeout + "; last status " + status);
    }
    if (evidence.provesNoBootSinceCall(facts)) {
      return next.fail(
          Reasons.VERIFICATION_TIMEOUT,
          "ECS accepted the reboot but the instance did not reboot within "
              + timeout
              + ": it still runs with StartTime "
              + facts.instance().startTime());
    }
    return Unconfirmed.fail(
        next,
        "ECS accepted the reboot, but within "
            + timeout
            + " the instance was not seen Stopping or Starting and still shows StartTime "
            + facts.instance().startTime()
            + ", which does not show whether it rebooted");
  }

  private static Evidence facts(RebootInput in, RebootInput.Observation seen, Evidence.Call call) {
    var lastError = in.status().getLastError();
    return new Evidence(
        call,
        seen.instance(),
        seen.seenTransitional(),
        in.status().getStartTimeBefore(),
        SafeTime.parse(in.status().getRebootIssuedTime()),
        lastError == null ? null : SafeTime.parse(lastError.getTime()),
        in.now(),
        seen.startTimeMovesOnReboot());
  }

  private Step verifying(StatusEditor next, InstanceState instance) {
    next.instanceStatus(instance == null ? null : instance.status())
        .progress(Phase.Verifying, Reasons.VERIFYING, "waiting for the instance to run again");
    return Step.record(next.status(), settings.pollInterval());
  }

  private Step succeed(StatusEditor next, InstanceState instance, RebootInput in) {
    // Kept so that what this reboot taught about StartTime outlives the operator that saw it.
    next.status().setStartTimeAfter(instance.startTime());
    boolean seen = in.observation() != null && in.observation().seenTransitional();
    next.status()
        .setRebootEvidence(
            seen ? FinishedRequestLessons.SEEN_REBOOTING : FinishedRequestLessons.START_TIME_MOVED);
    next.instanceStatus(instance.status())
        .condition(
            Conditions.INSTANCE_RUNNING,
            Conditions.TRUE,
            Reasons.INSTANCE_RUNNING,
            "running again since " + instance.startTime())
        .succeed(Phase.Succeeded, Reasons.REBOOT_VERIFIED, "instance rebooted and running");
    return Ttl.finish(next, in);
  }

  static Step afterFinish(RebootInput in, RebootRequestStatus current) {
    Duration wait = Ttl.timeLeft(in, current);
    if (wait != null && wait.isZero()) {
      return new Step(current, Step.Action.DELETE, null);
    }
    return Step.record(current, wait);
  }

  private static Duration shorter(Duration a, Duration b) {
    Duration min = a.compareTo(b) <= 0 ? a : b;
    return min.isNegative() ? Duration.ZERO : min;
  }

  static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /** A counter one higher; it stops at the largest int rather than wrapping negative. */
  static int plusOne(Integer value) {
    int v = orZero(value);
    return v == Integer.MAX_VALUE ? v : v + 1;
  }

  static String failureMessage(EcsError error) {
    return error.describe() + "; create a new RebootRequest to retry";
  }
}
