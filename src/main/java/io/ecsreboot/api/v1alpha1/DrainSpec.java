package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** How a node is emptied before its reboot: cordon, then evict through the Eviction API. */
public class DrainSpec {
  public static final int DEFAULT_TIMEOUT_SECONDS = 600;

  /** What to do when evictions have not finished within timeoutSeconds. */
  public enum OnTimeout {
    /** Uncordon and fail with DrainTimeout: nothing was rebooted. */
    Fail,
    /** Reboot anyway: the pods still on the node die with it. */
    Reboot
  }

  @Default("true")
  @JsonPropertyDescription("Cordon the node and evict its pods before the reboot (default true).")
  private Boolean enabled;

  @Min(0)
  @Max(86400)
  @Default("600")
  @JsonPropertyDescription("How long evictions may take (default 600 seconds).")
  private Integer timeoutSeconds;

  @Size(max = 1024)
  @JsonPropertyDescription(
      "Label selector (kubectl syntax, e.g. app!=batch-runner): only matching pods are evicted.")
  private String podSelector;

  @Min(0)
  @Max(86400)
  @JsonPropertyDescription("Grace period given to each evicted pod; default: the pod's own.")
  private Integer gracePeriodSeconds;

  @Default("Fail")
  @JsonPropertyDescription(
      "Fail (default): uncordon and fail with DrainTimeout. Reboot: reboot anyway.")
  private OnTimeout onTimeout;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  public String getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(String podSelector) {
    this.podSelector = podSelector;
  }

  public Integer getGracePeriodSeconds() {
    return gracePeriodSeconds;
  }

  public void setGracePeriodSeconds(Integer gracePeriodSeconds) {
    this.gracePeriodSeconds = gracePeriodSeconds;
  }

  public OnTimeout getOnTimeout() {
    return onTimeout;
  }

  public void setOnTimeout(OnTimeout onTimeout) {
    this.onTimeout = onTimeout;
  }
}
