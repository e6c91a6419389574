package io.ecsreboot.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's only reader and writer of Nodes and reader of pods: a Node as {@link NodeFacts},
 * the pods bound to it (listed by {@code spec.nodeName}, never a cluster-wide pod cache), and the
 * cordon. A cordon and its {@code ecsreboot.io/cordoned-by} annotation are one merge patch that
 * carries the resourceVersion it was decided on, so a cordon someone else set in between is never
 * taken over.
 */
public final class NodeClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private final KubernetesClient client;

  public NodeClient(KubernetesClient client) {
    this.client = client;
  }

  /** The Node, or null when there is none of that name. */
  public NodeFacts get(String name) {
    Node node = client.nodes().withName(name).get();
    return node == null ? null : facts(node);
  }

  /** The node with its resourceVersion, for a patch that must rest on what was read. */
  public Node read(String name) {
    return client.nodes().withName(name).get();
  }

  /**
   * Cordons a schedulable node for {@code owner}. A node that is already unschedulable is left as
   * it is (its cordon is someone else's, or already ours).
   *
   * @return true when this call cordoned it
   */
  public boolean cordon(String name, String owner) {
    return patchFresh(
        name,
        node -> {
          if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return null;
          }
          ObjectNode patch = lockedPatch(node);
          annotations(patch).put(NodeFacts.CORDONED_BY, owner);
          patch.putObject("spec").put("unschedulable", true);
          return new Change(patch, true);
        });
  }

  /**
   * Lifts {@code owner}'s cordon: only when the annotation names {@code owner}.
   *
   * @return true when the node was cordoned by {@code owner} and is not any more
   */
  public boolean uncordon(String name, String owner) {
    return patchFresh(
        name,
        node -> {
          Map<String, String> annotations = node.getMetadata().getAnnotations();
          if (annotations == null || !owner.equals(annotations.get(NodeFacts.CORDONED_BY))) {
            return null;
          }
          ObjectNode patch = lockedPatch(node);
          annotations(patch).putNull(NodeFacts.CORDONED_BY);
          patch.putObject("spec").putNull("unschedulable");
          // Someone may have uncordoned it by hand already: then only the annotation goes.
          return new Change(patch, Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
        });
  }

  /** A merge patch to send, and whether it moves the cordon. */
  private record Change(ObjectNode patch, boolean movesCordon) {}

  /**
   * Decides a patch on a fresh read and sends it with that read's resourceVersion; on a conflict (a
   * kubelet's status update in between) decides again on a newer read.
   *
   * @param decide the change, or null for nothing to do
   * @return whether a patch was sent that moved the cordon
   */
  private boolean patchFresh(String name, Function<Node, Change> decide) {
    for (int attempt = 1; ; attempt++) {
      Node node = read(name);
      Change change = node == null ? null : decide.apply(node);
      if (change == null) {
        return false;
      }
      try {
        client
            .nodes()
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), change.patch().toString());
        return change.movesCordon();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private static ObjectNode lockedPatch(Node node) {
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").put("resourceVersion", node.getMetadata().getResourceVersion());
    return patch;
  }

  private static ObjectNode annotations(ObjectNode patch) {
    return ((ObjectNode) patch.get("metadata")).putObject("annotations");
  }

  /** Every pod bound to the node, in any namespace. */
  public List<PodFacts> podsOn(String nodeName) {
    return client
        .pods()
        .inAnyNamespace()
        .withField("spec.nodeName", nodeName)
        .list()
        .getItems()
        .stream()
        .map(NodeClient::facts)
        .toList();
  }

  static NodeFacts facts(Node node) {
    var meta = node.getMetadata();
    String cordonedBy =
        meta.getAnnotations() == null ? null : meta.getAnnotations().get(NodeFacts.CORDONED_BY);
    String bootId = null;
    Boolean ready = null;
    Instant heartbeat = null;
    if (node.getStatus() != null) {
      if (node.getStatus().getNodeInfo() != null) {
        bootId = node.getStatus().getNodeInfo().getBootID();
      }
      if (node.getStatus().getConditions() != null) {
        for (NodeCondition c : node.getStatus().getConditions()) {
          if ("Ready".equals(c.getType())) {
            ready =
                "True".equals(c.getStatus())
                    ? Boolean.TRUE
                    : "False".equals(c.getStatus()) ? Boolean.FALSE : null;
            heartbeat =
                c.getLastHeartbeatTime() == null ? null : Instant.parse(c.getLastHeartbeatTime());
          }
        }
      }
    }
    return new NodeFacts(
        meta.getName(),
        node.getSpec() == null ? null : node.getSpec().getProviderID(),
        node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()),
        cordonedBy,
        bootId,
        ready,
        heartbeat);
  }

  static PodFacts facts(Pod pod) {
    var meta = pod.getMetadata();
    String controllerKind =
        meta.getOwnerReferences() == null
            ? null
            : meta.getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .map(OwnerReference::getKind)
                .findFirst()
                .orElse(null);
    boolean mirror =
        meta.getAnnotations() != null && meta.getAnnotations().containsKey(MIRROR_ANNOTATION);
    return new PodFacts(
        meta.getNamespace(),
        meta.getName(),
        meta.getUid(),
        controllerKind,
        mirror,
        pod.getStatus() == null ? null : pod.getStatus().getPhase(),
        meta.getLabels() == null ? Map.of() : meta.getLabels(),
        meta.getDeletionTimestamp() != null);
  }
}
