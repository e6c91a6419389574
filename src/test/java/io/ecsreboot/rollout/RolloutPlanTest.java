package io.ecsreboot.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.api.v1alpha1.RolloutWindow;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rollout's decision, case by case (DESIGN.md 8), on a fixed clock. */
class RolloutPlanTest {
  static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
  static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");
  static final MaintenanceWindows ALWAYS = MaintenanceWindows.parse(null);

  /**
   * Children by target: "n1=active", "n2=ok@-10" (succeeded 10 s ago), "n3=failed", "n4=cordoned",
   * "n5=refused" (the API server refused its child for good).
   */
  static Map<String, ChildState> children(String... specs) {
    Map<String, ChildState> children = new HashMap<>();
    for (String spec : specs) {
      String[] kv = spec.split("=");
      String target = kv[0];
      String state = kv[1];
      Instant at = NOW.minusSeconds(60);
      if (state.contains("@")) {
        at = NOW.plusSeconds(Long.parseLong(state.substring(state.indexOf('@') + 1)));
        state = state.substring(0, state.indexOf('@'));
      }
      children.put(
          target,
          switch (state) {
            case "active" -> ChildState.active(target);
            case "ok" -> ChildState.succeeded(target, at);
            case "failed" -> ChildState.failed(target, at, false);
            case "cordoned" -> ChildState.failed(target, at, true);
            case "refused" -> ChildState.refused(target, at, "refused " + target + " (HTTP 403)");
            default -> throw new IllegalArgumentException(spec);
          });
    }
    return children;
  }

  static RolloutPolicy policy(int maxUnavailable, int maxFailures) {
    return new RolloutPolicy(maxUnavailable, maxFailures, Duration.ZERO, ALWAYS, false);
  }

  static RolloutDecision decide(RolloutPolicy policy, String... children) {
    return RolloutPlan.decide(FIVE, children(children), policy, NOW);
  }

