package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.DrainSpec;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.emulator.EmulatorInstance;
import io.ecsreboot.emulator.Fault;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node requests on the mock API server (no pods here: the drain with pods, budgets and evictions
 * needs the real API server and its controllers, see the e2e tier). The test plays the kubelet's
 * one part that matters here: a node gets a new bootID when its instance reboots.
 */
class NodeRequestOperatorTest {
  static OperatorHarness h;
  static final AtomicInteger NODES = new AtomicInteger();

  /** instanceId -> node name, for the simulated kubelet. */
  static final Map<String, String> NODE_OF = new ConcurrentHashMap<>();

  /** What the node looked like at each real (not dry-run) RebootInstance call. */
  static final List<Node> AT_REBOOT = new CopyOnWriteArrayList<>();

  static final List<Node> AT_DRY_RUN = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(300), Duration.ofMillis(300));
    h.client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build())
        .create();
    h.startOperator(NodeRequestOperatorTest::kubeletOnReboot);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void aNodeIsCordonedRebootedOnceVerifiedByItsBootIdAndUncordoned() {
    String node = newNode(false);
    String id = instanceOf(node);
    createNodeRequest("node-reboot", node, spec -> spec.setReason("kernel patch"));
    RebootRequest done = h.awaitPhase("node-reboot", Phase.Succeeded);

    assertThat(h.reboots(id)).hasSize(1);
    assertThat(AT_REBOOT)
        .filteredOn(n -> n.getMetadata().getName().equals(node))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getSpec().getUnschedulable()).isTrue();
              assertThat(n.getMetadata().getAnnotations())
                  .containsEntry("ecsreboot.io/cordoned-by", "ops/node-reboot");
            });
    var status = done.getStatus();
    assertThat(status.getNodeName()).isEqualTo(node);
    assertThat(status.getInstanceId()).isEqualTo(id);
    assertThat(status.getRegionId()).isEqualTo("cn-hangzhou");
    assertThat(status.getBootIDBefore()).isEqualTo("boot-" + node + "-0");
    assertCondition(done, Conditions.DRAINED, "True", "Drained");
    assertCondition(done, Conditions.NODE_READY, "True", "NodeReady");
    assertCondition(done, Conditions.READY, "True", "RebootVerified");
    assertThat(condition(done, Conditions.READY)).contains("uncordoned");
    Node after = h.client.nodes().withName(node).get();
    assertThat(after.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(cordonedBy(after)).isNull();
    assertThat(eventReasons("node-reboot", "Uncordoned"))
        .contains("Cordoned", "Drained", "RebootIssued", "RebootAccepted", "Uncordoned");

    assertThat(done.getMetadata().getFinalizers()).contains("ecsreboot.io/node-cordon");
    h.client.resource(done).delete();
    awaitGone("node-reboot");
  }

  @Test
  void aNodeThatWasCordonedBeforeStaysCordonedAfterTheReboot() {
    String node = newNode(true);
    createNodeRequest("pre-cordoned", node, spec -> {});
    RebootRequest done = h.awaitPhase("pre-cordoned", Phase.Succeeded);

    assertThat(h.reboots(instanceOf(node))).hasSize(1);
    Node after = h.client.nodes().withName(node).get();
    assertThat(after.getSpec().getUnschedulable()).isTrue();
    assertThat(cordonedBy(after)).isNull();
    assertThat(condition(done, Conditions.READY)).contains("stays cordoned");
    assertThat(eventReasons("pre-cordoned", "InstanceRunning"))
        .contains("AlreadyCordoned")
        .doesNotContain("Cordoned", "Uncordoned");
  }

  @Test
  void aNodeRequestFromANamespaceNoPolicyGrantsIsRefusedBeforeAnythingIsTouched() {
    String node = newNode(false);
    RebootRequest request = nodeRequest("not-mine", node, spec -> {});
    request.getMetadata().setNamespace("team-a");
    h.client.resource(request).create();
    RebootRequest done =
        h.await(
            "not-mine",
            "team-a",
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Failed);

    assertCondition(done, Conditions.STALLED, "True", "NotPermitted");
    assertThat(condition(done, Conditions.STALLED))
        .contains("no RebootPolicy grants namespace team-a the node " + node);
    assertThat(h.scrape())
        .contains("ecsreboot_policy_refusals_total{missing=\"policy\",target=\"node\"}");
    assertThat(h.ecs.calls(null, instanceOf(node))).isEmpty();
    assertThat(h.client.nodes().withName(node).get().getSpec().getUnschedulable())
        .isNotEqualTo(Boolean.TRUE);
  }

  static Stream<Arguments> unresolvable() {
    return Stream.of(
        Arguments.of("no such Node", null, null, "NodeNotFound"),
        Arguments.of(
            "a non-ECS providerID", "kind://docker/kind/worker", null, "UnsupportedProviderID"),
        Arguments.of("spec.regionId of another region", "ok", "cn-beijing", "RegionMismatch"));
  }

  @ParameterizedTest(name = "{0} -> Failed/{3}")
  @MethodSource("unresolvable")
  void aNodeThatDoesNotNameAnEcsInstanceFailsWithoutAnEcsCall(
      String what, String providerId, String region, String reason) {
    String name = "unresolvable-" + reason.toLowerCase();
    String node;
    if (providerId == null) {
      node = "no-such-node";
    } else {
      node = newNode(false);
      if (!"ok".equals(providerId)) {
        h.client
            .nodes()
            .withName(node)
            .edit(
                n -> {
                  n.getSpec().setProviderID(providerId);
                  return n;
                });
      }
    }
    createNodeRequest(name, node, spec -> spec.setRegionId(region));
    RebootRequest done = h.awaitPhase(name, Phase.Failed);

    assertCondition(done, Conditions.STALLED, "True", reason);
    assertThat(done.getStatus().getAttempts()).isNull();
    if (providerId != null) {
      assertThat(h.ecs.calls(null, instanceOf(node))).isEmpty();
      assertThat(h.client.nodes().withName(node).get().getSpec().getUnschedulable())
          .isNotEqualTo(Boolean.TRUE);
    }
  }

  @Test
  void deletingANodeRequestBeforeItsRebootCancelsItAndUncordons() {
    String node = newNode(false);
    String id = instanceOf(node);
    // An instance still Starting holds the request after the cordon, before any reboot.
    h.ecs.putInstance(
        EmulatorInstance.running(id, "cn-hangzhou", OperatorHarness.OLD_START)
            .withStatus("Starting"));
    createNodeRequest("cancelled", node, spec -> {});
    h.await(
        "cancelled",
        r ->
            h.client.nodes().withName(node).get().getSpec().getUnschedulable() == Boolean.TRUE
                && r.getStatus() != null
                && r.getStatus().getPhase() == Phase.Pending,
        Duration.ofSeconds(20));

    h.client
        .resources(RebootRequest.class)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName("cancelled")
        .delete();
    awaitGone("cancelled");
    h.ecs.putInstance(EmulatorInstance.running(id, "cn-hangzhou", OperatorHarness.OLD_START));
    OperatorHarness.sleep(Duration.ofSeconds(1));

    assertThat(h.reboots(id)).isEmpty();
    Node after = h.client.nodes().withName(node).get();
    assertThat(after.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(cordonedBy(after)).isNull();
  }

  @Test
  void aDryRunForANodeNeverCordonsIt() {
    String node = newNode(false);
    createNodeRequest("node-dry-run", node, spec -> spec.setDryRun(true));
    RebootRequest done = h.awaitPhase("node-dry-run", Phase.DryRunPassed);

    assertCondition(done, Conditions.DRY_RUN_PASSED, "True", "DryRunOperation");
    assertThat(h.reboots(instanceOf(node)))
        .singleElement()
        .satisfies(c -> assertThat(c.params()).containsEntry("DryRun", "true"));
    assertThat(AT_DRY_RUN)
        .filteredOn(n -> n.getMetadata().getName().equals(node))
        .singleElement()
        .satisfies(n -> assertThat(n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE));
    assertThat(h.client.nodes().withName(node).get().getSpec().getUnschedulable())
        .isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void withDrainDisabledTheNodeIsRebootedWithoutACordon() {
    String node = newNode(false);
    DrainSpec off = new DrainSpec();
    off.setEnabled(false);
    createNodeRequest("no-drain", node, spec -> spec.setDrain(off));
    RebootRequest done = h.awaitPhase("no-drain", Phase.Succeeded);

    assertCondition(done, Conditions.DRAINED, "True", "DrainSkipped");
    assertCondition(done, Conditions.NODE_READY, "True", "NodeReady");
    assertThat(AT_REBOOT)
        .filteredOn(n -> n.getMetadata().getName().equals(node))
        .singleElement()
        .satisfies(n -> assertThat(n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE));
  }

  @Test
  void aNodeRequestAndAnInstanceRequestForOneMachineNeverOverlap() {
    String node = newNode(false);
    String id = instanceOf(node);
    createNodeRequest("by-node", node, spec -> {});
    h.create("by-instance", id);
    // Whichever goes second must wait until the first reboot's StartTime minute has passed (rule
    // 3a:
    // up to 70 s on the real clock), so the bound covers that wait.
    Duration secondRebootWaitsAMinute = Duration.ofSeconds(100);
    RebootRequest byNode = h.await("by-node", succeeded(), secondRebootWaitsAMinute);
    RebootRequest byInstance = h.await("by-instance", succeeded(), secondRebootWaitsAMinute);

    assertThat(h.reboots(id)).hasSize(2);
    assertThat(byInstance.getMetadata().getFinalizers())
        .as("instance requests carry none")
        .isEmpty();
    assertThat(byNode.getMetadata().getFinalizers()).contains("ecsreboot.io/node-cordon");
    Instant nodeIssued = Instant.parse(byNode.getStatus().getRebootIssuedTime());
    Instant nodeDone = Instant.parse(byNode.getStatus().getCompletionTime());
    Instant instanceIssued = Instant.parse(byInstance.getStatus().getRebootIssuedTime());
    Instant instanceDone = Instant.parse(byInstance.getStatus().getCompletionTime());
    assertThat(instanceIssued.isAfter(nodeDone) || nodeIssued.isAfter(instanceDone))
        .as(
            "node request %s..%s, instance request %s..%s",
            nodeIssued, nodeDone, instanceIssued, instanceDone)
        .isTrue();
  }

  @Test
  void anUnansweredRebootThatTheNodeProvesDidNotHappenIsIssuedAgain() {
    // A region where this operator has never seen StartTime move on a reboot: there ECS alone
    // cannot tell an unanswered reboot that happened from one that did not (RebootUnconfirmed).
    String node = newNode(false, "cn-shanghai");
    String id = instanceOf(node);
    h.ecs.addFault(
        new Fault("RebootInstance", id, null, null, 1, null, true, Fault.BEFORE)); // no effect
    createNodeRequest("not-rebooted", node, spec -> spec.setRegionId("cn-shanghai"));
    h.await(
        "not-rebooted",
        r -> reconcilingMessage(r).contains("waiting for it to report after the settle window"),
        Duration.ofSeconds(20));
    // The kubelet reports again, after the settle window, with the bootID it had before.
    h.client
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getStatus().getConditions().get(0).setLastHeartbeatTime(Instant.now().toString());
              return n;
            });
    RebootRequest done = h.awaitPhase("not-rebooted", Phase.Succeeded);

    assertThat(h.reboots(id)).as("the dropped call and the one that rebooted").hasSize(2);
    assertThat(done.getStatus().getAttempts()).isEqualTo(2);
    assertThat(eventReasons("not-rebooted", "Uncordoned")).contains("NotRebooted");
    assertThat(h.client.nodes().withName(node).get().getSpec().getUnschedulable())
        .isNotEqualTo(Boolean.TRUE);
  }

  // ---- the simulated kubelet and helpers ---------------------------------------------------

  /** Around the real ECS port: records the node at each call and gives it a new bootID after. */
  static EcsClient kubeletOnReboot(EcsClient real) {
    return new EcsClient() {
      @Override
      public EcsResult<String> rebootInstance(
          EcsTarget target, String instanceId, boolean forceStop, boolean dryRun) {
        String node = NODE_OF.get(instanceId);
        if (node != null) {
          (dryRun ? AT_DRY_RUN : AT_REBOOT).add(h.client.nodes().withName(node).get());
        }
        EcsResult<String> result = real.rebootInstance(target, instanceId, forceStop, dryRun);
        if (node != null && !dryRun && result.isOk()) {
          h.client
              .nodes()
              .withName(node)
              .edit(
                  n -> {
                    n.getStatus().getNodeInfo().setBootID("boot-" + node + "-" + UUID.randomUUID());
                    return n;
                  });
        }
        return result;
      }

      @Override
      public EcsResult<Map<String, EcsResult<String>>> rebootInstances(
          EcsTarget target, List<String> ids, boolean forceStop) {
        return real.rebootInstances(target, ids, forceStop); // node children never batch
      }

      @Override
      public EcsResult<List<InstanceState>> describeInstances(EcsTarget target, List<String> ids) {
        return real.describeInstances(target, ids);
      }
    };
  }

  static Predicate<RebootRequest> succeeded() {
    return r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded;
  }

  static String newNode(boolean cordoned) {
    return newNode(cordoned, "cn-hangzhou");
  }

  static String newNode(boolean cordoned, String region) {
    String name = "node-" + NODES.incrementAndGet() + "." + region;
    String id = h.newInstance();
    if (!"cn-hangzhou".equals(region)) {
      h.ecs.putInstance(EmulatorInstance.running(id, region, OperatorHarness.OLD_START));
    }
    NODE_OF.put(id, name);
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withProviderID(region + "." + id)
            .withUnschedulable(cordoned ? Boolean.TRUE : null)
            .endSpec()
            .withNewStatus()
            .withNewNodeInfo()
            .withBootID("boot-" + name + "-0")
            .endNodeInfo()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .withLastHeartbeatTime(Instant.now().toString())
            .endCondition()
            .endStatus()
            .build();
    h.client.nodes().resource(node).create();
    return name;
  }

  /**
   * The annotation (the mock server keeps a key a merge patch set to null; a real one drops it).
   */
  static String cordonedBy(Node node) {
    var annotations = node.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("ecsreboot.io/cordoned-by");
  }

  static String instanceOf(String node) {
    return NODE_OF.entrySet().stream()
        .filter(e -> e.getValue().equals(node))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  static RebootRequest nodeRequest(
      String name, String node, Consumer<RebootRequestSpec> customize) {
    RebootRequest request = new RebootRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setNodeName(node);
    customize.accept(spec);
    request.setSpec(spec);
    return request;
  }

  static void createNodeRequest(String name, String node, Consumer<RebootRequestSpec> customize) {
    h.client.resource(nodeRequest(name, node, customize)).create();
  }

  static void awaitGone(String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (h.get(name) != null && System.nanoTime() < deadline) {
      OperatorHarness.sleep(Duration.ofMillis(50));
    }
    assertThat(h.get(name)).as("%s still exists (finalizer not removed?)", name).isNull();
  }

  static String reconcilingMessage(RebootRequest r) {
    return r.getStatus() == null || r.getStatus().getConditions() == null
        ? ""
        : r.getStatus().getConditions().stream()
            .filter(c -> Conditions.RECONCILING.equals(c.getType()))
            .map(c -> String.valueOf(c.getMessage()))
            .findFirst()
            .orElse("");
  }

  static String condition(RebootRequest r, String type) {
    return r.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getMessage();
  }

  /** Event reasons of a request, once the Event with {@code last} has arrived. */
  static List<String> eventReasons(String name, String last) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> reasons = List.of();
    while (System.nanoTime() < deadline) {
      reasons =
          h.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
              .filter(e -> name.equals(e.getInvolvedObject().getName()))
              .map(Event::getReason)
              .toList();
      if (reasons.contains(last)) {
        break;
      }
      OperatorHarness.sleep(Duration.ofMillis(50));
    }
    return reasons;
  }
}
