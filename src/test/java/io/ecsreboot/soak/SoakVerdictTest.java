package io.ecsreboot.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.soak.SoakVerdict.Outcome;
import io.ecsreboot.soak.SoakVerdict.Reboot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The soak's judgement as a table: what ECS saw and how requests ended -> what is wrong. */
class SoakVerdictTest {
  static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");
  static final String I = "i-1";

  static Instant at(int seconds) {
    return T0.plus(Duration.ofSeconds(seconds));
  }

  static Outcome ok(String name, int completedAt) {
    return new Outcome(name, I, false, "Succeeded", at(completedAt), null, null, null);
  }

  static Outcome dry(String name, int completedAt) {
    return new Outcome(name, I, true, "DryRunPassed", at(completedAt), null, null, null);
  }

  static Outcome failed(String name, int completedAt, String reason) {
    return new Outcome(name, I, false, "Failed", at(completedAt), "True", reason, "check it");
  }

  static Reboot reboot(int second) {
    return new Reboot(I, at(second));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("one request, one reboot", List.of(ok("a", 10)), List.of(reboot(2)), ""),
        Arguments.of(
            "two requests share an instance, one reboot each",
            List.of(ok("a", 10), ok("b", 80)),
            List.of(reboot(2), reboot(70)),
            ""),
        Arguments.of(
            "Succeeded with no reboot in its window is lost",
            List.of(ok("a", 10), ok("b", 80)),
            List.of(reboot(2)),
            "lost"),
        Arguments.of(
            "two reboots in one window are a double",
            List.of(ok("a", 10)),
            List.of(reboot(2), reboot(5)),
            "double"),
        Arguments.of(
            "a reboot after every request finished is outside any window",
            List.of(ok("a", 10)),
            List.of(reboot(2), reboot(20)),
            "outside"),
        Arguments.of("a dry run that rebooted", List.of(dry("a", 10)), List.of(reboot(2)), "dry"),
        Arguments.of(
            "Failed after its reboot took effect must admit doubt",
            List.of(failed("a", 10, "BackoffLimitExceeded")),
            List.of(reboot(2)),
            "Failed/BackoffLimitExceeded"),
        Arguments.of(
            "RebootUnconfirmed after a reboot that took effect is honest",
            List.of(failed("a", 10, "RebootUnconfirmed")),
            List.of(reboot(2)),
            ""),
        Arguments.of(
            "Failed without a reboot may give any reason",
            List.of(failed("a", 10, "BackoffLimitExceeded")),
            List.of(),
            ""),
        Arguments.of(
            "Failed without a Stalled message",
            List.of(new Outcome("a", I, false, "Failed", at(10), "True", "X", "")),
            List.of(),
            "without Stalled"),
        Arguments.of(
            "unfinished is stuck",
            List.of(new Outcome("a", I, false, "Rebooting", null, null, null, null)),
            List.of(reboot(2)),
            "stuck"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesFromTheCallLogAlone(
      String name, List<Outcome> outcomes, List<Reboot> reboots, String problem) {
    SoakVerdict verdict = SoakVerdict.judge(outcomes, reboots, Map.of(I, reboots.size()));

    if (problem.isEmpty()) {
      assertThat(verdict.problems()).isEmpty();
    } else {
      assertThat(verdict.problems()).anyMatch(p -> p.contains(problem));
    }
  }

  @Test
  void aBootCountThatDisagreesWithTheCallLogIsReported() {
    SoakVerdict verdict = SoakVerdict.judge(List.of(ok("a", 10)), List.of(reboot(2)), Map.of(I, 2));

    assertThat(verdict.problems()).anyMatch(p -> p.contains("booted 2 times"));
  }

  @Test
  void theSameSeedDrawsTheSamePlan() {
    SoakPlan.Size size =
        new SoakPlan.Size(50, 3, 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(5));

    assertThat(SoakPlan.draw(7, size)).isEqualTo(SoakPlan.draw(7, size));
    assertThat(SoakPlan.draw(7, size)).isNotEqualTo(SoakPlan.draw(8, size));
    assertThat(SoakPlan.draw(7, size).count(SoakPlan.Kill.class)).isEqualTo(3);
  }
}
