package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Conditions.Reasons;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a status before the operator acts on it: does the phase carry the record that phase
 * implies? Only the operator writes status (RBAC), so a contradiction is a forged or hand-edited
 * status, or a bug; either way the operator never acts on it as it stands.
 *
 * <p>Two outcomes besides "consistent". <b>Repaired</b>: the phase's own record (the intent, the
 * acceptance) is intact and only what follows from it contradicts it (conditions, counters, times):
 * the derived parts are rewritten to match. <b>Contradictory</b>: the record the operator needs to
 * act safely is missing or impossible (a success with no reboot on record, a Pending request with
 * an accepted reboot, an intent without a readable time): the request fails with reason {@code
 * InconsistentStatus}, because every other choice is a guess, and a wrong guess either reboots
 * twice or reports a reboot that never happened.
 */
public final class StatusConsistency {

  /** How far times the operator wrote may lie outside the object's life (clocks of replicas). */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** The finding; {@code status} is the repaired status, {@code problem} says what was wrong. */
  public record Finding(Kind kind, RebootRequestStatus status, String problem) {
    public enum Kind {
      CONSISTENT,
      REPAIRED,
      CONTRADICTORY
    }
  }

  private StatusConsistency() {}

  public static Finding check(RebootInput in) {
    RebootRequestStatus status = in.status() == null ? new RebootRequestStatus() : in.status();
    Phase phase = status.getPhase() == null ? Phase.Pending : status.getPhase();
    String contradiction = contradiction(in, status, phase);
    if (contradiction != null) {
      return new Finding(Finding.Kind.CONTRADICTORY, status, contradiction);
    }
    StatusEditor next = new StatusEditor(status, in.generation(), in.now());
    List<String> repairs = new ArrayList<>();
    repairRecord(next, phase, repairs);
    repairCounters(next.status(), repairs);
    Phase repaired = next.status().getPhase() == null ? Phase.Pending : next.status().getPhase();
    if (repaired.isTerminal()) {
      repairTerminal(in, next, repaired, repairs);
    } else {
      repairInProgress(next, repaired, repairs);
    }
    if (repairs.isEmpty()) {
      return new Finding(Finding.Kind.CONSISTENT, status, null);
    }
    return new Finding(Finding.Kind.REPAIRED, next.status(), String.join("; ", repairs));
  }

  /** What makes the status impossible to act on, or null. */
  private static String contradiction(RebootInput in, RebootRequestStatus s, Phase phase) {
    boolean dryRun = in.spec() != null && Boolean.TRUE.equals(in.spec().getDryRun());
    boolean accepted = accepted(s);
    return switch (phase) {
      case Pending, Draining ->
          accepted
              ? "status says Pending but records an accepted reboot (RequestId or"
                  + " RebootAccepted=True); another call could reboot the instance twice"
              : null;
      case Rebooting, Verifying -> intentProblem(in, s, phase);
      case Succeeded -> {
        if (dryRun) {
          yield "status says Succeeded but the spec is a dry run, which reboots nothing";
        }
        String intent = intentProblem(in, s, phase);
        if (intent != null) {
          yield intent + "; the operator has no record of rebooting the instance";
        }
        yield accepted
            ? null
            : "status says Succeeded but records no accepted reboot (no RequestId, no"
                + " RebootAccepted=True)";
      }
      case DryRunPassed -> {
        if (!dryRun) {
          yield "status says DryRunPassed but the spec is not a dry run";
        }
        yield isBlank(s.getRequestId()) && !is(s, Conditions.DRY_RUN_PASSED, Conditions.TRUE)
            ? "status says DryRunPassed but records no answer of ECS to the dry run"
            : null;
      }
      case Failed -> null; // a failure can happen at any point: it implies no record
    };
  }

  /** An intent needs a readable time within the object's life; null when it has one. */
  private static String intentProblem(RebootInput in, RebootRequestStatus s, Phase phase) {
    Instant issued = SafeTime.parse(s.getRebootIssuedTime());
    if (issued == null) {
      return "status says " + phase + " but has no readable rebootIssuedTime";
    }
    if (issued.isAfter(SafeTime.plus(in.now(), CLOCK_SKEW))
        || issued.isBefore(SafeTime.minus(in.created(), CLOCK_SKEW))) {
      return "status says "
          + phase
          + " but its rebootIssuedTime lies outside the request's life (created "
          + in.created()
          + ", now "
          + in.now()
          + ")";
    }
    return null;
  }

