package io.ecsreboot.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The actions that change an instance: RebootInstance, RebootInstances, StartInstance and
 * StopInstance, with the real API's checks in its order: not found (also in another region),
 * security lock, expired or in arrears, status.
 */
final class InstanceActions {

  private final InstanceStore store;
  private final Clock clock;

  InstanceActions(InstanceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Map<String, Object> rebootInstance(RpcRequest request) {
    String id = request.required("InstanceId");
    change(request, id, InstanceStore.Operation.REBOOT, forceStop(request, "ForceStop"));
    return Map.of();
  }

  Map<String, Object> startInstance(RpcRequest request) {
    change(request, request.required("InstanceId"), InstanceStore.Operation.START, null);
    return Map.of();
  }

  Map<String, Object> stopInstance(RpcRequest request) {
    String id = request.required("InstanceId");
    change(request, id, InstanceStore.Operation.STOP, forceStop(request, "ForceStop"));
    return Map.of();
  }

  /**
   * AllTogether (the default) reboots all or none; SuccessFirst reboots those that pass and reports
   * each instance's own error code.
   */
  Map<String, Object> rebootInstances(RpcRequest request) {
    List<String> ids = request.list("InstanceId");
    if (ids.isEmpty()) {
      throw ApiError.missing("InstanceId.1");
    }
    if (ids.size() > 100) {
      throw ApiError.invalid("InstanceId", "at most 100 instances");
    }
    String region = request.param("RegionId");
    boolean successFirst = "SuccessFirst".equals(request.param("BatchOptimization"));
    if (request.flag("DryRun") || !successFirst) {
      ids.forEach(id -> check(find(id), InstanceStore.Operation.REBOOT, region));
      if (request.flag("DryRun")) {
        throw ApiError.of("DryRunOperation");
      }
    }
    Boolean force = forceStop(request, "ForceReboot");
    List<Map<String, Object>> responses = new ArrayList<>();
    for (String id : ids) {
      String previous = store.get(id).map(EmulatorInstance::status).orElse("");
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("InstanceId", id);
      try {
        EmulatorInstance now =
            store.begin(
                id,
                InstanceStore.Operation.REBOOT_BATCH,
                force,
                i -> check(i, InstanceStore.Operation.REBOOT, region));
        response.put("Code", "200");
        response.put("Message", "success");
        response.put("PreviousStatus", previous);
        response.put("CurrentStatus", now.status());
      } catch (ApiError e) {
        response.put("Code", e.code());
        response.put("Message", e.getMessage());
        response.put("PreviousStatus", previous);
        response.put("CurrentStatus", previous);
      }
      responses.add(response);
    }
    return Map.of("InstanceResponses", Map.of("InstanceResponse", responses));
  }

  private void change(
      RpcRequest request, String id, InstanceStore.Operation operation, Boolean forceStop) {
    String region = request.param("RegionId");
    if (request.flag("DryRun")) {
      check(find(id), operation, region);
      throw ApiError.of("DryRunOperation");
    }
    store.begin(id, operation, forceStop, instance -> check(instance, operation, region));
  }

  private EmulatorInstance find(String id) {
    return store.get(id).orElseThrow(() -> ApiError.of("InvalidInstanceId.NotFound"));
  }

  /**
   * @param region the request's RegionId, or null (V3 calls carry none: any region matches)
   */
  private void check(EmulatorInstance instance, InstanceStore.Operation operation, String region) {
    if (region != null && !region.isBlank() && !region.equals(instance.regionId())) {
      throw ApiError.of("InvalidInstanceId.NotFound");
    }
    if (operation != InstanceStore.Operation.STOP) {
      // StopInstance is the one call that a security lock or arrears do not block.
      if (instance.operationLocks().contains("security")) {
        throw ApiError.of("InstanceLockedForSecurity");
      }
      if (instance.operationLocks().contains("financial") || expired(instance)) {
        throw ApiError.of("InstanceExpiredOrInArrears");
      }
    }
    String needed = operation == InstanceStore.Operation.START ? "Stopped" : "Running";
    if (!needed.equals(instance.status())) {
      throw ApiError.of("IncorrectInstanceStatus");
    }
  }

  private boolean expired(EmulatorInstance instance) {
    Instant expiry = instance.expiredTime() == null ? null : EcsTimes.parse(instance.expiredTime());
    return expiry != null && expiry.isBefore(clock.instant());
  }

  /** The flag's value, false when absent: recorded on the instance as lastForceStop. */
  private static Boolean forceStop(RpcRequest request, String name) {
    return request.flag(name);
  }
}
