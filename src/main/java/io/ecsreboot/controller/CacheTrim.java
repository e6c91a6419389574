package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.Map;

/**
 * Drops from the informer's cached RebootRequests what the operator never reads: managedFields (one
 * entry per writer, the largest part of a finished request) and kubectl's copy of the applied
 * object. Thousands of finished requests stay cached until their TTL, so this is most of the heap.
 */
final class CacheTrim {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private CacheTrim() {}

  static TransformingItemStore<RebootRequest> store() {
    return new TransformingItemStore<>(CacheTrim::trim);
  }

  static RebootRequest trim(RebootRequest request) {
    ObjectMeta meta = request.getMetadata();
    meta.setManagedFields(null);
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      annotations.remove(LAST_APPLIED);
    }
    return request;
  }
}
