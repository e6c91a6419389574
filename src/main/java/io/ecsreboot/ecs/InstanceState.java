package io.ecsreboot.ecs;

import java.util.List;

/**
 * One instance as DescribeInstances reports it. {@code startTime} keeps the API's minute-resolution
 * text ({@code yyyy-MM-ddTHH:mmZ}).
 */
public record InstanceState(
    String instanceId, String regionId, String status, String startTime, List<String> locks) {}
