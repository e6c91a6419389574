package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EmulatorInstance;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Fault;
import io.ecsreboot.reboot.EcsTimes;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The full operator against the mock API server and the ECS emulator, through the real SDK: what a
 * user sees in status, Events and the ECS call log for each kind of request.
 */
class RebootRequestOperatorTest {
  static OperatorHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(300), Duration.ofMillis(300)).startOperator();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void rebootIsIssuedOnceAndVerifiedRunning() {
    String id = h.newInstance();
    h.create("reboot-web-1", id, spec -> spec.setReason("kernel patch CVE-2026-0001"));
    RebootRequest done = h.awaitPhase("reboot-web-1", Phase.Succeeded);

    List<CallRecord> calls = h.reboots(id);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).code()).isEmpty();
    var status = done.getStatus();
    assertThat(status.getRequestId()).isEqualTo(calls.get(0).requestId());
    assertThat(status.getAttempts()).isEqualTo(1);
    assertThat(status.getStartTimeBefore()).isEqualTo(OperatorHarness.OLD_START);
    assertThat(status.getInstanceStatus()).isEqualTo("Running");
    assertThat(status.getCompletionTime()).isNotNull();
    assertCondition(done, Conditions.READY, "True", "RebootVerified");
    assertCondition(done, Conditions.COMPLETED, "True", "RebootVerified");
    assertCondition(done, Conditions.INSTANCE_RUNNING, "True", "InstanceRunning");
    assertCondition(done, Conditions.REBOOT_ACCEPTED, "True", "RebootAccepted");
    assertCondition(done, Conditions.RECONCILING, "False", "Finished");
    assertThat(h.ecs.instance(id).startTime()).isNotEqualTo(OperatorHarness.OLD_START);
    assertThat(eventReasons("reboot-web-1", "InstanceRunning"))
        .containsExactlyInAnyOrder("RebootIssued", "RebootAccepted", "InstanceRunning");
    assertThat(events("reboot-web-1"))
        .filteredOn(e -> e.getReason().equals("RebootIssued"))
        .allSatisfy(e -> assertThat(e.getMessage()).contains("kernel patch CVE-2026-0001"));
  }

  @Test
  void dryRunThatPassesNeverRebootsTheInstance() {
    String id = h.newInstance();
    h.create("dry-run-ok", id, spec -> spec.setDryRun(true));
    RebootRequest done = h.awaitPhase("dry-run-ok", Phase.DryRunPassed);

    List<CallRecord> calls = h.reboots(id);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).params()).containsEntry("DryRun", "true");
    assertThat(calls.get(0).code()).isEqualTo("DryRunOperation");
    assertThat(h.ecs.instance(id).startTime()).isEqualTo(OperatorHarness.OLD_START);
    assertCondition(done, Conditions.DRY_RUN_PASSED, "True", "DryRunOperation");
    assertCondition(done, Conditions.READY, "True", "DryRunOperation");
    assertCondition(done, Conditions.COMPLETED, "True", "DryRunOperation");
    assertThat(eventReasons("dry-run-ok", "DryRunPassed")).containsExactly("DryRunPassed");
  }

  @Test
  void dryRunThatFailsReportsTheEcsCode() {
    h.create("dry-run-locked", "i-bp67acfmxazb4ph00005", spec -> spec.setDryRun(true));
    RebootRequest done = h.awaitPhase("dry-run-locked", Phase.Failed);
    assertCondition(done, Conditions.DRY_RUN_PASSED, "False", "InstanceLockedForSecurity");
    assertCondition(done, Conditions.STALLED, "True", "InstanceLockedForSecurity");
    assertThat(done.getStatus().getLastError().getCode()).isEqualTo("InstanceLockedForSecurity");
  }

  @Test
  void forceStopReachesTheWire() {
    String id = h.newInstance();
    h.create("force", id, spec -> spec.setForceStop(true));
    h.awaitPhase("force", Phase.Succeeded);
    assertThat(h.reboots(id))
        .singleElement()
        .satisfies(c -> assertThat(c.params()).containsEntry("ForceStop", "true"));
  }

  static Stream<Arguments> seedErrors() {
    return Stream.of(
        Arguments.of("i-bp67acfmxazb4ph00004", "IncorrectInstanceStatus", 403),
        Arguments.of("i-bp67acfmxazb4ph00005", "InstanceLockedForSecurity", 403),
        Arguments.of("i-bp67acfmxazb4ph00006", "InstanceExpiredOrInArrears", 403),
        Arguments.of("i-bp67acfmxazb4ph00007", "InstanceExpiredOrInArrears", 403),
        Arguments.of("i-2zeexampleotherreg008", "InvalidInstanceId.NotFound", 404),
        Arguments.of("i-bp67acfmxazb4ph99999", "InvalidInstanceId.NotFound", 404));
  }

  @ParameterizedTest(name = "{0}: {1} fails after one call")
  @MethodSource("seedErrors")
  void seedErrorFailsTheRequestAfterExactlyOneCall(String instanceId, String code, int httpStatus) {
    String name = "seed-" + instanceId.substring(instanceId.length() - 5);
    RebootRequest done =
        h.awaitPhase(h.create(name, instanceId).getMetadata().getName(), Phase.Failed);
    assertThat(h.reboots(instanceId)).filteredOn(c -> c.code().equals(code)).hasSize(1);
    assertThat(done.getStatus().getLastError().getCode()).isEqualTo(code);
    assertThat(done.getStatus().getLastError().getHttpStatus()).isEqualTo(httpStatus);
    assertCondition(done, Conditions.STALLED, "True", Conditions.reasonFor(code));
    assertCondition(done, Conditions.READY, "False", Conditions.reasonFor(code));
    assertCondition(done, Conditions.COMPLETED, "True", Conditions.reasonFor(code));
    assertThat(eventReasons(name, "RebootFailed")).contains("RebootFailed");
  }

  static Stream<Arguments> faultErrors() {
    return Stream.of(
        Arguments.of("DiskError", 403),
        Arguments.of("IncorrectDiskStatus", 403),
        Arguments.of("InvalidParameter.KMSKeyId.KMSUnauthorized", 403));
  }

  @ParameterizedTest(name = "{0} is terminal")
  @MethodSource("faultErrors")
  void terminalFaultFailsAfterOneCall(String code, int httpStatus) {
    String id = h.newInstance();
    h.ecs.addFault(Fault.before("RebootInstance", code, httpStatus, 1).forInstance(id));
    String name = "fault-" + Conditions.reasonFor(code).toLowerCase();
    RebootRequest done = h.awaitPhase(h.create(name, id).getMetadata().getName(), Phase.Failed);
    assertThat(h.reboots(id)).hasSize(1);
    assertCondition(done, Conditions.STALLED, "True", Conditions.reasonFor(code));
    assertThat(done.getStatus().getConditions())
        .filteredOn(c -> c.getType().equals(Conditions.STALLED))
        .singleElement()
        .satisfies(
            c -> assertThat(c.getMessage()).contains(code).contains("create a new RebootRequest"));
  }

  @Test
  void internalErrorsAreRetriedUntilTheRebootSucceeds() {
    // A 500 may have rebooted the instance: only an unchanged StartTime in a region where this
    // operator saw StartTime move on a proven reboot allows another call. Without that lesson the
    // request ends RebootUnconfirmed, as it did when this test ran first, or when the earlier
    // tests' looks missed the 300 ms of Starting on a busy machine.
    teachThatStartTimeMovesOnReboot();
    String id = h.newInstance();
    h.ecs.addFault(Fault.before("RebootInstance", "InternalError", 500, 2).forInstance(id));
    RebootRequest done =
        h.awaitPhase(h.create("internal-error", id).getMetadata().getName(), Phase.Succeeded);
    assertThat(h.reboots(id))
        .extracting(CallRecord::code)
        .containsExactly("InternalError", "InternalError", "");
    assertThat(done.getStatus().getRetries()).isEqualTo(2);
    assertThat(done.getStatus().getAttempts()).isEqualTo(3);
    assertThat(eventReasons("internal-error", "Retrying")).contains("Retrying");
  }

  /**
   * Lets the operator prove one reboot with StartTime moving, without racing the emulator's 600 ms
   * reboot: right after ECS accepted the call (before the operator sees the answer) the instance is
   * held Starting until the operator has looked at it, then runs with a new StartTime. The operator
   * is restarted with that hook; the lesson stays with it for the tests after this one.
   */
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'");

  private static void teachThatStartTimeMovesOnReboot() {
    String teacher = h.newInstance();
    AtomicReference<Instant> heldStarting = new AtomicReference<>();
    h.stopOperator();
    h.startOperatorRunningAfterEachReboot(
        instanceId -> {
          if (instanceId.equals(teacher)) {
            h.ecs.putInstance(h.ecs.instance(teacher).withStatus("Starting"));
            heldStarting.set(Instant.now());
          }
        });
    String name = h.create("teaches-start-time", teacher).getMetadata().getName();
    awaitTrue(
        () ->
            heldStarting.get() != null
                && h.ecs.calls("DescribeInstances", teacher).stream()
                    .anyMatch(c -> Instant.parse(c.time()).isAfter(heldStarting.get())));
    h.ecs.putInstance(
        EmulatorInstance.running(
            teacher, "cn-hangzhou", MINUTE.format(Instant.now().atOffset(ZoneOffset.UTC))));
    h.awaitPhase(name, Phase.Succeeded);
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in 20 s").isLessThan(deadline);
      OperatorHarness.sleep(Duration.ofMillis(50));
    }
  }

  @Test
  void throttlingIsRetriedWithBackoff() {
    String id = h.newInstance();
    h.ecs.addFault(Fault.before("RebootInstance", "Throttling.User", 400, 2).forInstance(id));
    h.awaitPhase(h.create("throttled", id).getMetadata().getName(), Phase.Succeeded);
    assertThat(h.reboots(id))
        .extracting(CallRecord::code)
        .containsExactly("Throttling.User", "Throttling.User", "");
  }

  @Test
  void retriesBeyondBackoffLimitFailTheRequest() {
    String id = h.newInstance();
    h.ecs.addFault(Fault.before("RebootInstance", "Throttling", 400, 10).forInstance(id));
    RebootRequest done =
        h.awaitPhase(
            h.create("exhausted", id, s -> s.setBackoffLimit(2)).getMetadata().getName(),
            Phase.Failed);
    assertThat(h.reboots(id)).hasSize(3);
    assertCondition(done, Conditions.STALLED, "True", "BackoffLimitExceeded");
    h.ecs.clearFaults();
  }

  @Test
  void instanceThatIsStartingIsWaitedForThenRebooted() {
    String id = h.newInstance();
    h.ecs.putInstance(h.ecs.instance(id).withStatus("Starting"));
    h.create("wait-starting", id);
    RebootRequest waiting =
        h.await(
            "wait-starting",
            r ->
                r.getStatus() != null
                    && Assertions.hasCondition(
                        r, Conditions.RECONCILING, "WaitingForInstanceRunning"),
            Duration.ofSeconds(10));
    assertThat(waiting.getStatus().getPhase()).isEqualTo(Phase.Pending);
    OperatorHarness.sleep(Duration.ofMillis(500));
    assertThat(h.reboots(id)).isEmpty();
    h.ecs.putInstance(h.ecs.instance(id).withStatus("Running"));
    h.awaitPhase("wait-starting", Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
  }

  @Test
  void incorrectInstanceStatusFromARaceIsRetried() {
    String id = h.newInstance();
    h.ecs.addFault(
        Fault.before("RebootInstance", "IncorrectInstanceStatus", 403, 1).forInstance(id));
    h.awaitPhase(h.create("race", id).getMetadata().getName(), Phase.Succeeded);
    assertThat(h.reboots(id))
        .extracting(CallRecord::code)
        .containsExactly("IncorrectInstanceStatus", "");
  }

  @Test
  void stoppedInstanceFailsWithIncorrectInstanceStatus() {
    String id = h.newInstance();
    h.ecs.putInstance(h.ecs.instance(id).withStatus("Stopped"));
    RebootRequest done =
        h.awaitPhase(h.create("stopped", id).getMetadata().getName(), Phase.Failed);
    assertCondition(done, Conditions.STALLED, "True", "IncorrectInstanceStatus");
    assertThat(h.reboots(id)).hasSize(1);
  }

  @Test
  void twoRequestsForOneInstanceRunOneAfterTheOther() throws Exception {
    // The second must wait for the minute of the first's StartTime to pass (rule 3a): start near
    // the end of a minute so that the wait is seconds.
    try (OperatorHarness h =
        new OperatorHarness(
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                EmulatorOptions.StartTimeOnReboot.ADVANCE,
                OperatorHarness.nearTheEndOfAMinute())
            .startOperator()) {
      String id = h.newInstance();
      h.create("first", id);
      h.create("second", id);
      RebootRequest second =
          h.await(
              "second",
              r ->
                  r.getStatus() != null
                      && Assertions.hasCondition(r, Conditions.RECONCILING, "WaitingForInstance"),
              Duration.ofSeconds(10));
      assertThat(second.getStatus().getPhase()).isEqualTo(Phase.Pending);
      RebootRequest first = h.awaitPhase("first", Phase.Succeeded);
      // On a slow machine the first reboot may end past the minute the clock was set near: then
      // the second waits a whole StartTime minute (rule 3a, up to ~70 s), so bound it by that.
      second =
          h.await(
              "second",
              r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded,
              Duration.ofSeconds(100));
      List<CallRecord> calls = h.reboots(id);
      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).requestId()).isEqualTo(first.getStatus().getRequestId());
      assertThat(calls.get(1).requestId()).isEqualTo(second.getStatus().getRequestId());
      assertThat(second.getStatus().getRebootIssuedTime())
          .isGreaterThan(first.getStatus().getCompletionTime());
      Instant firstBoot = EcsTimes.parse(second.getStatus().getStartTimeBefore());
      assertThat(Instant.parse(second.getStatus().getRebootIssuedTime()))
          .isAfterOrEqualTo(firstBoot.plus(Duration.ofMinutes(1)));
    }
  }

  @Test
  void activeDeadlineFailsARequestThatCannotProceed() {
    String id = h.newInstance();
    h.ecs.putInstance(h.ecs.instance(id).withStatus("Starting"));
    RebootRequest done =
        h.awaitPhase(
            h.create("deadline", id, s -> s.setActiveDeadlineSeconds(2L)).getMetadata().getName(),
            Phase.Failed);
    assertCondition(done, Conditions.STALLED, "True", "DeadlineExceeded");
    assertThat(h.reboots(id)).isEmpty();
  }

  @Test
  void finishedRequestIsDeletedAfterItsTtl() {
    String id = h.newInstance();
    h.create("ttl", id, s -> s.setTtlSecondsAfterFinished(1L));
    h.awaitPhase("ttl", Phase.Succeeded);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (h.get("ttl") != null && System.nanoTime() < deadline) {
      OperatorHarness.sleep(Duration.ofMillis(100));
    }
    assertThat(h.get("ttl")).as("deleted after ttlSecondsAfterFinished").isNull();
  }

  @Test
  void specThatSlipsPastTheSchemaFailsAsInvalidSpec() {
    // The mock API server does no schema validation, like an API server with an outdated CRD.
    RebootRequest done =
        h.awaitPhase(
            h.create("invalid", "i-bp67acfmxazb4ph****").getMetadata().getName(), Phase.Failed);
    assertCondition(done, Conditions.STALLED, "True", "InvalidSpec");
    assertThat(h.ecs.calls(null, "i-bp67acfmxazb4ph****")).isEmpty();
  }

  List<Event> events(String name) {
    return h.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Event reasons for a request, once the expected ones arrived (Events follow status writes). */
  List<String> eventReasons(String name, String... expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<String> reasons = events(name).stream().map(Event::getReason).toList();
    while (!reasons.containsAll(List.of(expected)) && System.nanoTime() < deadline) {
      OperatorHarness.sleep(Duration.ofMillis(50));
      reasons = events(name).stream().map(Event::getReason).toList();
    }
    return reasons;
  }
}
