package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EmulatorOptions.StartTimeOnReboot;
import io.ecsreboot.emulator.Fault;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9: whether or not ECS moves StartTime on a reboot, a request never ends Succeeded without a
 * reboot and never causes a second one; where the evidence cannot tell, it ends RebootUnconfirmed.
 */
class ExactlyOnceWithoutGuessingTest {

  @ParameterizedTest(name = "StartTime on reboot: {0}")
  @EnumSource(StartTimeOnReboot.class)
  void secondRequestWhoseCallFailedBeforeTakingEffectNeverEndsSucceededWithoutAReboot(
      StartTimeOnReboot mode) throws Exception {
    try (OperatorHarness h =
        new OperatorHarness(
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                mode,
                OperatorHarness.nearTheEndOfAMinute())
            .startOperator()) {
      String id = h.newInstance();
      h.awaitPhase(h.create("first", id).getMetadata().getName(), Phase.Succeeded);
      // The second request's call fails with a 5xx before taking effect, right after the first
      // rebooted the instance: the pattern that once ended Succeeded without a reboot.
      h.ecs.addFault(Fault.before("RebootInstance", "InternalError", 500, 1).forInstance(id));
      h.create("second", id);
      RebootRequest second = awaitFinished(h, "second");

      if (mode == StartTimeOnReboot.ADVANCE) {
        // The first reboot moved StartTime, so an unchanged one proves the 5xx did nothing: the
        // operator calls again (after the minute of the first boot) and reboots exactly once.
        assertThat(second.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(tookEffect(h.reboots(id))).isEqualTo(2);
        assertCondition(second, Conditions.REBOOT_ACCEPTED, "True", "RebootAccepted");
      } else {
        // StartTime never moves here: nothing can show whether the 5xx rebooted; no guess.
        assertThat(second.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertCondition(second, Conditions.STALLED, "True", "RebootUnconfirmed");
        assertThat(tookEffect(h.reboots(id))).isEqualTo(1);
      }
    }
  }

  static Stream<Arguments> lostReplies() {
    Duration slow = Duration.ofSeconds(1);
    Duration quick = Duration.ofMillis(200);
    Fault error = Fault.after("RebootInstance", "InternalError", 500, 1);
    Fault drop = Fault.closeAfter("RebootInstance", 1);
    // Longer than the operator's read timeout (1 s); the quick reboot is over by then.
    Fault timeout = Fault.delayAfter("RebootInstance", 2_500, 1);
    return Stream.of(
        Arguments.of(StartTimeOnReboot.ADVANCE, "5xx", error, slow, Phase.Succeeded),
        Arguments.of(StartTimeOnReboot.KEEP, "5xx", error, slow, Phase.Succeeded),
        Arguments.of(StartTimeOnReboot.ADVANCE, "dropped", drop, slow, Phase.Succeeded),
        Arguments.of(StartTimeOnReboot.KEEP, "dropped", drop, slow, Phase.Succeeded),
        Arguments.of(StartTimeOnReboot.ADVANCE, "timeout", timeout, quick, Phase.Succeeded),
        Arguments.of(StartTimeOnReboot.KEEP, "timeout", timeout, quick, Phase.Failed));
  }

  /**
   * The reboot took effect and the answer was lost. Seen Starting at the look right after the call,
   * or a later StartTime, proves it; a reboot that was over before the operator could look, under
   * an unmoved StartTime, cannot be proven and ends RebootUnconfirmed. Never a second call.
   */
  @ParameterizedTest(name = "StartTime on reboot {0}, reply lost by {1}: {4}")
  @MethodSource("lostReplies")
  void rebootWhoseAnswerWasLostEndsHonestlyWithExactlyOneReboot(
      StartTimeOnReboot mode, String how, Fault fault, Duration transition, Phase expected)
      throws Exception {
    try (OperatorHarness h =
        new OperatorHarness(transition, transition, mode, Clock.systemUTC()).startOperator()) {
      String id = h.newInstance();
      h.ecs.addFault(fault.forInstance(id));
      RebootRequest done = awaitFinished(h, h.create("lost-" + how, id).getMetadata().getName());

      assertThat(h.reboots(id)).hasSize(1);
      assertThat(done.getStatus().getAttempts()).isEqualTo(1);
      assertThat(done.getStatus().getPhase()).isEqualTo(expected);
      if (expected == Phase.Succeeded) {
        assertCondition(done, Conditions.REBOOT_ACCEPTED, "True", "InferredFromInstanceState");
      } else {
        assertCondition(done, Conditions.STALLED, "True", "RebootUnconfirmed");
        assertThat(Assertions.condition(done, Conditions.STALLED).getMessage())
            .contains("No second reboot was attempted");
      }
    }
  }

  /**
   * Bounded by a whole StartTime minute: a second reboot of one instance waits for the first's
   * minute to pass (rule 3a), up to ~70 s when a slow machine pushed the first past the minute the
   * clock was set near.
   */
  private static RebootRequest awaitFinished(OperatorHarness h, String name) {
    return h.await(
        name,
        r ->
            r.getStatus() != null
                && r.getStatus().getPhase() != null
                && r.getStatus().getPhase().isTerminal(),
        Duration.ofSeconds(100));
  }

  /** RebootInstance calls that changed the instance: answered without error. */
  private static long tookEffect(List<CallRecord> calls) {
    return calls.stream().filter(c -> c.code().isEmpty()).count();
  }
}
