package io.ecsreboot.rollout;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;

/**
 * A rollout's pacing as the decision uses it, resolved from the spec.
 *
 * @param maxUnavailable children unfinished at once (already resolved from a percentage)
 */
public record RolloutPolicy(
    int maxUnavailable,
    int maxFailures,
    Duration minReady,
    MaintenanceWindows windows,
    boolean suspend) {

  /**
   * {@code maxUnavailable} as a count: an int as it is, a percentage of the targets rounded down
   * (as Deployments do), never below one so that a small fleet still moves.
   *
   * @throws IllegalArgumentException for a value that is neither
   */
  public static int maxUnavailable(IntOrString value, int targets) {
    if (value == null) {
      return 1;
    }
    if (value.getIntVal() != null) {
      if (value.getIntVal() < 1) {
        throw new IllegalArgumentException("maxUnavailable " + value.getIntVal() + " is below 1");
      }
      return value.getIntVal();
    }
    String text = value.getStrVal();
    if (text == null || !text.matches("[0-9]{1,3}%")) {
      throw new IllegalArgumentException("maxUnavailable '" + text + "' is no count or percentage");
    }
    int percent = Integer.parseInt(text.substring(0, text.length() - 1));
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException("maxUnavailable " + text + " is not within 1%..100%");
    }
    return Math.max(1, (int) ((long) targets * percent / 100));
  }
}
