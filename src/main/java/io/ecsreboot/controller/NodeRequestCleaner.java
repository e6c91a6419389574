package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.node.CordonRelease;
import io.ecsreboot.node.NodeClient;
import io.ecsreboot.node.NodeEvents;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finalizer of node requests, as a controller of its own (filtered to nodeName requests), so
 * that instance requests carry no finalizer and stay one write cheaper. JOSDK adds the finalizer;
 * on deletion this lifts the request's cordon: before the reboot that cancels it (the main
 * controller's reboot intent, written with the resourceVersion it read, fails against a deleted
 * object), after it the reboot stands and the node is let go.
 */
final class NodeRequestCleaner implements Reconciler<RebootRequest>, Cleaner<RebootRequest> {
  static final String NAME = "rebootrequest-node-finalizer";
  private static final Logger log = LoggerFactory.getLogger(NodeRequestCleaner.class);

  private final NodeClient nodes;
  private final NodeEvents events;

  NodeRequestCleaner(NodeClient nodes, NodeEvents events) {
    this.nodes = nodes;
    this.events = events;
  }

  @Override
  public UpdateControl<RebootRequest> reconcile(
      RebootRequest request, Context<RebootRequest> context) {
    return UpdateControl.noUpdate(); // JOSDK has added the finalizer; the work is cleanup's
  }

  @Override
  public DeleteControl cleanup(RebootRequest request, Context<RebootRequest> context) {
    // Read again: this controller's cache may not have seen the reboot intent yet.
    RebootRequest fresh = context.getClient().resource(request).get();
    RebootRequest current = fresh == null ? request : fresh;
    String owner = NodeRequestFlow.owner(request);
    String nodeName = request.getSpec().getNodeName();
    boolean rebooted = CordonRelease.rebootMayHaveHappened(current.getStatus());
    boolean finished =
        current.getStatus() != null
            && current.getStatus().getPhase() != null
            && current.getStatus().getPhase().isTerminal();
    boolean uncordoned = nodes.uncordon(nodeName, owner);
    log.info(
        "{}: deleted; node {} {}",
        owner,
        nodeName,
        uncordoned ? "uncordoned" : "was not cordoned by this request");
    if (!finished) {
      events.nodeEvent(
          request,
          "Normal",
          rebooted ? "Released" : "Cancelled",
          (rebooted
                  ? "deleted after the reboot was issued: the reboot stands"
                  : "deleted before the reboot was issued: no reboot")
              + (uncordoned ? "; node " + nodeName + " uncordoned" : ""));
    } else if (uncordoned) {
      events.nodeEvent(request, "Normal", "Uncordoned", "node " + nodeName + " uncordoned");
    }
    return DeleteControl.defaultDelete();
  }
}
