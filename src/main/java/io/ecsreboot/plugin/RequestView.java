package io.ecsreboot.plugin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A RebootRequest as the plugin reads it: plain maps, so that fields this version does not know yet
 * (a newer operator's) never break reading it.
 */
record RequestView(
    String name, String namespace, Map<String, Object> spec, Map<String, Object> status) {

  static RequestView of(GenericKubernetesResource object) {
    Map<String, Object> fields = object.getAdditionalProperties();
    return new RequestView(
        object.getMetadata().getName(),
        object.getMetadata().getNamespace(),
        map(fields.get("spec")),
        map(fields.get("status")));
  }

  String phase() {
    return text(status.get("phase"), "");
  }

  boolean finished() {
    return "True".equals(conditionField("Completed", "status"));
  }

  boolean succeeded() {
    return finished() && "True".equals(conditionField("Ready", "status"));
  }

  /** What the request waits for now (the Reconciling reason), or how it ended. */
  String reason() {
    String type = finished() ? (succeeded() ? "Ready" : "Stalled") : "Reconciling";
    return text(conditionField(type, "reason"), "");
  }

  String message() {
    String type = finished() ? (succeeded() ? "Ready" : "Stalled") : "Reconciling";
    return text(conditionField(type, "message"), "");
  }

  /**
   * "instance i-... (region)" or "node NAME (instance i-...)", from spec and what status resolved.
   */
  String target() {
    String node = text(spec.get("nodeName"), "");
    String instance = text(status.get("instanceId"), text(spec.get("instanceId"), ""));
    String region = text(status.get("regionId"), text(spec.get("regionId"), ""));
    String where = region.isEmpty() ? "" : " (" + region + ")";
    if (!node.isEmpty()) {
      return "node " + node + (instance.isEmpty() ? "" : ", instance " + instance) + where;
    }
    return "instance " + instance + where;
  }

  String instanceStatus() {
    return text(status.get("instanceStatus"), "");
  }

  String attempts() {
    return text(status.get("attempts"), "0");
  }

  /** "9 evicted, 3 remaining, blocked by ..." while a node is drained, else empty. */
  String drain() {
    Map<String, Object> drain = map(status.get("drain"));
    if (drain.isEmpty()) {
      return "";
    }
    String line =
        text(drain.get("evicted"), "0")
            + " evicted, "
            + text(drain.get("remaining"), "?")
            + " remaining";
    String blocked = text(drain.get("blockedBy"), "");
    return blocked.isEmpty() ? line : line + ", blocked by " + blocked;
  }

  List<Map<String, Object>> conditions() {
    Object list = status.get("conditions");
    if (!(list instanceof List<?> items)) {
      return List.of();
    }
    return items.stream().map(RequestView::map).toList();
  }

  String conditionField(String type, String field) {
    return conditions().stream()
        .filter(c -> type.equals(c.get("type")))
        .map(c -> text(c.get(field), ""))
        .findFirst()
        .orElse(null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static String text(Object value, String orElse) {
    return value == null ? orElse : Objects.toString(value);
  }
}
