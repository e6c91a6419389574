package io.ecsreboot.bench;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the scenario's RebootRequests (one informer: one list, one watch) and records when each
 * was first seen in a terminal phase, and which.
 */
final class CompletionTracker implements AutoCloseable {
  record Finish(Phase phase, Instant at) {}

  private final Map<String, Finish> finished = new ConcurrentHashMap<>();
  private final SharedIndexInformer<RebootRequest> informer;

  CompletionTracker(KubernetesClient client, String namespace) {
    informer =
        client
            .resources(RebootRequest.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(RebootRequest r) {
                    see(r);
                  }

                  @Override
                  public void onUpdate(RebootRequest old, RebootRequest r) {
                    see(r);
                  }

                  @Override
                  public void onDelete(RebootRequest r, boolean unknownFinalState) {}
                });
  }

  private void see(RebootRequest r) {
    Phase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
    if (phase != null && phase.isTerminal()) {
      finished.putIfAbsent(r.getMetadata().getName(), new Finish(phase, Instant.now()));
    }
  }

  int finishedCount() {
    return finished.size();
  }

  /** When each request was first seen Succeeded. */
  Map<String, Instant> succeededAt() {
    Map<String, Instant> out = new ConcurrentHashMap<>();
    finished.forEach(
        (name, f) -> {
          if (f.phase() == Phase.Succeeded) {
            out.put(name, f.at());
          }
        });
    return out;
  }

  Map<String, Integer> phaseCounts() {
    Map<String, Integer> out = new TreeMap<>();
    finished.values().forEach(f -> out.merge(f.phase().name(), 1, Integer::sum));
    return out;
  }

  @Override
  public void close() {
    informer.close();
  }
}
