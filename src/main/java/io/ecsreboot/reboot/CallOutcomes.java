package io.ecsreboot.reboot;

import static io.ecsreboot.api.v1alpha1.Conditions.Reasons;
import static io.ecsreboot.reboot.RebootRules.failureMessage;
import static io.ecsreboot.reboot.RebootRules.orZero;
import static io.ecsreboot.reboot.RebootRules.plusOne;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import java.time.Duration;

/** What an ECS answer means for the request: the taxonomy of DESIGN.md 3.1 applied. */
public final class CallOutcomes {
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
      return Step.record(next.status(), settings.pollInterval());
    }
    EcsError error = result.error();
    next.lastError(error);
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

  /** DescribeInstances failed: retry what is transient, fail on what is not (bad credentials). */
  Step describeFailed(RebootInput in, StatusEditor next, EcsError error, Phase phase) {
    next.lastError(error);
    if (ErrorTaxonomy.classify(error, null) != ErrorClass.RETRYABLE) {
      return terminal(next, error, in);
    }
    // A failed look changes nothing about the reboot itself: keep the phase (and any intent).
    return retry(in, next, error, phase);
  }

  /**
   * Counts a retryable failure and waits. {@code phase} Rebooting keeps an intent whose call may
   * have taken effect: the instance's state decides after the settle window whether another call is
   * safe, so the limit is checked there, not here.
   */
  private Step retry(RebootInput in, StatusEditor next, EcsError error, Phase phase) {
    RebootRequestStatus status = next.status();
    int retries = plusOne(status.getRetries());
    status.setRetries(retries);
    Duration delay = settings.backoff().delayBeforeRetry(retries);
    if (phase == Phase.Rebooting) {
      next.progress(
          Phase.Rebooting,
          Reasons.CONFIRMING_REBOOT,
          error.describe() + "; checking whether the reboot took effect");
      return Step.record(status, max(delay, settings.settleWindow()));
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

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
