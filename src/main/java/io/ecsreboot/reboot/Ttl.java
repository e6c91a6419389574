package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import java.time.Duration;
import java.time.Instant;

/** ttlSecondsAfterFinished: when a finished request is due for deletion. */
final class Ttl {
  private Ttl() {}

  /** A terminal status: written now, then revisited only when its TTL runs out. */
  static Step finish(StatusEditor next, RebootInput in) {
    return Step.record(next.status(), timeLeft(in, next.status()));
  }

  /** Time left until the finished request may be deleted, or null without a TTL. */
  static Duration timeLeft(RebootInput in, RebootRequestStatus finished) {
    Long ttl = in.spec() == null ? null : in.spec().getTtlSecondsAfterFinished();
    if (ttl == null || finished.getCompletionTime() == null) {
      return null;
    }
    Instant expiry = Instant.parse(finished.getCompletionTime()).plusSeconds(ttl);
    Duration left = Duration.between(in.now(), expiry);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
