package io.ecsreboot.ecs;

import java.util.List;
import java.util.Map;

/**
 * One instance as DescribeInstances reports it. {@code startTime} keeps the API's minute-resolution
 * text ({@code yyyy-MM-ddTHH:mmZ}); {@code tags} are the instance's ECS tags, which RebootPolicy
 * grants by.
 */
public record InstanceState(
    String instanceId,
    String regionId,
    String status,
    String startTime,
    List<String> locks,
    Map<String, String> tags) {

  public InstanceState {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** An instance without tags. */
  public InstanceState(
      String instanceId, String regionId, String status, String startTime, List<String> locks) {
    this(instanceId, regionId, status, startTime, locks, Map.of());
  }
}
