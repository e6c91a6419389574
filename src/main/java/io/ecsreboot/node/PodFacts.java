package io.ecsreboot.node;

import java.util.Map;

/**
 * What the drain needs to know about a pod bound to the node.
 *
 * @param controllerKind kind of the owner reference with controller=true, or null (unmanaged)
 * @param mirror a mirror (static) pod, created by the kubelet from a file
 * @param phase status.phase (Succeeded and Failed pods are finished)
 * @param terminating deletionTimestamp is set: an eviction (ours or not) is under way
 */
public record PodFacts(
    String namespace,
    String name,
    String uid,
    String controllerKind,
    boolean mirror,
    String phase,
    Map<String, String> labels,
    boolean terminating) {

  public String key() {
    return namespace + "/" + name;
  }
}
