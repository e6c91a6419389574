package io.ecsreboot.reboot;

import io.ecsreboot.ecs.EcsError;
import java.util.Set;

/** Classifies ECS errors (DESIGN.md 3.1) and tells which ones may hide a reboot that happened. */
public final class ErrorTaxonomy {
  private ErrorTaxonomy() {}

  public static final String DRY_RUN_OPERATION = "DryRunOperation";
  public static final String INCORRECT_INSTANCE_STATUS = "IncorrectInstanceStatus";

  /**
   * The call got no ECS answer. All but {@link #NOT_SENT} may have reached ECS; BadResponseFormat
   * (an HTML page from a gateway, say) is here because no ECS answer says what happened behind it.
   */
  private static final Set<String> NO_ANSWER_CODES =
      Set.of(
          "SDK.ReadTimeout",
          "SDK.ServerUnreachable",
          "SDK.NoResponse",
          "SDK.RequestTryOrRetryFailed",
          "SDK.BadResponseFormat");

  /** The SDK's code for a connection that never opened (refused, connect timeout): not sent. */
  private static final String NOT_SENT = "SDK.ServerUnreachable";

  /** No answer at all from the endpoint: the signs of an outage, not of an ECS error. */
  private static final Set<String> UNREACHABLE_CODES =
      Set.of("SDK.ReadTimeout", "SDK.ServerUnreachable", "SDK.NoResponse");

  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "InternalError",
          "ServiceUnavailable",
          "Throttling",
          "Throttling.User",
          "Throttling.Api",
          "OperationConflict");

  /** Instance statuses a reboot has to wait out rather than fail on. */
  public static final Set<String> TRANSITIONAL_STATUSES = Set.of("Starting", "Stopping", "Pending");

  /**
   * @param instanceStatus the instance's status seen just before the call, or null when unknown; it
   *     decides what IncorrectInstanceStatus means: wait out a transition, fail on a stopped
   *     instance, and otherwise (a race with another operation) retry within backoffLimit.
   */
  public static ErrorClass classify(EcsError error, String instanceStatus) {
    String code = error.code();
    if (DRY_RUN_OPERATION.equals(code)) {
      return ErrorClass.DRY_RUN_PASSED;
    }
    if (INCORRECT_INSTANCE_STATUS.equals(code)) {
      if (instanceStatus != null && TRANSITIONAL_STATUSES.contains(instanceStatus)) {
        return ErrorClass.WAIT;
      }
      return instanceStatus == null || "Running".equals(instanceStatus)
          ? ErrorClass.RETRYABLE
          : ErrorClass.TERMINAL;
    }
    if (TRANSIENT_CODES.contains(code)
        || NO_ANSWER_CODES.contains(code)
        || error.httpStatus() >= 500) {
      return ErrorClass.RETRYABLE;
    }
    return ErrorClass.TERMINAL;
  }

  /**
   * True when the call may have rebooted the instance although it reported an error: a 5xx, a reply
   * that is not JSON, or no reply at all. Such a call is never simply repeated (DESIGN.md 3.2).
   */
  public static boolean mayHaveTakenEffect(EcsError error) {
    return error.httpStatus() >= 500
        || (NO_ANSWER_CODES.contains(error.code()) && !wasNotSent(error));
  }

  /** True when the connection never opened, so the call provably did not reach ECS. */
  public static boolean wasNotSent(EcsError error) {
    return error.httpStatus() == 0 && NOT_SENT.equals(error.code());
  }

  /**
   * True when the endpoint did not answer at all (refused, timed out, dropped): an outage that
   * waits rather than using up backoffLimit. An answer with an error code (InternalError,
   * Throttling, a gateway's HTML page) is not one.
   */
  public static boolean isUnreachable(EcsError error) {
    return error.httpStatus() == 0 && UNREACHABLE_CODES.contains(error.code());
  }
}
