package io.ecsreboot.config;

import io.ecsreboot.reboot.Backoff;
import io.ecsreboot.reboot.RebootSettings;
import java.time.Duration;
import java.util.Set;

/**
 * Everything {@code run} is configured with, validated. Built from flags and env vars by {@link
 * RunCommand}, or directly by tests and the benchmark.
 *
 * @param namespaces namespaces to watch; empty for all
 * @param ecsEndpoint {@code host:port} spoken to over plain HTTP (the emulator); null for the real
 *     regional HTTPS endpoints
 */
public record OperatorConfig(
    Set<String> namespaces,
    String region,
    String ecsEndpoint,
    double ecsQps,
    int maxConcurrentReconciles,
    Duration ecsConnectTimeout,
    Duration ecsReadTimeout,
    Duration pollInterval,
    Duration settleWindow,
    Backoff backoff,
    Duration describeLinger) {

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
    require(region != null && !region.isBlank(), "--region must not be empty");
    require(ecsQps > 0, "--ecs-qps must be > 0");
    require(maxConcurrentReconciles > 0, "--max-concurrent-reconciles must be > 0");
    require(
        ecsEndpoint == null || ecsEndpoint.matches("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$"),
        "--ecs-endpoint must be host:port without a scheme, got " + ecsEndpoint);
  }

  public static OperatorConfig defaults(String region) {
    return new OperatorConfig(
        Set.of(),
        region,
        null,
        20,
        50,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Backoff.DEFAULT,
        Duration.ofMillis(20));
  }

  public RebootSettings rebootSettings() {
    return new RebootSettings(region, settleWindow, pollInterval, backoff);
  }

  public OperatorConfig withEcsEndpoint(String endpoint) {
    return new OperatorConfig(
        namespaces,
        region,
        endpoint,
        ecsQps,
        maxConcurrentReconciles,
        ecsConnectTimeout,
        ecsReadTimeout,
        pollInterval,
        settleWindow,
        backoff,
        describeLinger);
  }

  public OperatorConfig withTimings(
      Duration pollInterval, Duration settleWindow, Backoff backoff, Duration ecsReadTimeout) {
    return new OperatorConfig(
        namespaces,
        region,
        ecsEndpoint,
        ecsQps,
        maxConcurrentReconciles,
        ecsConnectTimeout,
        ecsReadTimeout,
        pollInterval,
        settleWindow,
        backoff,
        describeLinger);
  }

  public OperatorConfig withEcsQps(double qps) {
    return new OperatorConfig(
        namespaces,
        region,
        ecsEndpoint,
        qps,
        maxConcurrentReconciles,
        ecsConnectTimeout,
        ecsReadTimeout,
        pollInterval,
        settleWindow,
        backoff,
        describeLinger);
  }

  public OperatorConfig withNamespaces(Set<String> watched) {
    return new OperatorConfig(
        watched,
        region,
        ecsEndpoint,
        ecsQps,
        maxConcurrentReconciles,
        ecsConnectTimeout,
        ecsReadTimeout,
        pollInterval,
        settleWindow,
        backoff,
        describeLinger);
  }

  public OperatorConfig withMaxConcurrentReconciles(int threads) {
    return new OperatorConfig(
        namespaces,
        region,
        ecsEndpoint,
        ecsQps,
        threads,
        ecsConnectTimeout,
        ecsReadTimeout,
        pollInterval,
        settleWindow,
        backoff,
        describeLinger);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
