package io.ecsreboot.bench;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.controller.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The API-server-bound limit of the workload, measured in the same run: a plain fabric8 client
 * doing the operator's API work per request and nothing else. It learns of each request from an
 * informer, then on one of as many threads as the operator reconciles with writes the three status
 * writes (intent, accepted, finished, as JSON patches with the resourceVersion read) and sends the
 * three Events through the operator's own {@link EventRecorder} (its four lanes). No ECS, no
 * decisions, no waiting for a poll. Its "reboot" is the moment the intent is written (where the
 * operator calls ECS), so its reboots/s compare with the operator's.
 */
final class ApiYardstick {
  private static final Duration LIMIT = Duration.ofMinutes(10);

  record Result(int requests, double rebootsPerSecond, double seconds) {}

  private ApiYardstick() {}

  static Result run(KubernetesClient client, Scenario s, List<String> instanceIds, int threads)
      throws Exception {
    String namespace = s.namespace() + "-yardstick";
    Kubeconfigs.createNamespace(client, namespace);
    Map<String, Instant> rebootAt = new ConcurrentHashMap<>();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    EventRecorder events = new EventRecorder(client, Clock.systemUTC());
    RequestLoad load = new RequestLoad(client, namespace);
    var informer =
        client
            .resources(RebootRequest.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(RebootRequest r) {
                    workers.execute(() -> work(client, events, r, rebootAt));
                  }

                  @Override
                  public void onUpdate(RebootRequest old, RebootRequest r) {}

                  @Override
                  public void onDelete(RebootRequest r, boolean unknown) {}
                });
    try {
      load.createAll(instanceIds, s.arrivalPerSecond());
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (rebootAt.size() < instanceIds.size() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      informer.close();
      workers.shutdown();
      workers.awaitTermination(1, TimeUnit.MINUTES);
      events.close();
    }
    Instant first = load.sentAt().values().stream().min(Instant::compareTo).orElseThrow();
    Instant last = rebootAt.values().stream().max(Instant::compareTo).orElse(first);
    double seconds = Duration.between(first, last).toNanos() / 1e9;
    // Leave the API server as it was: the operator's run must not pay for these objects.
    client.resources(RebootRequest.class).inNamespace(namespace).delete();
    client.v1().events().inNamespace(namespace).delete();
    return new Result(rebootAt.size(), rebootAt.size() / seconds, seconds);
  }

  private static void work(
      KubernetesClient client,
      EventRecorder events,
      RebootRequest request,
      Map<String, Instant> rebootAt) {
    try {
      RebootRequest r = write(client, request, status(request, Phase.Rebooting, "Issued"));
      rebootAt.put(request.getMetadata().getName(), Instant.now());
      events.nodeEvent(request, "Normal", "RebootIssued", message(request, "RebootIssued"));
      r = write(client, r, status(request, Phase.Verifying, "Accepted"));
      events.nodeEvent(request, "Normal", "RebootAccepted", message(request, "RebootAccepted"));
      write(client, r, status(request, Phase.Succeeded, "Rebooted"));
      events.nodeEvent(request, "Normal", "InstanceRunning", message(request, "InstanceRunning"));
    } catch (RuntimeException e) {
      Progress.say("yardstick: %s failed: %s", request.getMetadata().getName(), e);
    }
  }

  private static RebootRequest write(
      KubernetesClient client, RebootRequest r, RebootRequestStatus status) {
    return client
        .resource(r)
        .editStatus(
            x -> {
              x.setStatus(status);
              return x;
            });
  }

  private static String message(RebootRequest r, String reason) {
    return "instance " + r.getSpec().getInstanceId() + ": " + reason;
  }

  /** A status of the operator's shape and size at that phase. */
  private static RebootRequestStatus status(RebootRequest r, Phase phase, String reason) {
    String now = Instant.now().toString();
    String message = message(r, reason);
    RebootRequestStatus s = new RebootRequestStatus();
    s.setObservedGeneration(1L);
    s.setPhase(phase);
    s.setInstanceId(r.getSpec().getInstanceId());
    s.setRegionId(EcsFixture.REGION);
    s.setAttempts(1);
    s.setRetries(0);
    s.setInstanceStatus("Running");
    s.setStartTimeBefore("2026-11-20T04:04Z");
    s.setStartTime(now);
    s.setRebootIssuedTime(now);
    if (phase != Phase.Rebooting) {
      s.setRequestId(UUID.randomUUID().toString().toUpperCase());
    }
    if (phase.isTerminal()) {
      s.setCompletionTime(now);
    }
    List<Condition> conditions = new ArrayList<>();
    for (String type : List.of("Ready", "Completed", "Reconciling", "Stalled", "RebootAccepted")) {
      conditions.add(
          new ConditionBuilder()
              .withType(type)
              .withStatus(phase.isTerminal() == type.equals("Ready") ? "True" : "False")
              .withReason(reason)
              .withMessage(message)
              .withObservedGeneration(1L)
              .withLastTransitionTime(now)
              .build());
    }
    s.setConditions(conditions);
    return s;
  }
}
