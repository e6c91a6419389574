package io.ecsreboot.api.v1alpha1;

/**
 * Condition types and the operator's own reasons (ECS codes become reasons via {@link #reasonFor}).
 */
public final class Conditions {
  private Conditions() {}

  /** True only on success: reboot verified, or dry run passed. Argo CD and kstatus read it. */
  public static final String READY = "Ready";

  /** True once terminal, success or failure: {@code kubectl wait --for=condition=Completed}. */
  public static final String COMPLETED = "Completed";

  /** True while in progress; the reason says what it waits for. */
  public static final String RECONCILING = "Reconciling";

  /** True on terminal failure; the reason is the ECS code or the operator's reason. */
  public static final String STALLED = "Stalled";

  public static final String DRY_RUN_PASSED = "DryRunPassed";
  public static final String REBOOT_ACCEPTED = "RebootAccepted";
  public static final String INSTANCE_RUNNING = "InstanceRunning";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** Reasons the operator gives when no ECS code applies. */
  public static final class Reasons {
    private Reasons() {}

    public static final String PENDING = "Pending";
    public static final String WAITING_FOR_INSTANCE = "WaitingForInstance";
    public static final String WAITING_FOR_INSTANCE_RUNNING = "WaitingForInstanceRunning";
    public static final String REBOOT_ISSUED = "RebootIssued";
    public static final String CONFIRMING_REBOOT = "ConfirmingReboot";
    public static final String RETRYING = "Retrying";
    public static final String VERIFYING = "Verifying";
    public static final String REBOOT_VERIFIED = "RebootVerified";
    public static final String REBOOT_ACCEPTED = "RebootAccepted";
    public static final String INFERRED_FROM_INSTANCE_STATE = "InferredFromInstanceState";
    public static final String INSTANCE_RUNNING = "InstanceRunning";
    public static final String DRY_RUN_OPERATION = "DryRunOperation";
    public static final String IN_PROGRESS = "InProgress";
    public static final String FINISHED = "Finished";
    public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String VERIFICATION_TIMEOUT = "VerificationTimeout";
    public static final String INSTANCE_STOPPED = "InstanceStopped";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String CREDENTIALS_SECRET_NOT_FOUND = "CredentialsSecretNotFound";
    public static final String INVALID_CREDENTIALS_SECRET = "InvalidCredentialsSecret";
    public static final String REBOOT_UNCONFIRMED = "RebootUnconfirmed";
    public static final String WAITING_FOR_START_TIME_MINUTE = "WaitingForStartTimeMinute";
    public static final String ECS_UNREACHABLE = "EcsUnreachable";
  }

  /**
   * A metav1.Condition reason for an ECS error code: dots and other characters the reason pattern
   * forbids are dropped ({@code InvalidInstanceId.NotFound} -> {@code InvalidInstanceIdNotFound}).
   */
  public static String reasonFor(String code) {
    String reason = code == null ? "" : code.replaceAll("[^A-Za-z0-9_]", "");
    int firstLetter = 0;
    while (firstLetter < reason.length() && !Character.isLetter(reason.charAt(firstLetter))) {
      firstLetter++;
    }
    reason = reason.substring(firstLetter);
    return reason.isEmpty() ? "UnknownError" : reason;
  }
}
