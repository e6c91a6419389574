package io.ecsreboot.reboot;

import io.ecsreboot.ecs.EcsError;
import java.util.Set;

/** Classifies ECS errors (DESIGN.md 3.1) and tells which ones may hide a reboot that happened. */
public final class ErrorTaxonomy {
  private ErrorTaxonomy() {}

  public static final String DRY_RUN_OPERATION = "DryRunOperation";
  public static final String INCORRECT_INSTANCE_STATUS = "IncorrectInstanceStatus";

  /** The call left without an answer: it may or may not have reached ECS. */
  private static final Set<String> NO_ANSWER_CODES =
      Set.of(
          "SDK.ReadTimeout",
          "SDK.ServerUnreachable",
          "SDK.RequestTryOrRetryFailed",
          "SDK.BadResponseFormat");

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
    return error.httpStatus() >= 500 || NO_ANSWER_CODES.contains(error.code());
  }
}
