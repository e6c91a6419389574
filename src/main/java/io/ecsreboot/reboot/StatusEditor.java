package io.ecsreboot.reboot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.EcsErrorStatus;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsError;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

/**
 * Builds the next status from the current one: the single place that knows which conditions go with
 * which phase, and that keeps {@code lastTransitionTime} when a condition's status does not change.
 */
public final class StatusEditor {
  private static final ObjectMapper COPIER = new ObjectMapper();

  private final RebootRequestStatus status;
  private final long generation;
  private final Instant now;

  public StatusEditor(RebootRequestStatus current, long generation, Instant now) {
    this.status =
        current == null
            ? new RebootRequestStatus()
            : COPIER.convertValue(current, RebootRequestStatus.class);
    if (status.getConditions() == null) {
      status.setConditions(new ArrayList<>());
    }
    this.generation = generation;
    this.now = now;
    status.setObservedGeneration(generation);
  }

  public RebootRequestStatus status() {
    return status;
  }

  /** A phase on the way: Ready and Completed False, Reconciling True with what it waits for. */
  public StatusEditor progress(Phase phase, String reason, String message) {
    status.setPhase(phase);
    condition(Conditions.READY, Conditions.FALSE, reason, message);
    condition(Conditions.COMPLETED, Conditions.FALSE, reason, message);
    condition(Conditions.RECONCILING, Conditions.TRUE, reason, message);
    condition(Conditions.STALLED, Conditions.FALSE, Conditions.Reasons.IN_PROGRESS, message);
    return this;
  }

  /** Terminal success: Ready and Completed True. */
  public StatusEditor succeed(Phase phase, String reason, String message) {
    status.setPhase(phase);
    status.setCompletionTime(now.toString());
    condition(Conditions.READY, Conditions.TRUE, reason, message);
    condition(Conditions.COMPLETED, Conditions.TRUE, reason, message);
    condition(Conditions.RECONCILING, Conditions.FALSE, Conditions.Reasons.FINISHED, message);
    condition(Conditions.STALLED, Conditions.FALSE, Conditions.Reasons.FINISHED, message);
    return this;
  }

  /** Terminal failure: Stalled True with the reason, Ready False, Completed True. */
  public StatusEditor fail(String reason, String message) {
    status.setPhase(Phase.Failed);
    status.setCompletionTime(now.toString());
    condition(Conditions.READY, Conditions.FALSE, reason, message);
    condition(Conditions.COMPLETED, Conditions.TRUE, reason, message);
    condition(Conditions.RECONCILING, Conditions.FALSE, Conditions.Reasons.FINISHED, message);
    condition(Conditions.STALLED, Conditions.TRUE, reason, message);
    return this;
  }

  /** Sets one condition; the transition time moves only when its status changes. */
  public StatusEditor condition(String type, String value, String reason, String message) {
    setCondition(status.getConditions(), type, value, reason, message, generation, now);
    return this;
  }

  /**
   * Sets one condition of {@code conditions} (a RebootRequest's or a RebootRollout's); the
   * transition time moves only when its status changes.
   */
  public static void setCondition(
      java.util.List<Condition> conditions,
      String type,
      String value,
      String reason,
      String message,
      long generation,
      Instant now) {
    Condition existing =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    if (existing == null) {
      existing = new Condition();
      existing.setType(type);
      conditions.add(existing);
    }
    if (!value.equals(existing.getStatus()) || existing.getLastTransitionTime() == null) {
      existing.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    existing.setStatus(value);
    existing.setReason(reason);
    existing.setMessage(message == null ? "" : message);
    existing.setObservedGeneration(generation);
  }

  public StatusEditor lastError(EcsError error) {
    status.setLastError(
        new EcsErrorStatus(
            error.code(),
            error.message(),
            error.requestId(),
            error.httpStatus() == 0 ? null : error.httpStatus(),
            now.toString()));
    return this;
  }

  public StatusEditor instanceStatus(String ecsStatus) {
    if (ecsStatus != null) {
      status.setInstanceStatus(ecsStatus);
    }
    return this;
  }

  public StatusEditor startedIfUnset() {
    if (status.getStartTime() == null) {
      status.setStartTime(now.toString());
    }
    return this;
  }
}
