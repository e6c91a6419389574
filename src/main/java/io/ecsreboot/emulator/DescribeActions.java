package io.ecsreboot.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The read-only actions DescribeInstances and DescribeInstanceStatus, answering in the real API's
 * shapes: lists wrapped in an object named after the element, paged with TotalCount.
 */
final class DescribeActions {

  private final InstanceStore store;

  DescribeActions(InstanceStore store) {
    this.store = store;
  }

  Map<String, Object> describeInstances(RpcRequest request) {
    String region = request.required("RegionId");
    Predicate<EmulatorInstance> filter = i -> region.equals(i.regionId());
    String idsJson = request.param("InstanceIds");
    if (idsJson != null) {
      List<String> ids = parseIds(idsJson);
      filter = filter.and(i -> ids.contains(i.instanceId()));
    }
    String status = request.param("Status");
    if (status != null && !status.isBlank()) {
      filter = filter.and(i -> status.equals(i.status()));
    }
    return page(request, filter, 100, "Instances", "Instance", DescribeActions::instanceJson);
  }

  Map<String, Object> describeInstanceStatus(RpcRequest request) {
    String region = request.required("RegionId");
    List<String> ids = request.list("InstanceId");
    Predicate<EmulatorInstance> filter =
        i -> region.equals(i.regionId()) && (ids.isEmpty() || ids.contains(i.instanceId()));
    return page(
        request,
        filter,
        50,
        "InstanceStatuses",
        "InstanceStatus",
        i -> Map.of("InstanceId", i.instanceId(), "Status", i.status()));
  }

  private Map<String, Object> page(
      RpcRequest request,
      Predicate<EmulatorInstance> filter,
      int maxPageSize,
      String listName,
      String elementName,
      Function<EmulatorInstance, Map<String, Object>> toJson) {
    int pageNumber = intParam(request, "PageNumber", 1, 1, Integer.MAX_VALUE);
    int pageSize = intParam(request, "PageSize", 10, 1, maxPageSize);
    List<EmulatorInstance> matching = store.list().stream().filter(filter).toList();
    long from = Math.min((long) (pageNumber - 1) * pageSize, matching.size());
    int to = (int) Math.min(from + pageSize, matching.size());
    List<Map<String, Object>> page = new ArrayList<>();
    matching.subList((int) from, to).forEach(i -> page.add(toJson.apply(i)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("TotalCount", matching.size());
    body.put("PageNumber", pageNumber);
    body.put("PageSize", pageSize);
    body.put(listName, Map.of(elementName, page));
    return body;
  }

  private static List<String> parseIds(String json) {
    List<String> ids;
    try {
      ids = JsonResponses.MAPPER.readValue(json, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw ApiError.invalid("InstanceIds", "must be a JSON array of instance ids");
    }
    if (ids == null || ids.size() > 100) {
      throw ApiError.invalid("InstanceIds", "must list at most 100 instance ids");
    }
    return ids;
  }

  private static int intParam(RpcRequest request, String name, int dflt, int min, int max) {
    String raw = request.param(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below like an out-of-range value.
    }
    throw ApiError.invalid(name, "must be a number from " + min + " to " + max);
  }

  private static Map<String, Object> instanceJson(EmulatorInstance i) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("InstanceId", i.instanceId());
    json.put("InstanceName", i.instanceId());
    json.put("HostName", i.instanceId());
    json.put("RegionId", i.regionId());
    json.put("ZoneId", i.zoneId() == null ? "" : i.zoneId());
    json.put("Status", i.status());
    json.put("StartTime", i.startTime());
    json.put("ExpiredTime", i.expiredTime() == null ? EcsTimes.NEVER : i.expiredTime());
    json.put("InstanceChargeType", i.expiredTime() == null ? "PostPaid" : "PrePaid");
    List<Map<String, Object>> locks = new ArrayList<>();
    i.operationLocks().forEach(reason -> locks.add(Map.of("LockReason", reason)));
    json.put("OperationLocks", Map.of("LockReason", locks));
    List<Map<String, Object>> tags = new ArrayList<>();
    i.tags().forEach((k, v) -> tags.add(Map.of("TagKey", k, "TagValue", v)));
    json.put("Tags", Map.of("Tag", tags));
    return json;
  }
}
