package io.ecsreboot.node;

import io.ecsreboot.api.v1alpha1.RebootRequest;

/** Events about what the operator did to a node (cordon, evictions, uncordon). */
public interface NodeEvents {
  void nodeEvent(RebootRequest request, String type, String reason, String message);

  /**
   * A refused eviction. Sent rate-limited: a budget may refuse every few seconds for minutes, and
   * one Event per refusal would bury everything else.
   */
  void evictionBlocked(RebootRequest request, String blocker, String message);

  NodeEvents NONE =
      new NodeEvents() {
        @Override
        public void nodeEvent(RebootRequest request, String type, String reason, String message) {}

        @Override
        public void evictionBlocked(RebootRequest request, String blocker, String message) {}
      };
}
