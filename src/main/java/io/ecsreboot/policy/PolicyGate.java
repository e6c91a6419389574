package io.ecsreboot.policy;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootPolicy;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks {@link PolicyRule} about one request with what it needs read fresh from the API server (the
 * namespace's labels, the RebootPolicies, the Node's labels), so a grant withdrawn a moment ago is
 * never honoured from a cache; the operator's own namespace costs no read. Counts refusals.
 */
public final class PolicyGate {
  private final KubernetesClient client;
  private final PolicyRule rule;
  private final MeterRegistry registry;

  public PolicyGate(KubernetesClient client, String adminNamespace, MeterRegistry registry) {
    this.client = client;
    this.rule = new PolicyRule(adminNamespace);
    this.registry = registry;
  }

  /**
   * Before a node request's first cordon, and each reconcile until its reboot is issued.
   *
   * @return the refusal message, or empty when granted
   */
  public Optional<String> refuseNode(RebootRequest request) {
    if (rule.isAdmin(namespace(request))) {
      return Optional.empty();
    }
    String nodeName = request.getSpec().getNodeName();
    Node node = client.nodes().withName(nodeName).get();
    Map<String, String> labels = node == null ? Map.of() : node.getMetadata().getLabels();
    return refusal(rule.forNode(ask(request), nodeName, labels, policies()), "node");
  }

  /**
   * An instance request before its first DescribeInstances: refuses, without any ECS call, a
   * namespace no policy grants any instance (or forceStop) at all.
   */
  public Optional<String> refuseInstanceBeforeDescribe(RebootRequest request, Phase phase) {
    if (phase != Phase.Pending || granted(request)) {
      return Optional.empty();
    }
    RebootRequestSpec spec = request.getSpec();
    return refusal(
        rule.forInstance(ask(request), spec.getInstanceId(), null, policies()), "instance");
  }

  /**
   * Right before RebootInstance (the intent not yet written), with the tags of the look just taken:
   * a node request's Node labels, an instance request's tags, judged again.
   *
   * @param instanceId the instance about to be rebooted
   * @param tags its tags as DescribeInstances gave them; null when it was not listed
   */
  public Optional<String> refuseReboot(
      RebootRequest request, String instanceId, Map<String, String> tags) {
    if (request.getSpec().getNodeName() != null) {
      return refuseNode(request);
    }
    if (granted(request)) {
      return Optional.empty();
    }
    return refusal(
        rule.forInstance(ask(request), instanceId, tags == null ? Map.of() : tags, policies()),
        "instance");
  }

  /** Granted without any read: the admin namespace, or an instance request with its own key. */
  private boolean granted(RebootRequest request) {
    return rule.isAdmin(namespace(request)) || request.getSpec().getCredentialsSecretRef() != null;
  }

  private PolicyRule.Ask ask(RebootRequest request) {
    String ns = namespace(request);
    Namespace namespace = client.namespaces().withName(ns).get();
    Map<String, String> labels =
        namespace == null || namespace.getMetadata().getLabels() == null
            ? Map.of()
            : namespace.getMetadata().getLabels();
    RebootRequestSpec spec = request.getSpec();
    return new PolicyRule.Ask(
        ns,
        labels,
        Boolean.TRUE.equals(spec.getForceStop()),
        spec.getCredentialsSecretRef() != null);
  }

  private List<PolicyGrant> policies() {
    try {
      return client.resources(RebootPolicy.class).list().getItems().stream()
          .map(PolicyGrant::of)
          .filter(Objects::nonNull)
          .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // The RebootPolicy CRD is not installed (an upgrade that skipped crds/): nothing is
        // granted, and the refusal says which grant is missing rather than retrying forever.
        return List.of();
      }
      throw e;
    }
  }

  private Optional<String> refusal(PolicyRule.Verdict verdict, String target) {
    if (verdict.permitted()) {
      return Optional.empty();
    }
    Counter.builder("ecsreboot.policy.refusals")
        .description("Reboots refused by RebootPolicy, by target kind and what was missing")
        .tag("target", target)
        .tag("missing", verdict.missing().name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
    return Optional.of(verdict.message());
  }

  private static String namespace(RebootRequest request) {
    return request.getMetadata().getNamespace();
  }
}
