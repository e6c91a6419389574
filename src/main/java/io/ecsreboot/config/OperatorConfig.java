package io.ecsreboot.config;

import io.ecsreboot.reboot.Backoff;
import io.ecsreboot.reboot.RebootSettings;
import java.time.Duration;
import java.util.Set;

/**
 * Everything the operator is configured with, validated. Built from flags and env vars by {@link
 * RunCommand}, or directly by tests and the benchmark.
 *
 * @param namespaces namespaces to watch; empty for all
 * @param ecsEndpoint {@code host:port} spoken to over plain HTTP (the emulator); null for the real
 *     regional HTTPS endpoints
 * @param leaseNamespace namespace of the leader-election Lease; null runs without leader election
 * @param leaderIdentity this replica's name in the Lease (the pod name in a cluster)
 * @param clockSkewMargin how far the operator's clock may be from ECS's (DESIGN.md 3.2 rule 3a); no
 *     flag: tests shorten it
 * @param adminNamespace the operator's own namespace: granted every target without a RebootPolicy
 *     (DESIGN.md 9)
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
    Duration describeLinger,
    String leaseNamespace,
    String leaderIdentity,
    Duration clockSkewMargin,
    String adminNamespace) {

  public static final String LEASE_NAME = "ecs-reboot-operator";
  public static final String DEFAULT_ADMIN_NAMESPACE = "ecs-reboot-system";

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
    require(region != null && !region.isBlank(), "--region must not be empty");
    require(ecsQps > 0, "--ecs-qps must be > 0");
    require(maxConcurrentReconciles > 0, "--max-concurrent-reconciles must be > 0");
    require(
        ecsEndpoint == null || ecsEndpoint.matches("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$"),
        "--ecs-endpoint must be host:port without a scheme, got " + ecsEndpoint);
    require(!pollInterval.isNegative() && !pollInterval.isZero(), "--poll-interval must be > 0");
    require(
        adminNamespace != null && !adminNamespace.isBlank(), "--admin-namespace must not be empty");
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
        Duration.ofMillis(20),
        null,
        null,
        RebootSettings.DEFAULT_CLOCK_SKEW_MARGIN,
        DEFAULT_ADMIN_NAMESPACE);
  }

  public RebootSettings rebootSettings() {
    return new RebootSettings(region, settleWindow, pollInterval, backoff, clockSkewMargin);
  }

  public boolean leaderElection() {
    return leaseNamespace != null;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Changes a few settings of a config; validation happens in {@link #build()}. */
  public static final class Builder {
    private Set<String> namespaces;
    private String region;
    private String ecsEndpoint;
    private double ecsQps;
    private int maxConcurrentReconciles;
    private Duration ecsConnectTimeout;
    private Duration ecsReadTimeout;
    private Duration pollInterval;
    private Duration settleWindow;
    private Backoff backoff;
    private Duration describeLinger;
    private String leaseNamespace;
    private String leaderIdentity;
    private Duration clockSkewMargin;
    private String adminNamespace;

    private Builder(OperatorConfig c) {
      namespaces = c.namespaces;
      region = c.region;
      ecsEndpoint = c.ecsEndpoint;
      ecsQps = c.ecsQps;
      maxConcurrentReconciles = c.maxConcurrentReconciles;
      ecsConnectTimeout = c.ecsConnectTimeout;
      ecsReadTimeout = c.ecsReadTimeout;
      pollInterval = c.pollInterval;
      settleWindow = c.settleWindow;
      backoff = c.backoff;
      describeLinger = c.describeLinger;
      leaseNamespace = c.leaseNamespace;
      leaderIdentity = c.leaderIdentity;
      clockSkewMargin = c.clockSkewMargin;
      adminNamespace = c.adminNamespace;
    }

    public Builder adminNamespace(String value) {
      adminNamespace = value;
      return this;
    }

    public Builder namespaces(Set<String> value) {
      namespaces = value;
      return this;
    }

    public Builder ecsEndpoint(String value) {
      ecsEndpoint = value;
      return this;
    }

    public Builder ecsQps(double value) {
      ecsQps = value;
      return this;
    }

    public Builder maxConcurrentReconciles(int value) {
      maxConcurrentReconciles = value;
      return this;
    }

    public Builder ecsReadTimeout(Duration value) {
      ecsReadTimeout = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder settleWindow(Duration value) {
      settleWindow = value;
      return this;
    }

    public Builder backoff(Backoff value) {
      backoff = value;
      return this;
    }

    public Builder clockSkewMargin(Duration value) {
      clockSkewMargin = value;
      return this;
    }

    public Builder leaderElection(String namespace, String identity) {
      leaseNamespace = namespace;
      leaderIdentity = identity;
      return this;
    }

    public OperatorConfig build() {
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
          describeLinger,
          leaseNamespace,
          leaderIdentity,
          clockSkewMargin,
          adminNamespace);
    }
  }
}
