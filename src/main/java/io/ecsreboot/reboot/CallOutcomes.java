package io.ecsreboot.reboot;

import static io.ecsreboot.api.v1alpha1.Conditions.Reasons;
import static io.ecsreboot.reboot.RebootRules.failureMessage;
import static io.ecsreboot.reboot.RebootRules.orZero;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import java.time.Duration;
import java.time.Instant;

/** What an ECS answer means for the request: the taxonomy of DESIGN.md 3.1 applied. */
public final class CallOutcomes {
  private static final String LOOK_FAILED = "DescribeInstances failed";

  private final RebootSettings settings;

  CallOutcomes(RebootSettings settings) {
    this.settings = settings;
  }

  /**
   * The next step after RebootInstance answered.
   *
   * @param sent the status as it was when the call went out (for a reboot: the written intent)
   * @param instanceStatus the instance's status seen just before the call, or null
   */
  public Step afterReboot(
      RebootInput in, RebootRequestStatus sent, String instanceStatus, EcsResult<String> result) {
    StatusEditor next = new StatusEditor(sent, in.generation(), in.now());
    boolean dryRun = Boolean.TRUE.equals(in.spec().getDryRun());
    if (result.isOk()) {
      if (dryRun) {
        // ECS answers a passed dry run with DryRunOperation; a plain success would mean a reboot.
        return dryRunPassed(next, result.requestId(), in);
      }
      next.status().setRequestId(result.requestId());
      next.condition(
              Conditions.REBOOT_ACCEPTED,
              Conditions.TRUE,
              Reasons.REBOOT_ACCEPTED,
              "ECS accepted RebootInstance (RequestId " + result.requestId() + ")")
          .progress(Phase.Verifying, Reasons.VERIFYING, "waiting for the instance to run again");
      // Look at once: per the API reference the instance shows Starting right away, the best
      // evidence of the reboot where StartTime does not move.
      return Step.record(next.status(), Duration.ZERO);
    }
    EcsError error = result.error();
    next.lastError(error);
    if (ErrorTaxonomy.wasNotSent(error)) {
      next.progress(
          Phase.Pending,
          Reasons.ECS_UNREACHABLE,
          "ECS is unreachable ("
              + error.describe()
              + "): the connection was never opened, so RebootInstance was not sent; waiting for"
              + " ECS (bounded by activeDeadlineSeconds when set)");
      return Step.record(next.status(), settings.pollInterval());
    }
    return switch (ErrorTaxonomy.classify(error, instanceStatus)) {
      case DRY_RUN_PASSED ->
          dryRun ? dryRunPassed(next, error.requestId(), in) : terminal(next, error, in);
      case TERMINAL -> terminal(next, error, in);
      case WAIT -> {
        next.progress(
            Phase.Pending,
            Reasons.WAITING_FOR_INSTANCE_RUNNING,
            "ECS says " + error.code() + "; waiting for the instance to run");
        yield Step.record(next.status(), settings.pollInterval());
      }
      case RETRYABLE ->
          retry(
              in,
              next,
              error,
              !dryRun && ErrorTaxonomy.mayHaveTakenEffect(error) ? Phase.Rebooting : Phase.Pending);
    };
  }

  /**
   * DescribeInstances failed: fail on what is not transient (bad credentials). A failed look
   * changes nothing about the reboot itself: the phase (and any intent) stays. After a call, looks
   * are bounded by verifyTimeoutSeconds only, never by backoffLimit: an outage must not turn a
   * reboot that happened into BackoffLimitExceeded. Before a call, an endpoint that does not answer
   * at all waits (bounded by activeDeadlineSeconds); ECS error answers count as retries.
   */
  Step describeFailed(RebootInput in, StatusEditor next, EcsError error, Phase phase) {
    if (ErrorTaxonomy.classify(error, null) != ErrorClass.RETRYABLE) {
      next.lastError(error);
      return terminal(next, error, in);
    }
    if (phase == Phase.Rebooting || phase == Phase.Verifying) {
      return lookFailedAfterCall(in, next, error, phase);
    }
    if (ErrorTaxonomy.isUnreachable(error)) {
      keepLastError(next, error);
      next.progress(
          Phase.Pending,
          Reasons.ECS_UNREACHABLE,
          "ECS does not answer DescribeInstances ("
              + error.describe()
              + "); no reboot has been issued; waiting for ECS (bounded by"
              + " activeDeadlineSeconds when set)");
      return Step.record(next.status(), settings.pollInterval());
    }
    next.lastError(error);
    return retry(in, next, error, phase);
  }

