package io.ecsreboot.ecs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The bookkeeping of a strict rate limit, as plain code over a caller's clock: at most {@code
 * limit} calls in any window of {@code windowNanos}, counted where ECS counts them, on arrival.
 *
 * <p>The sender cannot see when a call arrives, only that it arrives between its start and the
 * moment its answer (or failure) comes back. So a call occupies the window from its start until one
 * window after it ended, and is in flight (occupying for good) until then. A new call may start
 * only while fewer than {@code limit} calls occupy: then no window at ECS, wherever it lies and
 * however the network delays each call, can hold more than {@code limit} arrivals. (Take the last
 * call to start among any limit + 1 arrivals within one window: every other one arrived less than a
 * window before it started, so ended after that, and occupied when it started.)
 */
final class CallWindow {
  private final int limit;
  private final long windowNanos;

  /** End times of finished calls still occupying, oldest first. */
  private final Deque<Long> ended = new ArrayDeque<>();

  private int inFlight;

  CallWindow(int limit, long windowNanos) {
    if (limit < 1 || windowNanos <= 0) {
      throw new IllegalArgumentException("limit " + limit + " per " + windowNanos + " ns");
    }
    this.limit = limit;
    this.windowNanos = windowNanos;
  }

  /** The window of {@code --ecs-qps}: N = floor(qps) calls per second, or one per 1/qps below 1. */
  static CallWindow forQps(double callsPerSecond) {
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException("calls per second must be > 0, got " + callsPerSecond);
    }
    int limit = (int) Math.max(1, Math.floor(callsPerSecond));
    long window = (long) Math.ceil(Math.max(1e9, limit * 1e9 / callsPerSecond));
    return new CallWindow(limit, window);
  }

  /**
   * Starts a call at {@code now} if the limit allows.
   *
   * @return 0 when the call started; otherwise the time to ask again ({@link Long#MAX_VALUE}: when
   *     a call in flight ends)
   */
  long tryStart(long now) {
    expire(now);
    if (inFlight + ended.size() < limit) {
      inFlight++;
      return 0;
    }
    return ended.isEmpty() ? Long.MAX_VALUE : ended.peekFirst() + windowNanos;
  }

  /** A call that started ended (its answer, error or timeout came back) at {@code now}. */
  void end(long now) {
    if (inFlight == 0) {
      throw new IllegalStateException("no call in flight");
    }
    inFlight--;
    // Ends come in nearly in order; keep the deque sorted so the head is the first to expire.
    if (ended.isEmpty() || ended.peekLast() <= now) {
      ended.addLast(now);
      return;
    }
    Deque<Long> later = new ArrayDeque<>();
    while (!ended.isEmpty() && ended.peekLast() > now) {
      later.addFirst(ended.pollLast());
    }
    ended.addLast(now);
    ended.addAll(later);
  }

  private void expire(long now) {
    Iterator<Long> it = ended.iterator();
    while (it.hasNext() && it.next() + windowNanos <= now) {
      it.remove();
    }
  }
}
