package io.ecsreboot.e2e;

import static io.ecsreboot.e2e.NodeRebootWorld.ADMIN_NS;
import static io.ecsreboot.e2e.NodeRebootWorld.CORDONED_BY;
import static io.ecsreboot.e2e.NodeRebootWorld.SHOP;
import static io.ecsreboot.e2e.NodeRebootWorld.Sampler;
import static io.ecsreboot.e2e.NodeRebootWorld.assertNotCordonedByUs;
import static io.ecsreboot.e2e.NodeRebootWorld.awaitCompleted;
import static io.ecsreboot.e2e.NodeRebootWorld.awaitTrue;
import static io.ecsreboot.e2e.NodeRebootWorld.bareePodOn;
import static io.ecsreboot.e2e.NodeRebootWorld.bootId;
import static io.ecsreboot.e2e.NodeRebootWorld.budget;
import static io.ecsreboot.e2e.NodeRebootWorld.condition;
import static io.ecsreboot.e2e.NodeRebootWorld.createAndAwaitCompleted;
import static io.ecsreboot.e2e.NodeRebootWorld.createRequest;
import static io.ecsreboot.e2e.NodeRebootWorld.daemonSet;
import static io.ecsreboot.e2e.NodeRebootWorld.deployment;
import static io.ecsreboot.e2e.NodeRebootWorld.env;
import static io.ecsreboot.e2e.NodeRebootWorld.instanceOf;
import static io.ecsreboot.e2e.NodeRebootWorld.jsonPath;
import static io.ecsreboot.e2e.NodeRebootWorld.k8s;
import static io.ecsreboot.e2e.NodeRebootWorld.nodeWith;
import static io.ecsreboot.e2e.NodeRebootWorld.operator;
import static io.ecsreboot.e2e.NodeRebootWorld.otherNode;
import static io.ecsreboot.e2e.NodeRebootWorld.podOn;
import static io.ecsreboot.e2e.NodeRebootWorld.readyPods;
import static io.ecsreboot.e2e.NodeRebootWorld.rebootedFirst;
import static io.ecsreboot.e2e.NodeRebootWorld.schedulable;
import static io.ecsreboot.e2e.NodeRebootWorld.setUnschedulable;
import static io.ecsreboot.e2e.NodeRebootWorld.startWorld;
import static io.ecsreboot.e2e.NodeRebootWorld.status;
import static io.ecsreboot.e2e.NodeRebootWorld.stopWorld;
import static io.ecsreboot.e2e.NodeRebootWorld.thirdNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.emulator.CallRecord;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  @BeforeAll
  static void start() throws Exception {
    startWorld();
  }

  @AfterAll
  static void stop() throws Exception {
    stopWorld();
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
  void aNodeRequestThatAdmissionLetsThroughButNoPolicyGrantsIsRefused() throws Exception {
    String target = thirdNode();
    int calls = env.ecs.calls(null, instanceOf(target)).size();
    // The label only gets the request past the admission policy; no RebootPolicy grants this node.
    String allowed = "ecsreboot.io/node-reboots";
    env.cluster.kubectlOk("label", "namespace", SHOP, allowed + "=allowed", "--overwrite");
    try {
      Path file = env.manifest("foreign", "{nodeName: " + target + "}");
      env.cluster.kubectlOk("apply", "-n", SHOP, "-f", file.toString());
      env.cluster.kubectlOk(
          "wait", "-n", SHOP, "rbr/foreign", "--for=condition=Completed", "--timeout=60s");
    } finally {
      env.cluster.kubectlOk("label", "namespace", SHOP, allowed + "-");
    }

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
}
