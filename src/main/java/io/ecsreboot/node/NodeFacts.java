package io.ecsreboot.node;

import java.time.Instant;

/**
 * What the decisions need to know about a Node, as plain values.
 *
 * @param cordonedBy the {@code ecsreboot.io/cordoned-by} annotation, or null
 * @param ready the Ready condition: TRUE, FALSE, or null when unknown
 * @param heartbeat the Ready condition's lastHeartbeatTime, or null
 */
public record NodeFacts(
    String name,
    String providerId,
    boolean unschedulable,
    String cordonedBy,
    String bootId,
    Boolean ready,
    Instant heartbeat) {

  /** The annotation that marks a cordon as the operator's own, valued {@code <ns>/<name>}. */
  public static final String CORDONED_BY = "ecsreboot.io/cordoned-by";

  public boolean isReady() {
    return Boolean.TRUE.equals(ready);
  }

  /** True when the cordon on this node is the given request's own (so it may lift it). */
  public boolean cordonedBy(String owner) {
    return unschedulable && owner.equals(cordonedBy);
  }
}
