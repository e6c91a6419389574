package io.ecsreboot.ops;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.controller.TransitionListener;
import io.ecsreboot.ecs.EcsCallListener;
import io.ecsreboot.ecs.EcsError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own Prometheus series: requests finished by outcome and reason, ECS calls by
 * action and code, reboot duration (issued to running again), requests in flight and the age of the
 * oldest of them.
 */
public final class OperatorMetrics implements TransitionListener, EcsCallListener {
  private static final Duration FORGET_AFTER = Duration.ofMinutes(30);
  private final MeterRegistry registry;
  private final Timer rebootDuration;
  // uid -> when created and last reconciled: every reconcile of an unfinished request passes here
  // (also the first one after a restart), so the oldest age is known again one poll after the
  // leader starts. A request deleted before it finished never comes back: FORGET_AFTER drops it.
  private final Map<String, Seen> inFlight = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();
  // Looked up here, not in the registry: registering takes the registry's lock, and every ECS
  // call ends here.
  private final Map<String, Counter> ecsCalls = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.rebootDuration =
        Timer.builder("ecsreboot.reboot.duration")
            .description("From the reboot intent to the instance verified running again")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofSeconds(1))
            .maximumExpectedValue(Duration.ofMinutes(30))
            .register(registry);
    Gauge.builder("ecsreboot.requests.in.flight", inFlight, Map::size)
        .description("RebootRequests started and not finished")
        .register(registry);
    // What the "stuck request" alert watches: a request in flight far longer than any timeout
    // (verifyTimeoutSeconds defaults to 15 min) means the operator is not moving it.
    Gauge.builder("ecsreboot.oldest.request.age", this, OperatorMetrics::oldestAgeSeconds)
        .description("Seconds since the oldest unfinished RebootRequest was created (0: none)")
        .baseUnit("seconds")
        .register(registry);
  }

  private double oldestAgeSeconds() {
    Instant now = clock.instant();
    inFlight.values().removeIf(seen -> seen.lastSeen().plus(FORGET_AFTER).isBefore(now));
    return inFlight.values().stream()
        .map(Seen::created)
        .min(Instant::compareTo)
        .map(t -> Math.max(0, Duration.between(t, now).toMillis() / 1000.0))
        .orElse(0.0);
  }

  private record Seen(Instant created, Instant lastSeen) {}

  private static Instant created(RebootRequest request) {
    String created = request.getMetadata().getCreationTimestamp();
    return created == null ? Instant.now() : Instant.parse(created);
  }

  @Override
  public void onCall(String action, EcsError error) {
    String code = error == null ? "" : error.code();
    ecsCalls
        .computeIfAbsent(
            action + "|" + code,
            k ->
                Counter.builder("ecsreboot.ecs.calls")
                    .description("ECS API calls by action and answer code (empty: success)")
                    .tag("action", action)
                    .tag("code", code)
                    .register(registry))
        .increment();
  }

  @Override
  public void onTransition(
      RebootRequest request, RebootRequestStatus before, RebootRequestStatus after) {
    String uid = request.getMetadata().getUid();
    Phase phase = after.getPhase();
    if (phase == null || !phase.isTerminal()) {
      inFlight.put(uid, new Seen(created(request), clock.instant()));
      return;
    }
    if (inFlight.remove(uid) == null && before != null && before.getPhase() == phase) {
      return; // not a transition we have not counted yet
    }
    Counter.builder("ecsreboot.requests.finished")
        .description("RebootRequests finished, by outcome (phase) and reason")
        .tag("outcome", phase.name())
        .tag("reason", reason(after))
        .register(registry)
        .increment();
    if (phase == Phase.Succeeded
        && after.getRebootIssuedTime() != null
        && after.getCompletionTime() != null) {
      rebootDuration.record(
          Duration.between(
              Instant.parse(after.getRebootIssuedTime()),
              Instant.parse(after.getCompletionTime())));
    }
  }

  private static String reason(RebootRequestStatus status) {
    return status.getConditions().stream()
        .filter(c -> Conditions.COMPLETED.equals(c.getType()))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("");
  }
}
