package io.ecsreboot.emulator.kubelet;

import io.ecsreboot.emulator.EcsEmulator;
import io.ecsreboot.emulator.EmulatorInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the emulator's node instances as Kubernetes Nodes and plays their kubelets, following
 * each instance's power state: the emulator is the one place that knows when an instance reboots.
 */
public final class NodeSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSimulator.class);
  static final long SYNC_MILLIS = 500;

  private final KubernetesClient client;
  private final List<SimulatedKubelet> kubelets;
  private final ScheduledExecutorService syncer;
  private final Map<String, String> lastError = new HashMap<>();

  private NodeSimulator(KubernetesClient client, List<SimulatedKubelet> kubelets) {
    this.client = client;
    this.kubelets = kubelets;
    this.syncer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "node-simulator");
              t.setDaemon(true);
              return t;
            });
  }

  /** Registers {@code nodes} and starts syncing them every {@value #SYNC_MILLIS} ms. */
  public static NodeSimulator start(
      KubernetesClient client, EcsEmulator emulator, List<SimulatedNode> nodes) {
    List<SimulatedKubelet> kubelets = new ArrayList<>();
    Map<String, SimulatedKubelet> byInstance = new HashMap<>();
    for (SimulatedNode node : nodes) {
      SimulatedKubelet kubelet =
          new SimulatedKubelet(
              client,
              node,
              () ->
                  emulator.instance(node.instanceId()).map(EmulatorInstance::status).orElse(null));
      kubelets.add(kubelet);
      byInstance.put(node.instanceId(), kubelet);
    }
    emulator.onBootBegan(
        id -> {
          SimulatedKubelet kubelet = byInstance.get(id);
          if (kubelet != null) {
            kubelet.boots.bootBegan();
          }
        });
    NodeSimulator simulator = new NodeSimulator(client, kubelets);
    simulator.syncer.scheduleWithFixedDelay(
        simulator::syncAll, 0, SYNC_MILLIS, TimeUnit.MILLISECONDS);
    return simulator;
  }

  private void syncAll() {
    Clock clock = Clock.systemUTC();
    for (SimulatedKubelet kubelet : kubelets) {
      String name = kubelet.node().name();
      try {
        kubelet.sync(clock.instant());
        if (lastError.remove(name) != null) {
          LOG.info("node {}: syncing again", name);
        }
      } catch (KubernetesClientException e) {
        // A conflict or a lagging cache heals on the next sync; say each new problem once.
        String problem = e.getCode() + " " + e.getMessage();
        if (!problem.equals(lastError.put(name, problem))) {
          LOG.warn("node {}: {}", name, problem);
        }
      } catch (RuntimeException e) {
        LOG.error("node {}: sync failed", name, e);
      }
    }
  }

  @Override
  public void close() {
    syncer.shutdownNow();
    kubelets.forEach(SimulatedKubelet::close);
    client.close();
  }
}
