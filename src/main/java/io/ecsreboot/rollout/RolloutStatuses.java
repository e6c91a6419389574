package io.ecsreboot.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.RebootRolloutStatus;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.reboot.StatusEditor;
import java.time.Instant;
import java.util.ArrayList;

/**
 * Builds a rollout's status from a decision: the counts, and the conditions that go with each phase
 * (Ready/Completed/Reconciling/Stalled, as RebootRequest has them).
 */
public final class RolloutStatuses {
  private static final ObjectMapper COPIER = new ObjectMapper();

  private RolloutStatuses() {}

  public static RebootRolloutStatus of(
      RebootRolloutStatus current, long generation, RolloutDecision d, Instant now) {
    RebootRolloutStatus status =
        current == null
            ? new RebootRolloutStatus()
            : COPIER.convertValue(current, RebootRolloutStatus.class);
    if (status.getConditions() == null) {
      status.setConditions(new ArrayList<>());
    }
    status.setObservedGeneration(generation);
    status.setPhase(d.phase());
    status.setTargets(d.targets());
    status.setSucceeded(d.succeeded());
    status.setFailed(d.failed());
    status.setActive(d.active());
    status.setRemaining(d.remaining());
    status.setFailedTargets(d.failedTargets().isEmpty() ? null : d.failedTargets());
    status.setNextWindowStart(d.nextWindowStart() == null ? null : d.nextWindowStart().toString());
    boolean done = d.phase().isTerminal();
    boolean ok = d.phase() == RolloutPhase.Succeeded;
    boolean stalled = d.phase() == RolloutPhase.Failed;
    set(status, Conditions.READY, ok, d, generation, now);
    set(status, Conditions.COMPLETED, done, d, generation, now);
    // Still Reconciling when failed with children running: they finish, and the counts move.
    set(status, Conditions.RECONCILING, !done || d.active() > 0, d, generation, now);
    set(status, Conditions.STALLED, stalled, d, generation, now);
    return status;
  }

  private static void set(
      RebootRolloutStatus status,
      String type,
      boolean value,
      RolloutDecision d,
      long generation,
      Instant now) {
    StatusEditor.setCondition(
        status.getConditions(),
        type,
        value ? Conditions.TRUE : Conditions.FALSE,
        d.reason(),
        d.message(),
        generation,
        now);
  }

  /** The status of a rollout whose spec the operator cannot honour (it starts nothing). */
  public static RolloutDecision invalidSpec(String message) {
    return new RolloutDecision(
        java.util.List.of(),
        RolloutPhase.Failed,
        0,
        0,
        0,
        0,
        0,
        java.util.List.of(),
        null,
        null,
        Conditions.Reasons.INVALID_SPEC,
        message);
  }
}
