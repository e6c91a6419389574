package io.ecsreboot.node;

import io.ecsreboot.api.v1alpha1.DrainSpec;
import io.ecsreboot.api.v1alpha1.DrainStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The drain state machine: after a round of evictions, is the node empty, still draining, or out of
 * time? Pods count as gone only when their UID has left the node, so a terminating pod still counts
 * as remaining.
 */
public final class DrainRules {
  /** Where the drain stands after a round. */
  public enum Verdict {
    /** Pods remain and there is time left: look again in a few seconds. */
    CONTINUE,
    /** No pod the drain waits for is left on the node. */
    DRAINED,
    /** Out of time, onTimeout Fail: uncordon and fail with DrainTimeout. */
    TIMED_OUT_FAIL,
    /** Out of time, onTimeout Reboot: reboot with the remaining pods on the node. */
    TIMED_OUT_REBOOT
  }

  /** The verdict and the drain status to record. */
  public record Round(Verdict verdict, DrainStatus status) {}

  private DrainRules() {}

  /**
   * @param before the drain status written so far (null on the first round)
   * @param waitingFor pods on the node the drain waits for, after this round's evictions
   * @param outcomes this round's evictions
   */
  public static Round next(
      DrainSpec spec,
      DrainStatus before,
      List<PodFacts> waitingFor,
      List<EvictionOutcome> outcomes,
      Instant now) {
    DrainStatus status = new DrainStatus();
    status.setStartTime(
        before == null || before.getStartTime() == null ? now.toString() : before.getStartTime());
    int evicted = before == null || before.getEvicted() == null ? 0 : before.getEvicted();
    evicted +=
        (int) outcomes.stream().filter(o -> o.kind() == EvictionOutcome.Kind.ACCEPTED).count();
    status.setEvicted(evicted);
    status.setRemaining(waitingFor.size());
    status.setBlockedBy(
        outcomes.stream()
            .filter(o -> o.kind() != EvictionOutcome.Kind.ACCEPTED)
            .filter(o -> o.blocker() != null)
            .map(EvictionOutcome::blocker)
            .distinct()
            .reduce((a, b) -> a + ", " + b)
            .orElse(null));
    if (waitingFor.isEmpty()) {
      status.setBlockedBy(null);
      return new Round(Verdict.DRAINED, status);
    }
    Instant deadline = Instant.parse(status.getStartTime()).plus(timeout(spec));
    if (now.isBefore(deadline)) {
      return new Round(Verdict.CONTINUE, status);
    }
    return new Round(
        onTimeout(spec) == DrainSpec.OnTimeout.Reboot
            ? Verdict.TIMED_OUT_REBOOT
            : Verdict.TIMED_OUT_FAIL,
        status);
  }

  public static boolean enabled(DrainSpec spec) {
    return spec == null || spec.getEnabled() == null || spec.getEnabled();
  }

  public static Duration timeout(DrainSpec spec) {
    Integer seconds = spec == null ? null : spec.getTimeoutSeconds();
    return Duration.ofSeconds(seconds == null ? DrainSpec.DEFAULT_TIMEOUT_SECONDS : seconds);
  }

  public static DrainSpec.OnTimeout onTimeout(DrainSpec spec) {
    return spec == null || spec.getOnTimeout() == null
        ? DrainSpec.OnTimeout.Fail
        : spec.getOnTimeout();
  }
}
