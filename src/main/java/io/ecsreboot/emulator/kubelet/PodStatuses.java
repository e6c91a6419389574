package io.ecsreboot.emulator.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pod status a kubelet reports, as strategic-merge patches of {@code status}: conditions merge
 * by type (the scheduler's PodScheduled and the API server's DisruptionTarget stay), container
 * statuses are replaced.
 */
final class PodStatuses {
  private PodStatuses() {}

  /** Running and Ready; after a reboot each container counts a restart and shows its old end. */
  static Map<String, Object> running(
      Pod pod, SimulatedNode node, String podIp, boolean restarted, Instant now) {
    String time = now.toString();
    Map<String, Integer> restarts = restartCounts(pod);
    List<Map<String, Object>> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      Map<String, Object> status = container(c);
      int count = restarts.getOrDefault(c.getName(), 0) + (restarted ? 1 : 0);
      status.put("ready", true);
      status.put("started", true);
      status.put("restartCount", count);
      status.put("state", Map.of("running", Map.of("startedAt", time)));
      if (restarted) {
        // What a real kubelet reports for containers that died with the node.
        status.put(
            "lastState",
            Map.of("terminated", Map.of("exitCode", 255, "reason", "Unknown", "finishedAt", time)));
      }
      containers.add(status);
    }
    List<Map<String, Object>> inits = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainers()) {
      Map<String, Object> status = container(c);
      status.put("ready", true);
      status.put("restartCount", 0);
      status.put(
          "state",
          Map.of(
              "terminated",
              Map.of("exitCode", 0, "reason", "Completed", "startedAt", time, "finishedAt", time)));
      inits.add(status);
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", "Running");
    status.put("hostIP", node.internalIp());
    status.put("hostIPs", List.of(Map.of("ip", node.internalIp())));
    status.put("podIP", podIp);
    status.put("podIPs", List.of(Map.of("ip", podIp)));
    String startTime = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    status.put("startTime", startTime == null ? time : startTime);
    status.put(
        "conditions",
        List.of(
            condition("PodReadyToStartContainers", "True", time),
            condition("Initialized", "True", time),
            condition("ContainersReady", "True", time),
            condition("Ready", "True", time)));
    status.put("containerStatuses", containers);
    if (!inits.isEmpty()) {
      status.put("initContainerStatuses", inits);
    }
    return Map.of("status", status);
  }

  /** The node is down: the containers are gone with it (as the node-lifecycle controller marks). */
  static Map<String, Object> notReady(Pod pod, Instant now) {
    String time = now.toString();
    List<Map<String, Object>> containers = new ArrayList<>();
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      Map<String, Object> status = new HashMap<>(container(c));
      status.put("ready", false);
      status.put("started", false);
      status.put("restartCount", c.getRestartCount() == null ? 0 : c.getRestartCount());
      status.put("state", Map.of("waiting", Map.of("reason", "NodeRebooting")));
      containers.add(status);
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put(
        "conditions",
        List.of(
            condition("PodReadyToStartContainers", "False", time),
            condition("ContainersReady", "False", time),
            condition("Ready", "False", time)));
    status.put("containerStatuses", containers);
    return Map.of("status", status);
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Map<String, Integer> restartCounts(Pod pod) {
    Map<String, Integer> counts = new HashMap<>();
    if (pod.getStatus() != null) {
      for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
        counts.put(c.getName(), c.getRestartCount() == null ? 0 : c.getRestartCount());
      }
    }
    return counts;
  }

  private static Map<String, Object> container(Container c) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("name", c.getName());
    status.put("image", c.getImage());
    status.put("imageID", c.getImage() + "@sha256:" + fakeDigest(c.getImage()));
    status.put("containerID", "containerd://" + UUID.randomUUID().toString().replace("-", ""));
    return status;
  }

  private static Map<String, Object> container(ContainerStatus c) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("name", c.getName());
    status.put("image", c.getImage());
    status.put("imageID", c.getImageID());
    if (c.getContainerID() != null) {
      status.put("containerID", c.getContainerID());
    }
    return status;
  }

  private static String fakeDigest(String image) {
    return String.format("%064x", Math.abs((long) String.valueOf(image).hashCode()));
  }

  private static Map<String, Object> condition(String type, String status, String time) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    c.put("lastTransitionTime", time);
    return c;
  }
}
