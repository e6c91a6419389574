package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.api.v1alpha1.SpecLimits;
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
    Instant completed = SafeTime.parse(finished.getCompletionTime());
    if (ttl == null || ttl < 0 || completed == null) {
      return null; // a negative TTL failed as InvalidSpec: keep the object, so its error is seen
    }
    // A TTL past the schema's maximum (an older CRD) waits the maximum, and never overflows.
    long seconds = Math.min(ttl, SpecLimits.MAX_TTL_SECONDS_AFTER_FINISHED);
    return SafeTime.until(in.now(), SafeTime.plusSeconds(completed, seconds));
  }
}
