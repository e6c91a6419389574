package io.ecsreboot.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheTrimTest {
  @Test
  void cachedRequestsLoseManagedFieldsAndTheAppliedCopyButKeepEverythingTheOperatorReads() {
    RebootRequest request = new RebootRequest();
    ObjectMeta meta = new ObjectMeta();
    meta.setName("r");
    meta.setManagedFields(List.of(new ManagedFieldsEntry()));
    meta.setAnnotations(new HashMap<>(Map.of(CacheTrim.LAST_APPLIED, "{...}", "team", "payments")));
    meta.setLabels(Map.of("app", "web"));
    request.setMetadata(meta);
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId("i-1");
    request.setSpec(spec);
    request.setStatus(new RebootRequestStatus());

    RebootRequest trimmed = CacheTrim.trim(request);

    assertNull(trimmed.getMetadata().getManagedFields());
    assertEquals(Map.of("team", "payments"), trimmed.getMetadata().getAnnotations());
    assertEquals(Map.of("app", "web"), trimmed.getMetadata().getLabels());
    assertEquals("i-1", trimmed.getSpec().getInstanceId());
    assertEquals(request.getStatus(), trimmed.getStatus());
  }
}
