package io.ecsreboot.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsCredentials;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.reboot.RebootInput.Observation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The describe batching pinned by counts of calls, not by timings: the lingers here are far longer
 * than any test may wait, so a call that went early did so because no other look could join it.
 */
class DescribeBatchingTest {
  static final Duration LONG_LINGER = Duration.ofSeconds(60);
  static final Duration BOUND = Duration.ofSeconds(30);
  static final EcsTarget TARGET = new EcsTarget("cn-hangzhou", EcsCredentials.DEFAULT_CHAIN);

  final List<List<String>> calls = new CopyOnWriteArrayList<>();
  final EcsClient ecs =
      new EcsClient() {
        @Override
        public EcsResult<String> rebootInstance(
            EcsTarget target, String instanceId, boolean forceStop, boolean dryRun) {
          throw new AssertionError("no reboot here");
        }

        @Override
        public EcsResult<Map<String, EcsResult<String>>> rebootInstances(
            EcsTarget target, List<String> ids, boolean forceStop) {
          throw new AssertionError("no reboot here");
        }

        @Override
        public EcsResult<List<InstanceState>> describeInstances(
            EcsTarget target, List<String> ids) {
          calls.add(List.copyOf(ids));
          List<InstanceState> found = new ArrayList<>();
          ids.forEach(id -> found.add(new InstanceState(id, "cn-hangzhou", "Running", "t", null)));
          return EcsResult.ok(found, "req");
        }
      };
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  InstanceObserver observer(Duration linger, ThreadPoolExecutor reconcileThreads) {
    InstanceObserver observer =
        new InstanceObserver(
            ecs,
            Clock.systemUTC(),
            linger,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            reconcileThreads);
    closing.add(observer);
    return observer;
  }

  ThreadPoolExecutor idlePool() {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(50);
    closing.add(pool::shutdownNow);
    return pool;
  }

  Observation look(InstanceObserver observer, String id) {
    return observer.observe(TARGET, id, Duration.ZERO, null);
  }

  /** A reconcile as the reconciler runs one: counted, with one new look before a reboot. */
  Callable<Observation> reconcileThatLooks(InstanceObserver observer, String id) {
    return () -> {
      observer.reconcileStarted();
      try {
        return look(observer, id);
      } finally {
        observer.reconcileEnded();
      }
    };
  }

  /**
   * A burst: a thousand reconciles queue for the thread pool (they all start behind a gate, so the
   * queue is full from the first look, as when a rollout creates requests faster than they are
   * reconciled). Every call holds a thread pool's worth of looks, up to the 100 ids of one call.
   */
  @ParameterizedTest(name = "{0} threads -> at most {1} calls")
  @CsvSource({"50, 25", "200, 12"})
  void aThousandQueuedLooksCostOneCallPerThreadPoolOfLooks(int threadCount, int maxCalls)
      throws Exception {
    ThreadPoolExecutor threads = (ThreadPoolExecutor) Executors.newFixedThreadPool(threadCount);
    closing.add(threads::shutdownNow);
    InstanceObserver observer = observer(Duration.ofMillis(20), threads);
    CountDownLatch allQueued = new CountDownLatch(1);
    List<Future<Observation>> looks = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id = "i-" + i;
      looks.add(
          threads.submit(
              () -> {
                allQueued.await();
                return reconcileThatLooks(observer, id).call();
              }));
    }
    allQueued.countDown();
    for (Future<Observation> look : looks) {
      assertThat(look.get(BOUND.toSeconds(), TimeUnit.SECONDS).error()).isNull();
    }

    List<Integer> sizes = calls.stream().map(List::size).toList();
    System.out.println("DescribeInstances calls (ids each): " + sizes);
    // 1000 / min(threads, 100) when every call holds them all; a little slack for the moment a
    // thread is between two reconciles and for the 1 s cap on a stalled machine.
    assertThat(sizes).hasSizeLessThanOrEqualTo(maxCalls);
    assertThat(sizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(100));
    assertThat(sizes.stream().mapToInt(n -> n).sum()).isEqualTo(1000);
  }

  @Test
  void aSingleLookGoesAtOnceWithoutWaitingForTheLinger() throws Exception {
    InstanceObserver observer = observer(LONG_LINGER, idlePool());
    ExecutorService threads = idlePool();
    Future<Observation> done = threads.submit(reconcileThatLooks(observer, "i-1"));

    assertThat(done.get(BOUND.toSeconds(), TimeUnit.SECONDS).error()).isNull();
    assertThat(calls).containsExactly(List.of("i-1"));
  }

  @Test
  void aLookWaitsForARunningReconcileThatHasNotLookedYetAndSharesItsCall() throws Exception {
    InstanceObserver observer = observer(LONG_LINGER, idlePool());
    ExecutorService threads = idlePool();
    CompletableFuture<Void> secondStarted = new CompletableFuture<>();
    CompletableFuture<Void> firstWaits = new CompletableFuture<>();
    Future<Observation> first =
        threads.submit(
            () -> {
              observer.reconcileStarted();
              secondStarted.get();
              firstWaits.complete(null);
              try {
                return look(observer, "i-1");
              } finally {
                observer.reconcileEnded();
              }
            });
    Future<Observation> second =
        threads.submit(
            () -> {
              observer.reconcileStarted();
              secondStarted.complete(null);
              try {
                firstWaits.get();
                awaitWaiting(observer, 1);
                assertThat(calls).isEmpty(); // the first look is waiting for this one
                return look(observer, "i-2");
              } finally {
                observer.reconcileEnded();
              }
            });

    assertThat(first.get(BOUND.toSeconds(), TimeUnit.SECONDS).error()).isNull();
    assertThat(second.get(BOUND.toSeconds(), TimeUnit.SECONDS).error()).isNull();
    assertThat(calls).containsExactly(List.of("i-1", "i-2"));
  }

  @Test
  void aReconcileThatEndsWithoutLookingLetsTheWaitingLookGo() throws Exception {
    InstanceObserver observer = observer(LONG_LINGER, idlePool());
    ExecutorService threads = idlePool();
    CompletableFuture<Void> otherStarted = new CompletableFuture<>();
    CompletableFuture<Void> otherMayEnd = new CompletableFuture<>();
    threads.submit(
        () -> {
          observer.reconcileStarted();
          otherStarted.complete(null);
          try {
            otherMayEnd.get(); // decides without ECS, e.g. a finished request
          } finally {
            observer.reconcileEnded();
          }
          return null;
        });
    otherStarted.get();
    Future<Observation> looking = threads.submit(reconcileThatLooks(observer, "i-1"));
    awaitWaiting(observer, 1);
    assertThat(calls).isEmpty();

    otherMayEnd.complete(null);

    assertThat(looking.get(BOUND.toSeconds(), TimeUnit.SECONDS).error()).isNull();
    assertThat(calls).containsExactly(List.of("i-1"));
  }

  private static void awaitWaiting(InstanceObserver observer, int looks) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (observer.waitingLooks() < looks) {
      assertThat(System.nanoTime()).as("looks waiting").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
