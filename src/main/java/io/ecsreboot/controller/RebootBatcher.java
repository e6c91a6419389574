package io.ecsreboot.controller;

import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.RebootInstancesAnswer;
import java.time.Duration;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Lets the children of one rollout that are at the reboot call at the same moment share one
 * RebootInstances call (up to 100 ids, SuccessFirst). Each caller has written its own intent before
 * it joins, and gets back what a RebootInstance of its own would have given it: its member's
 * success or error, or the failure of the whole call (then each member's evidence rules judge it
 * like an ambiguous single call). So exactly-once holds per instance, as for a single call.
 *
 * <p>A batch goes when no other caller can still join ({@link RebootBatchRule}): the reconciler
 * tells when a reconcile of a rollout's child that may call starts and ends ({@link
 * #reconcileStarted}, {@link #reconcileEnded}), and which children of the rollout have not been
 * reconciled at all yet (created moments ago by the rollout: their first reconcile goes straight to
 * the call). Batches never mix rollouts, regions, identities or forceStop. Modelled on {@link
 * InstanceObserver}'s describe batching.
 */
public final class RebootBatcher implements AutoCloseable {
  /** Which callers may share a call: one rollout, one region and identity, one forceStop. */
  record Key(String rollout, String target, boolean forceStop) {}

  private final EcsClient ecs;
  private final Duration callTimeout;
  private final int reconcileThreads;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService timers;
  private final ExecutorService calls;
  private final Map<String, Integer> yetToCall = new HashMap<>();
  private final Map<String, Supplier<Set<String>>> freshChildren = new HashMap<>();
  private final Map<Key, Batch> pending = new HashMap<>();
  private final ThreadLocal<String> yetToCallHere = new ThreadLocal<>();

  /**
   * @param callTimeout the ECS read timeout: a caller waits at most the gather limit and two of it
   * @param reconcileThreads the reconcile threads: a caller waits on one of them
   */
  public RebootBatcher(EcsClient ecs, Duration callTimeout, int reconcileThreads) {
    this(ecs, callTimeout, reconcileThreads, System::nanoTime);
  }

