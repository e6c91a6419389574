package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * The RebootRequest spec fields every child of a rollout shares. No ttlSecondsAfterFinished: a
 * child deleted after it finished would look like a target not yet rebooted.
 */
public class RolloutTemplate {
  @Pattern(RebootRequestSpec.REGION_ID_PATTERN)
  @Size(max = SpecLimits.MAX_REGION_ID_CHARS)
  @JsonPropertyDescription("Region of instanceIds targets; defaults to the operator's --region.")
  private String regionId;

  @JsonPropertyDescription("Power-cycle instead of a graceful restart; may lose unflushed data.")
  private Boolean forceStop;

  @JsonPropertyDescription("Only check that each reboot would be accepted; reboot nothing.")
  private Boolean dryRun;

  @Size(max = SpecLimits.MAX_REASON_CHARS)
  @JsonPropertyDescription("Free text copied into each child's Events; at most 256 characters.")
  private String reason;

  @JsonPropertyDescription("Secret in this namespace with the ECS credentials of every child.")
  private SecretReference credentialsSecretRef;

  @Min(SpecLimits.MIN_BACKOFF_LIMIT)
  @Max(SpecLimits.MAX_BACKOFF_LIMIT)
  @JsonPropertyDescription("Each child's backoffLimit (default 6).")
  private Integer backoffLimit;

  @Min(SpecLimits.MIN_ACTIVE_DEADLINE_SECONDS)
  @Max(SpecLimits.MAX_ACTIVE_DEADLINE_SECONDS)
  @JsonPropertyDescription("Each child's activeDeadlineSeconds, counted from the child's creation.")
  private Long activeDeadlineSeconds;

  @Min(SpecLimits.MIN_VERIFY_TIMEOUT_SECONDS)
  @Max(SpecLimits.MAX_VERIFY_TIMEOUT_SECONDS)
  @JsonPropertyDescription("Each child's verifyTimeoutSeconds (default 900).")
  private Integer verifyTimeoutSeconds;

  @JsonPropertyDescription("Only with nodeSelector: how each node is drained before its reboot.")
  private DrainSpec drain;

  public String getRegionId() {
    return regionId;
  }

  public void setRegionId(String regionId) {
    this.regionId = regionId;
  }

  public Boolean getForceStop() {
    return forceStop;
  }

  public void setForceStop(Boolean forceStop) {
    this.forceStop = forceStop;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public Integer getVerifyTimeoutSeconds() {
    return verifyTimeoutSeconds;
  }

  public void setVerifyTimeoutSeconds(Integer verifyTimeoutSeconds) {
    this.verifyTimeoutSeconds = verifyTimeoutSeconds;
  }

  public DrainSpec getDrain() {
    return drain;
  }

  public void setDrain(DrainSpec drain) {
    this.drain = drain;
  }
}
