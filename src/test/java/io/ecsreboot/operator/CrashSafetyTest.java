package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.controller.RebootOperator;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsCredentials;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.emulator.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reboot is not idempotent: whatever breaks between the intent and the record of ECS's answer,
 * each request ends with exactly one RebootInstance call that took effect.
 */
class CrashSafetyTest {
  OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(300), Duration.ofMillis(300));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void rebootThatTookEffectButAnsweredInternalErrorIsNotRepeated() {
    h.startOperator();
    assertLostReplyEndsWithOneReboot(Fault.after("RebootInstance", "InternalError", 500, 1));
  }

  @Test
  void rebootThatTookEffectButTimedOutIsNotRepeated() {
    h.startOperator();
    assertLostReplyEndsWithOneReboot(Fault.delayAfter("RebootInstance", 2_500, 1));
  }

  @Test
  void rebootThatTookEffectButDroppedTheConnectionIsNotRepeated() {
    h.startOperator();
    assertLostReplyEndsWithOneReboot(Fault.closeAfter("RebootInstance", 1));
  }

  private void assertLostReplyEndsWithOneReboot(Fault fault) {
    String id = h.newInstance();
    h.ecs.addFault(fault.forInstance(id));
    RebootRequest done =
        h.awaitPhase(h.create("lost-reply", id).getMetadata().getName(), Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
    assertThat(done.getStatus().getAttempts()).isEqualTo(1);
    assertCondition(done, Conditions.REBOOT_ACCEPTED, "True", "InferredFromInstanceState");
    assertCondition(done, Conditions.READY, "True", "RebootVerified");
  }

  @Test
  void operatorStoppedAfterTheIntentAndBeforeTheCallEndsUnconfirmedWithoutGuessing() {
    String id = h.newInstance();
    h.create("crash-before-call", id);
    // What an operator that died right after its intent write leaves behind. The restarted
    // operator has proven no reboot yet, so it cannot know whether StartTime moves on one: an
    // unchanged StartTime proves nothing, and it must neither call again nor claim a reboot.
    writeIntent("crash-before-call", id, Instant.now());

    h.startOperator();
    RebootRequest done = h.awaitPhase("crash-before-call", Phase.Failed);
    assertThat(h.reboots(id)).isEmpty();
    assertCondition(done, Conditions.STALLED, "True", "RebootUnconfirmed");
    assertCondition(done, Conditions.REBOOT_ACCEPTED, "Unknown", "RebootUnconfirmed");
  }

  @Test
  void operatorStoppedAfterTheIntentRebootsOnceWhereAFinishedRequestProvedStartTimeMoves() {
    String warmUp = h.newInstance();
    String id = h.newInstance();
    h.startOperator();
    RebootRequest proven =
        h.awaitPhase(h.create("warm-up", warmUp).getMetadata().getName(), Phase.Succeeded);
    assertThat(proven.getStatus().getRebootEvidence()).isEqualTo("InstanceSeenRebooting");
    assertThat(proven.getStatus().getStartTimeAfter()).isNotEqualTo(OperatorHarness.OLD_START);
    h.stopOperator();

    h.create("crash-before-call", id);
    writeIntent("crash-before-call", id, Instant.now());
    // A new operator has proven nothing itself: the finished warm-up's status tells it that
    // StartTime moves in the region, so the unchanged StartTime proves the call never went out.
    h.startOperator();
    RebootRequest done = h.awaitPhase("crash-before-call", Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
    assertThat(done.getStatus().getAttempts()).isEqualTo(2);
  }

  @Test
  void failureBetweenTheIntentAndTheCallRebootsOnceWhereStartTimeIsKnownToMove() {
    String warmUp = h.newInstance();
    String id = h.newInstance();
    AtomicBoolean failed = new AtomicBoolean();
    h.startOperator(
        real ->
            new EcsClient() {
              @Override
              public EcsResult<String> rebootInstance(
                  EcsTarget target, String instanceId, boolean forceStop, boolean dryRun) {
                if (instanceId.equals(id) && failed.compareAndSet(false, true)) {
                  throw new IllegalStateException("the operator dies before the call");
                }
                return real.rebootInstance(target, instanceId, forceStop, dryRun);
              }

              @Override
              public EcsResult<Map<String, EcsResult<String>>> rebootInstances(
                  EcsTarget target, List<String> ids, boolean forceStop) {
                return real.rebootInstances(target, ids, forceStop);
              }

              @Override
              public EcsResult<List<InstanceState>> describeInstances(
                  EcsTarget target, List<String> ids) {
                return real.describeInstances(target, ids);
              }
            });
    // A proven reboot in the region shows this operator that StartTime moves on a reboot.
    h.awaitPhase(h.create("warm-up", warmUp).getMetadata().getName(), Phase.Succeeded);

    h.create("crash-before-call", id);
    RebootRequest done = h.awaitPhase("crash-before-call", Phase.Succeeded);
    assertThat(failed).isTrue();
    assertThat(h.reboots(id)).hasSize(1);
    assertThat(done.getStatus().getAttempts()).isEqualTo(2);
    assertCondition(done, Conditions.REBOOT_ACCEPTED, "True", "RebootAccepted");
  }

  @Test
  void operatorStoppedAfterTheCallAndBeforeRecordingItDoesNotRebootAgain() {
    String id = h.newInstance();
    h.create("crash-after-call", id);
    writeIntent("crash-after-call", id, Instant.now());
    // The dead operator's call went through; its record of it did not.
    EcsResult<String> call =
        RebootOperator.ecsClient(h.config())
            .rebootInstance(
                new EcsTarget("cn-hangzhou", EcsCredentials.DEFAULT_CHAIN), id, false, false);
    assertThat(call.isOk()).isTrue();

    h.startOperator();
    RebootRequest done = h.awaitPhase("crash-after-call", Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
    assertThat(done.getStatus().getAttempts()).isEqualTo(1);
    assertCondition(done, Conditions.REBOOT_ACCEPTED, "True", "InferredFromInstanceState");
  }

  @Test
  void statusWriteConflictAfterTheCallDoesNotRebootAgain() {
    String id = h.newInstance();
    // Someone else changes the object while RebootInstance is on the wire, so the write of ECS's
    // answer, based on the old resourceVersion, conflicts.
    h.startOperatorRunningAfterEachReboot(
        instanceId ->
            h.client
                .resources(RebootRequest.class)
                .inNamespace(OperatorHarness.NAMESPACE)
                .withName("conflict")
                .edit(
                    r -> {
                      r.getMetadata().setLabels(Map.of("touched-by", "someone-else"));
                      return r;
                    }));
    h.create("conflict", id);
    RebootRequest done = h.awaitPhase("conflict", Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
    assertThat(done.getMetadata().getLabels()).containsEntry("touched-by", "someone-else");
    assertCondition(done, Conditions.REBOOT_ACCEPTED, "True", "InferredFromInstanceState");
  }

  private void writeIntent(String name, String instanceId, Instant issued) {
    h.client
        .resources(RebootRequest.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(name)
        .editStatus(
            r -> {
              RebootRequestStatus s = new RebootRequestStatus();
              s.setPhase(Phase.Rebooting);
              s.setAttempts(1);
              s.setInstanceId(instanceId);
              s.setRegionId("cn-hangzhou");
              s.setStartTimeBefore(OperatorHarness.OLD_START);
              s.setRebootIssuedTime(issued.toString());
              r.setStatus(s);
              return r;
            });
  }
}
