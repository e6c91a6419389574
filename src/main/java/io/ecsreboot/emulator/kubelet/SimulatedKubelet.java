package io.ecsreboot.emulator.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Plays the kubelet of one simulated node: keeps the Node registered, reports Ready and the boot,
 * renews the Lease while the instance runs, and runs, restarts and finishes deleting the pods bound
 * to the node. {@link #sync} is called from one thread; it writes only what changed.
 */
final class SimulatedKubelet implements AutoCloseable {
  static final String FIELD_MANAGER = "ecs-emulator-kubelet";
  static final Duration LEASE_RENEW_INTERVAL = Duration.ofSeconds(10);

  /** How long a written node status may take to show in the informer before it is written again. */
  private static final Duration STATUS_SETTLE = Duration.ofSeconds(5);

  private static final PatchContext STRATEGIC_MERGE = PatchContext.of(PatchType.STRATEGIC_MERGE);

  private final KubernetesClient client;
  private final SimulatedNode node;
  private final Supplier<String> instanceStatus;
  final BootTracker boots;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final Map<String, String> runningUnderBoot = new HashMap<>();
  private final Map<String, String> podIps = new HashMap<>();

  /**
   * Per pod UID: the action taken on which resourceVersion, so a lagging cache is not acted on
   * twice.
   */
  private final Map<String, String> lastAction = new HashMap<>();

  private int nextIp = 2;
  private BootTracker.NodeState reported;
  private Instant reportedAt = Instant.EPOCH;
  private Instant leaseRenewedAt = Instant.EPOCH;

  /** Registers the node (keeping the bootID of a Node already registered) and starts watching. */
  SimulatedKubelet(KubernetesClient client, SimulatedNode node, Supplier<String> instanceStatus) {
    this.client = client;
    this.node = node;
    this.instanceStatus = instanceStatus;
    Node existing = client.nodes().withName(node.name()).get();
    String bootId =
        existing != null
                && existing.getStatus() != null
                && existing.getStatus().getNodeInfo() != null
                && existing.getStatus().getNodeInfo().getBootID() != null
            ? existing.getStatus().getNodeInfo().getBootID()
            : newBootId();
    this.boots = new BootTracker(bootId, SimulatedKubelet::newBootId);
    register();
    this.nodes = client.nodes().withField("metadata.name", node.name()).inform();
    this.pods = client.pods().inAnyNamespace().withField("spec.nodeName", node.name()).inform();
  }

  SimulatedNode node() {
    return node;
  }

  void sync(Instant now) {
    long begun = boots.bootsBegun(); // before the status: see BootTracker.observe
    BootTracker.NodeState state = boots.observe(begun, instanceStatus.get());
    Node current = nodes.getStore().getByKey(node.name());
    if (current == null && nodes.hasSynced()) {
      register(); // deleted under us: a kubelet registers again
      reported = null;
      return;
    }
    reportStatus(current, state, now);
    if (state.up() && current != null && !now.isBefore(leaseRenewedAt.plus(LEASE_RENEW_INTERVAL))) {
      client
          .leases()
          .resource(NodeObjects.lease(current, now))
          .fieldManager(FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
      leaseRenewedAt = now;
    }
    syncPods(state, now);
  }

  private void register() {
    client
        .nodes()
        .resource(NodeObjects.registration(node))
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Writes the status when the node's state changed, or when the Node shows another while up (the
   * node-lifecycle controller may have marked it Unknown); while down, Unknown is as good as False.
   */
  private void reportStatus(Node current, BootTracker.NodeState state, Instant now) {
    boolean changed = !state.equals(reported);
    boolean drifted =
        state.up()
            && current != null
            && !(isReady(current) && state.bootId().equals(bootId(current)))
            && now.isAfter(reportedAt.plus(STATUS_SETTLE));
    if (changed || drifted) {
      client
          .nodes()
          .withName(node.name())
          .subresource("status")
          .patch(STRATEGIC_MERGE, Serialization.asJson(NodeObjects.status(node, state, now)));
      reported = state;
      reportedAt = now;
    }
  }

  private void syncPods(BootTracker.NodeState state, Instant now) {
    Set<String> present = new HashSet<>();
    for (Pod pod : pods.getStore().list()) {
      String uid = pod.getMetadata().getUid();
      present.add(uid);
      PodRules.PodFacts facts =
          new PodRules.PodFacts(
              pod.getMetadata().getDeletionTimestamp() == null
                  ? null
                  : Instant.parse(pod.getMetadata().getDeletionTimestamp()),
              PodStatuses.isReady(pod),
              runningUnderBoot.get(uid));
      PodRules.Action action = PodRules.decide(facts, state.up(), state.bootId(), now);
      String key = pod.getMetadata().getResourceVersion() + " " + action;
      if (action == PodRules.Action.NONE || key.equals(lastAction.get(uid))) {
        continue;
      }
      lastAction.put(uid, key);
      try {
        act(pod, action, facts, state.bootId(), now);
      } catch (RuntimeException e) {
        lastAction.remove(uid); // retried on the next sync
        throw e;
      }
    }
    runningUnderBoot.keySet().retainAll(present);
    podIps.keySet().retainAll(present);
    lastAction.keySet().retainAll(present);
  }

  private void act(
      Pod pod, PodRules.Action action, PodRules.PodFacts facts, String bootId, Instant now) {
    String uid = pod.getMetadata().getUid();
    var resource =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName());
    switch (action) {
      case ADOPT -> runningUnderBoot.put(uid, bootId);
      case RUN -> {
        String ip = podIps.computeIfAbsent(uid, u -> node.podIpPrefix() + nextIp());
        boolean restart = PodRules.isRestart(facts, bootId);
        resource
            .subresource("status")
            .patch(
                STRATEGIC_MERGE,
                Serialization.asJson(PodStatuses.running(pod, node, ip, restart, now)));
        runningUnderBoot.put(uid, bootId);
      }
      case MARK_NOT_READY ->
          resource
              .subresource("status")
              .patch(STRATEGIC_MERGE, Serialization.asJson(PodStatuses.notReady(pod, now)));
      case CONFIRM_DELETION -> resource.withGracePeriod(0).delete();
      case NONE -> {}
    }
  }

  private int nextIp() {
    int ip = nextIp;
    nextIp = nextIp >= 254 ? 2 : nextIp + 1;
    return ip;
  }

  private static boolean isReady(Node n) {
    return n.getStatus() != null
        && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String bootId(Node n) {
    return n.getStatus() == null || n.getStatus().getNodeInfo() == null
        ? null
        : n.getStatus().getNodeInfo().getBootID();
  }

  private static String newBootId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public void close() {
    nodes.close();
    pods.close();
  }
}
