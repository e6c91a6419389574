package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.api.v1alpha1.RolloutWindow;
import io.ecsreboot.emulator.EmulatorOptions;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RebootRollouts of plain instances on the mock API server with the emulator: pacing, failure
 * budget, suspend, windows and restarts, as a user watching {@code kubectl get rbro} sees them.
 */
class RebootRolloutOperatorTest {
  OperatorHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  void start(Clock clock) throws Exception {
    h =
        new OperatorHarness(
            Duration.ofMillis(300),
            Duration.ofMillis(300),
            EmulatorOptions.StartTimeOnReboot.ADVANCE,
            clock);
    h.startOperator();
  }

  @Test
  void everyInstanceIsRebootedOnceAndNeverMoreThanMaxUnavailableRunAtOnce() throws Exception {
    start(Clock.systemUTC());
    List<String> ids = List.of(h.newInstance(), h.newInstance(), h.newInstance(), h.newInstance());
    create("fleet", spec -> spec.setMaxUnavailable(new IntOrString(2)), ids);
    int mostUnfinished = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    RebootRollout rollout = get("fleet");
    while (!isPhase(rollout, RolloutPhase.Succeeded) && System.nanoTime() < deadline) {
      int unfinished = (int) children("fleet").stream().filter(c -> !finished(c)).count();
      mostUnfinished = Math.max(mostUnfinished, unfinished);
      OperatorHarness.sleep(Duration.ofMillis(30));
      rollout = get("fleet");
    }
    assertThat(rollout.getStatus().getPhase()).isEqualTo(RolloutPhase.Succeeded);
    assertThat(mostUnfinished).as("unfinished children at once").isEqualTo(2);
    assertThat(rollout.getStatus().getSucceeded()).isEqualTo(4);
    assertThat(rollout.getStatus().getTargets()).isEqualTo(4);
    for (String id : ids) {
      assertThat(h.reboots(id)).as("reboots of " + id).hasSize(1);
    }
    assertThat(h.scrape())
        .contains("ecsreboot_rollout_targets{state=\"succeeded\"} 4.0")
        .contains("ecsreboot_rollout_targets{state=\"remaining\"} 0.0");
    RebootRequest child = h.get("fleet-" + ids.get(0));
    assertThat(child.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getController()).isTrue();
              assertThat(o.getUid()).isEqualTo(get("fleet").getMetadata().getUid());
            });
  }

  @Test
  void withMaxFailuresZeroTheFirstFailureStopsTheRolloutNamingTheTarget() throws Exception {
    start(Clock.systemUTC());
    String locked = "i-bp67acfmxazb4ph00005"; // seed: security lock, RebootInstance answers 403
    String after = h.newInstance();
    create("budget", spec -> {}, List.of(locked, after));
    RebootRollout rollout = awaitRollout("budget", r -> isPhase(r, RolloutPhase.Failed));
    assertThat(rollout.getStatus().getFailedTargets()).containsExactly(locked);
    assertThat(condition(rollout, "Stalled")).contains(locked);
    OperatorHarness.sleep(Duration.ofSeconds(2));
    assertThat(children("budget")).as("no child after the failure").hasSize(1);
    assertThat(h.reboots(after)).isEmpty();
  }

  @Test
  void suspendStartsNothingAndResumingFinishesTheRollout() throws Exception {
    start(Clock.systemUTC());
    List<String> ids = List.of(h.newInstance(), h.newInstance());
    create("paused", spec -> spec.setSuspend(true), ids);
    awaitRollout("paused", r -> isPhase(r, RolloutPhase.Suspended));
    OperatorHarness.sleep(Duration.ofSeconds(1));
    assertThat(children("paused")).isEmpty();
    h.client
        .resources(RebootRollout.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName("paused")
        .edit(
            r -> {
              r.getSpec().setSuspend(false);
              return r;
            });
    awaitRollout("paused", r -> isPhase(r, RolloutPhase.Succeeded));
    for (String id : ids) {
      assertThat(h.reboots(id)).hasSize(1);
    }
  }

  @Test
  void nothingStartsBeforeTheWindowOpensAndEverythingRunsOnceItDoes() throws Exception {
    // Operator and emulator read about 50 s past a minute: the window opens within seconds.
    Clock clock = OperatorHarness.nearTheEndOfAMinute();
    start(clock);
    Instant opens = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    var at = opens.atZone(ZoneOffset.UTC);
    String schedule = at.getMinute() + " " + at.getHour() + " * * *";
    String id = h.newInstance();
    create(
        "night",
        spec -> spec.setWindows(List.of(new RolloutWindow(schedule, "1h", "UTC"))),
        List.of(id));
    RebootRollout waiting = awaitRollout("night", r -> isPhase(r, RolloutPhase.WaitingForWindow));
    assertThat(waiting.getStatus().getNextWindowStart()).isEqualTo(opens.toString());
    assertThat(children("night")).isEmpty();
    RebootRollout done =
        awaitRollout("night", r -> isPhase(r, RolloutPhase.Succeeded), Duration.ofSeconds(60));
    assertThat(done.getStatus().getNextWindowStart()).isNull();
    assertThat(h.reboots(id)).singleElement();
  }

  @Test
  void anOperatorRestartedMidRolloutRebootsEachTargetOnce() throws Exception {
    start(Clock.systemUTC());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(h.newInstance());
    }
    create("restart", spec -> {}, ids);
    awaitRollout("restart", r -> r.getStatus() != null && nz(r.getStatus().getSucceeded()) >= 1);
    h.stopOperator();
    h.startOperator();
    awaitRollout("restart", r -> isPhase(r, RolloutPhase.Succeeded));
    for (String id : ids) {
      assertThat(h.reboots(id)).as(id).hasSize(1);
    }
    assertThat(children("restart")).hasSize(4);
  }

  @Test
  void aChildRefusedByAdmissionFailsTheRolloutOnceNamingTargetCodeAndMessage() throws Exception {
    start(Clock.systemUTC());
    String refused = h.newInstance();
    String after = h.newInstance();
    String why = "RebootRequests in namespace ops may not\n reboot " + refused;
    h.admission.refuseCreates(childOf(refused), 403, why);
    create("refused", spec -> {}, List.of(refused, after));
    RebootRollout rollout = awaitRollout("refused", r -> isPhase(r, RolloutPhase.Failed));
    assertThat(rollout.getStatus().getFailed()).isEqualTo(1);
    assertThat(rollout.getStatus().getFailedTargets()).containsExactly(refused);
    assertThat(rollout.getStatus().getRefusedChildren())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getTarget()).isEqualTo(refused);
              assertThat(r.getCode()).isEqualTo(403);
              assertThat(r.getMessage())
                  .isEqualTo("RebootRequests in namespace ops may not reboot " + refused);
            });
    assertThat(condition(rollout, "Stalled"))
        .startsWith("True ChildRefused")
        .contains(refused, "HTTP 403", "may not reboot");
    // A restarted operator counts the refusal from status: it neither retries nor says it again.
    h.stopOperator();
    h.admission.allowCreates();
    h.startOperator();
    OperatorHarness.sleep(Duration.ofSeconds(2));
    assertThat(get("refused").getStatus().getPhase()).isEqualTo(RolloutPhase.Failed);
    assertThat(children("refused")).as("no child for any target").isEmpty();
    assertThat(h.reboots(after)).isEmpty();
    assertThat(events("ChildRefused")).as("one Event").hasSize(1);
  }

  @Test
  void aRefusedChildWithinMaxFailuresLetsTheOthersRebootAndTheRolloutSucceed() throws Exception {
    start(Clock.systemUTC());
    List<String> ids = List.of(h.newInstance(), h.newInstance(), h.newInstance());
    h.admission.refuseCreates(childOf(ids.get(0)), 422, "spec.reason: Invalid value");
    create(
        "budgeted",
        spec -> {
          spec.setMaxFailures(1);
          spec.setMaxUnavailable(new IntOrString(2));
        },
        ids);
    RebootRollout rollout = awaitRollout("budgeted", r -> isPhase(r, RolloutPhase.Succeeded));
    assertThat(rollout.getStatus())
        .extracting(s -> s.getSucceeded(), s -> s.getFailed(), s -> s.getRemaining())
        .containsExactly(2, 1, 0);
    assertThat(h.reboots(ids.get(0))).isEmpty();
    assertThat(h.reboots(ids.get(1))).hasSize(1);
    assertThat(h.reboots(ids.get(2))).hasSize(1);
  }

  @Test
  void aTransientRefusalIsRetriedUntilTheChildIsCreated() throws Exception {
    start(Clock.systemUTC());
    String id = h.newInstance();
    h.admission.refuseCreates(childOf(id), 503, "etcdserver: request timed out");
    create("flaky", spec -> {}, List.of(id));
    OperatorHarness.sleep(Duration.ofSeconds(2));
    assertThat(
            get("flaky").getStatus() == null
                || get("flaky").getStatus().getRefusedChildren() == null)
        .as("a 503 is not recorded as a refusal")
        .isTrue();
    h.admission.allowCreates();
    awaitRollout("flaky", r -> isPhase(r, RolloutPhase.Succeeded), Duration.ofSeconds(60));
    assertThat(h.reboots(id)).hasSize(1);
  }

  // --- helpers

  /** Text only a child's create body holds for this instance (the rollout lists it otherwise). */
  static String childOf(String instanceId) {
    return "\"instanceId\":\"" + instanceId + "\"";
  }

  List<io.fabric8.kubernetes.api.model.Event> events(String reason) {
    return h.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  RebootRollout create(String name, Consumer<RebootRolloutSpec> customize, List<String> ids) {
    RebootRollout rollout = new RebootRollout();
    rollout.getMetadata().setName(name);
    rollout.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
    RebootRolloutSpec spec = new RebootRolloutSpec();
    spec.setInstanceIds(ids);
    customize.accept(spec);
    rollout.setSpec(spec);
    return h.client.resource(rollout).create();
  }

  RebootRollout get(String name) {
    return h.client
        .resources(RebootRollout.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(name)
        .get();
  }

  List<RebootRequest> children(String rollout) {
    return h.client
        .resources(RebootRequest.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withLabel("ecsreboot.io/rollout", rollout)
        .list()
        .getItems();
  }

  RebootRollout awaitRollout(String name, Predicate<RebootRollout> condition) {
    return awaitRollout(name, condition, Duration.ofSeconds(30));
  }

  RebootRollout awaitRollout(String name, Predicate<RebootRollout> condition, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    RebootRollout last = null;
    while (System.nanoTime() < deadline) {
      last = get(name);
      if (last != null && condition.test(last)) {
        return last;
      }
      OperatorHarness.sleep(Duration.ofMillis(50));
    }
    throw new AssertionError(
        "RebootRollout "
            + name
            + " not as expected within "
            + bound
            + ":\n"
            + (last == null ? "gone" : Serialization.asYaml(last.getStatus())));
  }

  static boolean isPhase(RebootRollout r, RolloutPhase phase) {
    return r != null && r.getStatus() != null && r.getStatus().getPhase() == phase;
  }

  static boolean finished(RebootRequest child) {
    return child.getStatus() != null
        && child.getStatus().getPhase() != null
        && child.getStatus().getPhase().isTerminal();
  }

  static String condition(RebootRollout r, String type) {
    return r.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage())
        .findFirst()
        .orElse("");
  }

  static int nz(Integer value) {
    return value == null ? 0 : value;
  }
}
