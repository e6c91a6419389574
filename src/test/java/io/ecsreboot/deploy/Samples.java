package io.ecsreboot.deploy;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RebootRequests in each phase, built from the operator's own model and serialized as the API
 * server would hand them to Argo CD or Flux, so the health checks read the real field names.
 */
final class Samples {
  private Samples() {}

  static Map<String, Object> withoutStatus() {
    return toMap(request(null));
  }

  static Map<String, Object> inPhase(Phase phase, Condition... conditions) {
    RebootRequestStatus status = new RebootRequestStatus();
    status.setObservedGeneration(1L);
    status.setPhase(phase);
    status.setConditions(new ArrayList<>(List.of(conditions)));
    return toMap(request(status));
  }

  /** A request that finished well: Ready=True with this reason and message, Completed=True. */
  static Map<String, Object> succeeded(Phase phase, String reason, String message) {
    return inPhase(phase, ready(Conditions.TRUE, reason, message), completed());
  }

  /** A request whose status is for an older generation than its spec. */
  static Map<String, Object> observedGenerationBehind(Phase phase, Condition... conditions) {
    Map<String, Object> object = inPhase(phase, conditions);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    metadata.put("generation", 2);
    return object;
  }

  static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(1L)
        .withLastTransitionTime("2026-11-20T04:04:00Z")
        .build();
  }

  static Condition reconciling(String reason) {
    return condition(Conditions.RECONCILING, Conditions.TRUE, reason, "waiting: " + reason);
  }

  static Condition ready(String status, String reason, String message) {
    return condition(Conditions.READY, status, reason, message);
  }

  static Condition completed() {
    return condition(Conditions.COMPLETED, Conditions.TRUE, Conditions.Reasons.FINISHED, "done");
  }

  static Condition stalled(String reason, String message) {
    return condition(Conditions.STALLED, Conditions.TRUE, reason, message);
  }

  private static RebootRequest request(RebootRequestStatus status) {
    RebootRequest request = new RebootRequest();
    request.setMetadata(
        new ObjectMetaBuilder()
            .withName("reboot-web-1")
            .withNamespace("ops")
            .withGeneration(1L)
            .build());
    request.setStatus(status);
    return request;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(RebootRequest request) {
    return Serialization.jsonMapper().convertValue(request, Map.class);
  }
}
