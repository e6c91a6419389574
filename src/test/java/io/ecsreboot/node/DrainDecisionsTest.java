package io.ecsreboot.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.DrainSpec;
import io.ecsreboot.api.v1alpha1.DrainStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which pods a drain evicts, and the drain state machine, as tables. */
class DrainDecisionsTest {
  static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of(
            "a ReplicaSet's running pod", pod("ReplicaSet", false, "Running", "app=web"), "EVICT"),
        Arguments.of(
            "a StatefulSet's pod", pod("StatefulSet", false, "Running", "app=db"), "EVICT"),
        Arguments.of("a Job's running pod", pod("Job", false, "Running", "app=job"), "EVICT"),
        Arguments.of(
            "a pending pod of a ReplicaSet",
            pod("ReplicaSet", false, "Pending", "app=web"),
            "EVICT"),
        Arguments.of(
            "a DaemonSet's pod", pod("DaemonSet", false, "Running", "app=agent"), "DAEMON_SET"),
        Arguments.of(
            "a mirror (static) pod", pod("Node", true, "Running", "tier=control"), "MIRROR"),
        Arguments.of("a mirror pod without owner", pod(null, true, "Running", ""), "MIRROR"),
        Arguments.of("a Succeeded pod", pod("Job", false, "Succeeded", "app=job"), "FINISHED"),
        Arguments.of("a Failed unmanaged pod", pod(null, false, "Failed", ""), "FINISHED"),
        Arguments.of(
            "a pod with no controller", pod(null, false, "Running", "app=web"), "UNMANAGED"),
        Arguments.of(
            "outside the podSelector",
            pod("ReplicaSet", false, "Running", "app=batch-runner"),
            "NOT_SELECTED"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("pods")
  void theDrainEvictsOnlyPodsAControllerRecreatesElsewhere(
      String what, PodFacts pod, String disposition) {
    var filter = new DrainFilter(PodSelector.parse("app!=batch-runner"));
    assertThat(filter.classify(pod)).isEqualTo(DrainFilter.Disposition.valueOf(disposition));
  }

  @Test
  void aPlanWaitsForTerminatingPodsButEvictsOnlyTheOthers() {
    PodFacts running = pod("ReplicaSet", false, "Running", "app=web");
    PodFacts terminating =
        new PodFacts("shop", "web-2", "uid-2", "ReplicaSet", false, "Running", Map.of(), true);
    PodFacts bare = pod(null, false, "Running", "");
    var plan = new DrainFilter(PodSelector.parse(null)).plan(List.of(running, terminating, bare));
    assertThat(plan.toEvict()).containsExactly(running, terminating);
    assertThat(plan.notYetEvicted()).containsExactly(running);
    assertThat(plan.unmanaged()).containsExactly(bare);
  }

  static Stream<Arguments> rounds() {
    PodFacts p = pod("ReplicaSet", false, "Running", "app=web");
    EvictionOutcome blocked =
        new EvictionOutcome(EvictionOutcome.Kind.BLOCKED, "PodDisruptionBudget shop/web", "m");
    DrainSpec fail = drain(60, DrainSpec.OnTimeout.Fail);
    DrainSpec reboot = drain(60, DrainSpec.OnTimeout.Reboot);
    return Stream.of(
        Arguments.of("nothing left", fail, List.of(), List.of(), 0, "DRAINED", null),
        Arguments.of(
            "evicted, still terminating",
            fail,
            List.of(p),
            List.of(EvictionOutcome.accepted()),
            10,
            "CONTINUE",
            null),
        Arguments.of(
            "blocked by a budget",
            fail,
            List.of(p),
            List.of(blocked),
            10,
            "CONTINUE",
            "PodDisruptionBudget shop/web"),
        Arguments.of(
            "out of time, onTimeout Fail",
            fail,
            List.of(p),
            List.of(blocked),
            60,
            "TIMED_OUT_FAIL",
            "PodDisruptionBudget shop/web"),
        Arguments.of(
            "out of time, onTimeout Reboot",
            reboot,
            List.of(p),
            List.of(blocked),
            61,
            "TIMED_OUT_REBOOT",
            "PodDisruptionBudget shop/web"),
        Arguments.of(
            "last pod left at the deadline", fail, List.of(), List.of(), 60, "DRAINED", null),
        Arguments.of(
            "timeout 0 with pods left",
            drain(0, DrainSpec.OnTimeout.Fail),
            List.of(p),
            List.of(),
            0,
            "TIMED_OUT_FAIL",
            null),
        Arguments.of("default spec: 600 s", null, List.of(p), List.of(), 599, "CONTINUE", null));
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("rounds")
  void aDrainRoundEndsDrained_continues_orTimesOut(
      String what,
      DrainSpec spec,
      List<PodFacts> waiting,
      List<EvictionOutcome> outcomes,
      int secondsIn,
      String verdict,
      String blockedBy) {
    DrainStatus before = new DrainStatus();
    before.setStartTime(START.toString());
    before.setEvicted(2);
    var round = DrainRules.next(spec, before, waiting, outcomes, START.plusSeconds(secondsIn));
    assertThat(round.verdict()).isEqualTo(DrainRules.Verdict.valueOf(verdict));
    assertThat(round.status().getRemaining()).isEqualTo(waiting.size());
    assertThat(round.status().getBlockedBy()).isEqualTo(blockedBy);
    assertThat(round.status().getStartTime()).isEqualTo(START.toString());
  }

  @Test
  void evictionsAreCountedAcrossRoundsAndTheTimeoutCountsFromTheFirst() {
    PodFacts p = pod("ReplicaSet", false, "Running", "app=web");
    var first =
        DrainRules.next(
            null,
            null,
            List.of(p, p),
            List.of(EvictionOutcome.accepted(), EvictionOutcome.accepted()),
            START);
    assertThat(first.status().getEvicted()).isEqualTo(2);
    assertThat(first.status().getStartTime()).isEqualTo(START.toString());
    var second =
        DrainRules.next(
            null,
            first.status(),
            List.of(p),
            List.of(EvictionOutcome.accepted()),
            START.plusSeconds(5));
    assertThat(second.status().getEvicted()).isEqualTo(3);
    assertThat(second.status().getStartTime()).isEqualTo(START.toString());
  }

  @Test
  void drainDefaults() {
    assertThat(DrainRules.enabled(null)).isTrue();
    assertThat(DrainRules.enabled(new DrainSpec())).isTrue();
    DrainSpec off = new DrainSpec();
    off.setEnabled(false);
    assertThat(DrainRules.enabled(off)).isFalse();
    assertThat(DrainRules.timeout(null).toSeconds()).isEqualTo(600);
    assertThat(DrainRules.onTimeout(null)).isEqualTo(DrainSpec.OnTimeout.Fail);
  }

  static DrainSpec drain(int timeout, DrainSpec.OnTimeout onTimeout) {
    DrainSpec d = new DrainSpec();
    d.setTimeoutSeconds(timeout);
    d.setOnTimeout(onTimeout);
    return d;
  }

  static PodFacts pod(String controllerKind, boolean mirror, String phase, String labels) {
    return new PodFacts(
        "shop",
        "web-1",
        "uid-1",
        controllerKind,
        mirror,
        phase,
        NodeDecisionsTest.labels(labels),
        false);
  }
}
