package io.ecsreboot.ecs;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Client-side limit on calls of one ECS API to one region: never more than {@code --ecs-qps} calls
 * arrive at ECS in any one-second window, whatever the network and the machine's load do to each
 * call (see {@link CallWindow} for why that holds). ECS's limit is shared with every other tool of
 * the account, so the operator must never be the one that trips it.
 */
public final class RateLimiter {
  private final CallWindow window;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  public RateLimiter(double callsPerSecond) {
    this.window = CallWindow.forQps(callsPerSecond);
  }

  /** A started call; close it when its answer (or failure) came back. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** Blocks until a call may start, and starts it. */
  public Permit acquire() {
    lock.lock();
    try {
      long retryAt;
      while ((retryAt = window.tryStart(System.nanoTime())) != 0) {
        if (retryAt == Long.MAX_VALUE) {
          changed.awaitUninterruptibly();
        } else {
          changed.awaitNanos(Math.max(retryAt - System.nanoTime(), 1));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ECS rate limit", e);
    } finally {
      lock.unlock();
    }
    return this::release;
  }

  private void release() {
    lock.lock();
    try {
      window.end(System.nanoTime());
      // The freed place opens one window later; waiters recompute their wake-up time.
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
