package io.ecsreboot.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.api.v1alpha1.SpecLimits;
import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every number of the spec at its bound, one past it, and at values no schema should let through
 * (an older CRD, a mock server): the operator's check agrees with the schema, and a request with
 * any of them ends with a status instead of an exception.
 */
class RequestSpecTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:30Z");
  static final String EMOJI = "\uD83D\uDE80"; // one character, two UTF-16 units

  static Stream<Arguments> fields() {
    return Stream.of(
        row("backoffLimit at 0", s -> s.setBackoffLimit(0), null),
        row("backoffLimit at 20", s -> s.setBackoffLimit(20), null),
        row("backoffLimit 21", s -> s.setBackoffLimit(21), "spec.backoffLimit must be 0..20"),
        row("backoffLimit -1", s -> s.setBackoffLimit(-1), "spec.backoffLimit must be 0..20"),
        row(
            "backoffLimit MAX",
            s -> s.setBackoffLimit(Integer.MAX_VALUE),
            "spec.backoffLimit must be 0..20"),
        row("activeDeadlineSeconds 1", s -> s.setActiveDeadlineSeconds(1L), null),
        row("activeDeadlineSeconds 7 days", s -> s.setActiveDeadlineSeconds(604_800L), null),
        row(
            "activeDeadlineSeconds 7 days + 1",
            s -> s.setActiveDeadlineSeconds(604_801L),
            "spec.activeDeadlineSeconds must be 1..604800"),
        row(
            "activeDeadlineSeconds 0",
            s -> s.setActiveDeadlineSeconds(0L),
            "spec.activeDeadlineSeconds must be 1..604800"),
        row(
            "activeDeadlineSeconds Long.MAX_VALUE",
            s -> s.setActiveDeadlineSeconds(Long.MAX_VALUE),
            "spec.activeDeadlineSeconds must be 1..604800"),
        row(
            "activeDeadlineSeconds Long.MIN_VALUE",
            s -> s.setActiveDeadlineSeconds(Long.MIN_VALUE),
            "spec.activeDeadlineSeconds must be 1..604800"),
        row("verifyTimeoutSeconds 10", s -> s.setVerifyTimeoutSeconds(10), null),
        row("verifyTimeoutSeconds 86400", s -> s.setVerifyTimeoutSeconds(86_400), null),
        row(
            "verifyTimeoutSeconds 86401",
            s -> s.setVerifyTimeoutSeconds(86_401),
            "spec.verifyTimeoutSeconds must be 10..86400"),
        row(
            "verifyTimeoutSeconds 9",
            s -> s.setVerifyTimeoutSeconds(9),
            "spec.verifyTimeoutSeconds must be 10..86400"),
        row(
            "verifyTimeoutSeconds MAX",
            s -> s.setVerifyTimeoutSeconds(Integer.MAX_VALUE),
            "spec.verifyTimeoutSeconds must be 10..86400"),
        row("ttlSecondsAfterFinished 0", s -> s.setTtlSecondsAfterFinished(0L), null),
        row("ttlSecondsAfterFinished 30 days", s -> s.setTtlSecondsAfterFinished(2_592_000L), null),
        row(
            "ttlSecondsAfterFinished 30 days + 1",
            s -> s.setTtlSecondsAfterFinished(2_592_001L),
            "spec.ttlSecondsAfterFinished must be 0..2592000"),
        row(
            "ttlSecondsAfterFinished -1",
            s -> s.setTtlSecondsAfterFinished(-1L),
            "spec.ttlSecondsAfterFinished must be 0..2592000"),
        row(
            "ttlSecondsAfterFinished Long.MAX_VALUE",
            s -> s.setTtlSecondsAfterFinished(Long.MAX_VALUE),
            "spec.ttlSecondsAfterFinished must be 0..2592000"),
        row("reason of 256 emoji", s -> s.setReason(EMOJI.repeat(256)), null),
        row(
            "reason of 257 emoji",
            s -> s.setReason(EMOJI.repeat(257)),
            "spec.reason must be <= 256 characters"),
        row("reason of 256 letters", s -> s.setReason("x".repeat(256)), null),
        row(
            "reason of 257 letters",
            s -> s.setReason("x".repeat(257)),
            "spec.reason must be <= 256 characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void operatorAcceptsWhatTheSchemaAcceptsAndNamesTheBoundOtherwise(
      String what, Consumer<RebootRequestSpec> change, String problem) {
    RebootRequestSpec spec = spec(change);
    if (problem == null) {
      assertThat(RequestSpec.of(spec, "cn-hangzhou").instanceId()).isEqualTo(spec.getInstanceId());
    } else {
      assertThatThrownBy(() -> RequestSpec.of(spec, "cn-hangzhou"))
          .isInstanceOf(RequestSpec.InvalidSpecException.class)
          .hasMessage(problem);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void everyValueEndsInAStatusNeverAnException(
      String what, Consumer<RebootRequestSpec> change, String problem) {
    RebootRules rules = RebootRulesTest.rules();
    RebootRequestSpec spec = spec(change);
    // A new request, one in every phase after the intent, and a finished one (its TTL).
    for (RebootRequestStatus status :
        List.of(
            new RebootRequestStatus(),
            RebootRulesTest.intent(RebootRulesTest.OLD_START, NOW.minusSeconds(40)),
            RebootRulesTest.verifying(RebootRulesTest.OLD_START),
            RebootRulesTest.succeeded())) {
      Step step =
          rules.decide(
              new RebootInput(
                  spec,
                  status,
                  1,
                  NOW.minusSeconds(60),
                  NOW,
                  false,
                  RebootInput.Observation.of(running(), false)));
      assertThat(step.status().getPhase()).as(what).isNotNull();
      if (problem != null && (status.getPhase() == null || !status.getPhase().isTerminal())) {
        assertThat(step.status().getPhase()).isEqualTo(Phase.Failed);
        assertThat(step.status().getConditions())
            .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("InvalidSpec"));
      }
      if (step.requeueAfter() != null) {
        assertThat(step.requeueAfter()).isBetween(Duration.ZERO, SafeTime.MAX_TIMER);
      }
    }
  }

  @Test
  void finishedRequestWithATtlOutsideItsBoundsWaitsTheMaximumOrIsKept() {
    RebootRules rules = RebootRulesTest.rules();
    RebootRequestStatus done = RebootRulesTest.succeeded(); // completed at NOW
    Instant later = NOW.plus(Duration.ofDays(31));
    Step huge =
        rules.decide(
            new RebootInput(
                spec(s -> s.setTtlSecondsAfterFinished(Long.MAX_VALUE)),
                done,
                1,
                NOW.minusSeconds(60),
                later,
                false,
                null));
    assertThat(huge.action()).isEqualTo(Step.Action.DELETE);
    Step negative =
        rules.decide(
            new RebootInput(
                spec(s -> s.setTtlSecondsAfterFinished(-1L)),
                done,
                1,
                NOW.minusSeconds(60),
                later,
                false,
                null));
    assertThat(negative.action()).isEqualTo(Step.Action.NONE);
    assertThat(negative.requeueAfter()).isNull();
  }

  @Test
  void lengthIsCountedInCharactersAsTheApiServerCountsThem() {
    assertThat(SpecLimits.length(EMOJI.repeat(256))).isEqualTo(256);
    assertThat(EMOJI.repeat(256).length()).isEqualTo(512);
    assertThat(SpecLimits.length("kernel patch")).isEqualTo(12);
  }

  private static InstanceState running() {
    return RebootRulesTest.running(RebootRulesTest.OLD_START);
  }

  private static RebootRequestSpec spec(Consumer<RebootRequestSpec> change) {
    RebootRequestSpec spec = RebootRulesTest.spec();
    change.accept(spec);
    return spec;
  }

  private static Arguments row(String what, Consumer<RebootRequestSpec> change, String problem) {
    return Arguments.of(what, change, problem);
  }
}
