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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own Prometheus series: requests finished by outcome and reason, ECS calls by
 * action and code, reboot duration (issued to running again), and requests in flight.
 */
public final class OperatorMetrics implements TransitionListener, EcsCallListener {
  private final MeterRegistry registry;
  private final Timer rebootDuration;
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
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
      inFlight.put(uid, Boolean.TRUE);
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