  @ParameterizedTest(name = "maxUnavailable {0}, maxFailures {1}, children {2} -> start {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1 | 0 | ''                          | n1",
        "2 | 0 | ''                          | n1 n2",
        "9 | 0 | ''                          | n1 n2 n3 n4 n5",
        "1 | 0 | n1=active                   | ''",
        "2 | 0 | n1=active                   | n2",
        "1 | 0 | n1=ok                       | n2",
        "2 | 0 | n1=ok n2=ok n3=active       | n4",
        "1 | 1 | n1=failed                   | n2",
        "1 | 1 | n1=cordoned                 | ''",
        "2 | 1 | n1=cordoned                 | n2",
        "1 | 0 | n3=active                   | ''",
        "1 | 1 | n1=refused                  | n2",
        "2 | 1 | n1=refused n2=active        | n3",
      })
  void neverMoreThanMaxUnavailableUnfinishedCountingNodesLeftCordoned(
      int maxUnavailable, int maxFailures, String children, String start) {
    RolloutDecision d = decide(policy(maxUnavailable, maxFailures), split(children));
    assertThat(d.start()).containsExactly(split(start));
    assertThat(d.phase()).isEqualTo(RolloutPhase.Progressing);
  }

  @Test
  void aFreshRolloutStartsTheFirstTargetAndCountsIt() {
    RolloutDecision d = decide(policy(1, 0));
    assertThat(d)
        .extracting(
            RolloutDecision::targets,
            RolloutDecision::active,
            RolloutDecision::remaining,
            RolloutDecision::succeeded)
        .containsExactly(5, 1, 4, 0);
  }

  @Test
  void oneFailureMoreThanMaxFailuresFailsTheRolloutNamingTheTargetAndStartsNothing() {
    RolloutDecision d = decide(policy(2, 0), "n1=ok", "n2=failed", "n3=active");
    assertThat(d.phase()).isEqualTo(RolloutPhase.Failed);
    assertThat(d.start()).isEmpty();
    assertThat(d.failedTargets()).containsExactly("n2");
    assertThat(d.reason()).isEqualTo("MaxFailuresExceeded");
    assertThat(d.message()).contains("n2").contains("maxFailures 0");
    assertThat(d.active()).as("the running child finishes").isEqualTo(1);
  }

  @Test
  void failuresWithinTheBudgetLetTheRolloutFinishAsSucceededNamingThem() {
    RolloutDecision d = decide(policy(1, 1), "n1=ok", "n2=failed", "n3=ok", "n4=ok", "n5=ok");
    assertThat(d.phase()).isEqualTo(RolloutPhase.Succeeded);
    assertThat(d.message()).contains("1 failed within maxFailures: n2");
  }

  @Test
  void everyTargetSucceededIsSucceeded() {
    RolloutDecision d = decide(policy(1, 0), "n1=ok", "n2=ok", "n3=ok", "n4=ok", "n5=ok");
    assertThat(d.phase()).isEqualTo(RolloutPhase.Succeeded);
    assertThat(d.succeeded()).isEqualTo(5);
    assertThat(d.remaining()).isZero();
  }

  @ParameterizedTest(name = "maxFailures {0}, children {1} -> {2} {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | n1=refused                       | Failed    | ChildRefused",
        "0 | n1=failed                        | Failed    | MaxFailuresExceeded",
        "1 | n1=failed n2=refused             | Failed    | ChildRefused",
        "1 | n1=refused                       | Progressing | Progressing",
        "1 | n1=refused n2=ok n3=ok n4=ok n5=ok | Succeeded | Finished",
      })
  void aRefusedChildIsAFailedTargetAndNamesItselfWhenItEndsTheRollout(
      int maxFailures, String children, RolloutPhase phase, String reason) {
    RolloutDecision d = decide(policy(1, maxFailures), split(children));
    assertThat(d.phase()).isEqualTo(phase);
    assertThat(d.reason()).isEqualTo(reason);
    if (reason.equals("ChildRefused")) {
      assertThat(d.message()).contains("refused n", "HTTP 403");
      assertThat(d.start()).isEmpty();
    }
  }

  @Test
  void asManyRefusalsAsAStatusRecordsEndTheRolloutWhateverMaxFailuresSays() {
    List<String> targets = new java.util.ArrayList<>();
    Map<String, ChildState> refused = new HashMap<>();
    for (int i = 0; i < ChildRefusals.MAX_RECORDED + 5; i++) {
      targets.add("i-" + i);
      if (i < ChildRefusals.MAX_RECORDED) {
        refused.put("i-" + i, ChildState.refused("i-" + i, NOW, "refused i-" + i));
      }
    }
    RolloutDecision d = RolloutPlan.decide(targets, refused, policy(5, 10_000), NOW);
    assertThat(d.phase()).isEqualTo(RolloutPhase.Failed);
    assertThat(d.reason()).isEqualTo("ChildRefused");
    assertThat(d.message()).startsWith(ChildRefusals.MAX_RECORDED + " children refused");
    assertThat(d.start()).isEmpty();
  }

  @Test
  void theLastChildRunningKeepsTheRolloutProgressing() {
    RolloutDecision d = decide(policy(1, 0), "n1=ok", "n2=ok", "n3=ok", "n4=ok", "n5=active");
    assertThat(d.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(d.reason()).isEqualTo("WaitingForChildren");
  }

  @Test
  void suspendStartsNothingWhileRunningChildrenFinish() {
    RolloutPolicy suspended = new RolloutPolicy(2, 0, Duration.ZERO, ALWAYS, true);
    RolloutDecision d = decide(suspended, "n1=ok", "n2=active");
    assertThat(d.phase()).isEqualTo(RolloutPhase.Suspended);
    assertThat(d.start()).isEmpty();
    assertThat(d.active()).isEqualTo(1);
  }

  @Test
  void aFailureBeyondTheBudgetWinsOverSuspend() {
    RolloutPolicy suspended = new RolloutPolicy(2, 0, Duration.ZERO, ALWAYS, true);
    assertThat(decide(suspended, "n1=failed").phase()).isEqualTo(RolloutPhase.Failed);
  }

  @Test
  void outsideEveryWindowNothingStartsAndTheNextStartIsShownAndAwaited() {
    MaintenanceWindows at0330 =
        MaintenanceWindows.parse(List.of(new RolloutWindow("30 3 * * *", "1h", "UTC")));
    RolloutPolicy policy = new RolloutPolicy(1, 0, Duration.ZERO, at0330, false);
    RolloutDecision d = decide(policy, "n1=active");
    assertThat(d.phase()).isEqualTo(RolloutPhase.WaitingForWindow);
    assertThat(d.start()).isEmpty();
    assertThat(d.active()).as("a child already running finishes").isEqualTo(1);
    assertThat(d.nextWindowStart()).isEqualTo(Instant.parse("2026-12-02T03:30:00Z"));
    assertThat(d.recheckAfter()).isEqualTo(Duration.ofMinutes(30));

    RolloutDecision inside =
        RolloutPlan.decide(FIVE, children(), policy, Instant.parse("2026-12-02T03:30:00Z"));
    assertThat(inside.start()).containsExactly("n1");
    assertThat(inside.nextWindowStart()).isNull();
  }

  @Test
  void aSucceededChildHoldsItsSlotForMinReadySeconds() {
    RolloutPolicy policy = new RolloutPolicy(1, 0, Duration.ofSeconds(30), ALWAYS, false);
    RolloutDecision held = decide(policy, "n1=ok@-10");
    assertThat(held.start()).isEmpty();
    assertThat(held.recheckAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(decide(policy, "n1=ok@-40").start()).containsExactly("n2");
  }

  @Test
  void noTargetsAtAllIsSucceeded() {
    RolloutDecision d = RolloutPlan.decide(List.of(), Map.of(), policy(1, 0), NOW);
    assertThat(d.phase()).isEqualTo(RolloutPhase.Succeeded);
    assertThat(d.targets()).isZero();
  }

  @ParameterizedTest(name = "{0} of {1} targets -> {2}")
  @CsvSource({
    "1, 5, 1",
    "3, 5, 3",
    "100%, 200, 200",
    "50%, 5, 2",
    "10%, 5, 1",
    "1%, 0, 1",
  })
  void maxUnavailableIsACountOrAPercentageRoundedDownButAtLeastOne(
      String value, int targets, int expected) {
    IntOrString v =
        value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    assertThat(RolloutPolicy.maxUnavailable(v, targets)).isEqualTo(expected);
  }

  @Test
  void maxUnavailableOutsideItsRangeIsRejected() {
    assertThatThrownBy(() -> RolloutPolicy.maxUnavailable(new IntOrString(0), 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RolloutPolicy.maxUnavailable(new IntOrString("101%"), 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String[] split(String text) {
    return text == null || text.isBlank() ? new String[0] : text.trim().split("\\s+");
  }
}
