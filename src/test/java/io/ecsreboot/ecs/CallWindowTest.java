package io.ecsreboot.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The strict limit as a property: for random bursty arrivals and random network delays (a call
 * arrives at ECS anywhere between its start and its end, ends after up to a read timeout), no
 * window at ECS ever holds more calls than the limit, and every call starts. Replay a failure with
 * {@code -Dratelimit.seed=N}.
 */
class CallWindowTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;

  @Test
  void noWindowAtEcsEverHoldsMoreThanTheLimitWhateverTheArrivalsAndDelays() {
    long seed = Long.getLong("ratelimit.seed", System.nanoTime());
    System.out.println("CallWindowTest seed=" + seed + " (replay: -Dratelimit.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int trial = 0; trial < 300; trial++) {
      double qps = pick(random, 1.0, 2.0, 5.0, 20.0, 20.0, 2.5, 0.5);
      CallWindow window = CallWindow.forQps(qps);
      long[] arrivalsAtEcs = simulate(window, bursts(random), random, 3 * SECOND);
      int limit = (int) Math.max(1, Math.floor(qps));
      long span = qps >= 1 ? SECOND : (long) (SECOND / qps);
      int most = mostInAnyWindow(arrivalsAtEcs, span);
      assertTrue(
          most <= limit,
          "seed " + seed + " trial " + trial + ": " + most + " calls in one window at qps " + qps);
    }
  }

  @Test
  void aSteadyBacklogStillGetsNearlyTheWholeRate() {
    CallWindow window = CallWindow.forQps(20);
    long[] arrivals = new long[400]; // all waiting from the start: 20 s of work at 20/s
    long[] atEcs = simulate(window, arrivals, new Random(1), 20 * MS);
    Arrays.sort(atEcs);
    // n calls at most 20 per second need n / 20 windows: the span of their arrivals plus one.
    double windows = (atEcs[atEcs.length - 1] - atEcs[0]) / (double) SECOND + 1;
    double rate = atEcs.length / windows;
    assertTrue(rate >= 18.5 && rate <= 20, "achieved " + rate + "/s with 20 ms calls");
  }

  @Test
  void aCallInFlightKeepsItsPlaceUntilItEnds() {
    CallWindow window = new CallWindow(1, SECOND);
    assertEquals(0, window.tryStart(0));
    assertEquals(Long.MAX_VALUE, window.tryStart(5 * SECOND), "still in flight");
    window.end(6 * SECOND);
    assertEquals(7 * SECOND, window.tryStart(6 * SECOND + 1), "free one window after it ended");
    assertEquals(0, window.tryStart(7 * SECOND));
  }

  /** Arrival times in bursts: groups of up to 60 calls within a few ms, with random gaps. */
  private static long[] bursts(Random random) {
    List<Long> times = new ArrayList<>();
    long t = 0;
    int groups = 1 + random.nextInt(8);
    for (int g = 0; g < groups; g++) {
      int size = 1 + random.nextInt(60);
      for (int i = 0; i < size; i++) {
        times.add(t + random.nextInt(5) * MS);
      }
      t += random.nextInt(3000) * MS;
    }
    return times.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /**
   * Runs the calls through the window on a simulated clock, each call taking a random time up to
   * {@code maxLatency} and arriving at ECS at a random moment of it (its start, its end, or in
   * between). Returns the arrival times at ECS.
   */
  private static long[] simulate(CallWindow window, long[] wants, Random random, long maxLatency) {
    record Event(long at, int call, boolean end) {}
    PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    for (int i = 0; i < wants.length; i++) {
      events.add(new Event(wants[i], i, false));
    }
    Deque<Integer> waiting = new ArrayDeque<>();
    long[] atEcs = new long[wants.length];
    int started = 0;
    while (!events.isEmpty()) {
      Event e = events.poll();
      if (e.end) {
        window.end(e.at);
      } else if (e.call >= 0) {
        waiting.add(e.call);
      }
      while (!waiting.isEmpty()) {
        long retryAt = window.tryStart(e.at);
        if (retryAt != 0) {
          if (retryAt != Long.MAX_VALUE) {
            events.add(new Event(retryAt, -1, false)); // a wake-up, as the limiter's timed wait
          }
          break;
        }
        int call = waiting.poll();
        long latency = 1 + (long) (random.nextDouble() * maxLatency);
        double where = pick(random, 0.0, 1.0, random.nextDouble());
        atEcs[call] = e.at + (long) (where * latency);
        events.add(new Event(e.at + latency, call, true));
        started++;
      }
    }
    assertEquals(wants.length, started, "every call starts");
    return atEcs;
  }

  private static int mostInAnyWindow(long[] times, long span) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    int most = 0;
    for (int i = 0, j = 0; i < sorted.length; i++) {
      while (sorted[i] - sorted[j] >= span) {
        j++;
      }
      most = Math.max(most, i - j + 1);
    }
    return most;
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }
}
