package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet's progress, recomputed on every reconcile from the children found; only {@code
 * refusedChildren} is read back (a refused target has no child to show it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebootRolloutStatus {
  private Long observedGeneration;
  private RolloutPhase phase;

  @JsonPropertyDescription("Targets of the rollout: Nodes matched at creation, or instanceIds.")
  private Integer targets;

  private Integer succeeded;
  private Integer failed;

  @JsonPropertyDescription("Children not finished yet.")
  private Integer active;

  @JsonPropertyDescription("Targets without a child yet.")
  private Integer remaining;

  @JsonPropertyDescription("The targets whose child failed (at most 20 named).")
  private List<String> failedTargets;

  @JsonPropertyDescription(
      "Targets whose child the API server refused for good (admission, RBAC, invalid): each counts"
          + " as failed and is not tried again. At most 100; more refusals end the rollout Failed.")
  private List<RefusedChild> refusedChildren;

  @JsonPropertyDescription("Start of the next maintenance window, while outside every window.")
  private String nextWindowStart;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public RolloutPhase getPhase() {
    return phase;
  }

  public void setPhase(RolloutPhase phase) {
    this.phase = phase;
  }

  public Integer getTargets() {
    return targets;
  }

  public void setTargets(Integer targets) {
    this.targets = targets;
  }

  public Integer getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Integer succeeded) {
    this.succeeded = succeeded;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Integer getActive() {
    return active;
  }

  public void setActive(Integer active) {
    this.active = active;
  }

  public Integer getRemaining() {
    return remaining;
  }

  public void setRemaining(Integer remaining) {
    this.remaining = remaining;
  }

  public List<String> getFailedTargets() {
    return failedTargets;
  }

  public void setFailedTargets(List<String> failedTargets) {
    this.failedTargets = failedTargets;
  }

  public List<RefusedChild> getRefusedChildren() {
    return refusedChildren;
  }

  public void setRefusedChildren(List<RefusedChild> refusedChildren) {
    this.refusedChildren = refusedChildren;
  }

  public String getNextWindowStart() {
    return nextWindowStart;
  }

  public void setNextWindowStart(String nextWindowStart) {
    this.nextWindowStart = nextWindowStart;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
