package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One reboot per machine at a time, whichever way requests name it (instanceId, or nodeName
 * resolved to its instance): the oldest unfinished request goes first, the others wait. A request
 * already under way (draining, rebooting, verifying) keeps every other one waiting, so that a node
 * request resolved late never overlaps it. A node request not yet resolved to its instance holds
 * back younger instance requests until it is. Uses an index over the informer cache, so it costs no
 * API call.
 */
final class InstanceQueue {
  static final String INDEX = "ecs-instance";
  private static final String UNRESOLVED_NODE = "unresolved-node";

  private static final Comparator<RebootRequest> AGE =
      Comparator.comparing((RebootRequest r) -> r.getMetadata().getCreationTimestamp())
          .thenComparing(r -> r.getMetadata().getNamespace())
          .thenComparing(r -> r.getMetadata().getName());

  private final String defaultRegion;

  InstanceQueue(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  Map<String, Function<RebootRequest, List<String>>> indexers() {
    return Map.of(INDEX, this::keys);
  }

  /** True when an older unfinished request, or one already under way, targets the same machine. */
  boolean mustWait(RebootRequest request, IndexedResourceCache<RebootRequest> cache) {
    return mustWait(request, cache, null);
  }

  /**
   * @param resolved {@code <region>/<instanceId>} a node request resolved to in this reconcile (the
   *     cached object may not show it yet), or null
   */
  boolean mustWait(
      RebootRequest request, IndexedResourceCache<RebootRequest> cache, String resolved) {
    if (request.getSpec() == null) {
      return false;
    }
    List<String> keys = new ArrayList<>(keys(request));
    if (resolved != null) {
      keys.add(resolved);
    }
    if (request.getSpec().getNodeName() == null) {
      keys.add(UNRESOLVED_NODE);
    }
    Map<String, RebootRequest> others = new LinkedHashMap<>();
    for (String key : keys) {
      cache.byIndex(INDEX, key).forEach(r -> others.put(r.getMetadata().getUid(), r));
    }
    others.remove(request.getMetadata().getUid());
    return others.values().stream()
        .filter(InstanceQueue::unfinished)
        .anyMatch(other -> AGE.compare(other, request) < 0 || underWay(other));
  }

  private static boolean unfinished(RebootRequest r) {
    Phase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
    return phase == null || !phase.isTerminal();
  }

  private static boolean underWay(RebootRequest r) {
    Phase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
    return phase == Phase.Draining || phase == Phase.Rebooting || phase == Phase.Verifying;
  }

  private List<String> keys(RebootRequest r) {
    var spec = r.getSpec();
    if (spec == null) {
      return List.of();
    }
    if (spec.getNodeName() == null) {
      String region = spec.getRegionId() == null ? defaultRegion : spec.getRegionId();
      return List.of(region + "/" + spec.getInstanceId());
    }
    List<String> keys = new ArrayList<>();
    keys.add("node/" + spec.getNodeName());
    var status = r.getStatus();
    if (status != null && status.getInstanceId() != null && status.getRegionId() != null) {
      keys.add(status.getRegionId() + "/" + status.getInstanceId());
    } else if (unfinished(r)) {
      keys.add(UNRESOLVED_NODE);
    }
    return keys;
  }
}
