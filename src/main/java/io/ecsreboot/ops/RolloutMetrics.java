package io.ecsreboot.ops;

import io.ecsreboot.api.v1alpha1.RebootRolloutStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * {@code ecsreboot_rollout_targets{state}}: the targets of every rollout the operator caches, by
 * state (succeeded, failed, active, remaining), read from their statuses when scraped, so a deleted
 * rollout drops out by itself.
 */
public final class RolloutMetrics {
  public RolloutMetrics(MeterRegistry registry, Supplier<Stream<RebootRolloutStatus>> statuses) {
    gauge(registry, statuses, "succeeded", RebootRolloutStatus::getSucceeded);
    gauge(registry, statuses, "failed", RebootRolloutStatus::getFailed);
    gauge(registry, statuses, "active", RebootRolloutStatus::getActive);
    gauge(registry, statuses, "remaining", RebootRolloutStatus::getRemaining);
  }

  private static void gauge(
      MeterRegistry registry,
      Supplier<Stream<RebootRolloutStatus>> statuses,
      String state,
      java.util.function.Function<RebootRolloutStatus, Integer> count) {
    ToIntFunction<RebootRolloutStatus> orZero = s -> Objects.requireNonNullElse(count.apply(s), 0);
    Gauge.builder(
            "ecsreboot.rollout.targets",
            statuses,
            s -> s.get().filter(Objects::nonNull).mapToInt(orZero).sum())
        .description("Targets of the cached RebootRollouts by state")
        .tag("state", state)
        // The supplier is a lambda nobody else holds: a weak reference would read NaN after a GC.
        .strongReference(true)
        .register(registry);
  }
}
