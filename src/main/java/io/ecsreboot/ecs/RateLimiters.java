package io.ecsreboot.ecs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateLimiter} per ECS API and region, each at {@code --ecs-qps}: ECS throttles per API,
 * per region and per account, so a burst of DescribeInstances must not eat the RebootInstance
 * budget, and no API is ever called faster than the limit.
 */
public final class RateLimiters {
  private final double callsPerSecond;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  public RateLimiters(double callsPerSecond) {
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException("calls per second must be > 0, got " + callsPerSecond);
    }
    this.callsPerSecond = callsPerSecond;
  }

  /** Blocks until a call of {@code action} in {@code region} may start; close it when it ended. */
  public RateLimiter.Permit acquire(String action, String region) {
    return limiters
        .computeIfAbsent(action + "|" + region, k -> new RateLimiter(callsPerSecond))
        .acquire();
  }
}
