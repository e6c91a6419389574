package io.ecsreboot.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When ECS cannot confirm an unanswered reboot, the Node decides (DESIGN.md 7): a proof that it did
 * not happen retries it within backoffLimit; otherwise the ECS failure stands.
 */
class NotRebootedRetryTest {
  static final Instant ISSUED = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration SETTLE = Duration.ofSeconds(30);
  static final Instant DEADLINE = ISSUED.plusSeconds(600);
  static final Instant AFTER_SETTLE = ISSUED.plus(SETTLE).plusSeconds(5);
  static final Instant WITHIN_SETTLE = ISSUED.plusSeconds(10);

  static NodeFacts node(String bootId, Boolean ready, Instant heartbeat) {
    return new NodeFacts("node-a", "cn-hangzhou.i-abc", true, "ops/r", bootId, ready, heartbeat);
  }

  static Stream<Arguments> cases() {
    NodeFacts sameFresh = node("boot-1", true, AFTER_SETTLE);
    NodeFacts sameStale = node("boot-1", true, WITHIN_SETTLE);
    return Stream.of(
        // what, phase before, ECS failure, node, now, retries, decision
        Arguments.of(
            "same bootID, Ready, fresh heartbeat",
            Phase.Rebooting,
            "RebootUnconfirmed",
            sameFresh,
            AFTER_SETTLE,
            0,
            "RETRY"),
        Arguments.of(
            "the same, last retry allowed",
            Phase.Rebooting,
            "RebootUnconfirmed",
            sameFresh,
            AFTER_SETTLE,
            3,
            "RETRY"),
        Arguments.of(
            "the same, retries used up",
            Phase.Rebooting,
            "RebootUnconfirmed",
            sameFresh,
            AFTER_SETTLE,
            4,
            "GIVE_UP"),
        Arguments.of(
            "same bootID, Ready, heartbeat not since the settle window",
            Phase.Rebooting,
            "RebootUnconfirmed",
            sameStale,
            AFTER_SETTLE,
            0,
            "WAIT_FOR_HEARTBEAT"),
        Arguments.of(
            "the same, verify timeout passed",
            Phase.Rebooting,
            "RebootUnconfirmed",
            sameStale,
            DEADLINE,
            0,
            "KEEP"),
        Arguments.of(
            "same bootID, NotReady",
            Phase.Rebooting,
            "RebootUnconfirmed",
            node("boot-1", false, AFTER_SETTLE),
            AFTER_SETTLE,
            0,
            "KEEP"),
        Arguments.of(
            "new bootID (rebooted)",
            Phase.Rebooting,
            "RebootUnconfirmed",
            node("boot-2", true, AFTER_SETTLE),
            AFTER_SETTLE,
            0,
            "KEEP"),
        Arguments.of(
            "Node gone", Phase.Rebooting, "RebootUnconfirmed", null, AFTER_SETTLE, 0, "KEEP"),
        Arguments.of(
            "ECS accepted the call (Verifying): VerificationTimeout's case, not a retry",
            Phase.Verifying,
            "RebootUnconfirmed",
            sameFresh,
            AFTER_SETTLE,
            0,
            "KEEP"),
        Arguments.of(
            "another failure (InstanceStopped)",
            Phase.Rebooting,
            "InstanceStopped",
            sameFresh,
            AFTER_SETTLE,
            0,
            "KEEP"),
        Arguments.of(
            "a failure before any call",
            Phase.Pending,
            "RebootUnconfirmed",
            sameFresh,
            AFTER_SETTLE,
            0,
            "KEEP"));
  }

  @ParameterizedTest(name = "{0} -> {6}")
  @MethodSource("cases")
  void anUnconfirmedRebootIsRetriedOnlyWhenTheNodeProvesItDidNotHappen(
      String what,
      Phase before,
      String ecsFailure,
      NodeFacts node,
      Instant now,
      int retries,
      String decision) {
    var in =
        new NotRebootedRetry.Input(
            before, ecsFailure, "boot-1", node, ISSUED, SETTLE, DEADLINE, now, retries, 3);
    assertThat(NotRebootedRetry.decide(in)).isEqualTo(NotRebootedRetry.Decision.valueOf(decision));
  }
}
