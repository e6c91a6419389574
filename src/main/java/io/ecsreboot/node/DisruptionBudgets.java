package io.ecsreboot.node;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the PodDisruptionBudget behind a refused eviction from the API server's message ({@code The
 * disruption budget web needs 2 healthy pods and has 2 currently}), so status can say who blocks
 * without the operator needing to read PodDisruptionBudgets at all.
 */
public final class DisruptionBudgets {
  private static final Pattern BUDGET = Pattern.compile("disruption budget ([a-z0-9][-a-z0-9.]*)");

  private DisruptionBudgets() {}

  /**
   * @param namespace the evicted pod's namespace (a budget only covers pods of its own namespace)
   * @return {@code PodDisruptionBudget <ns>/<name>}, or a short description when no budget is named
   */
  public static String blocker(String namespace, int httpStatus, String message) {
    Matcher m = BUDGET.matcher(message == null ? "" : message);
    if (m.find()) {
      return "PodDisruptionBudget " + namespace + "/" + trimDot(m.group(1));
    }
    if (message != null && message.contains("more than one PodDisruptionBudget")) {
      return "more than one PodDisruptionBudget in " + namespace;
    }
    return "eviction refused (HTTP " + httpStatus + ")";
  }

  private static String trimDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
