package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;

/** Reads what a node request's status records: its phase, conditions and reboot time. */
final class NodeStatusReads {
  private NodeStatusReads() {}

  static Instant issued(RebootRequestStatus status) {
    return status.getRebootIssuedTime() == null
        ? Instant.EPOCH
        : Instant.parse(status.getRebootIssuedTime());
  }

  static Phase phaseOf(RebootRequestStatus status) {
    return status == null || status.getPhase() == null ? Phase.Pending : status.getPhase();
  }

  static Condition condition(RebootRequestStatus status, String type) {
    return status.getConditions() == null
        ? null
        : status.getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  static boolean conditionTrue(RebootRequestStatus status, String type) {
    Condition c = condition(status, type);
    return c != null && Conditions.TRUE.equals(c.getStatus());
  }

  static boolean conditionIs(RebootRequestStatus status, String type, String reason) {
    Condition c = condition(status, type);
    return c != null && reason.equals(c.getReason());
  }
}
