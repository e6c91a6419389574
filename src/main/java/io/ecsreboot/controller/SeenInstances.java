package io.ecsreboot.controller;

import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.reboot.ErrorTaxonomy;
import io.ecsreboot.reboot.RebootInput.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What DescribeInstances last said of each instance of one region and identity, when, and when it
 * was last seen Stopping/Starting (which proves a reboot when the minute-resolution StartTime
 * cannot). Not thread-safe: {@link InstanceObserver} guards it.
 */
final class SeenInstances {
  private final Duration pollInterval;
  private final Map<String, Seen> seen = new HashMap<>();
  private Instant lastEviction = Instant.EPOCH;

  private static final class Seen {
    InstanceState state;
    Instant at;
    Instant lastTransitional;
    Instant lastAsked;
  }

  SeenInstances(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /**
   * Notes that a request asked for the instance; true when the last answer is recent enough: at
   * most {@code maxAge} old and not from before {@code notBefore}.
   */
  boolean askedAndFresh(String id, Duration maxAge, Instant notBefore, Instant now) {
    Seen s = seen.computeIfAbsent(id, k -> new Seen());
    s.lastAsked = now;
    return s.at != null
        && !now.isAfter(s.at.plus(maxAge))
        && (notBefore == null || !s.at.isBefore(notBefore));
  }

  /** The last answer, and whether the instance was seen rebooting since {@code issued}. */
  Observation observation(String id, Instant issued) {
    Seen s = seen.get(id);
    if (s == null || s.at == null) {
      return Observation.failed(
          new EcsError("SDK.RequestTryOrRetryFailed", "no answer for " + id, null, 0));
    }
    boolean sawTransition =
        issued != null && s.lastTransitional != null && !s.lastTransitional.isBefore(issued);
    return Observation.of(s.state, sawTransition);
  }

  void record(List<String> asked, List<InstanceState> found, Instant now) {
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

  void forget(String id) {
    seen.remove(id);
  }

  /**
   * Fills the call with instances other requests are following, so their next look finds a fresh
   * answer instead of making a call of its own.
   */
  void addInFlightPiggybacks(Set<String> ids, Instant now) {
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
}
