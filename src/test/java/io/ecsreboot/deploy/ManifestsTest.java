package io.ecsreboot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests under deploy/: they parse, and the RBAC grants exactly the calls the operator makes
 * (a new call needs a new rule here and in the manifests, on purpose).
 */
class ManifestsTest {
  static final Path DEPLOY = Path.of("deploy");

  /** group|resource|verb, as the operator uses them (deploy/README.md says why each). */
  static final Set<String> WATCHED_NAMESPACE_RULES =
      Set.of(
          "ecsreboot.io|rebootrequests|get",
          "ecsreboot.io|rebootrequests|list",
          "ecsreboot.io|rebootrequests|watch",
          "ecsreboot.io|rebootrequests|patch",
          "ecsreboot.io|rebootrequests|delete",
          "ecsreboot.io|rebootrequests/status|get",
          "ecsreboot.io|rebootrequests/status|patch",
          "ecsreboot.io|rebootrequests|create",
          "ecsreboot.io|rebootrollouts|get",
          "ecsreboot.io|rebootrollouts|list",
          "ecsreboot.io|rebootrollouts|watch",
          "ecsreboot.io|rebootrollouts/status|get",
          "ecsreboot.io|rebootrollouts/status|patch",
          "|events|create",
          "|secrets|get");

  /** Node reboots (DESIGN.md 7): cluster-scoped, so only in the ClusterRole. Never pods delete. */
  static final Set<String> NODE_RULES =
      Set.of(
          "|nodes|get",
          "|nodes|list",
          "|nodes|watch",
          "|nodes|patch",
          "|pods|list",
          "|pods/eviction|create");

  /**
   * RebootPolicy (DESIGN.md 9): the policies and the asking namespace's labels, read before each
   * reboot. Cluster-scoped, so a ClusterRole in both variants.
   */
  static final Set<String> POLICY_RULES =
      Set.of(
          "ecsreboot.io|rebootpolicies|get",
          "ecsreboot.io|rebootpolicies|list",
          "ecsreboot.io|rebootpolicies|watch",
          "|namespaces|get",
          "|namespaces|list",
          "|namespaces|watch");

  static final String SELF_SUBJECT_RULES_REVIEW =
      "authorization.k8s.io|selfsubjectrulesreviews|create";

  static final Set<String> LEASE_RULES =
      Set.of(
          "coordination.k8s.io|leases|get",
          "coordination.k8s.io|leases|create",
          "coordination.k8s.io|leases|update",
          "coordination.k8s.io|leases|patch");

  @Test
  void everyManifestParsesAndNamesItsKind() throws IOException {
    List<Map<String, Object>> docs = allDocuments();
    assertThat(docs).hasSizeGreaterThan(10);
    for (Map<String, Object> doc : docs) {
      assertThat(doc).containsKeys("apiVersion", "kind");
    }
  }

  @Test
  void theClusterRoleGrantsExactlyWhatTheOperatorUses() throws IOException {
    var expected = new TreeSet<>(WATCHED_NAMESPACE_RULES);
    expected.add(SELF_SUBJECT_RULES_REVIEW);
    expected.addAll(NODE_RULES);
    expected.addAll(POLICY_RULES);
    assertThat(rules(one("ClusterRole", "ecs-reboot-operator"))).isEqualTo(expected);
  }

