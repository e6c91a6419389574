package io.ecsreboot.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsCredentials;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Children of one rollout at the reboot call together share one RebootInstances call, and each gets
 * back its own answer: its member's, or the whole call's failure.
 */
class RebootBatchingTest {
  static final EcsTarget TARGET = new EcsTarget("cn-hangzhou", EcsCredentials.DEFAULT_CHAIN);

  final List<List<String>> calls = new CopyOnWriteArrayList<>();
  final Map<String, EcsError> refused = new ConcurrentHashMap<>();
  volatile EcsError wholeCallFails;
  final EcsClient ecs =
      new EcsClient() {
        @Override
        public EcsResult<String> rebootInstance(
            EcsTarget target, String instanceId, boolean forceStop, boolean dryRun) {
          throw new AssertionError("children of a rollout share RebootInstances");
        }

        @Override
        public EcsResult<Map<String, EcsResult<String>>> rebootInstances(
            EcsTarget target, List<String> ids, boolean forceStop) {
          calls.add(List.copyOf(ids));
          if (wholeCallFails != null) {
            return EcsResult.failed(wholeCallFails);
          }
          Map<String, EcsResult<String>> members = new LinkedHashMap<>();
          ids.forEach(
              id ->
                  members.put(
                      id,
                      refused.containsKey(id)
                          ? EcsResult.failed(refused.get(id))
                          : EcsResult.ok("req-1", "req-1")));
          return EcsResult.ok(members, "req-1");
        }

        @Override
        public EcsResult<List<InstanceState>> describeInstances(
            EcsTarget target, List<String> ids) {
          throw new AssertionError("no look here");
        }
      };
  final RebootBatcher batcher = new RebootBatcher(ecs, Duration.ofSeconds(5), 50);
  final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    batcher.close();
    threads.shutdownNow();
  }

  @Test
  void aLoneChildCallsAtOnce() {
    long start = System.nanoTime();
    EcsResult<String> result = batcher.reboot("rollout-a", TARGET, "i-1", false);

    assertThat(result.isOk()).isTrue();
    assertThat(calls).containsExactly(List.of("i-1"));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(RebootBatchRule.GATHER_LIMIT);
  }

  @Test
  void childrenThatReachTheCallTogetherShareOneCall() throws Exception {
    List<Future<EcsResult<String>>> answers = startChildren("rollout-a", 30, null);

    for (Future<EcsResult<String>> a : answers) {
      assertThat(a.get(10, TimeUnit.SECONDS).requestId()).isEqualTo("req-1");
    }
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)).hasSize(30);
  }

  @Test
  void aRefusedMemberFailsOnlyItsOwnChild() throws Exception {
    refused.put("i-3", new EcsError("IncorrectInstanceStatus", "stopped", "req-1", 400));
    List<Future<EcsResult<String>>> answers = startChildren("rollout-a", 5, null);

    for (int i = 0; i < answers.size(); i++) {
      EcsResult<String> result = answers.get(i).get(10, TimeUnit.SECONDS);
      if (i == 3) {
        assertThat(result.error().code()).isEqualTo("IncorrectInstanceStatus");
      } else {
        assertThat(result.isOk()).as("child " + i).isTrue();
      }
    }
  }

  @Test
  void aFailedCallIsEveryMembersFailure() throws Exception {
    wholeCallFails = new EcsError("InternalError", "boom", "req-9", 500);
    List<Future<EcsResult<String>>> answers = startChildren("rollout-a", 4, null);

    for (Future<EcsResult<String>> a : answers) {
      assertThat(a.get(10, TimeUnit.SECONDS).error()).isEqualTo(wholeCallFails);
    }
  }

  @Test
  void twoRolloutsNeverShareACall() throws Exception {
    List<Future<EcsResult<String>>> answers = new ArrayList<>(startChildren("rollout-a", 3, "a"));
    answers.addAll(startChildren("rollout-b", 3, "b"));
    for (Future<EcsResult<String>> a : answers) {
      a.get(10, TimeUnit.SECONDS);
    }

    assertThat(calls)
        .allSatisfy(c -> assertThat(c).allMatch(id -> id.startsWith(c.get(0).substring(0, 3))));
  }

  @Test
  void aSiblingThatNeverCallsHoldsTheOthersNoLongerThanTheGatherWait() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    threads.submit(
        () -> {
          batcher.reconcileStarted("rollout-a", Set::of);
          started.countDown();
          release.await(); // a reconcile held up elsewhere (a slow look)
          batcher.reconcileEnded();
          return null;
        });
    started.await();
    long start = System.nanoTime();

    EcsResult<String> result = batcher.reboot("rollout-a", TARGET, "i-1", false);

    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    release.countDown();
    assertThat(result.isOk()).isTrue();
    assertThat(waited).isGreaterThanOrEqualTo(RebootBatchRule.GATHER_LIMIT.minusMillis(50));
    assertThat(waited).isLessThan(RebootBatchRule.GATHER_LIMIT.plusSeconds(3));
  }

  @Test
  void aChildTheRolloutCreatedButNotYetReconciledIsWaitedFor() throws Exception {
    Set<String> notBegun = ConcurrentHashMap.newKeySet();
    notBegun.addAll(List.of("i-1", "i-2"));
    Future<EcsResult<String>> first = threads.submit(() -> child("i-1", notBegun));
    awaitWaitingCallers(1);
    Thread.sleep(300);
    assertThat(calls).as("no call while i-2 is still to come").isEmpty();

    Future<EcsResult<String>> second = threads.submit(() -> child("i-2", notBegun));

    assertThat(first.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(second.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(calls).containsExactly(List.of("i-1", "i-2"));
  }

  @Test
  void aCallEveryReconcileThreadWaitsOnGoesAtOnceThoughMoreChildrenAreToCome() throws Exception {
    try (RebootBatcher twoThreads = new RebootBatcher(ecs, Duration.ofSeconds(5), 2)) {
      Set<String> toCome = Set.of("i-3", "i-4", "i-5");
      long start = System.nanoTime();
      List<Future<EcsResult<String>>> answers = new ArrayList<>();
      for (String id : List.of("i-1", "i-2")) {
        answers.add(
            threads.submit(
                () -> {
                  twoThreads.reconcileStarted("rollout-a", () -> toCome);
                  try {
                    return twoThreads.reboot("rollout-a", TARGET, id, false);
                  } finally {
                    twoThreads.reconcileEnded();
                  }
                }));
      }
      for (Future<EcsResult<String>> a : answers) {
        assertThat(a.get(10, TimeUnit.SECONDS).isOk()).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("no gather wait: the children to come have no thread to get here")
          .isLessThan(RebootBatchRule.GATHER_LIMIT);
    }
  }

  /** One child's reconcile, seen as not begun until it joins (its intent not yet in the cache). */
  private EcsResult<String> child(String id, Set<String> notBegun) {
    batcher.reconcileStarted("rollout-a", () -> Set.copyOf(notBegun));
    try {
      return batcher.reboot("rollout-a", TARGET, id, false);
    } finally {
      batcher.reconcileEnded();
    }
  }

  private void awaitWaitingCallers(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (batcher.waitingCallers() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(batcher.waitingCallers()).isEqualTo(n);
  }

  /**
   * Children that all start their reconciles before any reaches the call (as a burst released by
   * one shared look does), then call.
   */
  private List<Future<EcsResult<String>>> startChildren(String rollout, int n, String prefix)
      throws InterruptedException {
    CountDownLatch allStarted = new CountDownLatch(n);
    List<Future<EcsResult<String>>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = (prefix == null ? "i-" : prefix + "-i-") + i;
      answers.add(
          threads.submit(
              () -> {
                batcher.reconcileStarted(rollout, Set::of);
                allStarted.countDown();
                allStarted.await();
                try {
                  return batcher.reboot(rollout, TARGET, id, false);
                } finally {
                  batcher.reconcileEnded();
                }
              }));
    }
    return answers;
  }
}
