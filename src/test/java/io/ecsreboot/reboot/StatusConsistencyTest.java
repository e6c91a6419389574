package io.ecsreboot.reboot;

import static io.ecsreboot.reboot.RebootRulesTest.NOW;
import static io.ecsreboot.reboot.RebootRulesTest.OLD_START;
import static io.ecsreboot.reboot.RebootRulesTest.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.reboot.StatusConsistency.Finding.Kind;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A status someone else wrote (or a bug) is never acted on as it stands: each row is a status, what
 * the check finds, and the phase the request is left in. Repaired: only what follows from the
 * phase's record was wrong. Contradictory: the record itself is missing, and the request fails.
 */
class StatusConsistencyTest {
  static final RebootRules RULES = RebootRulesTest.rules();

  static Stream<Arguments> statuses() {
    return Stream.of(
        // What the operator writes itself is consistent.
        row("a new request", RebootRequestStatus::new, s -> {}, false, Kind.CONSISTENT, null),
        row("an intent", StatusConsistencyTest::intent, s -> {}, false, Kind.CONSISTENT, null),
        row("verifying", StatusConsistencyTest::verifying, s -> {}, false, Kind.CONSISTENT, null),
        row("succeeded", RebootRulesTest::succeeded, s -> {}, false, Kind.CONSISTENT, null),
        row(
            "dry run passed",
            StatusConsistencyTest::dryRunPassed,
            s -> {},
            true,
            Kind.CONSISTENT,
            null),
        // Forged finishes without the record they imply.
        row(
            "forged Succeeded on a fresh request",
            RebootRequestStatus::new,
            s -> s.setPhase(Phase.Succeeded),
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "Succeeded with an intent but no acceptance",
            StatusConsistencyTest::intent,
            s -> s.setPhase(Phase.Succeeded),
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "Succeeded on a dry run",
            RebootRulesTest::succeeded,
            s -> {},
            true,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "forged DryRunPassed on a fresh dry run",
            RebootRequestStatus::new,
            s -> s.setPhase(Phase.DryRunPassed),
            true,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "DryRunPassed on a real reboot",
            StatusConsistencyTest::dryRunPassed,
            s -> {},
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        // Phases in progress without the record they need.
        row(
            "Pending with an accepted reboot",
            StatusConsistencyTest::verifying,
            s -> s.setPhase(Phase.Pending),
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "Rebooting without rebootIssuedTime",
            StatusConsistencyTest::intent,
            s -> s.setRebootIssuedTime(null),
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "Verifying with an unreadable rebootIssuedTime",
            StatusConsistencyTest::verifying,
            s -> s.setRebootIssuedTime("yesterday"),
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "Rebooting issued in the year 1000000000",
            StatusConsistencyTest::intent,
            s -> s.setRebootIssuedTime("+1000000000-12-31T23:59:59Z"),
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        row(
            "Rebooting issued before the request existed",
            StatusConsistencyTest::intent,
            s -> s.setRebootIssuedTime(NOW.minusSeconds(3600).toString()),
            false,
            Kind.CONTRADICTORY,
            Phase.Failed),
        // Derived parts that contradict an intact record are repaired.
        row(
            "Verifying without acceptance is an unconfirmed Rebooting",
            StatusConsistencyTest::intent,
            s -> s.setPhase(Phase.Verifying),
            false,
            Kind.REPAIRED,
            Phase.Rebooting),
        row(
            "Rebooting with acceptance is Verifying",
            StatusConsistencyTest::verifying,
            s -> s.setPhase(Phase.Rebooting),
            false,
            Kind.REPAIRED,
            Phase.Verifying),
        row(
            "Verifying with Completed=True",
            StatusConsistencyTest::verifying,
            s -> set(s, Conditions.COMPLETED, Conditions.TRUE),
            false,
            Kind.REPAIRED,
            Phase.Verifying),
        row(
            "a new request with a forged Ready=True",
            RebootRequestStatus::new,
            s -> set(s, Conditions.READY, Conditions.TRUE),
            false,
            Kind.REPAIRED,
            Phase.Pending),
        row(
            "negative retries",
            StatusConsistencyTest::intent,
            s -> s.setRetries(-5),
            false,
            Kind.REPAIRED,
            Phase.Rebooting),
        row(
            "Rebooting with no attempt counted",
            StatusConsistencyTest::intent,
            s -> s.setAttempts(0),
            false,
            Kind.REPAIRED,
            Phase.Rebooting),
        row(
            "forged Failed with Ready=True and no Completed",
            RebootRequestStatus::new,
            s -> {
              s.setPhase(Phase.Failed);
              set(s, Conditions.READY, Conditions.TRUE);
            },
            false,
            Kind.REPAIRED,
            Phase.Failed),
        row(
            "Succeeded with a completionTime in the year 9999",
            RebootRulesTest::succeeded,
            s -> s.setCompletionTime("9999-12-31T00:00:00Z"),
            false,
            Kind.REPAIRED,
            Phase.Succeeded),
        row(
            "Succeeded with Ready=False",
            RebootRulesTest::succeeded,
            s -> set(s, Conditions.READY, Conditions.FALSE),
            false,
            Kind.REPAIRED,
            Phase.Succeeded));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void statusIsActedOnOnlyOnceItAgreesWithItself(
      String what,
      Supplier<RebootRequestStatus> base,
      Consumer<RebootRequestStatus> change,
      boolean dryRun,
      Kind kind,
      Phase leftIn) {
    RebootRequestStatus status = base.get();
    change.accept(status);
    RebootInput in = input(status, dryRun);
    assertThat(StatusConsistency.check(in).kind()).isEqualTo(kind);
    if (kind == Kind.CONSISTENT) {
      return;
    }
    Step step = RULES.decide(in);
    assertThat(step.action())
        .as("no ECS call on a status that contradicts itself")
        .isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(leftIn);
    if (kind == Kind.CONTRADICTORY) {
      assertCondition(step.status(), Conditions.STALLED, "True", "InconsistentStatus");
      assertThat(step.status().getConditions())
          .filteredOn(c -> c.getType().equals(Conditions.STALLED))
          .singleElement()
          .satisfies(c -> assertThat(c.getMessage()).contains("written by the operator alone"));
    }
    // Whatever the check left is consistent: acting on it never finds anything more to fix.
    RebootInput after =
        new RebootInput(in.spec(), step.status(), 1, in.created(), NOW, false, null);
    assertThat(StatusConsistency.check(after).kind()).as(what).isEqualTo(Kind.CONSISTENT);
  }

  @Test
  void forgedSucceededOnAFreshRequestFailsWithoutARebootAndSaysSo() {
    RebootRequestStatus forged = new RebootRequestStatus();
    forged.setPhase(Phase.Succeeded);
    set(forged, Conditions.READY, Conditions.TRUE);
    Step step = RULES.decide(input(forged, false));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Failed);
    assertCondition(step.status(), Conditions.READY, "False", "InconsistentStatus");
    assertCondition(step.status(), Conditions.COMPLETED, "True", "InconsistentStatus");
    assertThat(step.status().getConditions())
        .filteredOn(c -> c.getType().equals(Conditions.STALLED))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getMessage())
                    .contains("status says Succeeded but has no readable rebootIssuedTime")
                    .contains("no record of rebooting the instance"));
  }

