package io.ecsreboot.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Who may reboot what (DESIGN.md 9), as plain code: given the asking namespace, the target and the
 * RebootPolicies, is the reboot granted, and if not, what was missing. The operator's own namespace
 * is granted everything; an instance request with its own credentials is bounded by that key's RAM
 * permissions instead; every other request needs a policy that selects its namespace and grants its
 * target, and allows forceStop when it asks for it.
 */
public final class PolicyRule {
  /** What a refusal lacked: the metric's label, so dashboards tell the cases apart. */
  public enum Missing {
    POLICY,
    NODE,
    TAG,
    FORCE_STOP
  }

  /**
   * @param missing null when permitted
   */
  public record Verdict(boolean permitted, Missing missing, String message) {
    static final Verdict PERMITTED = new Verdict(true, null, null);

    static Verdict refused(Missing missing, String message) {
      return new Verdict(false, missing, message);
    }
  }

  /**
   * The asking side of a request.
   *
   * @param ownCredentials the request names a credentialsSecretRef
   */
  public record Ask(
      String namespace,
      Map<String, String> namespaceLabels,
      boolean forceStop,
      boolean ownCredentials) {}

  private final String adminNamespace;

  public PolicyRule(String adminNamespace) {
    this.adminNamespace = adminNamespace;
  }

  public boolean isAdmin(String namespace) {
    return adminNamespace.equals(namespace);
  }

  /**
   * A Node target: the policy's nodeSelector must match the Node's labels (null: the Node is not
   * there, so no labels). Own credentials do not help: the drain acts with the operator's identity.
   */
  public Verdict forNode(
      Ask ask, String nodeName, Map<String, String> nodeLabels, List<PolicyGrant> policies) {
    if (isAdmin(ask.namespace())) {
      return Verdict.PERMITTED;
    }
    List<PolicyGrant> mine = selecting(ask, policies);
    List<PolicyGrant> granting =
        mine.stream()
            .filter(p -> p.nodes() != null && LabelSelectors.matches(p.nodes(), nodeLabels))
            .toList();
    if (granting.isEmpty()) {
      return Verdict.refused(
          mine.isEmpty() ? Missing.POLICY : Missing.NODE,
          "no RebootPolicy grants namespace "
              + ask.namespace()
              + " the node "
              + nodeName
              + (mine.isEmpty() ? " (no RebootPolicy selects the namespace)" : ""));
    }
    return forceStop(ask, granting, "node " + nodeName);
  }

  /**
   * An instance target under the operator's own identity: every tag of a policy's instanceTags must
   * be on the instance.
   *
   * @param tags the instance's ECS tags; null before DescribeInstances was asked (then only what
   *     needs no tags is judged, so a namespace no policy grants any instance costs no ECS call)
   */
  public Verdict forInstance(
      Ask ask, String instanceId, Map<String, String> tags, List<PolicyGrant> policies) {
    if (isAdmin(ask.namespace()) || ask.ownCredentials()) {
      return Verdict.PERMITTED;
    }
    List<PolicyGrant> mine =
        selecting(ask, policies).stream().filter(PolicyGrant::grantsInstances).toList();
    if (mine.isEmpty()) {
      return Verdict.refused(
          Missing.POLICY,
          "no RebootPolicy grants namespace "
              + ask.namespace()
              + " any ECS instance (a policy grants instances by instanceTags)");
    }
    if (tags == null) {
      return forceStop(ask, mine, "an instance");
    }
    List<PolicyGrant> granting = mine.stream().filter(p -> lacking(p, tags).isEmpty()).toList();
    if (granting.isEmpty()) {
      return Verdict.refused(
          Missing.TAG,
          "instance "
              + instanceId
              + " lacks "
              + mine.stream()
                  .map(p -> lacking(p, tags) + " (RebootPolicy " + p.name() + ")")
                  .collect(Collectors.joining("; or ")));
    }
    return forceStop(ask, granting, "instance " + instanceId);
  }

  private Verdict forceStop(Ask ask, List<PolicyGrant> granting, String target) {
    if (ask.forceStop() && granting.stream().noneMatch(PolicyGrant::allowForceStop)) {
      return Verdict.refused(
          Missing.FORCE_STOP,
          "forceStop is not allowed for namespace "
              + ask.namespace()
              + ": no RebootPolicy that grants it "
              + target
              + " sets allowForceStop");
    }
    return Verdict.PERMITTED;
  }

  private static List<PolicyGrant> selecting(Ask ask, List<PolicyGrant> policies) {
    return policies.stream()
        .filter(p -> LabelSelectors.matches(p.namespaces(), ask.namespaceLabels()))
        .sorted(Comparator.comparing(PolicyGrant::name))
        .toList();
  }

  /** "tag team=payments", "tags team=payments, env=prod", or "" when nothing is lacking. */
  private static String lacking(PolicyGrant policy, Map<String, String> tags) {
    List<String> missing =
        policy.instanceTags().entrySet().stream()
            .filter(e -> !e.getValue().equals(tags.get(e.getKey())))
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .toList();
    if (missing.isEmpty()) {
      return "";
    }
    return (missing.size() == 1 ? "tag " : "tags ") + String.join(", ", missing);
  }
}
