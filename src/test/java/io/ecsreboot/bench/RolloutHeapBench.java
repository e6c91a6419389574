package io.ecsreboot.bench;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.rollout.ChildNames;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 12, memory: the operator's heap after a full GC while it caches a finished instance rollout
 * of N targets (10,000) and its N finished children. The rollout and its children are written to
 * the mock API server as a finished rollout leaves them (children named, labelled and owned as the
 * operator makes them, each with the status of a verified reboot); the operator jar then starts,
 * caches them all, finds the rollout Succeeded, and its heap is measured.
 */
final class RolloutHeapBench {
  static final String NAME = "rollout-heap-10k";
  private static final String ROLLOUT = "fleet";
  private static final int WRITERS = 8;

  /** What the run measured. */
  record Result(
      String name, int targets, ProcessMetrics.Snapshot process, double seconds, Machine machine) {}

  /** The machine while measuring: the figures depend on it, the verdict should not. */
  record Machine(double loadStart, double loadEnd, int cores) {
    String text() {
      return String.format(" [load %.1f-%.1f, %d cores]", loadStart, loadEnd, cores);
    }
  }

  private RolloutHeapBench() {}

  /**
   * @param realApiServer the bench's kube-apiserver, or null for the mock server (whose store scans
   *     every object per request: 20,000 writes take it many minutes)
   */
  static Result run(int targets, Path resultsDir, ApiServer realApiServer) throws Exception {
    if (realApiServer != null) {
      return run(targets, resultsDir, realApiServer, realApiServer.kind());
    }
    try (MockApiServer mock = new MockApiServer(resultsDir)) {
      return run(targets, resultsDir, mock, mock.kind());
    }
  }

  private static Result run(int targets, Path resultsDir, ApiServer api, String kind)
      throws Exception {
    double loadStart = ProcessMetrics.loadAverage();
    long started = System.nanoTime();
    Scenario s = new Scenario(NAME, Scenario.ApiServerKind.MOCK, targets, 0, 1000, false, false);
    try (EcsFixture ecs = new EcsFixture()) {
      KubernetesClient client = api.client();
      installRolloutCrd(client);
      Kubeconfigs.createNamespace(client, s.namespace());
      List<String> ids =
          java.util.stream.IntStream.range(0, targets)
              .mapToObj(i -> EcsFixture.instanceId("heap", i))
              .toList();
      RebootRollout rollout =
          client.resource(InstanceFleetScenario.rollout(ROLLOUT, s.namespace(), ids)).create();
      Progress.say("%s: writing %d finished children to %s", NAME, targets, kind);
      writeFinishedChildren(client, rollout, ids);
      Progress.say("%s: starting the operator", NAME);
      try (OperatorProcess op =
          OperatorProcess.start(
              List.of(),
              OperatorFlags.of(s, api.kubeconfig(), ecs.endpoint(), 50),
              OperatorFlags.env(ecs),
              resultsDir.resolve("operator-" + NAME + ".log"))) {
        op.awaitReady(Duration.ofSeconds(90));
        awaitSucceeded(client, s.namespace(), targets, op);
        Thread.sleep(2000); // the children's first reconciles settle
        op.requireAlive();
        ProcessMetrics.Snapshot process = ProcessMetrics.of(op.pid());
        double seconds = (System.nanoTime() - started) / 1e9;
        Progress.say(
            "%s: heap after GC %.0f MiB (RSS %.0f MiB) with %d targets cached",
            NAME, process.heapUsedAfterGcMiB(), process.rssMiB(), targets);
        return new Result(
            NAME + " (" + kind + ")",
            targets,
            process,
            seconds,
            new Machine(loadStart, ProcessMetrics.loadAverage(), ProcessMetrics.cores()));
      }
    }
  }

  private static void installRolloutCrd(KubernetesClient client) throws Exception {
    client
        .resource(
            Serialization.unmarshal(
                Files.readString(Path.of("crds/rebootrollouts.ecsreboot.io-v1.yml")),
                CustomResourceDefinition.class))
        .createOr(existing -> existing.update());
    Kubeconfigs.awaitCrdEstablished(client, "rebootrollouts.ecsreboot.io");
  }

  /** Each child as the operator creates it, then the status a verified reboot leaves on it. */
  private static void writeFinishedChildren(
      KubernetesClient client, RebootRollout rollout, List<String> ids) throws Exception {
    String template =
        new String(
            RolloutHeapBench.class.getResourceAsStream("finished-request.json").readAllBytes());
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int first = w;
        done.add(
            writers.submit(
                () -> {
                  for (int i = first; i < ids.size(); i += WRITERS) {
                    client.resource(child(template, rollout, ids.get(i), i)).create();
                    RebootRequest finished = child(template, rollout, ids.get(i), i);
                    finishedNow(finished.getStatus());
                    client.resource(finished).updateStatus();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      writers.shutdownNow();
    }
  }

  private static RebootRequest child(
      String template, RebootRollout rollout, String instanceId, int i) {
    RebootRequest child =
        Serialization.unmarshal(
            template.replace("NNNNN", String.format("%05d", i)), RebootRequest.class);
    var meta = child.getMetadata();
    meta.setName(ChildNames.of(ROLLOUT, instanceId));
    meta.setNamespace(rollout.getMetadata().getNamespace());
    meta.setResourceVersion(null);
    meta.setUid(null);
    meta.setManagedFields(null);
    meta.setLabels(Map.of("ecsreboot.io/rollout", ROLLOUT));
    meta.setOwnerReferences(
        List.of(
            new OwnerReferenceBuilder()
                .withApiVersion(rollout.getApiVersion())
                .withKind(rollout.getKind())
                .withName(ROLLOUT)
                .withUid(rollout.getMetadata().getUid())
                .withController(true)
                .build()));
    child.getSpec().setInstanceId(instanceId);
    child.getSpec().setTtlSecondsAfterFinished(null);
    child.getStatus().setInstanceId(instanceId);
    child.getStatus().setRebootEvidence("InstanceSeenRebooting");
    return child;
  }

  /**
   * The status's times moved to now, after the child's creation: the operator checks that a
   * finished status lies within its request's life (it repairs one that does not).
   */
  private static void finishedNow(RebootRequestStatus status) {
    Instant now = Instant.now();
    String second = now.truncatedTo(ChronoUnit.SECONDS).toString();
    status.setStartTime(second);
    status.setRebootIssuedTime(now.toString());
    status.setCompletionTime(now.toString());
    status.setStartTimeAfter(now.truncatedTo(ChronoUnit.MINUTES).toString().replace(":00Z", "Z"));
    status.getConditions().forEach(c -> c.setLastTransitionTime(second));
  }

  private static void awaitSucceeded(
      KubernetesClient client, String namespace, int targets, OperatorProcess op)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      op.requireAlive();
      RebootRollout r =
          client.resources(RebootRollout.class).inNamespace(namespace).withName(ROLLOUT).get();
      if (r.getStatus() != null
          && r.getStatus().getPhase() == RolloutPhase.Succeeded
          && r.getStatus().getSucceeded() != null
          && r.getStatus().getSucceeded() == targets) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(NAME + ": the rollout did not read Succeeded in 10 minutes");
  }
}
