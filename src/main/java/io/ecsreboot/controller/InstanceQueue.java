package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One reboot per instance at a time: the oldest unfinished request for an instance goes first, the
 * others wait. Uses an index over the informer cache, so it costs no API call.
 */
final class InstanceQueue {
  static final String INDEX = "ecs-instance";

  private static final Comparator<RebootRequest> AGE =
      Comparator.comparing((RebootRequest r) -> r.getMetadata().getCreationTimestamp())
          .thenComparing(r -> r.getMetadata().getNamespace())
          .thenComparing(r -> r.getMetadata().getName());

  private final String defaultRegion;

  InstanceQueue(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  Map<String, Function<RebootRequest, List<String>>> indexers() {
    return Map.of(INDEX, r -> r.getSpec() == null ? List.of() : List.of(key(r)));
  }

  /** True when an older unfinished request targets the same instance. */
  boolean mustWait(RebootRequest request, IndexedResourceCache<RebootRequest> cache) {
    if (request.getSpec() == null) {
      return false;
    }
    return cache.byIndex(INDEX, key(request)).stream()
        .filter(other -> !other.getMetadata().getUid().equals(request.getMetadata().getUid()))
        .filter(InstanceQueue::unfinished)
        .anyMatch(other -> AGE.compare(other, request) < 0);
  }

  private static boolean unfinished(RebootRequest r) {
    Phase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
    return phase == null || !phase.isTerminal();
  }

  private String key(RebootRequest r) {
    String region = r.getSpec().getRegionId() == null ? defaultRegion : r.getSpec().getRegionId();
    return region + "/" + r.getSpec().getInstanceId();
  }
}
