package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What to reboot and how. Immutable after creation: one object is one reboot, so a changed spec
 * could never be honoured without rebooting twice.
 */
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: create a new RebootRequest to reboot again")
@ValidationRule(
    value = "has(self.instanceId) != has(self.nodeName)",
    message = "set exactly one of instanceId and nodeName")
@ValidationRule(
    value = "!has(self.drain) || has(self.nodeName)",
    message = "drain applies only to a nodeName target")
public class RebootRequestSpec {
  public static final String INSTANCE_ID_PATTERN = "^i-[a-z0-9]{1,40}$";

  /** A Node name: a DNS subdomain (RFC 1123), as the API server requires. */
  public static final String NODE_NAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  public static final String REGION_ID_PATTERN = "^[a-z]{2,}-[a-z0-9-]+$";
  public static final int DEFAULT_BACKOFF_LIMIT = 6;
  public static final int DEFAULT_VERIFY_TIMEOUT_SECONDS = 900;

  @Pattern(INSTANCE_ID_PATTERN)
  @Size(max = SpecLimits.MAX_INSTANCE_ID_CHARS)
  @JsonPropertyDescription(
      "ECS instance to reboot, for example i-bp67acfmxazb4ph00001. Exactly one of instanceId and"
          + " nodeName.")
  private String instanceId;

  @Pattern(NODE_NAME_PATTERN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Kubernetes Node to reboot safely (cordon, drain, reboot, verify, uncordon); its ECS instance"
          + " comes from spec.providerID. Exactly one of instanceId and nodeName.")
  private String nodeName;

  @JsonPropertyDescription("Only with nodeName: how the node is drained before the reboot.")
  private DrainSpec drain;

  @Pattern(REGION_ID_PATTERN)
  @Size(max = SpecLimits.MAX_REGION_ID_CHARS)
  @JsonPropertyDescription("Region of the instance; defaults to the operator's --region.")
  private String regionId;

  @JsonPropertyDescription("Power-cycle instead of a graceful restart; may lose unflushed data.")
  private Boolean forceStop;

  @JsonPropertyDescription(
      "Only check that the reboot would be accepted (ECS DryRun); reboot nothing.")
  private Boolean dryRun;

  @Size(max = SpecLimits.MAX_REASON_CHARS)
  @JsonPropertyDescription(
      "Free text copied into Events, for example the change ticket; at most 256 characters.")
  private String reason;

  @JsonPropertyDescription(
      "Secret in this namespace with accessKeyId, accessKeySecret and optional securityToken;"
          + " defaults to the operator's own credentials.")
  private SecretReference credentialsSecretRef;

  @Min(SpecLimits.MIN_BACKOFF_LIMIT)
  @Max(SpecLimits.MAX_BACKOFF_LIMIT)
  @Default("6")
  @JsonPropertyDescription(
      "Retries of retryable ECS failures before the request fails (default 6).")
  private Integer backoffLimit;

  @Min(SpecLimits.MIN_ACTIVE_DEADLINE_SECONDS)
  @Max(SpecLimits.MAX_ACTIVE_DEADLINE_SECONDS)
  @JsonPropertyDescription(
      "Deadline for the whole request, counted from its creation; at most 7 days (604800).")
  private Long activeDeadlineSeconds;

  @Min(SpecLimits.MIN_VERIFY_TIMEOUT_SECONDS)
  @Max(SpecLimits.MAX_VERIFY_TIMEOUT_SECONDS)
  @Default("900")
  @JsonPropertyDescription(
      "How long to wait for the instance to run again after the reboot (default 900).")
  private Integer verifyTimeoutSeconds;

  @Min(SpecLimits.MIN_TTL_SECONDS_AFTER_FINISHED)
  @Max(SpecLimits.MAX_TTL_SECONDS_AFTER_FINISHED)
  @JsonPropertyDescription(
      "Delete the object this long after it finished; at most 30 days (2592000).")
  private Long ttlSecondsAfterFinished;

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  public DrainSpec getDrain() {
    return drain;
  }

  public void setDrain(DrainSpec drain) {
    this.drain = drain;
  }

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

  public Long getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }
}
