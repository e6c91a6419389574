package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * Which targets to reboot and at what pace. Immutable except {@code suspend}: the children already
 * made were made for this spec, and a changed target list or template could not apply to them.
 */
@ValidationRule(
    value = "has(self.nodeSelector) != has(self.instanceIds)",
    message = "set exactly one of nodeSelector and instanceIds")
@ValidationRule(
    value = "!has(self.template) || !has(self.template.drain) || has(self.nodeSelector)",
    message = "template.drain applies only to nodeSelector targets")
// Each field below carries self == oldSelf; that rule does not run when a field is added or
// removed, which this one forbids.
@ValidationRule(
    value =
        "has(self.nodeSelector) == has(oldSelf.nodeSelector)"
            + " && has(self.instanceIds) == has(oldSelf.instanceIds)"
            + " && has(self.maxUnavailable) == has(oldSelf.maxUnavailable)"
            + " && has(self.maxFailures) == has(oldSelf.maxFailures)"
            + " && has(self.minReadySeconds) == has(oldSelf.minReadySeconds)"
            + " && has(self.windows) == has(oldSelf.windows)"
            + " && has(self.template) == has(oldSelf.template)",
    message = RebootRolloutSpec.IMMUTABLE)
public class RebootRolloutSpec {
  static final String IMMUTABLE = "spec is immutable except suspend: create a new RebootRollout";
  public static final int MAX_INSTANCE_IDS = 10_000;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription(
      "Nodes to reboot (each as a nodeName RebootRequest): those matching this selector that"
          + " existed when the rollout was created. Exactly one of nodeSelector and instanceIds.")
  private LabelSelector nodeSelector;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @Size(min = 1, max = MAX_INSTANCE_IDS)
  @JsonPropertyDescription(
      "ECS instances to reboot (each as an instanceId RebootRequest). Exactly one of"
          + " nodeSelector and instanceIds.")
  private List<String> instanceIds;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @ValidationRule(
      value = "type(self) == int ? self >= 1 : self.matches('^[1-9][0-9]?%$|^100%$')",
      message = "maxUnavailable is a count >= 1 or a percentage 1%..100%")
  @Default("1")
  @JsonPropertyDescription(
      "Children unfinished at once: a count, or a percentage of the targets rounded down (at least"
          + " one). Default 1.")
  private IntOrString maxUnavailable;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @Min(0)
  @Max(MAX_INSTANCE_IDS)
  @Default("0")
  @JsonPropertyDescription(
      "Failed children tolerated; one more and no new child starts (the rollout fails). Default 0.")
  private Integer maxFailures;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @Min(0)
  @Max(86400)
  @Default("0")
  @JsonPropertyDescription(
      "Seconds a succeeded child still counts as unavailable before its slot is reused.")
  private Integer minReadySeconds;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @Size(max = 16)
  @JsonPropertyDescription(
      "Maintenance windows: new children start only inside one; running ones finish. None: any"
          + " time.")
  private List<RolloutWindow> windows;

  @JsonPropertyDescription("true: start no new child; children already running finish.")
  private Boolean suspend;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("The RebootRequest spec fields every child gets.")
  private RolloutTemplate template;

  public LabelSelector getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(LabelSelector nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<String> getInstanceIds() {
    return instanceIds;
  }

  public void setInstanceIds(List<String> instanceIds) {
    this.instanceIds = instanceIds;
  }

  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }

  public Integer getMaxFailures() {
    return maxFailures;
  }

  public void setMaxFailures(Integer maxFailures) {
    this.maxFailures = maxFailures;
  }

  public Integer getMinReadySeconds() {
    return minReadySeconds;
  }

  public void setMinReadySeconds(Integer minReadySeconds) {
    this.minReadySeconds = minReadySeconds;
  }

  public List<RolloutWindow> getWindows() {
    return windows;
  }

  public void setWindows(List<RolloutWindow> windows) {
    this.windows = windows;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public RolloutTemplate getTemplate() {
    return template;
  }

  public void setTemplate(RolloutTemplate template) {
    this.template = template;
  }
}
