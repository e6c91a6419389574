package io.ecsreboot.controller;

import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.reboot.RebootInput.Observation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks at instances through DescribeInstances, batched: reconciles that look at the same time
 * share one call per region and identity (up to 100 ids), and every call also refreshes the other
 * instances in flight for that target, so one call per poll interval serves all of them. It also
 * remembers when an instance was last seen Stopping/Starting, which proves a reboot when the
 * minute-resolution StartTime cannot.
 *
 * <p>A call goes when no other look can still join it ({@link DescribeBatchRule}): the reconciler
 * tells when a reconcile starts and ends ({@link #reconcileStarted()}, {@link #reconcileEnded()}),
 * and the reconcile thread pool how many reconciles queue for a thread. A single request never
 * waits; a burst of a thousand costs a call per thread pool's worth of looks, however slow the
 * machine.
 */
public final class InstanceObserver implements AutoCloseable {
  /** The longest a look waits for company while reconciles queue (a burst). */
  static final Duration BUSY_LINGER = Duration.ofSeconds(1);

  private final EcsClient ecs;
  private final Clock clock;
  private final Duration linger;
  private final Duration pollInterval;
  private final Duration callTimeout;
  private final ThreadPoolExecutor reconcileThreads;
  private final ScheduledExecutorService timers;
  private final ExecutorService calls;
  private final Map<String, TargetBatches> targets = new HashMap<>();
  private final ThreadLocal<Boolean> yetToLookHere = new ThreadLocal<>();
  private int running;
  private int yetToLook;
  private int waiting;

  /**
   * @param linger the longest a look waits for a running reconcile that has not looked yet
   * @param reconcileThreads the reconciles' thread pool: its size and queue tell how many looks
   *     come
   */
  public InstanceObserver(
      EcsClient ecs,
      Clock clock,
      Duration linger,
      Duration pollInterval,
      Duration callTimeout,
      ThreadPoolExecutor reconcileThreads) {
    this.ecs = ecs;
    this.clock = clock;
    this.linger = linger;
    this.pollInterval = pollInterval;
    this.callTimeout = callTimeout;
    this.reconcileThreads = reconcileThreads;
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("describe-linger"));
    this.calls = Executors.newCachedThreadPool(daemon("describe-call"));
  }

  /** A reconcile that may look began on this thread. */
  public void reconcileStarted() {
    synchronized (this) {
      running++;
      yetToLook++;
    }
    yetToLookHere.set(Boolean.TRUE);
  }

  /** The reconcile on this thread ended; if it never looked, the others need not wait for it. */
  public void reconcileEnded() {
    boolean hadNotLooked = yetToLookHere.get() != null;
    yetToLookHere.remove();
    synchronized (this) {
      running--;
      if (hadNotLooked) {
        yetToLook--;
      }
      sendReadyBatches(1);
    }
  }

  /**
   * The instance as seen at most {@code maxAge} ago (zero: a new look), and never before {@code
   * issued}: the first look after a RebootInstance call is a new one (shared by a burst), since a
   * look from before the call tells nothing about it.
   *
   * @param issued when the reboot was issued, to tell whether it was seen rebooting since; null
   */
  public Observation observe(EcsTarget target, String instanceId, Duration maxAge, Instant issued) {
    boolean counted = yetToLookHere.get() != null;
    yetToLookHere.remove();
    TargetBatches batches;
    CompletableFuture<EcsError> done;
    synchronized (this) {
      if (counted) {
        yetToLook--;
      }
      batches = targets.computeIfAbsent(target.key(), k -> new TargetBatches(target));
      done = batches.request(instanceId, maxAge, issued);
      sendReadyBatches(0);
    }
    EcsError error;
    try {
      long wait = callTimeout.toMillis() * 2 + Math.max(linger.toMillis(), BUSY_LINGER.toMillis());
      error = done.get(wait, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      error = new EcsError("SDK.ReadTimeout", "DescribeInstances did not answer in time", null, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + instanceId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("describing " + instanceId + " failed", e.getCause());
    }
    if (error != null) {
      return Observation.failed(error);
    }
    synchronized (this) {
      return batches.seen.observation(instanceId, issued);
    }
  }

  /** Looks waiting for a DescribeInstances call (for tests). */
  synchronized int waitingLooks() {
    return waiting;
  }

  /** The request for this instance finished: stop refreshing it. */
  public synchronized void forget(EcsTarget target, String instanceId) {
    TargetBatches batches = targets.get(target.key());
    if (batches != null) {
      batches.seen.forget(instanceId);
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
    calls.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Sends every batch that may go now; called whenever a count changes. Holds the lock.
   *
   * @param leaving threads that are busy but about to take no part (the reconcile that just ended)
   */
  private void sendReadyBatches(int leaving) {
    // A thread that took a reconcile but has not told us yet will look too.
    int starting = Math.max(0, reconcileThreads.getActiveCount() - leaving - running);
    DescribeBatchRule.Demand demand =
        new DescribeBatchRule.Demand(
            reconcileThreads.getMaximumPoolSize(),
            yetToLook + starting,
            reconcileThreads.getQueue().size());
    for (TargetBatches batches : targets.values()) {
      if (batches.pending != null
          && DescribeBatchRule.goNow(batches.pendingIds.size(), waiting, demand)) {
        batches.send(batches.pending);
      }
    }
  }

  /**
   * The pending batch and the last results for one region and identity; guarded by the observer.
   */
  private final class TargetBatches {
    private final EcsTarget target;
    private final SeenInstances seen = new SeenInstances(pollInterval);
    private Set<String> pendingIds = new LinkedHashSet<>();
    private CompletableFuture<EcsError> pending;
    private int pendingWaiters;

    TargetBatches(EcsTarget target) {
      this.target = target;
    }

    CompletableFuture<EcsError> request(String id, Duration maxAge, Instant notBefore) {
      if (seen.askedAndFresh(id, maxAge, notBefore, clock.instant())) {
        return CompletableFuture.completedFuture(null);
      }
      if (pending == null) {
        pending = new CompletableFuture<>();
        boolean busy = !reconcileThreads.getQueue().isEmpty();
        sendAfter(busy ? BUSY_LINGER : linger);
      }
      pendingIds.add(id);
      pendingWaiters++;
      waiting++;
      return pending;
    }

    private void sendAfter(Duration wait) {
      CompletableFuture<EcsError> batch = pending;
      timers.schedule(() -> sendIfPending(batch), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendIfPending(CompletableFuture<EcsError> batch) {
      synchronized (InstanceObserver.this) {
        if (pending == batch) {
          send(batch);
        }
      }
    }

    /** Takes the pending batch off (with the lock held) and calls ECS for it off the lock. */
    void send(CompletableFuture<EcsError> batch) {
      Set<String> asked = pendingIds;
      waiting -= pendingWaiters;
      pendingWaiters = 0;
      pending = null;
      pendingIds = new LinkedHashSet<>();
      seen.addInFlightPiggybacks(asked, clock.instant());
      List<String> ids = new ArrayList<>(asked);
      calls.execute(() -> call(ids, batch));
    }

    private void call(List<String> ids, CompletableFuture<EcsError> batch) {
      EcsError error = null;
      try {
        for (int from = 0; from < ids.size(); from += EcsClient.MAX_IDS_PER_DESCRIBE) {
          List<String> chunk =
              ids.subList(from, Math.min(ids.size(), from + EcsClient.MAX_IDS_PER_DESCRIBE));
          EcsResult<List<InstanceState>> result = ecs.describeInstances(target, chunk);
          if (result.isOk()) {
            record(chunk, result.value());
          } else {
            error = result.error();
          }
        }
      } catch (RuntimeException bug) {
        // Hand it to every waiting reconcile (a bug is theirs to report), not to this thread.
        batch.completeExceptionally(bug);
        return;
      }
      batch.complete(error);
    }

    private void record(List<String> asked, List<InstanceState> found) {
      synchronized (InstanceObserver.this) {
        seen.record(asked, found, clock.instant());
      }
    }
  }
}
