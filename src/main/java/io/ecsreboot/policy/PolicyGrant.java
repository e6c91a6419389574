package io.ecsreboot.policy;

import io.ecsreboot.api.v1alpha1.RebootPolicy;
import io.ecsreboot.api.v1alpha1.RebootPolicySpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/**
 * One RebootPolicy as the rule reads it: plain values, absent grants as null or empty.
 *
 * @param nodes the nodeSelector, or null: no Node granted
 * @param instanceTags tags an instance must all carry; empty: no instance granted
 */
public record PolicyGrant(
    String name,
    LabelSelector namespaces,
    LabelSelector nodes,
    Map<String, String> instanceTags,
    boolean allowForceStop) {

  public PolicyGrant {
    instanceTags = instanceTags == null ? Map.of() : Map.copyOf(instanceTags);
  }

  /**
   * The grant of a policy object; null when it has no spec or no namespaceSelector (grants none).
   */
  public static PolicyGrant of(RebootPolicy policy) {
    RebootPolicySpec spec = policy.getSpec();
    if (spec == null || spec.getNamespaceSelector() == null) {
      return null;
    }
    return new PolicyGrant(
        policy.getMetadata().getName(),
        spec.getNamespaceSelector(),
        spec.getNodeSelector(),
        spec.getInstanceTags(),
        Boolean.TRUE.equals(spec.getAllowForceStop()));
  }

  boolean grantsInstances() {
    return !instanceTags.isEmpty();
  }
}
