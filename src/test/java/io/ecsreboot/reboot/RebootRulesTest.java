package io.ecsreboot.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.InstanceState;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision logic, case by case: every taxonomy row and every exactly-once rule. */
class RebootRulesTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:30Z");
  static final String OLD_START = "2026-11-20T04:04Z";
  static final Duration SETTLE = Duration.ofSeconds(30);
  static final Duration POLL = Duration.ofSeconds(5);
  final RebootRules rules = rules();

  static RebootRules rules() {
    return new RebootRules(
        new RebootSettings(
            "cn-hangzhou",
            SETTLE,
            POLL,
            new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5))));
  }

  // ---- before the call -------------------------------------------------------------------

  @Test
  void newRequestForRunningInstanceWritesIntentBeforeRebooting() {
    Step step = rules.decide(input(spec(), null, running(OLD_START)));
    assertThat(step.action()).isEqualTo(Step.Action.REBOOT);
    RebootRequestStatus intent = step.status();
    assertThat(intent.getPhase()).isEqualTo(Phase.Rebooting);
    assertThat(intent.getAttempts()).isEqualTo(1);
    assertThat(intent.getRebootIssuedTime()).isEqualTo(NOW.toString());
    assertThat(intent.getStartTimeBefore()).isEqualTo(OLD_START);
    assertThat(intent.getRegionId()).isEqualTo("cn-hangzhou");
    assertCondition(intent, Conditions.RECONCILING, "True", "RebootIssued");
    assertCondition(intent, Conditions.READY, "False", "RebootIssued");
  }

  @Test
  void instanceThatIsStartingIsWaitedForWithoutACall() {
    Step step = rules.decide(input(spec(), null, instance("Starting", OLD_START)));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertCondition(step.status(), Conditions.RECONCILING, "True", "WaitingForInstanceRunning");
    assertThat(step.requeueAfter()).isEqualTo(POLL);
  }

  @Test
  void newerRequestWaitsForTheOlderOneOnTheSameInstance() {
    RebootInput in =
        new RebootInput(spec(), new RebootRequestStatus(), 1, NOW.minusSeconds(5), NOW, true, null);
    Step step = rules.decide(in);
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertCondition(step.status(), Conditions.RECONCILING, "True", "WaitingForInstance");
  }

  @Test
  void dryRunCallsWithoutWritingAnIntent() {
    RebootRequestSpec spec = spec();
    spec.setDryRun(true);
    Step step = rules.decide(input(spec, null, running(OLD_START)));
    assertThat(step.action()).isEqualTo(Step.Action.REBOOT);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(step.status().getAttempts()).isNull();
  }

  @Test
  void specThatSlipsPastTheSchemaFailsAsInvalidSpec() {
    RebootRequestSpec spec = spec();
    spec.setInstanceId("i-bp67acfmxazb4ph****");
    Step step = rules.decide(input(spec, null, null));
    assertFailed(step, "InvalidSpec");
    assertThat(step.status().getConditions())
        .filteredOn(c -> c.getType().equals(Conditions.STALLED))
        .first()
        .extracting(Condition::getMessage)
        .asString()
        .contains("spec.instanceId");
  }

  @Test
  void passedDeadlineFailsTheRequestInAnyPhase() {
    RebootRequestSpec spec = spec();
    spec.setActiveDeadlineSeconds(60L);
    RebootRequestStatus verifying = verifying(OLD_START);
    RebootInput in =
        new RebootInput(
            spec, verifying, 1, NOW.minusSeconds(61), NOW, false, seen(running(OLD_START)));
    assertFailed(rules.decide(in), "DeadlineExceeded");
  }

  // ---- the taxonomy: what each ECS answer to RebootInstance leads to ----------------------

  static Stream<Arguments> terminalCodes() {
    return Stream.of(
        Arguments.of("InvalidInstanceId.NotFound", 404, "InvalidInstanceIdNotFound"),
        Arguments.of("InstanceLockedForSecurity", 403, "InstanceLockedForSecurity"),
        Arguments.of("InstanceExpiredOrInArrears", 403, "InstanceExpiredOrInArrears"),
        Arguments.of("DiskError", 400, "DiskError"),
        Arguments.of("IncorrectDiskStatus", 400, "IncorrectDiskStatus"),
        Arguments.of(
            "InvalidParameter.KMSKeyId.KMSUnauthorized",
            403,
            "InvalidParameterKMSKeyIdKMSUnauthorized"),
        Arguments.of("InvalidAccessKeyId.NotFound", 404, "InvalidAccessKeyIdNotFound"),
        Arguments.of("SignatureDoesNotMatch", 400, "SignatureDoesNotMatch"),
        Arguments.of("SDK.InvalidAccessKeySecret", 400, "SDKInvalidAccessKeySecret"),
        Arguments.of("Forbidden.RAM", 403, "ForbiddenRAM"));
  }

  @ParameterizedTest(name = "{0} fails the request as {2}")
  @MethodSource("terminalCodes")
  void terminalErrorFailsTheRequestWithTheCodeAsReason(String code, int status, String reason) {
    Step step = afterCall(spec(), error(code, status), "Running");
    assertFailed(step, reason);
    assertThat(step.status().getLastError().getCode()).isEqualTo(code);
    Condition stalled = condition(step.status(), Conditions.STALLED);
    assertThat(stalled.getMessage())
        .contains(code)
        .contains("REQ-1")
        .contains("create a new RebootRequest");
  }

  static Stream<Arguments> definiteRetryables() {
    return Stream.of(
        Arguments.of("Throttling", 400),
        Arguments.of("Throttling.User", 400),
        Arguments.of("Throttling.Api", 400));
  }

  @ParameterizedTest(name = "{0} is retried with backoff, intent dropped")
  @MethodSource("definiteRetryables")
  void throttlingIsRetriedAfterABackoff(String code, int status) {
    Step step = afterCall(spec(), error(code, status), "Running");
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(step.status().getRetries()).isEqualTo(1);
    assertCondition(step.status(), Conditions.RECONCILING, "True", "Retrying");
    assertThat(step.requeueAfter()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  static Stream<Arguments> ambiguousRetryables() {
    return Stream.of(
        Arguments.of("InternalError", 500),
        Arguments.of("ServiceUnavailable", 503),
        Arguments.of("SDK.ReadTimeout", 0),
        Arguments.of("SDK.NoResponse", 0),
        Arguments.of("SDK.BadResponseFormat", 0),
        Arguments.of("SDK.BadResponseFormat", 502));
  }

  @ParameterizedTest(name = "{0} ({1}) keeps the intent and looks at the instance at once")
  @MethodSource("ambiguousRetryables")
  void errorThatMayHideARebootKeepsTheIntent(String code, int status) {
    Step step = afterCall(spec(), error(code, status), "Running");
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Rebooting);
    assertThat(step.status().getRetries()).isEqualTo(1);
    assertThat(step.requeueAfter()).isZero();
  }

  @Test
  void refusedConnectionProvesTheCallWasNotSentAndWaitsWithoutCountingARetry() {
    Step step = afterCall(spec(), error("SDK.ServerUnreachable", 0), "Running");
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(step.status().getRetries()).isNull();
    assertCondition(step.status(), Conditions.RECONCILING, "True", "EcsUnreachable");
    assertThat(condition(step.status(), Conditions.RECONCILING).getMessage()).contains("not sent");
    assertThat(step.requeueAfter()).isEqualTo(POLL);
  }

  @Test
  void incorrectInstanceStatusWhileStartingWaitsWithoutCountingARetry() {
    Step step = afterCall(spec(), error("IncorrectInstanceStatus", 403), "Starting");
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(step.status().getRetries()).isNull();
    assertCondition(step.status(), Conditions.RECONCILING, "True", "WaitingForInstanceRunning");
  }

  @Test
  void incorrectInstanceStatusOnARunningInstanceIsARaceAndRetried() {
    Step step = afterCall(spec(), error("IncorrectInstanceStatus", 403), "Running");
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(step.status().getRetries()).isEqualTo(1);
  }

  @Test
  void incorrectInstanceStatusOnAStoppedInstanceFails() {
    assertFailed(
        afterCall(spec(), error("IncorrectInstanceStatus", 403), "Stopped"),
        "IncorrectInstanceStatus");
  }

  @Test
  void retryableErrorsBeyondBackoffLimitFail() {
    RebootRequestSpec spec = spec();
    spec.setBackoffLimit(2);
    RebootRequestStatus sent = intent(OLD_START, NOW);
    sent.setRetries(2);
    Step step =
        rules
            .outcomes()
            .afterReboot(
                input(spec, sent, null),
                sent,
                "Running",
                EcsResult.failed(error("Throttling", 400)));
    assertFailed(step, "BackoffLimitExceeded");
    assertThat(condition(step.status(), Conditions.STALLED).getMessage()).contains("Throttling");
  }

  @Test
  void acceptedRebootRecordsRequestIdAndMovesToVerifying() {
    RebootRequestStatus sent = intent(OLD_START, NOW);
    Step step =
        rules
            .outcomes()
            .afterReboot(
                input(spec(), sent, null), sent, "Running", EcsResult.ok("REQ-9", "REQ-9"));
    assertThat(step.status().getPhase()).isEqualTo(Phase.Verifying);
    assertThat(step.status().getRequestId()).isEqualTo("REQ-9");
    assertCondition(step.status(), Conditions.REBOOT_ACCEPTED, "True", "RebootAccepted");
    // Looks at once: an accepted reboot shows Starting right away.
    assertThat(step.requeueAfter()).isZero();
  }

  @Test
  void passedDryRunSucceedsWithDryRunPassed() {
    RebootRequestSpec spec = spec();
    spec.setDryRun(true);
    Step step = afterCall(spec, error("DryRunOperation", 400), "Running");
    assertThat(step.status().getPhase()).isEqualTo(Phase.DryRunPassed);
    assertCondition(step.status(), Conditions.READY, "True", "DryRunOperation");
    assertCondition(step.status(), Conditions.COMPLETED, "True", "DryRunOperation");
    assertCondition(step.status(), Conditions.DRY_RUN_PASSED, "True", "DryRunOperation");
  }

  @Test
  void failedDryRunReportsTheCode() {
    RebootRequestSpec spec = spec();
    spec.setDryRun(true);
    Step step = afterCall(spec, error("InstanceLockedForSecurity", 403), "Running");
    assertFailed(step, "InstanceLockedForSecurity");
    assertCondition(step.status(), Conditions.DRY_RUN_PASSED, "False", "InstanceLockedForSecurity");
  }

  // ---- exactly once: an intent without acceptance ----------------------------------------

  /** RebootInstance shows Starting, RebootInstances (a rollout's shared call) Stopping. */
  @ParameterizedTest(name = "seen {0}")
  @ValueSource(strings = {"Starting", "Stopping"})
  void unconfirmedRebootSeenRebootingIsInferredAndVerified(String rebooting) {
    RebootRequestStatus intent = intent(OLD_START, NOW.minusSeconds(2));
    Step step = rules.decide(input(spec(), intent, instance(rebooting, OLD_START)));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Verifying);
    assertCondition(step.status(), Conditions.REBOOT_ACCEPTED, "True", "InferredFromInstanceState");
  }

  @Test
  void unconfirmedRebootWithNewerStartTimeSucceedsWithoutAnotherCall() {
    RebootRequestStatus intent = intent(OLD_START, NOW.minusSeconds(2));
    Step step = rules.decide(input(spec(), intent, running("2026-11-26T10:00Z")));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Succeeded);
    assertCondition(step.status(), Conditions.REBOOT_ACCEPTED, "True", "InferredFromInstanceState");
    assertCondition(step.status(), Conditions.INSTANCE_RUNNING, "True", "InstanceRunning");
  }

  @Test
  void unconfirmedRebootOfUntouchedInstanceWaitsOutTheSettleWindow() {
    RebootRequestStatus intent = intent(OLD_START, NOW.minusSeconds(10));
    Step step = rules.decide(input(spec(), intent, running(OLD_START)));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Rebooting);
    assertThat(step.requeueAfter()).isLessThanOrEqualTo(POLL);
  }

  @Test
  void untouchedInstanceWhereStartTimeIsKnownToMoveGetsANewAttemptAfterTheSettleWindow() {
    RebootRequestStatus intent = intent(OLD_START, NOW.minus(SETTLE).minusSeconds(1));
    Step step = rules.decide(inputKnowingStartTimeMoves(spec(), intent, running(OLD_START)));
    assertThat(step.action()).isEqualTo(Step.Action.REBOOT);
    assertThat(step.status().getAttempts()).isEqualTo(2);
    assertThat(step.status().getRebootIssuedTime()).isEqualTo(NOW.toString());
  }

  @Test
  void untouchedInstanceWhereStartTimeIsNotKnownToMoveFailsUnconfirmedWithoutASecondCall() {
    RebootRequestStatus intent = intent(OLD_START, NOW.minus(SETTLE).minusSeconds(1));
    Step step = rules.decide(input(spec(), intent, running(OLD_START)));
    assertFailed(step, "RebootUnconfirmed");
    assertCondition(step.status(), Conditions.REBOOT_ACCEPTED, "Unknown", "RebootUnconfirmed");
    assertThat(condition(step.status(), Conditions.STALLED).getMessage())
        .contains("No second reboot was attempted")
        .contains("boot time inside the OS")
        .contains("event history")
        .contains(intent.getRebootIssuedTime());
  }

  @Test
  void sameMinuteStartTimeIsNeverTakenAsProofEitherWay() {
    // The false Succeeded: an intent issued in the minute of the last start (as before
    // rule 3a), a 5xx, and a Running instance with that StartTime after the settle window.
    String sameMinute = "2026-11-26T09:59Z";
    RebootRequestStatus intent = intent(sameMinute, Instant.parse("2026-11-26T09:59:40Z"));
    Step step = rules.decide(inputKnowingStartTimeMoves(spec(), intent, running(sameMinute)));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertFailed(step, "RebootUnconfirmed");
  }

  @Test
  void untouchedInstanceBeyondBackoffLimitFailsInsteadOfRetrying() {
    RebootRequestSpec spec = spec();
    spec.setBackoffLimit(1);
    RebootRequestStatus intent = intent(OLD_START, NOW.minus(SETTLE).minusSeconds(1));
    intent.setRetries(2);
    assertFailed(
        rules.decide(inputKnowingStartTimeMoves(spec, intent, running(OLD_START))),
        "BackoffLimitExceeded");
  }

  @Test
  void unconfirmedRebootOfAStoppedInstanceFailsWithoutASecondCall() {
    RebootRequestStatus intent = intent(OLD_START, NOW.minusSeconds(2));
    Step step = rules.decide(input(spec(), intent, instance("Stopped", OLD_START)));
    assertFailed(step, "InstanceStopped");
    assertThat(condition(step.status(), Conditions.STALLED).getMessage())
        .contains("No second reboot was attempted");
  }

  // ---- rule 3a: never reboot in the minute of the last start -----------------------------

  @Test
  void instanceThatStartedThisMinuteWaitsUntilTheMinuteAndTheMarginPassed() {
    // NOW is 10:00:30; StartTime 10:00 -> wait until 10:01:00 plus the default 10 s margin.
    Step step = rules.decide(input(spec(), null, running("2026-11-26T10:00Z")));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(step.status().getAttempts()).isNull();
    assertCondition(step.status(), Conditions.RECONCILING, "True", "WaitingForStartTimeMinute");
    assertThat(condition(step.status(), Conditions.RECONCILING).getMessage())
        .contains("2026-11-26T10:01:10Z");
    assertThat(step.requeueAfter()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void instanceThatStartedInTheLastMinuteIsRebootedOnceTheMarginPassed() {
    RebootInput early =
        new RebootInput(
            spec(),
            new RebootRequestStatus(),
            1,
            NOW.minusSeconds(60),
            Instant.parse("2026-11-26T10:01:09Z"),
            false,
            seen(running("2026-11-26T10:00Z")));
    assertThat(rules.decide(early).action()).isEqualTo(Step.Action.NONE);
    RebootInput onTime =
        new RebootInput(
            spec(),
            new RebootRequestStatus(),
            1,
            NOW.minusSeconds(60),
            Instant.parse("2026-11-26T10:01:10Z"),
            false,
            seen(running("2026-11-26T10:00Z")));
    assertThat(rules.decide(onTime).action()).isEqualTo(Step.Action.REBOOT);
  }

  @Test
  void dryRunOfAnInstanceThatStartedThisMinuteDoesNotWait() {
    RebootRequestSpec spec = spec();
    spec.setDryRun(true);
    Step step = rules.decide(input(spec, null, running("2026-11-26T10:00Z")));
    assertThat(step.action()).isEqualTo(Step.Action.REBOOT);
  }

  // ---- outages: ECS does not answer ------------------------------------------------------

  @ParameterizedTest(name = "{0} before any call waits as EcsUnreachable")
  @MethodSource("unreachableCodes")
  void unreachableEcsBeforeTheCallWaitsWithoutCountingARetry(String code) {
    Step step = rules.decide(failedLook(spec(), new RebootRequestStatus(), error(code, 0)));
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(step.status().getRetries()).isNull();
    assertCondition(step.status(), Conditions.RECONCILING, "True", "EcsUnreachable");
    assertThat(step.requeueAfter()).isEqualTo(POLL);
  }

  static Stream<String> unreachableCodes() {
    return Stream.of("SDK.ReadTimeout", "SDK.ServerUnreachable", "SDK.NoResponse");
  }

  @Test
  void ecsErrorAnswerToALookBeforeTheCallCountsAsARetry() {
    Step step =
        rules.decide(failedLook(spec(), new RebootRequestStatus(), error("InternalError", 500)));
    assertThat(step.status().getRetries()).isEqualTo(1);
    assertCondition(step.status(), Conditions.RECONCILING, "True", "Retrying");
  }

  @Test
  void failedLooksDuringVerificationNeverCountAgainstBackoffLimit() {
    RebootRequestSpec spec = spec();
    spec.setBackoffLimit(0);
    RebootRequestStatus verifying = verifying(OLD_START);
    Step step = rules.decide(failedLook(spec, verifying, error("SDK.ReadTimeout", 0)));
    assertThat(step.status().getPhase()).isEqualTo(Phase.Verifying);
    assertThat(step.status().getRetries()).isNull();
    assertCondition(step.status(), Conditions.RECONCILING, "True", "EcsUnreachable");
    step = rules.decide(failedLook(spec, step.status(), error("InternalError", 500)));
    assertThat(step.status().getPhase()).isEqualTo(Phase.Verifying);
    assertThat(step.status().getRetries()).isNull();
  }

  @Test
  void verificationThatEcsNeverAnsweredEndsUnconfirmedAtVerifyTimeout() {
    RebootRequestSpec spec = spec();
    spec.setVerifyTimeoutSeconds(60);
    RebootRequestStatus verifying = verifying(OLD_START);
    verifying.setRebootIssuedTime(NOW.minusSeconds(61).toString());
    Step step = rules.decide(failedLook(spec, verifying, error("SDK.ReadTimeout", 0)));
    assertFailed(step, "RebootUnconfirmed");
    // ECS did accept it: that stays on record.
    assertThat(step.status().getConditions())
        .noneMatch(c -> c.getType().equals(Conditions.REBOOT_ACCEPTED));
    assertThat(condition(step.status(), Conditions.STALLED).getMessage())
        .contains("ECS accepted the reboot");
  }

  @Test
  void outageAfterAnAmbiguousCallWaitsWithoutCountingAndEndsUnconfirmedAtVerifyTimeout() {
    RebootRequestSpec spec = spec();
    spec.setVerifyTimeoutSeconds(60);
    RebootRequestStatus intent = intent(OLD_START, NOW.minusSeconds(40));
    Step step = rules.decide(failedLook(spec, intent, error("SDK.ServerUnreachable", 0)));
    assertThat(step.status().getPhase()).isEqualTo(Phase.Rebooting);
    assertThat(step.status().getRetries()).isNull();
    intent.setRebootIssuedTime(NOW.minusSeconds(61).toString());
    assertFailed(
        rules.decide(failedLook(spec, intent, error("SDK.ServerUnreachable", 0))),
        "RebootUnconfirmed");
  }

  @Test
  void verificationBackFromAnOutageSaysAgainThatItVerifies() {
    RebootRequestStatus afterOutage =
        rules
            .decide(failedLook(spec(), verifying(OLD_START), error("SDK.ReadTimeout", 0)))
            .status();
    Step step = rules.decide(input(spec(), afterOutage, running(OLD_START)));
    assertCondition(step.status(), Conditions.RECONCILING, "True", "Verifying");
  }

  @Test
  void failedLookAtAnUnconfirmedRebootKeepsTheIntent() {
    RebootRequestStatus intent = intent(OLD_START, NOW.minusSeconds(40));
    RebootInput in =
        new RebootInput(
            spec(),
            intent,
            1,
            NOW.minusSeconds(60),
            NOW,
            false,
            RebootInput.Observation.failed(error("InternalError", 500)));
    Step step = rules.decide(in);
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Rebooting);
    assertThat(step.status().getRebootIssuedTime()).isEqualTo(intent.getRebootIssuedTime());
  }

  // ---- verification --------------------------------------------------------------------

  @Test
  void verifiedRebootSucceedsWithReadyAndCompleted() {
    Step step = rules.decide(input(spec(), verifying(OLD_START), running("2026-11-26T10:00Z")));
    RebootRequestStatus done = step.status();
    assertThat(done.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(done.getCompletionTime()).isEqualTo(NOW.toString());
    assertCondition(done, Conditions.READY, "True", "RebootVerified");
    assertCondition(done, Conditions.COMPLETED, "True", "RebootVerified");
    assertCondition(done, Conditions.RECONCILING, "False", "Finished");
    assertCondition(done, Conditions.STALLED, "False", "Finished");
    assertCondition(done, Conditions.INSTANCE_RUNNING, "True", "InstanceRunning");
  }

  @Test
  void acceptedRebootNotYetVisibleKeepsPollingWithoutAWrite() {
    RebootRequestStatus verifying = verifying(OLD_START);
    Step step = rules.decide(input(spec(), verifying, running(OLD_START)));
    assertThat(step.status()).isSameAs(verifying);
    assertThat(step.requeueAfter()).isEqualTo(POLL);
  }

  @Test
  void sameMinuteRebootSeenStartingIsVerified() {
    String sameMinute = "2026-11-26T10:00Z";
    RebootInput in =
        new RebootInput(
            spec(),
            verifying(sameMinute),
            1,
            NOW.minusSeconds(60),
            NOW,
            false,
            RebootInput.Observation.of(running(sameMinute), true));
    assertThat(rules.decide(in).status().getPhase()).isEqualTo(Phase.Succeeded);
  }

  @Test
  void acceptedRebootWithNoSignAtVerifyTimeoutIsUnconfirmedUnlessStartTimeIsKnownToMove() {
    RebootRequestSpec spec = spec();
    spec.setVerifyTimeoutSeconds(60);
    RebootRequestStatus verifying = verifying(OLD_START);
    verifying.setRebootIssuedTime(NOW.minusSeconds(61).toString());
    assertFailed(rules.decide(input(spec, verifying, running(OLD_START))), "RebootUnconfirmed");
    assertFailed(
        rules.decide(inputKnowingStartTimeMoves(spec, verifying, running(OLD_START))),
        "VerificationTimeout");
  }

  @Test
  void aVerifiedRebootRecordsItsNewStartTimeAndWhatProvedIt() {
    String later = "2026-11-26T10:00Z";
    RebootRequestStatus seen =
        rules
            .decide(
                input(spec(), verifying(OLD_START), running(later))
                    .withObservation(RebootInput.Observation.of(running(later), true)))
            .status();
    assertThat(seen.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(seen.getStartTimeAfter()).isEqualTo(later);
    assertThat(seen.getRebootEvidence()).isEqualTo("InstanceSeenRebooting");
    assertThat(rules.startTimeLesson(false, seen)).as("seen rebooting, moved").contains(true);

    RebootRequestStatus stayed =
        rules
            .decide(
                input(spec(), verifying(OLD_START), running(OLD_START))
                    .withObservation(RebootInput.Observation.of(running(OLD_START), true)))
            .status();
    assertThat(rules.startTimeLesson(false, stayed)).as("seen rebooting, kept").contains(false);

    RebootRequestStatus byStartTime =
        rules.decide(input(spec(), verifying(OLD_START), running(later))).status();
    assertThat(byStartTime.getRebootEvidence()).isEqualTo("StartTimeMoved");
    assertThat(rules.startTimeLesson(false, byStartTime)).as("StartTime alone").isEmpty();
  }

  @ParameterizedTest(name = "still {0}")
  @ValueSource(strings = {"Starting", "Stopping"})
  void instanceNotRunningAgainInTimeFailsAsVerificationTimeout(String rebooting) {
    RebootRequestSpec spec = spec();
    spec.setVerifyTimeoutSeconds(60);
    RebootRequestStatus verifying = verifying(OLD_START);
    verifying.setRebootIssuedTime(NOW.minusSeconds(61).toString());
    assertFailed(
        rules.decide(input(spec, verifying, instance(rebooting, OLD_START))),
        "VerificationTimeout");
  }

  @Test
  void acceptedRebootSeenStoppingThenRunningWithTheOldStartTimeIsVerified() {
    // RebootInstances shows Stopping; where StartTime does not move, having seen it is the proof.
    RebootInput in =
        input(spec(), verifying(OLD_START), running(OLD_START))
            .withObservation(RebootInput.Observation.of(running(OLD_START), true));
    assertThat(rules.decide(in).status().getPhase()).isEqualTo(Phase.Succeeded);
  }

  @Test
  void instanceStoppedDuringVerificationFails() {
    assertFailed(
        rules.decide(input(spec(), verifying(OLD_START), instance("Stopped", OLD_START))),
        "InstanceStopped");
  }

  // ---- after the end ---------------------------------------------------------------------

  @Test
  void finishedRequestIsDeletedOnceItsTtlPassed() {
    RebootRequestSpec spec = spec();
    spec.setTtlSecondsAfterFinished(60L);
    RebootRequestStatus done =
        rules.decide(input(spec, verifying(OLD_START), running("2026-11-26T10:00Z"))).status();
    done.setCompletionTime(NOW.minusSeconds(61).toString());
    assertThat(rules.decide(input(spec, done, null)).action()).isEqualTo(Step.Action.DELETE);
    done.setCompletionTime(NOW.minusSeconds(10).toString());
    Step wait = rules.decide(input(spec, done, null));
    assertThat(wait.action()).isEqualTo(Step.Action.NONE);
    assertThat(wait.requeueAfter()).isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void conditionKeepsItsTransitionTimeWhileItsStatusStaysTheSame() {
    StatusEditor first = new StatusEditor(null, 1, NOW.minusSeconds(100));
    first.progress(Phase.Pending, "WaitingForInstance", "a");
    StatusEditor second = new StatusEditor(first.status(), 1, NOW);
    second.progress(Phase.Pending, "WaitingForInstanceRunning", "b");
    assertThat(condition(second.status(), Conditions.RECONCILING).getLastTransitionTime())
        .isEqualTo(NOW.minusSeconds(100).toString());
    second.succeed(Phase.Succeeded, "RebootVerified", "c");
    assertThat(condition(second.status(), Conditions.RECONCILING).getLastTransitionTime())
        .isEqualTo(NOW.toString());
  }

  @Test
  void ecsCodesBecomeValidConditionReasons() {
    assertThat(Conditions.reasonFor("InvalidInstanceId.NotFound"))
        .isEqualTo("InvalidInstanceIdNotFound");
    assertThat(Conditions.reasonFor("Throttling.User")).isEqualTo("ThrottlingUser");
    assertThat(Conditions.reasonFor("")).isEqualTo("UnknownError");
    assertThat(Conditions.reasonFor("4xx.Odd-Code"))
        .matches("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
  }

  // ---- helpers ---------------------------------------------------------------------------

  private Step afterCall(RebootRequestSpec spec, EcsError error, String instanceStatus) {
    boolean dryRun = Boolean.TRUE.equals(spec.getDryRun());
    RebootRequestStatus sent = dryRun ? new RebootRequestStatus() : intent(OLD_START, NOW);
    return rules
        .outcomes()
        .afterReboot(input(spec, sent, null), sent, instanceStatus, EcsResult.failed(error));
  }

  static RebootRequestSpec spec() {
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId("i-bp67acfmxazb4ph00001");
    return spec;
  }

  static RebootInput input(
      RebootRequestSpec spec, RebootRequestStatus status, InstanceState instance) {
    return new RebootInput(
        spec,
        status == null ? new RebootRequestStatus() : status,
        1,
        NOW.minusSeconds(60),
        NOW,
        false,
        seen(instance));
  }

  static RebootInput inputKnowingStartTimeMoves(
      RebootRequestSpec spec, RebootRequestStatus status, InstanceState instance) {
    return input(spec, status, instance)
        .withObservation(seen(instance).withStartTimeMovesOnReboot(true));
  }

  static RebootInput failedLook(RebootRequestSpec spec, RebootRequestStatus status, EcsError e) {
    return input(spec, status, null).withObservation(RebootInput.Observation.failed(e));
  }

  static RebootInput.Observation seen(InstanceState instance) {
    return RebootInput.Observation.of(instance, false);
  }

  static RebootRequestStatus intent(String startTimeBefore, Instant issued) {
    RebootRequestStatus s = new RebootRequestStatus();
    s.setPhase(Phase.Rebooting);
    s.setAttempts(1);
    s.setInstanceId("i-bp67acfmxazb4ph00001");
    s.setRegionId("cn-hangzhou");
    s.setStartTimeBefore(startTimeBefore);
    s.setRebootIssuedTime(issued.toString());
    return s;
  }

  static RebootRequestStatus verifying(String startTimeBefore) {
    RebootRequestStatus s = intent(startTimeBefore, NOW.minusSeconds(3));
    s.setPhase(Phase.Verifying);
    s.setRequestId("REQ-1");
    return s;
  }

  /** A request the operator finished: rebooted and verified at NOW. */
  static RebootRequestStatus succeeded() {
    return rules()
        .decide(input(spec(), verifying(OLD_START), running("2026-11-26T10:00Z")))
        .status();
  }

  static InstanceState running(String startTime) {
    return instance("Running", startTime);
  }

  static InstanceState instance(String status, String startTime) {
    return new InstanceState("i-bp67acfmxazb4ph00001", "cn-hangzhou", status, startTime, List.of());
  }

  static EcsError error(String code, int status) {
    return new EcsError(code, "message for " + code, "REQ-1", status);
  }

  static Condition condition(RebootRequestStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  static void assertCondition(
      RebootRequestStatus status, String type, String value, String reason) {
    Condition c = condition(status, type);
    assertThat(c.getStatus()).as(type + " status").isEqualTo(value);
    assertThat(c.getReason()).as(type + " reason").isEqualTo(reason);
  }

  static void assertFailed(Step step, String reason) {
    assertThat(step.action()).isEqualTo(Step.Action.NONE);
    assertThat(step.status().getPhase()).isEqualTo(Phase.Failed);
    assertCondition(step.status(), Conditions.STALLED, "True", reason);
    assertCondition(step.status(), Conditions.COMPLETED, "True", reason);
    assertCondition(step.status(), Conditions.READY, "False", reason);
  }
}
