package io.ecsreboot.plugin;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code kubectl ecsreboot status}: a RebootRequest and its Events as a person reads them. */
final class StatusReport {
  private StatusReport() {}

  static String format(RequestView request, List<Event> events, Instant now) {
    StringBuilder s = new StringBuilder();
    row(s, "Name", request.namespace() + "/" + request.name());
    row(s, "Target", request.target());
    String options = options(request.spec());
    if (!options.isEmpty()) {
      row(s, "Options", options);
    }
    String phase = request.phase().isEmpty() ? "Pending (no status yet)" : request.phase();
    String reason = request.reason();
    row(s, "Phase", reason.isEmpty() ? phase : phase + " (" + reason + ")");
    if (!request.message().isEmpty()) {
      row(s, "Message", request.message());
    }
    if (!request.instanceStatus().isEmpty()) {
      row(s, "Instance", request.instanceStatus() + " in ECS");
    }
    if (!request.drain().isEmpty()) {
      row(s, "Drain", request.drain());
    }
    row(s, "Attempts", request.attempts());
    Map<String, Object> st = request.status();
    optional(s, "RequestId", st.get("requestId"));
    optional(s, "Started", st.get("startTime"));
    optional(s, "Reboot issued", st.get("rebootIssuedTime"));
    optional(s, "Completed", st.get("completionTime"));
    Map<String, Object> error = RequestView.map(st.get("lastError"));
    if (!error.isEmpty()) {
      row(
          s,
          "Last error",
          error.get("code")
              + ": "
              + error.get("message")
              + " (RequestId "
              + error.get("requestId")
              + ", HTTP "
              + error.get("httpStatus")
              + ")");
    }
    s.append("\nConditions:\n");
    if (request.conditions().isEmpty()) {
      s.append("  <none>\n");
    }
    for (Map<String, Object> c : request.conditions()) {
      s.append(
          String.format(
              "  %-16s %-7s %-28s %s%n",
              c.get("type"),
              c.get("status"),
              RequestView.text(c.get("reason"), ""),
              RequestView.text(c.get("message"), "")));
    }
    s.append("\nEvents:\n");
    if (events.isEmpty()) {
      s.append("  <none>\n");
    }
    for (Event e : events) {
      s.append(
          String.format(
              "  %-6s %-8s %-16s %s%n",
              Progress.seconds(Duration.between(eventTime(e), now)),
              e.getType(),
              e.getReason(),
              e.getMessage()));
    }
    return s.toString();
  }

  static Instant eventTime(Event e) {
    for (String t : new String[] {e.getLastTimestamp(), e.getFirstTimestamp()}) {
      if (t != null) {
        return Instant.parse(t);
      }
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return Instant.parse(e.getEventTime().getTime());
    }
    return Instant.parse(e.getMetadata().getCreationTimestamp());
  }

  private static String options(Map<String, Object> spec) {
    StringBuilder s = new StringBuilder();
    if (Boolean.TRUE.equals(spec.get("forceStop"))) {
      s.append("forceStop ");
    }
    if (Boolean.TRUE.equals(spec.get("dryRun"))) {
      s.append("dryRun ");
    }
    if (spec.get("reason") != null) {
      s.append("reason \"").append(spec.get("reason")).append("\"");
    }
    return s.toString().trim();
  }

  private static void optional(StringBuilder s, String label, Object value) {
    if (value != null) {
      row(s, label, value.toString());
    }
  }

  private static void row(StringBuilder s, String label, String value) {
    s.append(String.format("%-14s %s%n", label + ":", value));
  }
}
