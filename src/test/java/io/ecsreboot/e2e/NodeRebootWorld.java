package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.emulator.kubelet.NodeSeed;
import io.ecsreboot.emulator.kubelet.NodeSimulator;
import io.ecsreboot.emulator.kubelet.SimulatedNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The world of {@link NodeRebootE2EIT} and what its tests do in it: the cluster test world of
 * DESIGN.md 10 (API server, controllers, scheduler, the simulated kubelets of the example seed's
 * three nodes), the operator jar as a process, a workload namespace, and helpers to create
 * requests, workloads and budgets and to read what happened.
 */
final class NodeRebootWorld {
  static final String ADMIN_NS = "ecs-reboot-system";
  static final String SHOP = "shop";
  static final String CORDONED_BY = "ecsreboot.io/cordoned-by";
  static E2eEnvironment env;
  static KubernetesClient k8s;
  static NodeSimulator kubelets;
  static List<SimulatedNode> nodes;
  static OperatorProcess operator;

  /** The node the first test reboots; the later tests use another, whose call log starts empty. */
  static String rebootedFirst;

  private NodeRebootWorld() {}

  static void startWorld() throws Exception {
    env = new E2eEnvironment(Duration.ofSeconds(1), true);
    k8s =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(env.cluster.adminKubeconfig)))
            .build();
    nodes = NodeSeed.parse(Files.readString(Path.of("examples/emulator-seed.yaml")));
    kubelets =
        NodeSimulator.start(
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(env.cluster.adminKubeconfig)))
                .build(),
            env.emulator,
            nodes);
    awaitTrue(
        "the simulated nodes are Ready and schedulable",
        Duration.ofMinutes(2),
        () -> nodes.stream().allMatch(n -> schedulable(k8s.nodes().withName(n.name()).get())));
    env.cluster.kubectlOk("create", "namespace", SHOP);
    operator = env.startOperator();
  }

  static void stopWorld() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (kubelets != null) {
      kubelets.close();
    }
    if (k8s != null) {
      k8s.close();
    }
    if (env != null) {
      env.close();
    }
  }

  /** Samples the drain every 100 ms: when the node was cordoned, first evicted from, emptied. */
  static final class Sampler {
    final String node;
    final String app;
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    volatile Instant firstCordon;
    volatile Instant firstEviction;
    volatile Instant lastWebPodSeen = Instant.EPOCH;
    volatile int minReady = Integer.MAX_VALUE;
    volatile int webPodsAtStart = -1;
    final List<String> errors = new CopyOnWriteArrayList<>();

    Sampler(String node, String app) {
      this.node = node;
      this.app = app;
    }

    Sampler start() {
      timer.scheduleWithFixedDelay(this::sample, 0, 100, TimeUnit.MILLISECONDS);
      return this;
    }

    void sample() {
      try {
        Instant now = Instant.now();
        if (firstCordon == null && !schedulable(k8s.nodes().withName(node).get())) {
          firstCordon = now;
        }
        List<Pod> pods = k8s.pods().inNamespace(SHOP).withLabel("app", app).list().getItems();
        minReady = Math.min(minReady, (int) pods.stream().filter(NodeRebootWorld::ready).count());
        if (webPodsAtStart < 0) {
          webPodsAtStart =
              (int) pods.stream().filter(p -> node.equals(p.getSpec().getNodeName())).count();
        }
        for (Pod p : pods) {
          if (node.equals(p.getSpec().getNodeName())) {
            lastWebPodSeen = now;
            if (firstEviction == null && p.getMetadata().getDeletionTimestamp() != null) {
              firstEviction = now;
            }
          }
        }
      } catch (RuntimeException e) {
        errors.add(e.toString());
      }
    }

    void stop() throws InterruptedException {
      timer.shutdown();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static void createAndAwaitCompleted(String name, String spec, int seconds) throws Exception {
    createRequest(name, spec);
    awaitCompleted(name, seconds);
  }

  static void awaitCompleted(String name, int seconds) {
    Shell.Result waited =
        env.cluster.kubectl(
            "wait",
            "-n",
            ADMIN_NS,
            "rbr/" + name,
            "--for=condition=Completed",
            "--timeout=" + seconds + "s");
    assertThat(waited.exitCode()).as(status(name)).isZero();
  }

  /** A field ({@code reason}, {@code message}) of a condition of a request. */
  static String condition(String name, String type, String field) {
    return jsonPath(name, "{.status.conditions[?(@.type==\"" + type + "\")]." + field + "}");
  }

  static void createRequest(String name, String spec) throws Exception {
    Path file = env.manifest(name, spec);
    env.cluster.kubectlOk("apply", "-n", ADMIN_NS, "-f", file.toString());
  }

  static String jsonPath(String name, String path) {
    return env.cluster.kubectlOk("get", "rbr", name, "-n", ADMIN_NS, "-o", "jsonpath=" + path);
  }

  static String status(String name) {
    return env.cluster.kubectl("get", "rbr", name, "-n", ADMIN_NS, "-o", "yaml").out()
        + "\noperator log:\n"
        + operator.logText();
  }

  static void deployment(String app, int replicas, Map<String, String> nodeSelector) {
    k8s.apps()
        .deployments()
        .inNamespace(SHOP)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(app)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", app)
                .endSelector()
                .withTemplate(template(app, nodeSelector))
                .endSpec()
                .build())
        .create();
  }

  /** Pods labelled app=APP; the simulated kubelet runs any image. */
  static PodTemplateSpec template(String app, Map<String, String> nodeSelector) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(nodeSelector)
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer()
        .withName(app)
        .withImage("registry.example/" + app + ":1")
        .endContainer()
        .endSpec()
        .build();
  }

  static void budget(String app, int minAvailable) {
    k8s.resource(Workloads.pdb(SHOP, app, app, minAvailable)).create();
  }

  static void daemonSet(String app) {
    k8s.apps()
        .daemonSets()
        .inNamespace(SHOP)
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withName(app)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", app)
                .endSelector()
                .withTemplate(template(app, Map.of()))
                .endSpec()
                .build())
        .create();
    awaitTrue(
        "a DaemonSet pod on every node",
        Duration.ofMinutes(2),
        () -> nodes.stream().allMatch(n -> podOnOrNull(n.name(), app) != null));
  }

  static Pod bareePodOn(String node) {
    Pod pod =
        k8s.pods()
            .inNamespace(SHOP)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("bare")
                    .addToLabels("app", "bare")
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName(node)
                    .addNewContainer()
                    .withName("bare")
                    .withImage("registry.example/bare:1")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    awaitTrue("the bare pod is Ready", Duration.ofSeconds(60), () -> readyPods("bare") == 1);
    return pod;
  }

  static long readyPods(String app) {
    return k8s.pods().inNamespace(SHOP).withLabel("app", app).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(NodeRebootWorld::ready)
        .count();
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The node holding the most pods of {@code app}. */
  static String nodeWith(String app) {
    Map<String, Long> perNode =
        k8s.pods().inNamespace(SHOP).withLabel("app", app).list().getItems().stream()
            .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    return perNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  static Pod podOn(String node, String app) {
    Pod pod = podOnOrNull(node, app);
    assertThat(pod).as("a pod of %s on %s", app, node).isNotNull();
    return pod;
  }

  static Pod podOnOrNull(String node, String app) {
    return k8s.pods().inNamespace(SHOP).withLabel("app", app).list().getItems().stream()
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        .findFirst()
        .orElse(null);
  }

  static String otherNode() {
    return nodes.stream()
        .map(SimulatedNode::name)
        .filter(n -> !n.equals(rebootedFirst))
        .findFirst()
        .orElseThrow();
  }

  static String thirdNode() {
    return nodes.stream()
        .map(SimulatedNode::name)
        .filter(n -> !n.equals(rebootedFirst) && !n.equals(otherNode()))
        .findFirst()
        .orElseThrow();
  }

  static void setUnschedulable(String node, boolean unschedulable) {
    k8s.nodes()
        .withName(node)
        .edit(
            n -> {
              n.getSpec().setUnschedulable(unschedulable);
              return n;
            });
  }

  static void assertNotCordonedByUs(Node node) {
    assertThat(node.getSpec().getUnschedulable()).as("cordoned").isNotEqualTo(Boolean.TRUE);
    assertThat(
            node.getMetadata().getAnnotations() == null
                ? Map.<String, String>of()
                : node.getMetadata().getAnnotations())
        .doesNotContainKey(CORDONED_BY);
  }

  static String instanceOf(String node) {
    return nodes.stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().instanceId();
  }

  static String bootId(String node) {
    return k8s.nodes().withName(node).get().getStatus().getNodeInfo().getBootID();
  }

  static boolean schedulable(Node node) {
    return node != null
        && !Boolean.TRUE.equals(node.getSpec().getUnschedulable())
        && (node.getSpec().getTaints() == null
            || node.getSpec().getTaints().stream()
                .noneMatch(t -> "NoSchedule".equals(t.getEffect())));
  }

  static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not there yet
      }
      OperatorProcess.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("timed out waiting until " + what);
  }
}
