package io.ecsreboot.controller;

import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.reboot.ErrorTaxonomy;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks at instances through DescribeInstances, batched: reconciles that ask within a short linger
 * share one call per region and identity (up to 100 ids), and every call also refreshes the other
 * instances in flight for that target, so one call per poll interval serves all of them. It also
 * remembers when an instance was last seen Stopping/Starting, which proves a reboot when the
 * minute-resolution StartTime cannot.
 *
 * <p>The linger adapts: a few milliseconds while requests come one by one (a reboot should not wait
 * for company), {@link #BUSY_LINGER} during a rollout of many instances at once, so that it costs
 * one call per many instances rather than one per instance. A rollout begins when one batch holds
 * {@link #BUSY_BATCH} looks before a reboot, and lasts while they keep arriving at {@link
 * #BUSY_RATE} per second or more: a steady trickle never pays the long linger.
 */
public final class InstanceObserver implements AutoCloseable {
  static final Duration BUSY_LINGER = Duration.ofMillis(250);

  static final int BUSY_BATCH = 5;
  static final double BUSY_RATE = 40;

  private final EcsClient ecs;
  private final Clock clock;
  private final Duration linger;
  private final Duration pollInterval;
  private final Duration callTimeout;
  private final ScheduledExecutorService executor;
  private final Map<String, TargetBatches> targets = new ConcurrentHashMap<>();

  public InstanceObserver(
      EcsClient ecs, Clock clock, Duration linger, Duration pollInterval, Duration callTimeout) {
    this.ecs = ecs;
    this.clock = clock;
    this.linger = linger;
    this.pollInterval = pollInterval;
    this.callTimeout = callTimeout;
    this.executor =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "describe-batcher");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The instance as seen at most {@code maxAge} ago (zero: a new look), and never before {@code
   * issued}: the first look after a RebootInstance call is a new one (shared by a burst), since a
   * look from before the call tells nothing about it.
   *
   * @param issued when the reboot was issued, to tell whether it was seen rebooting since; null
   */
  public Observation observe(EcsTarget target, String instanceId, Duration maxAge, Instant issued) {
    TargetBatches batches = targets.computeIfAbsent(target.key(), k -> new TargetBatches(target));
    CompletableFuture<EcsError> done = batches.request(instanceId, maxAge, issued);
    EcsError error;
    try {
      error = done.get(callTimeout.toMillis() * 2 + linger.toMillis(), TimeUnit.MILLISECONDS);
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
    Seen seen = batches.seen(instanceId);
    if (seen == null || seen.at == null) {
      return Observation.failed(
          new EcsError("SDK.RequestTryOrRetryFailed", "no answer for " + instanceId, null, 0));
    }
    boolean sawTransition =
        issued != null && seen.lastTransitional != null && !seen.lastTransitional.isBefore(issued);
    return Observation.of(seen.state, sawTransition);
  }

  /** The request for this instance finished: stop refreshing it. */
  public void forget(EcsTarget target, String instanceId) {
    TargetBatches batches = targets.get(target.key());
    if (batches != null) {
      batches.forget(instanceId);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static final class Seen {
    InstanceState state;
    Instant at;
    Instant lastTransitional;
    Instant lastAsked;
  }

  /** The pending batch and the last results for one region and identity. */
  private final class TargetBatches {
    private final EcsTarget target;
    private final Map<String, Seen> seen = new HashMap<>();
    private Set<String> pendingIds = new LinkedHashSet<>();
    private CompletableFuture<EcsError> pending;
    private int pendingFresh;
    private Instant pendingSince;
    private boolean busy;
    private Instant lastEviction = Instant.EPOCH;

    TargetBatches(EcsTarget target) {
      this.target = target;
    }

    synchronized CompletableFuture<EcsError> request(
        String id, Duration maxAge, Instant notBefore) {
      Instant now = clock.instant();
      Seen s = seen.computeIfAbsent(id, k -> new Seen());
      s.lastAsked = now;
      if (s.at != null
          && !now.isAfter(s.at.plus(maxAge))
          && (notBefore == null || !s.at.isBefore(notBefore))) {
        return CompletableFuture.completedFuture(null);
      }
      if (pending == null) {
        pending = new CompletableFuture<>();
        CompletableFuture<EcsError> batch = pending;
        pendingSince = clock.instant();
        Duration wait = busy ? BUSY_LINGER : linger;
        executor.schedule(() -> flush(batch), wait.toMillis(), TimeUnit.MILLISECONDS);
      }
      pendingIds.add(id);
      if (maxAge.isZero()) {
        pendingFresh++;
      }
      CompletableFuture<EcsError> mine = pending;
      if (pendingIds.size() >= EcsClient.MAX_IDS_PER_DESCRIBE) {
        CompletableFuture<EcsError> full = pending;
        executor.execute(() -> flush(full));
      }
      return mine;
    }

    synchronized Seen seen(String id) {
      return seen.get(id);
    }

    synchronized void forget(String id) {
      seen.remove(id);
    }

    private void flush(CompletableFuture<EcsError> batch) {
      List<String> ids;
      synchronized (this) {
        if (pending != batch) {
          return; // already flushed because it filled up
        }
        // Only looks before a reboot tell a rollout is under way; polls of running reboots do not.
        double seconds =
            Math.max(Duration.between(pendingSince, clock.instant()).toMillis(), 1) / 1e3;
        busy = busy ? pendingFresh / seconds >= BUSY_RATE : pendingFresh >= BUSY_BATCH;
        pendingFresh = 0;
        Set<String> asked = pendingIds;
        pending = null;
        pendingIds = new LinkedHashSet<>();
        addInFlightPiggybacks(asked);
        ids = new ArrayList<>(asked);
      }
      EcsError error = null;
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
      batch.complete(error);
    }

    /**
     * Fills the call with instances other requests are following, so their next look finds a fresh
     * answer instead of making a call of its own.
     */
    private void addInFlightPiggybacks(Set<String> ids) {
      Instant now = clock.instant();
      Instant staleBefore = now.minus(pollInterval.dividedBy(2));
      Instant askedAfter = now.minus(pollInterval.multipliedBy(3));
      // Only fill the last call up: piggybacks must never cost a call of their own.
      int max = EcsClient.MAX_IDS_PER_DESCRIBE;
      int room = (max - ids.size() % max) % max;
      boolean evict = lastEviction.isBefore(now.minus(pollInterval));
      if (room == 0 && !evict) {
        return;
      }
      if (evict) {
        lastEviction = now;
      }
      var it = seen.entrySet().iterator();
      while (it.hasNext()) {
        var e = it.next();
        Seen s = e.getValue();
        if (evict
            && s.lastAsked != null
            && s.lastAsked.isBefore(now.minus(pollInterval.multipliedBy(20)))) {
          it.remove(); // nobody asked for a long time: the request is gone
        } else if (room > 0
            && !ids.contains(e.getKey())
            && s.lastAsked != null
            && s.lastAsked.isAfter(askedAfter)
            && (s.at == null || s.at.isBefore(staleBefore))) {
          ids.add(e.getKey());
          room--;
        }
      }
    }

    private synchronized void record(List<String> asked, List<InstanceState> found) {
      Instant now = clock.instant();
      Map<String, InstanceState> byId = new HashMap<>();
      found.forEach(i -> byId.put(i.instanceId(), i));
      for (String id : asked) {
        Seen s = seen.computeIfAbsent(id, k -> new Seen());
        s.state = byId.get(id);
        s.at = now;
        if (s.state != null && ErrorTaxonomy.TRANSITIONAL_STATUSES.contains(s.state.status())) {
          s.lastTransitional = now;
        }
      }
    }
  }
}
