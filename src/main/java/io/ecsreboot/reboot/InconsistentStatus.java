package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.Conditions.Reasons;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What the rules do with a status {@link StatusConsistency} finds wrong, before anything else:
 * write the repair on its own (the next look acts on it), or end the request
 * Failed/InconsistentStatus without an ECS call.
 */
final class InconsistentStatus {
  private InconsistentStatus() {}

  /** The step for a status that is not consistent; empty when it is. */
  static Optional<Step> step(RebootInput in) {
    StatusConsistency.Finding finding = StatusConsistency.check(in);
    return switch (finding.kind()) {
      case CONSISTENT -> Optional.empty();
      case CONTRADICTORY -> Optional.of(fail(in, finding.problem()));
      case REPAIRED -> {
        RebootRequestStatus repaired = finding.status();
        yield Optional.of(
            RebootRules.phaseOf(repaired).isTerminal()
                ? RebootRules.afterFinish(in, repaired)
                : Step.record(repaired, Duration.ZERO));
      }
    };
  }

  /**
   * Ends the request: Failed, saying what was wrong. A contradictory terminal status is replaced
   * the same way: it cannot be un-forged, but it is never left contradicting itself.
   */
  private static Step fail(RebootInput in, String problem) {
    StatusEditor next = new StatusEditor(in.status(), in.generation(), in.now());
    String message =
        problem
            + ". RebootRequest status is written by the operator alone; this one was changed by"
            + " someone else or is damaged, so the operator will not act on it. Check the"
            + " instance before you create a new RebootRequest";
    return Ttl.finish(next.fail(Reasons.INCONSISTENT_STATUS, message), in);
  }
}