  /** A phase whose record says otherwise moves to the phase the record proves. */
  private static void repairRecord(StatusEditor next, Phase phase, List<String> repairs) {
    RebootRequestStatus s = next.status();
    if (phase == Phase.Rebooting && accepted(s)) {
      s.setPhase(Phase.Verifying);
      repairs.add("Rebooting with an accepted reboot on record is Verifying");
    } else if (phase == Phase.Verifying && !accepted(s)) {
      // An intent without acceptance is exactly an unconfirmed call: the evidence rules decide.
      s.setPhase(Phase.Rebooting);
      repairs.add("Verifying without an accepted reboot on record is an unconfirmed Rebooting");
    }
    if ((phase == Phase.Rebooting || phase == Phase.Verifying || phase == Phase.Succeeded)
        && (s.getAttempts() == null || s.getAttempts() < 1)) {
      s.setAttempts(1);
      repairs.add("a reboot intent counts at least one attempt");
    }
  }

  private static void repairCounters(RebootRequestStatus s, List<String> repairs) {
    if (s.getAttempts() != null && s.getAttempts() < 0) {
      s.setAttempts(0);
      repairs.add("attempts cannot be negative");
    }
    if (s.getRetries() != null && s.getRetries() < 0) {
      s.setRetries(0);
      repairs.add("retries cannot be negative");
    }
  }

  private static void repairTerminal(
      RebootInput in, StatusEditor next, Phase phase, List<String> repairs) {
    RebootRequestStatus s = next.status();
    Instant completed = SafeTime.parse(s.getCompletionTime());
    if (completed == null || completed.isAfter(SafeTime.plus(in.now(), CLOCK_SKEW))) {
      s.setCompletionTime(in.now().toString());
      repairs.add("a finished request has a completionTime no later than now");
    }
    boolean success = phase != Phase.Failed;
    String reason =
        success
            ? (phase == Phase.Succeeded ? Reasons.REBOOT_VERIFIED : Reasons.DRY_RUN_OPERATION)
            : failureReason(s);
    String message = phase + " (status repaired)";
    expect(
        next,
        Conditions.READY,
        success ? Conditions.TRUE : Conditions.FALSE,
        reason,
        message,
        repairs);
    expect(next, Conditions.COMPLETED, Conditions.TRUE, reason, message, repairs);
    expect(next, Conditions.RECONCILING, Conditions.FALSE, Reasons.FINISHED, message, repairs);
    expect(
        next,
        Conditions.STALLED,
        success ? Conditions.FALSE : Conditions.TRUE,
        success ? Reasons.FINISHED : reason,
        message,
        repairs);
  }

  private static void repairInProgress(StatusEditor next, Phase phase, List<String> repairs) {
    RebootRequestStatus s = next.status();
    if (s.getCompletionTime() != null) {
      s.setCompletionTime(null);
      repairs.add("a request in progress has no completionTime");
    }
    boolean contradicts =
        is(s, Conditions.READY, Conditions.TRUE)
            || is(s, Conditions.COMPLETED, Conditions.TRUE)
            || is(s, Conditions.STALLED, Conditions.TRUE)
            || (find(s, Conditions.RECONCILING) != null
                && !is(s, Conditions.RECONCILING, Conditions.TRUE));
    if (contradicts) {
      next.progress(phase, Reasons.STATUS_REPAIRED, phase + "; conditions repaired to match it");
      repairs.add("conditions of a request in progress say it is in progress");
    }
  }

  /** The reason the failure was given, when it is one; else InconsistentStatus. */
  private static String failureReason(RebootRequestStatus s) {
    Condition stalled = find(s, Conditions.STALLED);
    String reason = stalled == null ? null : stalled.getReason();
    return reason != null
            && reason.matches("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
            && !Reasons.IN_PROGRESS.equals(reason)
            && !Reasons.FINISHED.equals(reason)
        ? reason
        : Reasons.INCONSISTENT_STATUS;
  }

  private static void expect(
      StatusEditor next,
      String type,
      String value,
      String reason,
      String message,
      List<String> repairs) {
    if (!is(next.status(), type, value)) {
      next.condition(type, value, reason, message);
      repairs.add(type + " is " + value + " when " + next.status().getPhase());
    }
  }

  static boolean accepted(RebootRequestStatus s) {
    return !isBlank(s.getRequestId()) || is(s, Conditions.REBOOT_ACCEPTED, Conditions.TRUE);
  }

  private static boolean is(RebootRequestStatus s, String type, String value) {
    Condition c = find(s, type);
    return c != null && value.equals(c.getStatus());
  }

  private static Condition find(RebootRequestStatus s, String type) {
    if (s.getConditions() == null) {
      return null;
    }
    return s.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
