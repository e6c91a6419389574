package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes the informers' cached RebootRequests small: thousands of finished requests stay cached
 * until their TTL, so this is most of the heap. It drops what the operator never reads
 * (managedFields, one entry per writer, the largest part of a finished request, and kubectl's copy
 * of the applied object) and shares the strings that thousands of requests hold alike (condition
 * types, reasons, timestamps of one second, the namespace). Content stays equal: a status written
 * from a cached request is what it would be from the API server's.
 */
public final class CacheTrim {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private CacheTrim() {}

  /** The store of the RebootRequest reconciler's informer: every request, trimmed. */
  static TransformingItemStore<RebootRequest> store() {
    return new TransformingItemStore<>(CacheTrim::trim);
  }

  /**
   * The store of the node-finalizer controller's informer: node requests only, so instance requests
   * (nearly all of them) are not cached a second time. Its controller filters the rest out anyway;
   * an instance request is then "added" again on each change, and filtered again.
   */
  static ItemStore<RebootRequest> nodeRequestsOnly() {
    return new NodeRequestsOnly(store());
  }

  public static RebootRequest trim(RebootRequest request) {
    ObjectMeta meta = request.getMetadata();
    meta.setManagedFields(null);
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      annotations.remove(LAST_APPLIED);
    }
    shareStrings(request);
    return request;
  }

  /** Replaces strings many requests hold alike by one shared copy (JVM-interned, collectable). */
  private static void shareStrings(RebootRequest request) {
    ObjectMeta meta = request.getMetadata();
    request.setApiVersion(shared(request.getApiVersion()));
    request.setKind(shared(request.getKind()));
    meta.setNamespace(shared(meta.getNamespace()));
    meta.setCreationTimestamp(shared(meta.getCreationTimestamp()));
    if (meta.getLabels() != null) {
      Map<String, String> labels = new LinkedHashMap<>();
      meta.getLabels().forEach((k, v) -> labels.put(shared(k), shared(v)));
      meta.setLabels(labels);
    }
    RebootRequestStatus status = request.getStatus();
    if (status == null) {
      return;
    }
    status.setRegionId(shared(status.getRegionId()));
    status.setInstanceStatus(shared(status.getInstanceStatus()));
    status.setStartTime(shared(status.getStartTime()));
    status.setStartTimeBefore(shared(status.getStartTimeBefore()));
    status.setCompletionTime(shared(status.getCompletionTime()));
    if (status.getConditions() != null) {
      for (Condition c : status.getConditions()) {
        c.setType(shared(c.getType()));
        c.setStatus(shared(c.getStatus()));
        c.setReason(shared(c.getReason()));
        c.setLastTransitionTime(shared(c.getLastTransitionTime()));
      }
    }
  }

  private static String shared(String s) {
    return s == null ? null : s.intern();
  }

  /** Keeps only node requests; see {@link #nodeRequestsOnly()}. */
  private record NodeRequestsOnly(ItemStore<RebootRequest> kept)
      implements ItemStore<RebootRequest> {
    @Override
    public String getKey(RebootRequest request) {
      return kept.getKey(request);
    }

    @Override
    public RebootRequest put(String key, RebootRequest request) {
      if (NodeRequestFlow.isNodeRequest(request)) {
        return kept.put(key, request);
      }
      return kept.remove(key);
    }

    @Override
    public RebootRequest remove(String key) {
      return kept.remove(key);
    }

    @Override
    public Stream<String> keySet() {
      return kept.keySet();
    }

    @Override
    public Stream<RebootRequest> values() {
      return kept.values();
    }

    @Override
    public int size() {
      return kept.size();
    }

    @Override
    public RebootRequest get(String key) {
      return kept.get(key);
    }
  }
}
