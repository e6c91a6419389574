package io.ecsreboot.ecs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Client-side limit on ECS calls per second, shared by every call of the operator. Each call
 * reserves the next free slot, one every 1/qps seconds, so no one-second window ever holds more
 * than qps calls: ECS throttling is per account and shared with every other tool, so the operator
 * must not burst.
 */
public final class RateLimiter {
  private final long intervalNanos;
  private long nextFreeSlot;

  public RateLimiter(double callsPerSecond) {
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException("calls per second must be > 0, got " + callsPerSecond);
    }
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / callsPerSecond);
    this.nextFreeSlot = System.nanoTime();
  }

  /** Blocks until this caller's slot comes. */
  public void acquire() {
    long slot;
    synchronized (this) {
      long now = System.nanoTime();
      slot = Math.max(now, nextFreeSlot);
      nextFreeSlot = slot + intervalNanos;
    }
    long wait;
    while ((wait = slot - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