  static RebootInput input(RebootRequestStatus status, boolean dryRun) {
    RebootRequestSpec spec = RebootRulesTest.spec();
    spec.setDryRun(dryRun);
    return new RebootInput(
        spec,
        status,
        1,
        NOW.minusSeconds(60),
        NOW,
        false,
        RebootInput.Observation.of(RebootRulesTest.running(OLD_START), false));
  }

  static RebootRequestStatus intent() {
    return RebootRulesTest.intent(OLD_START, NOW.minusSeconds(3));
  }

  static RebootRequestStatus verifying() {
    return RebootRulesTest.verifying(OLD_START);
  }

  static RebootRequestStatus dryRunPassed() {
    RebootRequestSpec spec = RebootRulesTest.spec();
    spec.setDryRun(true);
    RebootRequestStatus sent = new RebootRequestStatus();
    return RULES
        .outcomes()
        .afterReboot(
            new RebootInput(spec, sent, 1, NOW.minusSeconds(60), NOW, false, null),
            sent,
            "Running",
            io.ecsreboot.ecs.EcsResult.failed(RebootRulesTest.error("DryRunOperation", 400)))
        .status();
  }

  static void set(RebootRequestStatus s, String type, String value) {
    StatusEditor editor = new StatusEditor(s, 1, NOW);
    editor.condition(type, value, "Forged", "written by hand");
    s.setConditions(editor.status().getConditions());
  }

  private static Arguments row(
      String what,
      Supplier<RebootRequestStatus> base,
      Consumer<RebootRequestStatus> change,
      boolean dryRun,
      Kind kind,
      Phase leftIn) {
    return Arguments.of(what, base, change, dryRun, kind, leftIn);
  }
}