  RebootBatcher(EcsClient ecs, Duration callTimeout, int reconcileThreads, LongSupplier nanoTime) {
    this.ecs = ecs;
    this.callTimeout = callTimeout;
    this.reconcileThreads = reconcileThreads;
    this.nanoTime = nanoTime;
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("reboot-gather"));
    this.calls = Executors.newCachedThreadPool(daemon("reboot-batch-call"));
    // Children leave the fresh set when the informer sees their first status, which tells no one.
    timers.scheduleWithFixedDelay(this::recheck, 100, 100, TimeUnit.MILLISECONDS);
  }

  /**
   * A reconcile of a child of {@code rollout} that may reach the reboot call began here.
   *
   * @param freshChildren the instances of the rollout's children not reconciled yet
   */
  public void reconcileStarted(String rollout, Supplier<Set<String>> freshChildren) {
    synchronized (this) {
      yetToCall.merge(rollout, 1, Integer::sum);
      this.freshChildren.put(rollout, freshChildren);
    }
    yetToCallHere.set(rollout);
  }

  /** The reconcile on this thread ended; if it never called, its siblings need not wait for it. */
  public void reconcileEnded() {
    String rollout = yetToCallHere.get();
    yetToCallHere.remove();
    if (rollout != null) {
      synchronized (this) {
        leave(rollout);
        forgetIfIdle(rollout);
        sendReady();
      }
    }
  }

  /** Reboots {@code instanceId} in a call shared with its siblings; blocks until it answered. */
  public EcsResult<String> reboot(
      String rollout, EcsTarget target, String instanceId, boolean forceStop) {
    String counted = yetToCallHere.get();
    yetToCallHere.remove();
    Key key = new Key(rollout, target.key(), forceStop);
    CompletableFuture<EcsResult<Map<String, EcsResult<String>>>> answer;
    synchronized (this) {
      if (counted != null) {
        leave(counted);
      }
      Batch batch = pending.get(key);
      if (batch != null && batch.ids.contains(instanceId)) {
        send(key, batch); // never twice in one call: the second goes in the next
        batch = null;
      }
      if (batch == null) {
        batch = new Batch(target, nanoTime.getAsLong());
        pending.put(key, batch);
        Batch first = batch;
        timers.schedule(
            () -> sendIfPending(key, first),
            RebootBatchRule.GATHER_LIMIT.toMillis(),
            TimeUnit.MILLISECONDS);
      }
      batch.ids.add(instanceId);
      answer = batch.answer;
      sendReady();
    }
    return memberOf(await(answer, instanceId), instanceId);
  }

  /** Callers waiting for a call to go, each on a reconcile thread. */
  synchronized int waitingCallers() {
    return pending.values().stream().mapToInt(b -> b.ids.size()).sum();
  }

  @Override
  public void close() {
    timers.shutdownNow();
    calls.shutdownNow();
  }

  private void leave(String rollout) {
    yetToCall.computeIfPresent(rollout, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Drops what is kept of a rollout no reconcile and no batch needs (finished rollouts). */
  private void forgetIfIdle(String rollout) {
    if (!yetToCall.containsKey(rollout)
        && pending.keySet().stream().noneMatch(k -> k.rollout().equals(rollout))) {
      freshChildren.remove(rollout);
    }
  }

  private synchronized void recheck() {
    if (!pending.isEmpty()) {
      sendReady();
    }
  }

  /** Children of the rollout that may still join: running towards the call, or not yet begun. */
  private int mayStillJoin(String rollout, Set<String> joined) {
    int running = yetToCall.getOrDefault(rollout, 0);
    Supplier<Set<String>> fresh = freshChildren.get(rollout);
    if (fresh == null) {
      return running;
    }
    // A child that joined may still look fresh until the informer sees its intent.
    int notBegun = (int) fresh.get().stream().filter(id -> !joined.contains(id)).count();
    return running + notBegun;
  }

  /** Sends every batch the rule lets go; called whenever a count changes. Holds the lock. */
  private void sendReady() {
    long now = nanoTime.getAsLong();
    int free = reconcileThreads - waitingCallers();
    for (Map.Entry<Key, Batch> e : List.copyOf(pending.entrySet())) {
      Batch batch = e.getValue();
      int others = mayStillJoin(e.getKey().rollout(), batch.ids);
      Duration waited = Duration.ofNanos(now - batch.since);
      if (RebootBatchRule.goNow(batch.ids.size(), others, free, waited)) {
        send(e.getKey(), batch);
      }
    }
  }

  private void sendIfPending(Key key, Batch batch) {
    synchronized (this) {
      if (pending.get(key) == batch) {
        send(key, batch);
      }
    }
  }

  /** Takes the batch off (with the lock held) and calls ECS for it off the lock. */
  private void send(Key key, Batch batch) {
    pending.remove(key);
    forgetIfIdle(key.rollout());
    List<String> ids = new ArrayList<>(batch.ids);
    calls.execute(
        () -> {
          try {
            batch.answer.complete(ecs.rebootInstances(batch.target, ids, key.forceStop()));
          } catch (RuntimeException bug) {
            batch.answer.completeExceptionally(bug); // every caller's to report, as its own
          }
        });
  }

  private EcsResult<Map<String, EcsResult<String>>> await(
      CompletableFuture<EcsResult<Map<String, EcsResult<String>>>> answer, String instanceId) {
    long wait = RebootBatchRule.GATHER_LIMIT.toMillis() + callTimeout.toMillis() * 2;
    try {
      return answer.get(wait, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The call may still be on its way to ECS: ambiguous, like a read timeout of a single call.
      return EcsResult.failed(
          new EcsError("SDK.ReadTimeout", "RebootInstances did not answer in time", null, 0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rebooting " + instanceId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("rebooting " + instanceId + " failed", e.getCause());
    }
  }

  /** The caller's own share of the answer: its member's result, or the whole call's failure. */
  static EcsResult<String> memberOf(
      EcsResult<Map<String, EcsResult<String>>> call, String instanceId) {
    if (!call.isOk()) {
      return EcsResult.failed(call.error());
    }
    EcsResult<String> member = call.value().get(instanceId);
    return member != null ? member : RebootInstancesAnswer.unanswered(instanceId, call.requestId());
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The callers of one call still gathering; guarded by the batcher. */
  private static final class Batch {
    final EcsTarget target;
    final long since;
    final Set<String> ids = new LinkedHashSet<>();
    final CompletableFuture<EcsResult<Map<String, EcsResult<String>>>> answer =
        new CompletableFuture<>();

    Batch(EcsTarget target, long since) {
      this.target = target;
      this.since = since;
    }
  }
}