  @Test
  void theNamespacedVariantReadsPoliciesAndNamespacesClusterWideAndNothingElse()
      throws IOException {
    assertThat(rules(one("ClusterRole", "ecs-reboot-operator-policies")))
        .isEqualTo(new TreeSet<>(POLICY_RULES));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAdmissionPolicyIsBoundOutsideTheOperatorsNamespaceAndDenies() throws IOException {
    var policy = one("ValidatingAdmissionPolicy", "ecs-reboot-operator-node-reboots");
    assertThat(String.valueOf(policy.get("spec")))
        .contains("ecsreboot.io/node-reboots", "nodeName", "forceStop");
    var binding = one("ValidatingAdmissionPolicyBinding", "ecs-reboot-operator-node-reboots");
    var spec = (Map<String, Object>) binding.get("spec");
    assertThat(spec)
        .containsEntry("policyName", "ecs-reboot-operator-node-reboots")
        .containsEntry("validationActions", List.of("Deny"));
    assertThat(String.valueOf(spec.get("matchResources")))
        .contains("kubernetes.io/metadata.name", "NotIn", "ecs-reboot-system");
  }

  @Test
  void podsAreNeverDeletedNorReadOneByOne_onlyEvicted() throws IOException {
    for (var doc : allDocuments()) {
      if (doc.get("kind").toString().endsWith("Role")) {
        assertThat(rules(doc))
            .doesNotContain("|pods|delete", "|pods|deletecollection", "|pods|get", "|nodes|delete");
      }
    }
  }

  @Test
  void leasesAreGrantedOnlyInTheOperatorsNamespace() throws IOException {
    var role = one("Role", "ecs-reboot-operator-leader-election");
    assertThat(rules(role)).isEqualTo(new TreeSet<>(LEASE_RULES));
    for (var doc : allDocuments()) {
      if (!doc.equals(role) && doc.get("kind").toString().endsWith("Role")) {
        assertThat(rules(doc)).noneMatch(r -> r.contains("leases"));
      }
    }
  }

  @Test
  void theNamespacedRoleIsTheClusterRoleWithoutTheClusterScopedReview() throws IOException {
    assertThat(rules(one("Role", "ecs-reboot-operator")))
        .isEqualTo(new TreeSet<>(WATCHED_NAMESPACE_RULES));
  }

  @Test
  void noRuleUsesWildcardsAndSecretsAreNeverListedOrWatched() throws IOException {
    for (var doc : allDocuments()) {
      if (doc.get("kind").toString().endsWith("Role")) {
        assertThat(rules(doc)).noneMatch(r -> r.contains("*"));
        assertThat(rules(doc)).doesNotContain("|secrets|list", "|secrets|watch");
      }
    }
  }

  @Test
  void bindingsNameTheOperatorsServiceAccount() throws IOException {
    for (var doc : allDocuments()) {
      if (doc.get("kind").toString().endsWith("RoleBinding")) {
        @SuppressWarnings("unchecked")
        var subjects = (List<Map<String, Object>>) doc.get("subjects");
        assertThat(subjects)
            .containsExactly(
                Map.of(
                    "kind", "ServiceAccount",
                    "name", "ecs-reboot-operator",
                    "namespace", "ecs-reboot-system"));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDeploymentIsHighlyAvailableAndLockedDown() throws IOException {
    var deployment = one("Deployment", "ecs-reboot-operator");
    var spec = (Map<String, Object>) deployment.get("spec");
    assertThat(spec).containsEntry("replicas", 2);
    var pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    assertThat((Map<String, Object>) pod.get("securityContext"))
        .containsEntry("runAsNonRoot", true)
        .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
    var container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    assertThat((List<String>) container.get("args")).contains("run", "--leader-election");
    assertThat((Map<String, Object>) container.get("securityContext"))
        .containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("capabilities", Map.of("drop", List.of("ALL")));
    assertThat((Map<String, Object>) container.get("resources")).containsKeys("requests", "limits");
    assertThat(String.valueOf(container.get("livenessProbe"))).contains("/healthz", "health");
    assertThat(String.valueOf(container.get("readinessProbe"))).contains("/readyz", "health");
    assertThat((List<Map<String, Object>>) container.get("ports"))
        .contains(Map.of("name", "metrics", "containerPort", 8080))
        .contains(Map.of("name", "health", "containerPort", 8081));
    assertThat(String.valueOf(container.get("volumeMounts"))).contains("mountPath=/tmp");
    // The credentials Secret is optional: without it the pod must still start (RRSA, RAM role).
    for (var env : (List<Map<String, Object>>) container.get("env")) {
      var from = (Map<String, Object>) env.get("valueFrom");
      if (from != null && from.containsKey("secretKeyRef")) {
        assertThat((Map<String, Object>) from.get("secretKeyRef")).containsEntry("optional", true);
      }
    }
  }

  @Test
  void kustomizeBuildsBothVariants() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl not installed");
    var cluster = Yaml.documents(kustomize("deploy"));
    assertThat(kinds(cluster))
        .contains("CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Deployment");
    var namespaced = Yaml.documents(kustomize("deploy/namespaced"));
    assertThat(kinds(namespaced))
        .contains("CustomResourceDefinition", "Role", "RoleBinding", "Deployment");
    // Its only cluster-wide grant is reading RebootPolicies and Namespaces.
    assertThat(
            namespaced.stream()
                .filter(d -> "ClusterRole".equals(d.get("kind")))
                .map(d -> String.valueOf(((Map<?, ?>) d.get("metadata")).get("name"))))
        .containsExactly("ecs-reboot-operator-policies");
    assertThat(String.valueOf(namespaced)).contains("--namespace=ops");
  }

  private static String kustomize(String dir) throws Exception {
    Process p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static List<Object> kinds(List<Map<String, Object>> docs) {
    return docs.stream().map(d -> d.get("kind")).toList();
  }

  /**
   * Every document of every manifest under deploy/: not the Helm chart (templates; ChartTest) nor
   * promtool's test file.
   */
  static List<Map<String, Object>> allDocuments() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path file :
          files
              .filter(f -> f.toString().matches(".*\\.ya?ml$"))
              .filter(f -> !f.startsWith(DEPLOY.resolve("helm")))
              .filter(f -> !f.toString().endsWith("-test.yaml"))
              .sorted()
              .toList()) {
        docs.addAll(Yaml.documents(file));
      }
    }
    return docs;
  }

  static Map<String, Object> one(String kind, String name) throws IOException {
    var matches =
        allDocuments().stream()
            .filter(d -> kind.equals(d.get("kind")))
            .filter(d -> name.equals(((Map<?, ?>) d.get("metadata")).get("name")))
            .toList();
    assertThat(matches).as(kind + " " + name).hasSize(1);
    return matches.get(0);
  }

  /** The rules as group|resource|verb, one entry per combination. */
  @SuppressWarnings("unchecked")
  static Set<String> rules(Map<String, Object> role) {
    Set<String> flat = new TreeSet<>();
    for (var rule : (List<Map<String, Object>>) role.getOrDefault("rules", List.of())) {
      for (var group : (List<String>) rule.getOrDefault("apiGroups", List.of("<none>"))) {
        for (var resource : (List<String>) rule.getOrDefault("resources", List.of("<none>"))) {
          for (var verb : (List<String>) rule.get("verbs")) {
            flat.add(group + "|" + resource + "|" + verb);
          }
        }
      }
    }
    return flat;
  }
}
