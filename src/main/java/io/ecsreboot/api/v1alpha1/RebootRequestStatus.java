package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened so far. Written only by the operator; the reboot intent fields (phase Rebooting,
 * attempts, rebootIssuedTime, startTimeBefore) are the write-ahead log that keeps reboots
 * exactly-once across crashes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebootRequestStatus {
  private Long observedGeneration;
  private Phase phase;

  @JsonPropertyDescription("The Node of a nodeName request.")
  private String nodeName;

  @JsonPropertyDescription("The ECS instance rebooted: spec.instanceId, or resolved from the Node.")
  private String instanceId;

  private String regionId;

  @JsonPropertyDescription("RebootInstance calls made for this request.")
  private Integer attempts;

  @JsonPropertyDescription("Retryable failures so far, counted against spec.backoffLimit.")
  private Integer retries;

  @JsonPropertyDescription("ECS RequestId of the accepted RebootInstance call.")
  private String requestId;

  @JsonPropertyDescription("Last ECS instance status seen.")
  private String instanceStatus;

  @JsonPropertyDescription("ECS StartTime of the instance before the reboot (minute resolution).")
  private String startTimeBefore;

  @JsonPropertyDescription(
      "ECS StartTime of the instance when it was verified running again (minute resolution).")
  private String startTimeAfter;

  @JsonPropertyDescription(
      "What proved the reboot: InstanceSeenRebooting (Stopping/Starting seen after the call),"
          + " NodeBootIDChanged (the Node's bootID), or StartTimeMoved (a later StartTime alone).")
  private String rebootEvidence;

  @JsonPropertyDescription("The Node's status.nodeInfo.bootID before the reboot.")
  private String bootIDBefore;

  private DrainStatus drain;

  private EcsErrorStatus lastError;

  @JsonPropertyDescription("When the operator first acted on the request.")
  private String startTime;

  @JsonPropertyDescription("Write-ahead intent time of the current RebootInstance attempt.")
  private String rebootIssuedTime;

  private String completionTime;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  public String getBootIDBefore() {
    return bootIDBefore;
  }

  public void setBootIDBefore(String bootIDBefore) {
    this.bootIDBefore = bootIDBefore;
  }

  public DrainStatus getDrain() {
    return drain;
  }

  public void setDrain(DrainStatus drain) {
    this.drain = drain;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public String getRegionId() {
    return regionId;
  }

  public void setRegionId(String regionId) {
    this.regionId = regionId;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public Integer getRetries() {
    return retries;
  }

  public void setRetries(Integer retries) {
    this.retries = retries;
  }

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  public String getInstanceStatus() {
    return instanceStatus;
  }

  public void setInstanceStatus(String instanceStatus) {
    this.instanceStatus = instanceStatus;
  }

  public String getStartTimeAfter() {
    return startTimeAfter;
  }

  public void setStartTimeAfter(String startTimeAfter) {
    this.startTimeAfter = startTimeAfter;
  }

  public String getRebootEvidence() {
    return rebootEvidence;
  }

  public void setRebootEvidence(String rebootEvidence) {
    this.rebootEvidence = rebootEvidence;
  }

  public String getStartTimeBefore() {
    return startTimeBefore;
  }

  public void setStartTimeBefore(String startTimeBefore) {
    this.startTimeBefore = startTimeBefore;
  }

  public EcsErrorStatus getLastError() {
    return lastError;
  }

  public void setLastError(EcsErrorStatus lastError) {
    this.lastError = lastError;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getRebootIssuedTime() {
    return rebootIssuedTime;
  }

  public void setRebootIssuedTime(String rebootIssuedTime) {
    this.rebootIssuedTime = rebootIssuedTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
