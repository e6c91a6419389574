package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wakes an unfinished node request as soon as its Node changes (a new bootID, Ready, a cordon)
 * instead of at its next poll: an informer over Nodes, mapped to requests through an index of the
 * request cache by {@code spec.nodeName}. The decisions still read the Node from the API server;
 * the cache only says when to look, so it keeps a trimmed copy of each Node (no images, labels,
 * addresses or managedFields: most of a Node's size).
 */
final class NodeWakeups {
  static final String INDEX = "node-name";

  private NodeWakeups() {}

  static Map<String, Function<RebootRequest, List<String>>> indexers() {
    return Map.of(INDEX, NodeWakeups::nodeNameOf);
  }

  private static List<String> nodeNameOf(RebootRequest request) {
    return request.getSpec() == null || request.getSpec().getNodeName() == null
        ? List.of()
        : List.of(request.getSpec().getNodeName());
  }

  static InformerEventSource<Node, RebootRequest> eventSource(
      EventSourceContext<RebootRequest> context) {
    IndexedResourceCache<RebootRequest> requests = context.getPrimaryCache();
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Node.class, RebootRequest.class)
            .withName("nodes")
            .withWatchAllNamespaces() // Nodes are cluster-scoped: one informer, whatever we watch
            .withItemStore(new TransformingItemStore<>(NodeWakeups::trim))
            .withSecondaryToPrimaryMapper(node -> requestsOn(requests, node))
            .build(),
        context);
  }

  static Set<ResourceID> requestsOn(IndexedResourceCache<RebootRequest> requests, Node node) {
    return requests.byIndex(INDEX, node.getMetadata().getName()).stream()
        .filter(r -> r.getStatus() == null || !NodeStatusReads.phaseOf(r.getStatus()).isTerminal())
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** What is kept of a Node: its identity, cordon, bootID and Ready condition. */
  static Node trim(Node node) {
    NodeCondition ready =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? null
            : node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .orElse(null);
    String bootId =
        node.getStatus() == null || node.getStatus().getNodeInfo() == null
            ? null
            : node.getStatus().getNodeInfo().getBootID();
    return new NodeBuilder()
        .withNewMetadata()
        .withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid())
        .withResourceVersion(node.getMetadata().getResourceVersion())
        .endMetadata()
        .withNewSpec()
        .withUnschedulable(node.getSpec() == null ? null : node.getSpec().getUnschedulable())
        .endSpec()
        .withNewStatus()
        .withNewNodeInfo()
        .withBootID(bootId)
        .endNodeInfo()
        .withConditions(ready == null ? List.of() : List.of(ready))
        .endStatus()
        .build();
  }
}
