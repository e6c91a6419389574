package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/**
 * Which namespaces a policy speaks for, and what it grants them. A grant left out grants nothing:
 * no nodeSelector, no Node; no instanceTags, no instance.
 */
public class RebootPolicySpec {
  @Required
  @JsonPropertyDescription(
      "Namespaces (by their labels) this policy grants to; {} selects every namespace.")
  private LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "Nodes (by their labels) these namespaces may reboot and drain; absent: no Node;"
          + " {} every Node.")
  private LabelSelector nodeSelector;

  @Size(max = 20)
  @JsonPropertyDescription(
      "ECS instances these namespaces may reboot under the operator's own identity: every tag"
          + " listed must be on the instance with this value; absent or empty: no instance.")
  private Map<String, String> instanceTags;

  @JsonPropertyDescription("Whether these namespaces may ask for forceStop (default false).")
  private Boolean allowForceStop;

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public LabelSelector getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(LabelSelector nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public Map<String, String> getInstanceTags() {
    return instanceTags;
  }

  public void setInstanceTags(Map<String, String> instanceTags) {
    this.instanceTags = instanceTags;
  }

  public Boolean getAllowForceStop() {
    return allowForceStop;
  }

  public void setAllowForceStop(Boolean allowForceStop) {
    this.allowForceStop = allowForceStop;
  }
}
