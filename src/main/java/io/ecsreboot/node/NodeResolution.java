package io.ecsreboot.node;

import io.ecsreboot.api.v1alpha1.Conditions.Reasons;

/**
 * Resolves a nodeName request to its ECS instance through the Node's providerID (DESIGN.md 7): no
 * Node, a providerID that is not an ECS instance, or a spec.regionId that disagrees with the
 * providerID's region each fail the request before anything is touched.
 */
public final class NodeResolution {
  /** Either the instance, or the failure reason and message. */
  public record Result(ProviderId.EcsInstance instance, String reason, String message) {
    public boolean ok() {
      return instance != null;
    }
  }

  private NodeResolution() {}

  /**
   * @param node the Node, or null when there is none of that name
   * @param specRegion spec.regionId, or null
   */
  public static Result resolve(String nodeName, NodeFacts node, String specRegion) {
    if (node == null) {
      return new Result(null, Reasons.NODE_NOT_FOUND, "no Node named " + nodeName);
    }
    var instance = ProviderId.parse(node.providerId());
    if (instance.isEmpty()) {
      return new Result(
          null,
          Reasons.UNSUPPORTED_PROVIDER_ID,
          "Node "
              + nodeName
              + " has spec.providerID \""
              + (node.providerId() == null ? "" : node.providerId())
              + "\", not an ECS instance (<region>.<instanceId> or alicloud://<region>.<instanceId>)");
    }
    if (specRegion != null && !specRegion.equals(instance.get().regionId())) {
      return new Result(
          null,
          Reasons.REGION_MISMATCH,
          "spec.regionId is "
              + specRegion
              + " but Node "
              + nodeName
              + " is instance "
              + instance.get().instanceId()
              + " in "
              + instance.get().regionId());
    }
    return new Result(instance.get(), null, null);
  }
}
