package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How far the drain of a node got. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrainStatus {
  @JsonPropertyDescription("Pods whose eviction the API server accepted.")
  private Integer evicted;

  @JsonPropertyDescription("Pods still on the node that the drain waits for.")
  private Integer remaining;

  @JsonPropertyDescription(
      "Who refuses an eviction right now, e.g. PodDisruptionBudget shop/web; empty when nobody.")
  private String blockedBy;

  @JsonPropertyDescription("When the first eviction was sent; drain.timeoutSeconds counts from it.")
  private String startTime;

  public Integer getEvicted() {
    return evicted;
  }

  public void setEvicted(Integer evicted) {
    this.evicted = evicted;
  }

  public Integer getRemaining() {
    return remaining;
  }

  public void setRemaining(Integer remaining) {
    this.remaining = remaining;
  }

  public String getBlockedBy() {
    return blockedBy;
  }

  public void setBlockedBy(String blockedBy) {
    this.blockedBy = blockedBy;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }
}
