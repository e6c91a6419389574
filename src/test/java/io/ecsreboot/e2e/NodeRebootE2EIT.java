package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.emulator.CallRecord;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Node reboots in the cluster test world (DESIGN.md 10): a real API server with
 * kube-controller-manager (Deployments, PodDisruptionBudgets, DaemonSets) and kube-scheduler, the
 * ECS emulator playing the three seeded nodes' kubelets, and the operator jar as a process with the
 * RBAC of deploy/. Requests live in the operator's own namespace (the default admin namespace).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeRebootE2EIT {
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

  @BeforeAll
  static void start() throws Exception {
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

  @AfterAll
  static void stop() throws Exception {
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

  @Test
  @Order(1)
  void aNodeRebootDrainsThroughTheBudgetRebootsOnceAndUncordons() throws Exception {
    deployment("web", 4, Map.of());
    budget("web", 3);
    daemonSet("agent");
    awaitTrue("4 web pods Ready", Duration.ofMinutes(2), () -> readyPods("web") == 4);
    String target = nodeWith("web");
    rebootedFirst = target;
    Pod bare = bareePodOn(target);
    Pod agent = podOn(target, "agent");
    String instance = instanceOf(target);
    String bootBefore = bootId(target);

    Sampler sampler = new Sampler(target, "web").start();
    Instant created = Instant.now();
    createAndAwaitCompleted("reboot-node", "{nodeName: " + target + "}", 240);
    Instant completed = Instant.now();
    sampler.stop();
    System.out.printf(
        "node reboot of %s: %.1f s from create to Completed, drain %.1f s (cordon to last web pod"
            + " gone), %d web pods on the node at the start%n",
        target,
        Duration.between(created, completed).toMillis() / 1e3,
        Duration.between(sampler.firstCordon, sampler.lastWebPodSeen).toMillis() / 1e3,
        sampler.webPodsAtStart);

    assertThat(jsonPath("reboot-node", "{.status.phase}"))
        .as(status("reboot-node"))
        .isEqualTo("Succeeded");
    List<CallRecord> reboots = env.ecs.calls("RebootInstance", instance);
    assertThat(reboots).hasSize(1);
    assertThat(bootId(target)).isNotEqualTo(bootBefore);
    assertThat(jsonPath("reboot-node", "{.status.bootIDBefore}")).isEqualTo(bootBefore);
    assertThat(schedulable(k8s.nodes().withName(target).get())).isTrue();
    assertThat(sampler.firstCordon).as("cordoned").isNotNull();
    assertThat(sampler.firstEviction).as("a web pod was evicted").isNotNull();
    assertThat(sampler.firstCordon).isBeforeOrEqualTo(sampler.firstEviction);
    assertThat(sampler.minReady).as("Ready web pods, sampled").isGreaterThanOrEqualTo(3);
    assertThat(Instant.parse(reboots.get(0).time()))
        .as("RebootInstance after the last web pod left the node")
        .isAfterOrEqualTo(sampler.lastWebPodSeen);
    assertThat(
            k8s.pods()
                .inNamespace(SHOP)
                .withName(bare.getMetadata().getName())
                .get()
                .getMetadata()
                .getUid())
        .as("the unmanaged pod is untouched")
        .isEqualTo(bare.getMetadata().getUid());
    assertThat(
            k8s.pods()
                .inNamespace(SHOP)
                .withName(agent.getMetadata().getName())
                .get()
                .getMetadata()
                .getUid())
        .as("the DaemonSet pod is untouched")
        .isEqualTo(agent.getMetadata().getUid());
    String events =
        env.cluster.kubectlOk(
            "get", "events", "-n", ADMIN_NS, "--field-selector", "involvedObject.name=reboot-node");
    assertThat(events).contains("Cordoned", "PodsNotEvicted", "Drained", "Uncordoned");
    k8s.pods().inNamespace(SHOP).withName(bare.getMetadata().getName()).withGracePeriod(0).delete();
  }

  @Test
  @Order(2)
  void aDryRunNamesTheBlockingBudgetWithoutEvictingAnything() throws Exception {
    String target = otherNode();
    deployment("pinned", 1, Map.of("kubernetes.io/hostname", target));
    budget("pinned", 1);
    awaitTrue("the pinned pod is Ready", Duration.ofMinutes(2), () -> readyPods("pinned") == 1);
    Pod pinned = podOn(target, "pinned");

    createAndAwaitCompleted("dry-run-node", "{nodeName: " + target + ", dryRun: true}", 120);

    assertThat(jsonPath("dry-run-node", "{.status.phase}")).isEqualTo("Failed");
    assertThat(condition("dry-run-node", "DryRunPassed", "reason")).isEqualTo("EvictionBlocked");
    assertThat(condition("dry-run-node", "Stalled", "message"))
        .contains("PodDisruptionBudget shop/pinned");
    Pod after = k8s.pods().inNamespace(SHOP).withName(pinned.getMetadata().getName()).get();
    assertThat(after.getMetadata().getUid()).isEqualTo(pinned.getMetadata().getUid());
    assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(schedulable(k8s.nodes().withName(target).get())).isTrue();
    assertThat(env.ecs.calls("RebootInstance", instanceOf(target))).isEmpty();
  }

  @Test
  @Order(3)
  void aBudgetThatNeverAllowsFailsTheDrainWithoutARebootAndUncordons() throws Exception {
    String target = otherNode();
    createAndAwaitCompleted(
        "drain-timeout", "{nodeName: " + target + ", drain: {timeoutSeconds: 6}}", 120);

    assertThat(jsonPath("drain-timeout", "{.status.phase}")).isEqualTo("Failed");
    assertThat(condition("drain-timeout", "Stalled", "reason")).isEqualTo("DrainTimeout");
    assertThat(jsonPath("drain-timeout", "{.status.drain.blockedBy}"))
        .isEqualTo("PodDisruptionBudget shop/pinned");
    assertThat(env.ecs.calls("RebootInstance", instanceOf(target))).isEmpty();
    assertThat(schedulable(k8s.nodes().withName(target).get())).isTrue();
    assertThat(
            env.cluster.kubectlOk(
                "get",
                "events",
                "-n",
                ADMIN_NS,
                "--field-selector",
                "involvedObject.name=drain-timeout"))
        .contains("EvictionBlocked");
  }

  @Test
  @Order(4)
  void theOperatorKilledMidDrainFinishesWithOneReboot() throws Exception {
    String target = otherNode();
    String instance = instanceOf(target);
    createRequest("killed-mid-drain", "{nodeName: " + target + ", drain: {timeoutSeconds: 300}}");
    awaitTrue(
        "draining, blocked by the budget",
        Duration.ofSeconds(60),
        () -> jsonPath("killed-mid-drain", "{.status.drain.blockedBy}").contains("shop/pinned"));
    operator.kill();
    // The budget relents while no operator runs: the next one finds the drain where it was.
    k8s.resources(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class)
        .inNamespace(SHOP)
        .withName("pinned")
        .delete();
    operator = env.startOperator();
    awaitCompleted("killed-mid-drain", 240);

    assertThat(jsonPath("killed-mid-drain", "{.status.phase}"))
        .as(status("killed-mid-drain"))
        .isEqualTo("Succeeded");
    assertThat(env.ecs.calls("RebootInstance", instance)).hasSize(1);
    assertThat(schedulable(k8s.nodes().withName(target).get())).isTrue();
  }

  @Test
  @Order(5)
  void anUnknownNodeFailsNodeNotFoundWithoutAnEcsCall() throws Exception {
    int reboots = env.ecs.calls("RebootInstance", null).size();

    createAndAwaitCompleted("no-such-node", "{nodeName: cn-hangzhou.10.9.9.9}", 60);

    assertThat(jsonPath("no-such-node", "{.status.phase}")).isEqualTo("Failed");
    assertThat(condition("no-such-node", "Stalled", "reason")).isEqualTo("NodeNotFound");
    assertThat(jsonPath("no-such-node", "{.status.instanceId}")).isEmpty();
    assertThat(env.ecs.calls("RebootInstance", null)).hasSize(reboots);
  }

  @Test
  @Order(6)
  void aNodeOutsideEcsFailsUnsupportedProviderIdAndIsNotCordoned() throws Exception {
    k8s.nodes()
        .resource(
            new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata()
                .withName("aws-node")
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///us-east-1a/i-0abc")
                .endSpec()
                .build())
        .create();
    int reboots = env.ecs.calls("RebootInstance", null).size();
    try {
      createAndAwaitCompleted("aws-node", "{nodeName: aws-node}", 60);

      assertThat(jsonPath("aws-node", "{.status.phase}")).isEqualTo("Failed");
      assertThat(condition("aws-node", "Stalled", "reason")).isEqualTo("UnsupportedProviderID");
      assertNotCordonedByUs(k8s.nodes().withName("aws-node").get());
      assertThat(env.ecs.calls("RebootInstance", null)).hasSize(reboots);
    } finally {
      k8s.nodes().withName("aws-node").delete();
    }
  }

  @Test
  @Order(7)
  void aNodeRequestFromANamespaceWithoutAGrantIsRefused() throws Exception {
    String target = thirdNode();
    int calls = env.ecs.calls(null, instanceOf(target)).size();
    Path file = env.manifest("foreign", "{nodeName: " + target + "}");
    env.cluster.kubectlOk("apply", "-n", SHOP, "-f", file.toString());
    env.cluster.kubectlOk(
        "wait", "-n", SHOP, "rbr/foreign", "--for=condition=Completed", "--timeout=60s");

    String get = "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Stalled\")].reason}";
    assertThat(env.cluster.kubectlOk("get", "rbr", "foreign", "-n", SHOP, "-o", get))
        .isEqualTo("Failed NotPermitted");
    assertNotCordonedByUs(k8s.nodes().withName(target).get());
    assertThat(env.ecs.calls(null, instanceOf(target))).as("no ECS call").hasSize(calls);
  }

  @Test
  @Order(8)
  void aNodeCordonedBeforeTheRequestStaysCordonedAfterItsReboot() throws Exception {
    String target = thirdNode();
    String instance = instanceOf(target);
    String bootBefore = bootId(target);
    int reboots = env.ecs.calls("RebootInstance", instance).size();
    setUnschedulable(target, true);
    try {
      createAndAwaitCompleted("pre-cordoned", "{nodeName: " + target + "}", 240);

      assertThat(jsonPath("pre-cordoned", "{.status.phase}"))
          .as(status("pre-cordoned"))
          .isEqualTo("Succeeded");
      assertThat(env.ecs.calls("RebootInstance", instance)).hasSize(reboots + 1);
      assertThat(bootId(target)).isNotEqualTo(bootBefore);
      Node node = k8s.nodes().withName(target).get();
      assertThat(node.getSpec().getUnschedulable()).as("still cordoned").isTrue();
      assertThat(node.getMetadata().getAnnotations()).doesNotContainKey(CORDONED_BY);
      assertThat(condition("pre-cordoned", "Ready", "message")).contains("stays cordoned");
    } finally {
      setUnschedulable(target, false);
    }
  }

  @Test
  @Order(9)
  void onTimeoutRebootRebootsAfterABlockedDrainAndUncordons() throws Exception {
    String target = otherNode();
    String instance = instanceOf(target);
    budget("pinned", 1);
    int reboots = env.ecs.calls("RebootInstance", instance).size();
    // Test 4 rebooted this instance: rule 3a holds the next reboot until StartTime's minute is
    // over (up to ~70 s), hence the bound.
    createAndAwaitCompleted(
        "drain-timeout-reboot",
        "{nodeName: " + target + ", drain: {timeoutSeconds: 5, onTimeout: Reboot}}",
        300);

    assertThat(jsonPath("drain-timeout-reboot", "{.status.phase}"))
        .as(status("drain-timeout-reboot"))
        .isEqualTo("Succeeded");
    assertThat(condition("drain-timeout-reboot", "Drained", "reason")).isEqualTo("DrainTimeout");
    assertThat(env.ecs.calls("RebootInstance", instance)).hasSize(reboots + 1);
    assertThat(schedulable(k8s.nodes().withName(target).get())).as("uncordoned").isTrue();
  }

  @Test
  @Order(10)
  void deletingARequestWhileItDrainsCancelsTheRebootAndUncordons() throws Exception {
    String target = otherNode();
    String instance = instanceOf(target);
    int reboots = env.ecs.calls("RebootInstance", instance).size();
    createRequest("cancelled", "{nodeName: " + target + ", drain: {timeoutSeconds: 300}}");
    awaitTrue(
        "cordoned and blocked by the budget",
        Duration.ofSeconds(60),
        () ->
            jsonPath("cancelled", "{.status.drain.blockedBy}").contains("shop/pinned")
                && !schedulable(k8s.nodes().withName(target).get()));

    env.cluster.kubectlOk("delete", "rbr", "cancelled", "-n", ADMIN_NS, "--timeout=60s");

    assertThat(env.cluster.kubectl("get", "rbr", "cancelled", "-n", ADMIN_NS).exitCode())
        .as("the request is gone")
        .isNotZero();
    awaitTrue(
        "the node uncordoned",
        Duration.ofSeconds(30),
        () -> schedulable(k8s.nodes().withName(target).get()));
    assertNotCordonedByUs(k8s.nodes().withName(target).get());
    assertThat(env.ecs.calls("RebootInstance", instance)).as("no reboot").hasSize(reboots);
  }

  @Test
  @Order(11)
  void aNodeRequestAndAnInstanceRequestForOneMachineNeverOverlap() throws Exception {
    String target = rebootedFirst;
    String instance = instanceOf(target);
    int reboots = env.ecs.calls("RebootInstance", instance).size();
    createRequest("same-machine-node", "{nodeName: " + target + "}");
    createRequest("same-machine-instance", "{instanceId: " + instance + "}");
    // The second reboot of the instance waits out the first's StartTime minute (rule 3a).
    for (String name : List.of("same-machine-node", "same-machine-instance")) {
      awaitCompleted(name, 300);
      assertThat(jsonPath(name, "{.status.phase}")).as(status(name)).isEqualTo("Succeeded");
    }

    List<CallRecord> calls = env.ecs.calls("RebootInstance", instance);
    assertThat(calls).hasSize(reboots + 2);
    Instant secondCall = Instant.parse(calls.get(calls.size() - 1).time());
    Instant firstDone =
        List.of("same-machine-node", "same-machine-instance").stream()
            .map(n -> Instant.parse(jsonPath(n, "{.status.completionTime}")))
            .min(Instant::compareTo)
            .orElseThrow();
    assertThat(secondCall).as("the second reboot after the first request ended").isAfter(firstDone);
    assertThat(schedulable(k8s.nodes().withName(target).get())).isTrue();
  }

  @Test
  @Order(12)
  void theOperatorKilledMidRebootFinishesWithOneReboot() throws Exception {
    String target = thirdNode();
    String instance = instanceOf(target);
    int reboots = env.ecs.calls("RebootInstance", instance).size();
    // The reboot takes effect at once; its answer comes 15 s later, after the kill.
    env.ecs.addFault(
        io.ecsreboot.emulator.Fault.delayAfter("RebootInstance", 15_000, 1).forInstance(instance));
    createRequest("killed-mid-reboot", "{nodeName: " + target + "}");
    awaitTrue(
        "RebootInstance called",
        Duration.ofSeconds(180),
        () -> env.ecs.calls("RebootInstance", instance).size() > reboots);
    operator.kill();
    assertThat(jsonPath("killed-mid-reboot", "{.status.phase}")).isEqualTo("Rebooting");
    env.ecs.clearFaults();
    operator = env.startOperator();
    awaitCompleted("killed-mid-reboot", 240);

    assertThat(jsonPath("killed-mid-reboot", "{.status.phase}"))
        .as(status("killed-mid-reboot"))
        .isEqualTo("Succeeded");
    assertThat(env.ecs.calls("RebootInstance", instance)).hasSize(reboots + 1);
    assertThat(schedulable(k8s.nodes().withName(target).get())).isTrue();
  }

  // ---- the world -----------------------------------------------------------------------------

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
        minReady = Math.min(minReady, (int) pods.stream().filter(NodeRebootE2EIT::ready).count());
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
        .filter(NodeRebootE2EIT::ready)
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