  private Step lookFailedAfterCall(RebootInput in, StatusEditor next, EcsError error, Phase phase) {
    keepLastError(next, error);
    RequestSpec spec = RequestSpec.of(in.spec(), settings.defaultRegion());
    Instant giveUp = Instant.parse(in.status().getRebootIssuedTime()).plus(spec.verifyTimeout());
    String known =
        phase == Phase.Verifying
            ? "ECS accepted the reboot"
            : "whether the RebootInstance call took effect is not known yet";
    if (!in.now().isBefore(giveUp)) {
      return Ttl.finish(
          Unconfirmed.fail(
              next,
              known
                  + ", but DescribeInstances failed until verifyTimeoutSeconds ("
                  + spec.verifyTimeout().toSeconds()
                  + ") passed; last error "
                  + error.describe()),
          in);
    }
    String reason =
        ErrorTaxonomy.isUnreachable(error)
            ? Reasons.ECS_UNREACHABLE
            : phase == Phase.Verifying ? Reasons.VERIFYING : Reasons.CONFIRMING_REBOOT;
    next.progress(
        phase,
        reason,
        LOOK_FAILED
            + " ("
            + error.describe()
            + "); "
            + known
            + "; looking again until "
            + giveUp
            + " (verifyTimeoutSeconds)");
    return Step.record(next.status(), settings.pollInterval());
  }

  /** True when the status says that the last look at the instance failed. */
  static boolean lastLookFailed(RebootRequestStatus status) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(
                c ->
                    Conditions.RECONCILING.equals(c.getType())
                        && c.getMessage() != null
                        && c.getMessage().startsWith(LOOK_FAILED));
  }

  /** Records the error, keeping the time of the first of a run of the same error. */
  private static void keepLastError(StatusEditor next, EcsError error) {
    var last = next.status().getLastError();
    if (last == null
        || !java.util.Objects.equals(last.getCode(), error.code())
        || !java.util.Objects.equals(last.getMessage(), error.message())) {
      next.lastError(error);
    }
  }

  /**
   * Counts a retryable failure and waits. {@code phase} Rebooting keeps an intent whose call may
   * have taken effect: the instance's state decides whether another call is safe (looked at at
   * once, then through the settle window), so the limit is checked there, not here.
   */
  private Step retry(RebootInput in, StatusEditor next, EcsError error, Phase phase) {
    RebootRequestStatus status = next.status();
    int retries = orZero(status.getRetries()) + 1;
    status.setRetries(retries);
    Duration delay = settings.backoff().delayBeforeRetry(retries);
    if (phase == Phase.Rebooting) {
      next.progress(
          Phase.Rebooting,
          Reasons.CONFIRMING_REBOOT,
          error.describe() + "; checking whether the reboot took effect");
      return Step.record(status, Duration.ZERO);
    }
    int limit = RequestSpec.of(in.spec(), settings.defaultRegion()).backoffLimit();
    if (retries > limit) {
      return Ttl.finish(backoffExhausted(next, status), in);
    }
    next.progress(
        phase, Reasons.RETRYING, error.describe() + "; retry " + retries + " of " + limit);
    return Step.record(status, delay);
  }

  StatusEditor backoffExhausted(StatusEditor next, RebootRequestStatus status) {
    String last =
        status.getLastError() == null
            ? ""
            : "; last error "
                + status.getLastError().getCode()
                + ": "
                + status.getLastError().getMessage();
    return next.fail(
        Reasons.BACKOFF_LIMIT_EXCEEDED,
        "gave up after " + orZero(status.getRetries()) + " retryable failures" + last);
  }

  private Step terminal(StatusEditor next, EcsError error, RebootInput in) {
    String reason = Conditions.reasonFor(error.code());
    if (Boolean.TRUE.equals(in.spec().getDryRun())) {
      next.condition(Conditions.DRY_RUN_PASSED, Conditions.FALSE, reason, failureMessage(error));
    }
    return Ttl.finish(next.fail(reason, failureMessage(error)), in);
  }

  private Step dryRunPassed(StatusEditor next, String requestId, RebootInput in) {
    next.status().setRequestId(requestId);
    String message = "ECS would accept the reboot (RequestId " + requestId + ")";
    next.condition(Conditions.DRY_RUN_PASSED, Conditions.TRUE, Reasons.DRY_RUN_OPERATION, message)
        .succeed(Phase.DryRunPassed, Reasons.DRY_RUN_OPERATION, message);
    return Ttl.finish(next, in);
  }
}
