package io.ecsreboot.emulator.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a kubelet writes for its node: the Node it registers, the node status it reports and
 * the Lease it renews in {@code kube-node-lease}.
 */
final class NodeObjects {
  private NodeObjects() {}

  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final int LEASE_DURATION_SECONDS = 40;
  static final String KUBELET_VERSION = "v1.35.4";

  /** The Node as a kubelet registers it (labels a kubelet sets itself, then the seed's). */
  static Node registration(SimulatedNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", node.name());
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("topology.kubernetes.io/region", node.regionId());
    if (node.zoneId() != null) {
      labels.put("topology.kubernetes.io/zone", node.zoneId());
    }
    labels.putAll(node.labels());
    return new NodeBuilder()
        .withNewMetadata()
        .withName(node.name())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withProviderID(node.providerId())
        .endSpec()
        .build();
  }

  /**
   * A strategic-merge patch of the node status: Ready True or False (with why), the boot, capacity.
   */
  static Map<String, Object> status(SimulatedNode node, BootTracker.NodeState state, Instant now) {
    String time = now.toString();
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("type", "Ready");
    ready.put("status", state.up() ? "True" : "False");
    ready.put("reason", state.up() ? "KubeletReady" : "KubeletNotReady");
    ready.put(
        "message",
        state.up()
            ? "kubelet is posting ready status (simulated by the ECS emulator)"
            : "instance "
                + node.instanceId()
                + " is "
                + (state.instanceStatus() == null ? "gone" : state.instanceStatus())
                + " (simulated by the ECS emulator)");
    ready.put("lastHeartbeatTime", time);
    ready.put("lastTransitionTime", time);
    Map<String, Object> resources = Map.of("cpu", "4", "memory", "16Gi", "pods", "110");
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("capacity", resources);
    status.put("allocatable", resources);
    status.put(
        "conditions",
        List.of(
            pressure("MemoryPressure", "KubeletHasSufficientMemory", time),
            pressure("DiskPressure", "KubeletHasNoDiskPressure", time),
            pressure("PIDPressure", "KubeletHasSufficientPID", time),
            ready));
    status.put(
        "addresses",
        List.of(
            Map.of("type", "InternalIP", "address", node.internalIp()),
            Map.of("type", "Hostname", "address", node.name())));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("bootID", state.bootId());
    info.put("machineID", node.instanceId());
    info.put("systemUUID", node.instanceId());
    info.put("kernelVersion", "5.10.134-emulated");
    info.put("osImage", "Alibaba Cloud Linux 3 (ECS emulator)");
    info.put("containerRuntimeVersion", "containerd://1.7.0");
    info.put("kubeletVersion", KUBELET_VERSION);
    info.put("kubeProxyVersion", "");
    info.put("operatingSystem", "linux");
    info.put("architecture", "amd64");
    status.put("nodeInfo", info);
    return Map.of("status", status);
  }

  /** The node's Lease, renewed now, owned by the Node (as a kubelet's: deleted with it). */
  static Lease lease(Node registered, Instant now) {
    String name = registered.getMetadata().getName();
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(LEASE_NAMESPACE)
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("Node")
        .withName(name)
        .withUid(registered.getMetadata().getUid())
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(name)
        .withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
        .withRenewTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
        .endSpec()
        .build();
  }

  private static Map<String, Object> pressure(String type, String reason, String time) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", "False");
    c.put("reason", reason);
    c.put("lastHeartbeatTime", time);
    c.put("lastTransitionTime", time);
    return c;
  }
}
