package io.ecsreboot.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One RPC call as the emulator saw and answered it. {@code params} never holds the signature or the
 * AccessKeyId; {@code code} is empty on success; {@code httpStatus} is 0 when the connection was
 * dropped on purpose; {@code effect} is {@link #APPLIED} when the call changed an instance
 * (whatever the reply: an {@code after} fault's error, delay or dropped connection still has the
 * effect), else {@link #REJECTED} (reads, refusals, dry runs, {@code before} faults, outages).
 * {@code appliedInstanceIds} names the instances the call changed: a SuccessFirst RebootInstances
 * may reboot some members and refuse others, so "applied" on the whole call would overcount. A
 * record without it (an older emulator's) reads as every id of an applied call, none otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallRecord(
    String time,
    String action,
    List<String> instanceIds,
    Map<String, String> params,
    int httpStatus,
    String code,
    String requestId,
    String effect,
    List<String> appliedInstanceIds) {

  public static final String APPLIED = "applied";
  public static final String REJECTED = "rejected";

  public CallRecord {
    instanceIds = instanceIds == null ? List.of() : List.copyOf(instanceIds);
    params = params == null ? Map.of() : Map.copyOf(params);
    code = code == null ? "" : code;
    effect = effect == null ? REJECTED : effect;
    if (appliedInstanceIds == null) {
      appliedInstanceIds = APPLIED.equals(effect) ? instanceIds : List.of();
    } else {
      appliedInstanceIds = List.copyOf(appliedInstanceIds);
    }
  }

  public boolean applied() {
    return APPLIED.equals(effect);
  }
}
