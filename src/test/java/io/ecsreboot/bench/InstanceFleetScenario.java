package io.ecsreboot.bench;

import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EmulatorInstance;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Issue 12's fleet scenario: one RebootRollout of 1,000 instances at {@code maxUnavailable: 100%}
 * against the operator process, the API server and the emulator; measures the ECS reboot calls
 * (RebootInstance + RebootInstances) per target and checks from the emulator's call log and boot
 * counters that every target was rebooted exactly once.
 */
final class InstanceFleetScenario {
  static final String NAME = "instance-fleet-1k";
  static final double MAX_REBOOT_CALLS_PER_TARGET = 0.05;
  private static final Path ROLLOUT_CRD = Path.of("crds/rebootrollouts.ecsreboot.io-v1.yml");
  private static final Duration BOUND = Duration.ofMinutes(10);

  /** What the run measured. */
  record Result(
      String apiServer,
      int targets,
      int succeeded,
      String phase,
      int rebootInstanceCalls,
      int rebootInstancesCalls,
      int largestCall,
      int rebootedExactlyOnce,
      double seconds,
      double loadAverageStart,
      double loadAverageEnd,
      int cores) {

    double rebootCallsPerTarget() {
      return (rebootInstanceCalls + rebootInstancesCalls) / (double) targets;
    }

    boolean everyTargetOnce() {
      return succeeded == targets && rebootedExactlyOnce == targets;
    }
  }

  private InstanceFleetScenario() {}

  static Result run(ApiServer api, Path resultsDir, int targets) throws Exception {
    double loadStart = ProcessMetrics.loadAverage();
    long started = System.nanoTime();
    Scenario s = new Scenario(NAME, Scenario.ApiServerKind.MOCK, targets, 0, 1000, false, false);
    Progress.say("%s: one RebootRollout of %d instances, maxUnavailable 100%%", NAME, targets);
    try (EcsFixture ecs = new EcsFixture()) {
      List<String> ids = ecs.putInstances("fleet", targets);
      KubernetesClient client = api.client();
      client
          .resource(
              Serialization.unmarshal(
                  Files.readString(ROLLOUT_CRD), CustomResourceDefinition.class))
          .createOr(existing -> existing.update());
      Kubeconfigs.createNamespace(client, s.namespace());
      List<String> flags =
          OperatorFlags.of(s, api.kubeconfig(), ecs.endpoint(), ScenarioRunner.RECONCILE_THREADS);
      try (OperatorProcess op =
          OperatorProcess.start(
              List.of(),
              flags,
              OperatorFlags.env(ecs),
              resultsDir.resolve("operator-" + NAME + ".log"))) {
        op.awaitReady(Duration.ofSeconds(90));
        client.resource(rollout("fleet", s.namespace(), ids)).create();
        RebootRollout done = awaitFinished(client, s.namespace(), op);
        return measure(api, ids, done, ecs.calls(), ecs, loadStart, started);
      }
    }
  }

  /** An instance RebootRollout that reboots every one of {@code ids} at once. */
  static RebootRollout rollout(String name, String namespace, List<String> ids) {
    RebootRollout rollout = new RebootRollout();
    rollout.getMetadata().setName(name);
    rollout.getMetadata().setNamespace(namespace);
    RebootRolloutSpec spec = new RebootRolloutSpec();
    spec.setInstanceIds(ids);
    spec.setMaxUnavailable(new IntOrString("100%"));
    rollout.setSpec(spec);
    return rollout;
  }

  private static RebootRollout awaitFinished(
      KubernetesClient client, String namespace, OperatorProcess op) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    RebootRollout last = null;
    while (System.nanoTime() < deadline) {
      op.requireAlive();
      last = client.resources(RebootRollout.class).inNamespace(namespace).withName("fleet").get();
      RolloutPhase phase =
          last == null || last.getStatus() == null ? null : last.getStatus().getPhase();
      if (phase == RolloutPhase.Succeeded || phase == RolloutPhase.Failed) {
        return last;
      }
      Thread.sleep(1000);
    }
    return last;
  }

  private static Result measure(
      ApiServer api,
      List<String> ids,
      RebootRollout done,
      List<CallRecord> calls,
      EcsFixture ecs,
      double loadStart,
      long started) {
    Set<String> fleet = Set.copyOf(ids);
    int single = 0;
    int shared = 0;
    int largest = 0;
    Map<String, Integer> tookEffect = new HashMap<>();
    for (CallRecord c : calls) {
      if (!c.action().startsWith("RebootInstance") || !fleet.containsAll(c.instanceIds())) {
        continue;
      }
      if (c.action().equals("RebootInstance")) {
        single++;
      } else {
        shared++;
        largest = Math.max(largest, c.instanceIds().size());
      }
      c.appliedInstanceIds().forEach(id -> tookEffect.merge(id, 1, Integer::sum));
    }
    Map<String, Integer> boots =
        ecs.instances().stream()
            .filter(i -> fleet.contains(i.instanceId()))
            .collect(Collectors.toMap(EmulatorInstance::instanceId, EmulatorInstance::bootCount));
    int once =
        (int)
            ids.stream()
                .filter(id -> tookEffect.getOrDefault(id, 0) == 1 && boots.get(id) == 1)
                .count();
    var status = done == null ? null : done.getStatus();
    Result r =
        new Result(
            api.kind(),
            ids.size(),
            status == null || status.getSucceeded() == null ? 0 : status.getSucceeded(),
            status == null ? "none" : String.valueOf(status.getPhase()),
            single,
            shared,
            largest,
            once,
            Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0,
            loadStart,
            ProcessMetrics.loadAverage(),
            ProcessMetrics.cores());
    Progress.say(
        "%s: %s, %d/%d Succeeded, %d RebootInstance + %d RebootInstances (largest %d ids) ="
            + " %.3f per target, %d rebooted exactly once, %.0f s",
        NAME,
        r.phase(),
        r.succeeded(),
        r.targets(),
        single,
        shared,
        largest,
        r.rebootCallsPerTarget(),
        once,
        r.seconds());
    return r;
  }

  /** The scenario's two targets, judged met / not met like the others. */
  static List<Targets.Target> targets(Result r) {
    String machine =
        String.format(
            " [load %.1f-%.1f, %d cores]", r.loadAverageStart(), r.loadAverageEnd(), r.cores());
    return List.of(
        new Targets.Target(
            "ECS reboot calls per target <= 0.05, instance fleet of 1,000 at maxUnavailable 100%",
            NAME,
            String.format(
                    "%.3f (%d RebootInstance + %d RebootInstances, largest %d ids, %d targets)",
                    r.rebootCallsPerTarget(),
                    r.rebootInstanceCalls(),
                    r.rebootInstancesCalls(),
                    r.largestCall(),
                    r.targets())
                + machine,
            r.rebootCallsPerTarget() <= MAX_REBOOT_CALLS_PER_TARGET),
        new Targets.Target(
            "instance fleet: every target Succeeded and rebooted exactly once",
            NAME,
            String.format(
                    "rollout %s, Succeeded %d/%d, rebooted exactly once %d, %.0f s",
                    r.phase(), r.succeeded(), r.targets(), r.rebootedExactlyOnce(), r.seconds())
                + machine,
            r.everyTargetOnce()));
  }
}
