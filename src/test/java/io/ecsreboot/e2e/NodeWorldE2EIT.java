package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster test world itself (DESIGN.md 10): the emulator's simulated nodes behave like real
 * ones towards the API server, the controllers and the scheduler, so node reboots can be tested on
 * it.
 */
@Tag("e2e")
class NodeWorldE2EIT {
  static final String NS = E2eEnvironment.NS;
  static ClusterWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new ClusterWorld(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void seededNodesRegisterReadySchedulableWithProviderIdBootIdAndLease() {
    for (var entry : ClusterWorld.NODES.entrySet()) {
      Node node = world.node(entry.getKey());
      assertThat(node.getSpec().getProviderID()).isEqualTo("cn-hangzhou." + entry.getValue());
      assertThat(node.getMetadata().getLabels()).containsEntry("node-pool", "web");
      assertThat(ClusterWorld.bootId(node)).isNotBlank();
      assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
      Lease lease =
          world.kube.leases().inNamespace("kube-node-lease").withName(entry.getKey()).get();
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(entry.getKey());
    }
    assertThat(world.allNodesSchedulable()).as("Ready, taint lifted by node-lifecycle").isTrue();
  }

  @Test
  void deploymentPodsRunReadyOnTheSimulatedNodes() {
    world.createDeployment(NS, "spread", 3);
    List<Pod> pods = world.awaitReadyPods(NS, "spread", 3);
    Set<String> nodes = new HashSet<>();
    for (Pod pod : pods) {
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(pod.getStatus().getPodIP()).startsWith("10.244.");
      assertThat(pod.getStatus().getContainerStatuses()).allMatch(c -> c.getReady());
      nodes.add(pod.getSpec().getNodeName());
    }
    assertThat(nodes).as("spread over the three nodes").hasSize(3);
  }

  @Test
  void evictionsHonourTheDisruptionBudgetAndTheReplacementAvoidsTheCordonedNode() {
    world.createDeployment(NS, "shop", 3);
    List<Pod> pods = world.awaitReadyPods(NS, "shop", 3);
    world.createPdb(NS, "shop", "shop", 3);
    awaitBudget("shop", 3, 0);
    Pod first = pods.get(0);
    assertThat(evict(first)).as("minAvailable 3 of 3: the eviction answers 429").isFalse();

    world
        .kube
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(NS)
        .withName("shop")
        .edit(
            p -> {
              p.getSpec().setMinAvailable(new IntOrString(2));
              return p;
            });
    awaitBudget("shop", 3, 1);
    String cordoned = first.getSpec().getNodeName();
    world.cordon(cordoned, true);
    try {
      assertThat(evict(first)).as("minAvailable 2 of 3: evicted").isTrue();
      ClusterWorld.await(
          "the evicted pod is gone: the kubelet confirmed its deletion",
          Duration.ofSeconds(30),
          () ->
              world.kube.pods().inNamespace(NS).withName(first.getMetadata().getName()).get()
                  == null);
      List<Pod> after = world.awaitReadyPods(NS, "shop", 3);
      Pod replacement =
          after.stream()
              .filter(
                  p ->
                      pods.stream()
                          .noneMatch(
                              o -> o.getMetadata().getUid().equals(p.getMetadata().getUid())))
              .findFirst()
              .orElseThrow();
      assertThat(replacement.getSpec().getNodeName()).isNotEqualTo(cordoned);
    } finally {
      world.cordon(cordoned, false);
    }
  }

  @Test
  void aRebootThroughEcsTakesTheNodeNotReadyThenReadyWithANewBootId() throws Exception {
    String name = "cn-hangzhou.192.168.0.13";
    world.createDeployment(NS, "rebooted", 3);
    world.awaitReadyPods(NS, "rebooted", 3);
    String before = ClusterWorld.bootId(world.node(name));

    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (Watch watch =
        world
            .kube
            .nodes()
            .withName(name)
            .watch(
                new Watcher<Node>() {
                  @Override
                  public void eventReceived(Action action, Node node) {
                    seen.add(
                        (ClusterWorld.isReady(node) ? "Ready " : "NotReady ")
                            + ClusterWorld.bootId(node));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      RebootInstanceRequest reboot = new RebootInstanceRequest();
      reboot.setInstanceId(ClusterWorld.NODES.get(name));
      world.ecsSdk().getAcsResponse(reboot);
      ClusterWorld.await(
          "the node NotReady, then Ready with a new bootID",
          Duration.ofSeconds(60),
          () -> {
            Node node = world.node(name);
            return ClusterWorld.isReady(node) && !before.equals(ClusterWorld.bootId(node));
          });
    }
    String after = ClusterWorld.bootId(world.node(name));
    assertThat(seen).containsSubsequence("NotReady " + before, "Ready " + after);
    ClusterWorld.await(
        "the pods on the node survive the reboot as objects and restart",
        Duration.ofSeconds(30),
        () -> {
          List<Pod> onNode =
              world.readyPods(NS, "rebooted").stream()
                  .filter(p -> name.equals(p.getSpec().getNodeName()))
                  .toList();
          return !onNode.isEmpty()
              && onNode.stream()
                  .allMatch(
                      p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() == 1);
        });
  }

  @Test
  void renewedLeasesKeepTheNodesReadyPastTheMonitorGracePeriod() {
    Duration watch = ClusterWorld.NODE_MONITOR_GRACE.multipliedBy(2).plusSeconds(5);
    String node = "cn-hangzhou.192.168.0.12";
    ZonedDateTime firstRenewal = renewTime(node);
    long end = System.nanoTime() + watch.toNanos();
    while (System.nanoTime() < end) {
      Node n = world.node(node);
      assertThat(ClusterWorld.isReady(n)).as("Ready throughout").isTrue();
      assertThat(n.getSpec().getTaints()).as("no unreachable/not-ready taint").isEmpty();
      OperatorProcess.sleep(Duration.ofSeconds(1));
    }
    assertThat(renewTime(node)).isAfter(firstRenewal.plusSeconds(watch.toSeconds() - 15));
  }

  private static void awaitBudget(String name, int healthy, int allowed) {
    ClusterWorld.await(
        "the disruption controller reports " + healthy + " healthy, " + allowed + " allowed",
        Duration.ofSeconds(60),
        () -> {
          PodDisruptionBudget p =
              world.kube.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
          return p.getStatus() != null
              && p.getMetadata().getGeneration().equals(p.getStatus().getObservedGeneration())
              && p.getStatus().getCurrentHealthy() == healthy
              && p.getStatus().getDisruptionsAllowed() == allowed;
        });
  }

  private static ZonedDateTime renewTime(String node) {
    return world
        .kube
        .leases()
        .inNamespace("kube-node-lease")
        .withName(node)
        .get()
        .getSpec()
        .getRenewTime();
  }

  /** True when evicted, false on 429 (a PodDisruptionBudget refused). */
  private static boolean evict(Pod pod) {
    try {
      return world
          .kube
          .pods()
          .inNamespace(NS)
          .withName(pod.getMetadata().getName())
          .evict(
              new EvictionBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName())
                  .withNamespace(NS)
                  .endMetadata()
                  .build());
    } catch (KubernetesClientException e) {
      throw new AssertionError("eviction failed: " + e.getCode() + " " + e.getMessage(), e);
    }
  }
}
