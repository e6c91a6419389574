package io.ecsreboot.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads kube-apiserver's apiserver_request_total for the resources the operator touches. */
final class ApiserverMetrics {
  private static final Set<String> RESOURCES = Set.of("rebootrequests", "events", "leases");
  private static final Pattern LINE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)}\\s+([0-9.eE+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiserverMetrics() {}

  /** Requests by "verb resource[/subresource]", summed over codes and versions. */
  static Map<String, Long> requestTotals(String metricsText) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : metricsText.split("\n")) {
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String resource = labels.getOrDefault("resource", "");
      if (!RESOURCES.contains(resource)) {
        continue;
      }
      String sub = labels.getOrDefault("subresource", "");
      String code = labels.getOrDefault("code", "");
      // Failed requests keep their code, so a rejected write shows as such.
      String failed = code.startsWith("2") || code.isEmpty() ? "" : " [" + code + "]";
      String key =
          verb(labels.getOrDefault("verb", ""))
              + " "
              + resource
              + (sub.isEmpty() ? "" : "/" + sub)
              + failed;
      out.merge(key, (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return out;
  }

  /** The metric's verb (POST, LIST, WATCH, ...) in the RBAC vocabulary the mock counter uses. */
  private static String verb(String metricVerb) {
    return switch (metricVerb.toUpperCase()) {
      case "POST" -> "create";
      case "PUT" -> "update";
      default -> metricVerb.toLowerCase();
    };
  }
}
