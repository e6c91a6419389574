package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.node.NodeFacts;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The targets of a rollout, read now: the listed instances, or the Nodes matching the selector that
 * existed when the rollout was created (a node added later is new and needs no reboot).
 *
 * @param names every target, in the order children start (instances as listed, nodes by name)
 * @param nodes the matching Nodes by name (empty for instance targets), to see who is cordoned
 */
record RolloutTargets(List<String> names, Map<String, Node> nodes) {

  static RolloutTargets read(KubernetesClient client, RebootRollout rollout) {
    RebootRolloutSpec spec = rollout.getSpec();
    if (spec.getInstanceIds() != null) {
      return new RolloutTargets(List.copyOf(new LinkedHashSet<>(spec.getInstanceIds())), Map.of());
    }
    Instant created = Instant.parse(rollout.getMetadata().getCreationTimestamp());
    Map<String, Node> nodes = new TreeMap<>();
    for (Node node : client.nodes().withLabelSelector(spec.getNodeSelector()).list().getItems()) {
      // Same second counts as existing: creationTimestamp has second resolution.
      if (!Instant.parse(node.getMetadata().getCreationTimestamp()).isAfter(created)) {
        nodes.put(node.getMetadata().getName(), node);
      }
    }
    return new RolloutTargets(new ArrayList<>(nodes.keySet()), nodes);
  }

  /** Whether {@code child} cordoned this node and left it so (a failure after the reboot). */
  boolean cordonedBy(String target, String namespace, String child) {
    Node node = nodes.get(target);
    if (node == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return false;
    }
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    return annotations != null
        && (namespace + "/" + child).equals(annotations.get(NodeFacts.CORDONED_BY));
  }
}
