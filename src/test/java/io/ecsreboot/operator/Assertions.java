package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.fabric8.kubernetes.api.model.Condition;

/** Assertions on RebootRequest conditions, with the whole condition in the failure message. */
final class Assertions {
  private Assertions() {}

  static void assertCondition(RebootRequest r, String type, String status, String reason) {
    Condition c = condition(r, type);
    assertThat(c).as("condition %s in %s", type, r.getStatus().getConditions()).isNotNull();
    assertThat(c.getStatus()).as("%s status (%s)", type, c.getMessage()).isEqualTo(status);
    assertThat(c.getReason()).as("%s reason (%s)", type, c.getMessage()).isEqualTo(reason);
    assertThat(c.getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
  }

  static boolean hasCondition(RebootRequest r, String type, String reason) {
    Condition c = condition(r, type);
    return c != null && reason.equals(c.getReason());
  }

  static Condition condition(RebootRequest r, String type) {
    if (r.getStatus() == null || r.getStatus().getConditions() == null) {
      return null;
    }
    return r.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
