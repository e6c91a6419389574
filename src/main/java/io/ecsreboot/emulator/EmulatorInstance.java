package io.ecsreboot.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One emulated ECS instance as the seed file and the admin API spell it. Times use the real API's
 * {@code yyyy-MM-ddTHH:mmZ}; {@code lastForceStop} is what the last reboot or stop asked for (null
 * before any); {@code bootCount} counts the boots (reboots and starts) the emulator began, so that
 * a test counts reboots without reading the minute-resolution StartTime.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmulatorInstance(
    String instanceId,
    String regionId,
    String zoneId,
    String status,
    String startTime,
    String expiredTime,
    List<String> operationLocks,
    Map<String, String> tags,
    Boolean lastForceStop,
    Integer bootCount) {

  public EmulatorInstance {
    operationLocks = operationLocks == null ? List.of() : List.copyOf(operationLocks);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public EmulatorInstance(
      String instanceId,
      String regionId,
      String zoneId,
      String status,
      String startTime,
      String expiredTime,
      List<String> operationLocks,
      Map<String, String> tags) {
    this(instanceId, regionId, zoneId, status, startTime, expiredTime, operationLocks, tags, null);
  }

  public EmulatorInstance(
      String instanceId,
      String regionId,
      String zoneId,
      String status,
      String startTime,
      String expiredTime,
      List<String> operationLocks,
      Map<String, String> tags,
      Boolean lastForceStop) {
    this(
        instanceId,
        regionId,
        zoneId,
        status,
        startTime,
        expiredTime,
        operationLocks,
        tags,
        lastForceStop,
        null);
  }

  /** A Running instance in {@code regionId} with no locks, started at {@code startTime}. */
  public static EmulatorInstance running(String instanceId, String regionId, String startTime) {
    return new EmulatorInstance(
        instanceId, regionId, regionId + "-a", "Running", startTime, null, List.of(), Map.of());
  }

  public EmulatorInstance withStatus(String newStatus) {
    return new EmulatorInstance(
        instanceId,
        regionId,
        zoneId,
        newStatus,
        startTime,
        expiredTime,
        operationLocks,
        tags,
        lastForceStop,
        bootCount);
  }

  public EmulatorInstance withOperationLocks(List<String> locks) {
    return new EmulatorInstance(
        instanceId,
        regionId,
        zoneId,
        status,
        startTime,
        expiredTime,
        locks,
        tags,
        lastForceStop,
        bootCount);
  }

  EmulatorInstance withBoot(String newStatus, String newStartTime) {
    return new EmulatorInstance(
        instanceId,
        regionId,
        zoneId,
        newStatus,
        newStartTime,
        expiredTime,
        operationLocks,
        tags,
        lastForceStop,
        bootCount);
  }

  EmulatorInstance withLastForceStop(boolean forceStop) {
    return new EmulatorInstance(
        instanceId,
        regionId,
        zoneId,
        status,
        startTime,
        expiredTime,
        operationLocks,
        tags,
        forceStop,
        bootCount);
  }

  EmulatorInstance withBootCount(int boots) {
    return new EmulatorInstance(
        instanceId,
        regionId,
        zoneId,
        status,
        startTime,
        expiredTime,
        operationLocks,
        tags,
        lastForceStop,
        boots);
  }
}
