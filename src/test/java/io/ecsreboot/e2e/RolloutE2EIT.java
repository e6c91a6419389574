package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.DrainSpec;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.api.v1alpha1.RolloutTemplate;
import io.ecsreboot.api.v1alpha1.RolloutWindow;
import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EmulatorInstance;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * RebootRollouts on the real API server with kube-controller-manager, kube-scheduler and five
 * simulated nodes (the emulator plays their kubelets), the operator jar running as its
 * ServiceAccount: what an admin sees while a fleet reboots.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutE2EIT {
  static final String ADMIN_NS = "ecs-reboot-system";
  static final String NS = E2eEnvironment.NS;
  static final String SHOP = "shop";
  static final Map<String, String> NODES =
      IntStream.rangeClosed(1, 5)
          .boxed()
          .collect(
              Collectors.toMap(
                  i -> "cn-hangzhou.192.168.1." + i, i -> "i-bp67acfmxazb4ph0010" + i));

  static ClusterWorld world;
  static OperatorProcess operator;

  @BeforeAll
  static void start() throws Exception {
    world =
        new ClusterWorld(
            Duration.ofSeconds(2),
            "src/test/resources/e2e/rollout-nodes-seed.yaml",
            NODES.keySet());
    world.cluster.kubectlOk("create", "namespace", SHOP);
    grantTheFleetToTheTeamNamespace();
    operator = world.startOperator();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (world != null) {
      world.close();
    }
  }

  @Test
  @Order(1)
  void nodesRebootOneAtATimeWithoutBreakingTheBudgetEachOnce() throws Exception {
    world.createDeployment(SHOP, "web", 5);
    world.awaitReadyPods(SHOP, "web", 5);
    world.createPdb(SHOP, "web", "web", 4);
    Map<String, String> bootIds = new java.util.HashMap<>();
    NODES.keySet().forEach(n -> bootIds.put(n, ClusterWorld.bootId(world.node(n))));

    AtomicInteger mostCordoned = new AtomicInteger();
    AtomicInteger fewestReady = new AtomicInteger(Integer.MAX_VALUE);
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                int cordoned =
                    (int)
                        NODES.keySet().stream()
                            .map(world::node)
                            .filter(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                            .count();
                mostCordoned.accumulateAndGet(cordoned, Math::max);
                fewestReady.accumulateAndGet(world.readyPods(SHOP, "web").size(), Math::min);
                OperatorProcess.sleep(Duration.ofMillis(150));
              }
            });
    sampler.start();
    try {
      create(
          ADMIN_NS,
          "kernel",
          spec -> {
            spec.setNodeSelector(
                new LabelSelectorBuilder().addToMatchLabels("node-pool", "batch").build());
            spec.setTemplate(template(t -> t.setDrain(drain(300))));
          });
      awaitCompleted(ADMIN_NS, "kernel", Duration.ofMinutes(6));
    } finally {
      sampling.set(false);
      sampler.join();
    }
    RebootRollout rollout = get(ADMIN_NS, "kernel");
    assertThat(rollout.getStatus().getPhase())
        .as(describe(ADMIN_NS, "kernel"))
        .isEqualTo(RolloutPhase.Succeeded);
    assertThat(rollout.getStatus().getTargets()).isEqualTo(5);
    assertThat(rollout.getStatus().getSucceeded()).isEqualTo(5);
    assertThat(mostCordoned.get()).as("nodes cordoned at once, sampled").isEqualTo(1);
    assertThat(fewestReady.get())
        .as("Ready web pods, sampled (budget 4)")
        .isGreaterThanOrEqualTo(4);
    for (var node : NODES.entrySet()) {
      assertThat(world.ecs.calls("RebootInstance", node.getValue()))
          .as("reboots of " + node.getKey())
          .hasSize(1);
      assertThat(ClusterWorld.bootId(world.node(node.getKey())))
          .isNotEqualTo(bootIds.get(node.getKey()));
    }
    // Uncordoned (node-lifecycle may still be lifting the last node's not-ready taint).
    assertThat(NODES.keySet())
        .noneMatch(n -> Boolean.TRUE.equals(world.node(n).getSpec().getUnschedulable()));
    assertThat(world.cluster.kubectlOk("get", "rbro", "-n", ADMIN_NS))
        .contains("TARGETS", "SUCCEEDED", "kernel");
  }

  @Test
  @Order(2)
  void deletingTheRolloutWhileADrainIsBlockedCancelsItWithoutARebootAndUncordons()
      throws Exception {
    world
        .kube
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(SHOP)
        .withName("web")
        .edit(
            p -> {
              p.getSpec().setMinAvailable(new IntOrString(5));
              return p;
            });
    world.awaitReadyPods(SHOP, "web", 5);
    Map<String, Integer> rebootsBefore = new java.util.HashMap<>();
    NODES.values().forEach(i -> rebootsBefore.put(i, world.ecs.calls("RebootInstance", i).size()));
    create(
        ADMIN_NS,
        "blocked",
        spec -> {
          spec.setNodeSelector(
              new LabelSelectorBuilder().addToMatchLabels("node-pool", "batch").build());
          spec.setTemplate(template(t -> t.setDrain(drain(600))));
        });
    String child = "blocked-cn-hangzhou.192.168.1.1";
    ClusterWorld.await(
        "the first child drains, blocked by the budget",
        Duration.ofSeconds(90),
        () -> {
          RebootRequest r = child(ADMIN_NS, child);
          return r != null
              && r.getStatus() != null
              && r.getStatus().getDrain() != null
              && String.valueOf(r.getStatus().getDrain().getBlockedBy()).contains("shop/web");
        });
    assertThat(world.node("cn-hangzhou.192.168.1.1").getSpec().getUnschedulable()).isTrue();

    world.kube.resources(RebootRollout.class).inNamespace(ADMIN_NS).withName("blocked").delete();

    ClusterWorld.await(
        "the child is garbage-collected",
        Duration.ofSeconds(60),
        () -> child(ADMIN_NS, child) == null);
    ClusterWorld.await(
        "its node is uncordoned",
        Duration.ofSeconds(30),
        () ->
            !Boolean.TRUE.equals(
                world.node("cn-hangzhou.192.168.1.1").getSpec().getUnschedulable()));
    OperatorProcess.sleep(Duration.ofSeconds(2));
    NODES
        .values()
        .forEach(
            i ->
                assertThat(world.ecs.calls("RebootInstance", i))
                    .as("no reboot of " + i)
                    .hasSize(rebootsBefore.get(i)));
    world.kube.policy().v1().podDisruptionBudget().inNamespace(SHOP).withName("web").delete();
  }

  @Test
  @Order(3)
  void instancesRollTwoAtATimeEachOnce() {
    List<String> ids = freshInstances(6);
    create(
        NS,
        "pair",
        spec -> {
          spec.setInstanceIds(ids);
          spec.setMaxUnavailable(new IntOrString(2));
        });
    int most = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!isCompleted(get(NS, "pair")) && System.nanoTime() < deadline) {
      most = Math.max(most, (int) children(NS, "pair").stream().filter(c -> !finished(c)).count());
      OperatorProcess.sleep(Duration.ofMillis(100));
    }
    assertThat(get(NS, "pair").getStatus().getPhase())
        .as(describe(NS, "pair"))
        .isEqualTo(RolloutPhase.Succeeded);
    assertThat(most).as("unfinished children at once, sampled").isBetween(1, 2);
    ids.forEach(i -> assertThat(rebootCalls(i)).hasSize(1));
  }

  @Test
  @Order(4)
  void withMaxFailuresZeroTheFirstFailureStopsTheRolloutNamingTheTarget() {
    String locked = "i-bp67acfmxazb4ph00005";
    List<String> ids = new ArrayList<>(List.of(locked));
    ids.addAll(freshInstances(2));
    create(NS, "budget", spec -> spec.setInstanceIds(ids));
    awaitCompleted(NS, "budget", Duration.ofMinutes(1));
    RebootRollout rollout = get(NS, "budget");
    assertThat(rollout.getStatus().getPhase()).isEqualTo(RolloutPhase.Failed);
    assertThat(rollout.getStatus().getFailedTargets()).containsExactly(locked);
    assertThat(
            world.cluster.kubectlOk(
                "get", "events", "-n", NS, "--field-selector", "involvedObject.name=budget"))
        .contains("RolloutFailed", locked);
    assertThat(children(NS, "budget")).hasSize(1);
    ids.subList(1, 3).forEach(i -> assertThat(rebootCalls(i)).isEmpty());
  }

  @Test
  @Order(5)
  void suspendMidWayStartsNothingNewAndResumingFinishes() {
    List<String> ids = freshInstances(4);
    create(NS, "pause", spec -> spec.setInstanceIds(ids));
    awaitRollout(NS, "pause", r -> nz(r.getStatus().getSucceeded()) >= 1, Duration.ofMinutes(1));
    setSuspend("pause", true);
    RebootRollout suspended =
        awaitRollout(
            NS,
            "pause",
            r ->
                r.getStatus().getPhase() == RolloutPhase.Suspended
                    && nz(r.getStatus().getActive()) == 0,
            Duration.ofMinutes(1));
    int made = children(NS, "pause").size();
    OperatorProcess.sleep(Duration.ofSeconds(3));
    assertThat(children(NS, "pause")).as("no child while suspended").hasSize(made);
    assertThat(suspended.getStatus().getRemaining()).isPositive();
    setSuspend("pause", false);
    awaitCompleted(NS, "pause", Duration.ofMinutes(1));
    assertThat(get(NS, "pause").getStatus().getPhase())
        .as(describe(NS, "pause"))
        .isEqualTo(RolloutPhase.Succeeded);
    ids.forEach(i -> assertThat(rebootCalls(i)).hasSize(1));
  }

  @Test
  @Order(6)
  void theOperatorKilledMidRolloutFinishesEveryTargetWithOneRebootEach() throws Exception {
    List<String> ids = freshInstances(6);
    // maxFailures 0: a child ended RebootUnconfirmed by the kill would stop the rollout.
    create(
        NS,
        "killed",
        spec -> {
          spec.setInstanceIds(ids);
          spec.setMaxUnavailable(new IntOrString(2));
        });
    // The kill comes once a child has proven a reboot in the region without StartTime (seen
    // Stopping/Starting): its status tells the restarted operator that StartTime moves there, so
    // a child caught between its intent and its call is judged, not left RebootUnconfirmed.
    awaitRollout(
        NS,
        "killed",
        r ->
            children(NS, "killed").stream()
                .anyMatch(
                    c ->
                        c.getStatus() != null
                            && c.getStatus().getPhase() == Phase.Succeeded
                            && "InstanceSeenRebooting".equals(c.getStatus().getRebootEvidence())),
        Duration.ofMinutes(1));
    operator.kill();
    operator = world.startOperator();
    awaitCompleted(NS, "killed", Duration.ofMinutes(2));
    String story = describe(NS, "killed");
    RebootRollout rollout = get(NS, "killed");
    assertThat(rollout.getStatus().getPhase()).as(story).isEqualTo(RolloutPhase.Succeeded);
    assertThat(rollout.getStatus().getSucceeded()).as(story).isEqualTo(6);
    assertThat(children(NS, "killed")).as("one child per target").hasSize(6);
    for (String id : ids) {
      assertThat(rebootCalls(id)).as(story).hasSize(1);
    }
  }

  @Test
  @Order(7)
  void aWindowThatOpensAtTheNextMinuteHoldsTheRolloutUntilThen() {
    Instant opens = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    if (Duration.between(Instant.now(), opens).toSeconds() < 10) {
      opens = opens.plus(Duration.ofMinutes(1)); // time to see it wait
    }
    var at = opens.atZone(ZoneOffset.UTC);
    String schedule = at.getMinute() + " " + at.getHour() + " * * *";
    List<String> ids = freshInstances(1);
    create(
        NS,
        "night",
        spec -> {
          spec.setInstanceIds(ids);
          spec.setWindows(List.of(new RolloutWindow(schedule, "1h", "UTC")));
        });
    RebootRollout waiting =
        awaitRollout(
            NS,
            "night",
            r -> r.getStatus().getPhase() == RolloutPhase.WaitingForWindow,
            Duration.ofSeconds(30));
    assertThat(waiting.getStatus().getNextWindowStart()).isEqualTo(opens.toString());
    assertThat(children(NS, "night")).isEmpty();
    awaitCompleted(NS, "night", Duration.ofMinutes(3));
    RebootRollout done = get(NS, "night");
    assertThat(done.getStatus().getPhase()).isEqualTo(RolloutPhase.Succeeded);
    RebootRequest child = children(NS, "night").get(0);
    assertThat(Instant.parse(child.getMetadata().getCreationTimestamp()))
        .as("the child started inside the window")
        .isAfterOrEqualTo(opens);
  }

  @Test
  @Order(8)
  void theApiServerRefusesTwoTargetKindsAndSpecChangesOtherThanSuspend() {
    java.nio.file.Path manifest = writeManifest("both", "instanceIds: [i-a]\n  nodeSelector: {}");
    Shell.Result both = world.cluster.kubectl("create", "-n", NS, "-f", manifest.toString());
    assertThat(both.exitCode()).isNotZero();
    assertThat(both.err()).contains("set exactly one of nodeSelector and instanceIds");

    create(NS, "frozen", spec -> spec.setInstanceIds(List.of("i-frozen")));
    assertImmutable("frozen", "{\"spec\":{\"maxUnavailable\":3}}");
    assertImmutable(
        "frozen", "{\"spec\":{\"windows\":[{\"schedule\":\"0 2 * * SAT\",\"duration\":\"4h\"}]}}");
    setSuspend("frozen", true);
  }

  /** A merge patch of the rollout's spec that the API server must refuse. */
  @Test
  @Order(9)
  void aNodeRolloutInANamespaceTheAdmissionPolicyRefusesEndsFailedWithItsMessageCordoningNothing()
      throws Exception {
    awaitAdmissionRefusesNodeRequestsIn(NS);
    create(
        NS,
        "refused",
        spec -> {
          spec.setNodeSelector(
              new LabelSelectorBuilder().addToMatchLabels("node-pool", "batch").build());
          spec.setMaxUnavailable(new IntOrString(2));
          spec.setTemplate(template(t -> t.setDrain(drain(300))));
        });
    awaitCompleted(NS, "refused", Duration.ofMinutes(1));
    RebootRollout rollout = get(NS, "refused");
    String story = describe(NS, "refused");
    assertThat(rollout.getStatus().getPhase()).as(story).isEqualTo(RolloutPhase.Failed);
    assertThat(rollout.getStatus().getConditions())
        .filteredOn(c -> "Stalled".equals(c.getType()))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("ChildRefused");
              assertThat(c.getMessage()).contains("HTTP 403", "may not name a Node");
            });
    assertThat(rollout.getStatus().getRefusedChildren())
        .as(story)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(NODES).containsKey(r.getTarget());
              assertThat(r.getCode()).isEqualTo(403);
              assertThat(r.getMessage()).contains("may not name a Node");
            });
    assertThat(children(NS, "refused")).as("no child exists").isEmpty();
    assertThat(NODES.keySet())
        .as("no node cordoned")
        .noneMatch(n -> Boolean.TRUE.equals(world.node(n).getSpec().getUnschedulable()));
    assertThat(
            world.cluster.kubectlOk(
                "get", "events", "-n", NS, "--field-selector", "involvedObject.name=refused"))
        .contains("ChildRefused", "RolloutFailed");
  }

  /**
   * The admission policy is read asynchronously: a server-side dry run shows when it is in force.
   */
  static void awaitAdmissionRefusesNodeRequestsIn(String ns) throws IOException {
    Path probe = Files.createTempFile("admission-probe", ".yaml");
    Files.writeString(
        probe,
        """
        apiVersion: ecsreboot.io/v1alpha1
        kind: RebootRequest
        metadata: {name: admission-probe}
        spec: {nodeName: cn-hangzhou.192.168.1.1}
        """);
    try {
      ClusterWorld.await(
          "the admission policy refuses node requests in " + ns,
          Duration.ofSeconds(30),
          () ->
              world
                      .cluster
                      .kubectl("create", "--dry-run=server", "-n", ns, "-f", probe.toString())
                      .exitCode()
                  != 0);
    } finally {
      Files.delete(probe);
    }
  }

  @Test
  @Order(10)
  void anInstanceFleetOf200AtMaxUnavailable100PercentSharesRebootInstancesEachRebootedOnce() {
    List<String> ids = freshInstances(200);
    long started = System.nanoTime();
    create(
        NS,
        "fleet",
        spec -> {
          spec.setInstanceIds(ids);
          spec.setMaxUnavailable(new IntOrString("100%"));
        });
    awaitCompleted(NS, "fleet", Duration.ofMinutes(3));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    RebootRollout done = get(NS, "fleet");
    assertThat(done.getStatus().getPhase())
        .as(describe(NS, "fleet"))
        .isEqualTo(RolloutPhase.Succeeded);
    assertThat(done.getStatus().getSucceeded()).isEqualTo(200);

    Set<String> fleet = Set.copyOf(ids);
    List<CallRecord> shared =
        world.ecs.calls("RebootInstances", null).stream()
            .filter(c -> fleet.containsAll(c.instanceIds()))
            .toList();
    List<Integer> sizes = shared.stream().map(c -> c.instanceIds().size()).toList();
    System.out.printf(
        "fleet of 200: %d RebootInstances calls, ids per call %s, %d s%n",
        shared.size(), sizes, took.toSeconds());
    assertThat(world.ecs.calls("RebootInstance", null))
        .as("no child called RebootInstance on its own")
        .noneMatch(c -> fleet.containsAll(c.instanceIds()));
    assertThat(shared.size())
        .as("calls for 200 targets, ids per call " + sizes)
        .isLessThanOrEqualTo(20);
    assertThat(sizes).as("the largest shared call").anyMatch(n -> n >= 25);
    Map<String, Long> tookEffect =
        shared.stream()
            .flatMap(c -> c.appliedInstanceIds().stream())
            .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    Map<String, Integer> boots =
        world.ecs.instances().stream()
            .filter(i -> fleet.contains(i.instanceId()))
            .collect(Collectors.toMap(EmulatorInstance::instanceId, EmulatorInstance::bootCount));
    for (String id : ids) {
      assertThat(tookEffect.get(id)).as("reboots of " + id + " that took effect").isEqualTo(1);
      assertThat(boots.get(id)).as("boots of " + id).isEqualTo(1);
    }
  }

  static void assertImmutable(String name, String patch) {
    Shell.Result result =
        world.cluster.kubectl("patch", "rbro", name, "-n", NS, "--type=merge", "-p", patch);
    assertThat(result.exitCode()).as(patch).isNotZero();
    assertThat(result.err()).contains("spec is immutable except suspend");
  }

  static java.nio.file.Path writeManifest(String name, String spec) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("rollout-", ".yaml");
      java.nio.file.Files.writeString(
          file,
          "apiVersion: ecsreboot.io/v1alpha1\nkind: RebootRollout\nmetadata:\n  name: "
              + name
              + "\nspec:\n  "
              + spec
              + "\n");
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // --- helpers

  static DrainSpec drain(int timeoutSeconds) {
    DrainSpec drain = new DrainSpec();
    drain.setTimeoutSeconds(timeoutSeconds);
    return drain;
  }

  static RolloutTemplate template(Consumer<RolloutTemplate> customize) {
    RolloutTemplate t = new RolloutTemplate();
    customize.accept(t);
    return t;
  }

  /**
   * Instance rollouts run in a team namespace: their children are checked like any request, so a
   * RebootPolicy grants that namespace the instances tagged {@value #FLEET_TAG}=e2e.
   */
  static void grantTheFleetToTheTeamNamespace() throws IOException {
    Path policy = Files.createTempFile("rollout-policy", ".yaml");
    Files.writeString(
        policy,
        """
        apiVersion: ecsreboot.io/v1alpha1
        kind: RebootPolicy
        metadata: {name: rollout-fleet}
        spec:
          namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: %s}}
          instanceTags: {%s: e2e}
        """
            .formatted(NS, FLEET_TAG));
    world.cluster.kubectlOk("apply", "-f", policy.toString());
    Files.delete(policy);
  }

  static final String FLEET_TAG = "fleet";

  /**
   * The reboot calls that named an instance: its child's own RebootInstance or a RebootInstances
   * its child shared with siblings.
   */
  static List<CallRecord> rebootCalls(String instanceId) {
    return world.ecs.calls(null, instanceId).stream()
        .filter(c -> c.action().startsWith("RebootInstance"))
        .toList();
  }

  static List<String> freshInstances(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "i-ro" + Long.toHexString(System.nanoTime());
      world.ecs.putInstance(
          new EmulatorInstance(
              id,
              "cn-hangzhou",
              "cn-hangzhou-a",
              "Running",
              "2026-11-20T04:04Z",
              null,
              List.of(),
              Map.of(FLEET_TAG, "e2e")));
      ids.add(id);
    }
    return ids;
  }

  static void create(String ns, String name, Consumer<RebootRolloutSpec> customize) {
    RebootRollout rollout = new RebootRollout();
    rollout.getMetadata().setName(name);
    rollout.getMetadata().setNamespace(ns);
    RebootRolloutSpec spec = new RebootRolloutSpec();
    customize.accept(spec);
    rollout.setSpec(spec);
    world.kube.resource(rollout).create();
  }

  /** {@code kubectl patch --type=merge}: no resourceVersion, as an admin would patch it. */
  static void setSuspend(String name, boolean suspend) {
    world.cluster.kubectlOk(
        "patch",
        "rbro",
        name,
        "-n",
        NS,
        "--type=merge",
        "-p",
        "{\"spec\":{\"suspend\":" + suspend + "}}");
  }

  static RebootRollout get(String ns, String name) {
    return world.kube.resources(RebootRollout.class).inNamespace(ns).withName(name).get();
  }

  static RebootRequest child(String ns, String name) {
    return world.kube.resources(RebootRequest.class).inNamespace(ns).withName(name).get();
  }

  static List<RebootRequest> children(String ns, String rollout) {
    return world
        .kube
        .resources(RebootRequest.class)
        .inNamespace(ns)
        .withLabel("ecsreboot.io/rollout", rollout)
        .list()
        .getItems();
  }

  static boolean finished(RebootRequest child) {
    return child.getStatus() != null
        && child.getStatus().getPhase() != null
        && child.getStatus().getPhase().isTerminal();
  }

  static boolean isCompleted(RebootRollout r) {
    return r != null
        && r.getStatus() != null
        && r.getStatus().getPhase() != null
        && r.getStatus().getPhase().isTerminal();
  }

  /** Polls for condition Completed=True (kubectl wait runs at most 2 minutes here). */
  static void awaitCompleted(String ns, String name, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      RebootRollout r = get(ns, name);
      if (r != null
          && r.getStatus() != null
          && r.getStatus().getConditions().stream()
              .anyMatch(c -> "Completed".equals(c.getType()) && "True".equals(c.getStatus()))) {
        return;
      }
      OperatorProcess.sleep(Duration.ofMillis(500));
    }
    throw new AssertionError(
        name
            + " not Completed within "
            + bound
            + ":\n"
            + describe(ns, name)
            + tail(operator.logText()));
  }

  /** The rollout's status and each child's phase and Stalled message, for failure messages. */
  static String describe(String ns, String name) {
    StringBuilder text = new StringBuilder(yaml(get(ns, name)));
    for (RebootRequest child : children(ns, name)) {
      text.append(child.getMetadata().getName()).append(": ");
      if (child.getStatus() != null) {
        text.append(child.getStatus().getPhase());
        child.getStatus().getConditions().stream()
            .filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
            .forEach(
                c -> text.append(" ").append(c.getReason()).append(": ").append(c.getMessage()));
      }
      text.append('\n');
    }
    return text.toString();
  }

  static RebootRollout awaitRollout(
      String ns, String name, Predicate<RebootRollout> condition, Duration bound) {
    return ClusterWorld.awaitValue(
        name + " as expected",
        bound,
        () -> {
          RebootRollout r = get(ns, name);
          return r != null && r.getStatus() != null && condition.test(r) ? r : null;
        });
  }

  static int nz(Integer value) {
    return value == null ? 0 : value;
  }

  static String yaml(RebootRollout r) {
    return r == null ? "gone" : Serialization.asYaml(r.getStatus());
  }

  static String tail(String log) {
    return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
  }
}
