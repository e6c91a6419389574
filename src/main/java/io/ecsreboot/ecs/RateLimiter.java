package io.ecsreboot.ecs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Client-side limit on calls per second. Each call reserves the next free slot, so the operator
 * never bursts against an ECS limit it shares with every other tool of the account. Slots are
 * {@link #SPACING} times 1/qps apart: calls leave evenly spaced but arrive with network jitter, and
 * exactly 1/qps would let qps + 1 land in one second at ECS.
 */
public final class RateLimiter {
  /** Margin over 1/qps that absorbs the jitter between leaving here and arriving at ECS. */
  static final double SPACING = 1.04;

  private final long intervalNanos;
  private long nextFreeSlot;

  public RateLimiter(double callsPerSecond) {
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException("calls per second must be > 0, got " + callsPerSecond);
    }
    this.intervalNanos = (long) (SPACING * TimeUnit.SECONDS.toNanos(1) / callsPerSecond);
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
