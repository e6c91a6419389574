package io.ecsreboot.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.Serialization;
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

  @Test
  void twoCachedRequestsShareTheStringsTheyHoldAlikeAndKeepTheirStatusContent() throws Exception {
    String json =
        new String(
            CacheTrimTest.class
                .getResourceAsStream("/io/ecsreboot/bench/finished-request.json")
                .readAllBytes());
    RebootRequest a = Serialization.unmarshal(json.replace("NNNNN", "00001"), RebootRequest.class);
    RebootRequest b = Serialization.unmarshal(json.replace("NNNNN", "00002"), RebootRequest.class);
    String statusBefore = Serialization.asJson(a.getStatus());
    var specBefore = a.getSpec();
    var ready = b.getStatus().getConditions().get(0);
    assertNotSame(a.getStatus().getConditions().get(0).getReason(), ready.getReason());

    CacheTrim.trim(a);
    CacheTrim.trim(b);

    assertEquals(statusBefore, Serialization.asJson(a.getStatus()));
    assertEquals(specBefore, a.getSpec());
    var aReady = a.getStatus().getConditions().get(0);
    assertSame(aReady.getReason(), ready.getReason());
    assertSame(aReady.getLastTransitionTime(), ready.getLastTransitionTime());
    assertSame(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
  }

  @Test
  void theNodeFinalizersCacheHoldsNodeRequestsOnly() {
    ItemStore<RebootRequest> store = CacheTrim.nodeRequestsOnly();
    RebootRequest instance = request("by-instance", "i-1", null);
    RebootRequest node = request("by-node", null, "worker-1");

    assertNull(store.put(store.getKey(instance), instance));
    assertNull(store.put(store.getKey(node), node));

    assertEquals(1, store.size());
    assertNull(store.get(store.getKey(instance)));
    assertSame(node, store.get(store.getKey(node)));
    assertSame(node, store.put(store.getKey(node), request("by-node", null, "worker-1")));
  }

  private static RebootRequest request(String name, String instanceId, String nodeName) {
    RebootRequest request = new RebootRequest();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace("ops");
    request.setMetadata(meta);
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId(instanceId);
    spec.setNodeName(nodeName);
    request.setSpec(spec);
    return request;
  }
}
