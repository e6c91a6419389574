package io.ecsreboot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart, through the real helm: it lints, renders for the value sets admins use, installs
 * the same RBAC as deploy/ (rule by rule), and carries the CRD, alerts and dashboard of their one
 * source each.
 */
class ChartTest {
  static final Path CHART = Path.of("deploy/helm/ecs-reboot-operator");

  @Test
  void chartPassesHelmLintStrict() {
    assertThat(AdminTools.helmOk("lint", "--strict", CHART.toString()))
        .contains("1 chart(s) linted, 0 chart(s) failed");
    assertThat(
            AdminTools.helmOk(
                "lint",
                "--strict",
                CHART.toString(),
                "--set",
                "serviceMonitor.enabled=true,prometheusRule.enabled=true,dashboard.enabled=true"))
        .contains("0 chart(s) failed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rebootrequests.ecsreboot.io-v1.yml",
        "rebootpolicies.ecsreboot.io-v1.yml",
        "rebootrollouts.ecsreboot.io-v1.yml"
      })
  void chartCrdIsTheGeneratedOne(String file) throws IOException {
    String generated = Files.readString(Path.of("crds").resolve(file));
    assertThat(Files.readString(CHART.resolve("crds").resolve(file)))
        .as("copy crds/" + file + " into the chart's crds/ (make crd does)")
        .isEqualTo(generated);
  }

  @Test
  @SuppressWarnings("unchecked")
  void deployMonitoringCarriesTheChartsAlertsAndDashboard() throws IOException {
    var ruleFile = Yaml.documents(CHART.resolve("files/alerts.yaml")).get(0);
    var rule = Yaml.documents(Path.of("deploy/monitoring/prometheusrule.yaml")).get(0);
    assertThat((Map<String, Object>) rule.get("spec")).isEqualTo(ruleFile);
    var configMap = Yaml.documents(Path.of("deploy/monitoring/dashboard-configmap.yaml")).get(0);
    assertThat(((Map<String, Object>) configMap.get("data")).get("ecs-reboot-operator.json"))
        .isEqualTo(Files.readString(CHART.resolve("files/dashboard.json")).stripTrailing());
  }

  @Test
  void defaultInstallHasExactlyTheRbacOfDeploy() throws IOException {
    var rendered = render();
    assertThat(ManifestsTest.rules(one(rendered, "ClusterRole", "ecs-reboot-operator")))
        .isEqualTo(ManifestsTest.rules(ManifestsTest.one("ClusterRole", "ecs-reboot-operator")));
    assertThat(ManifestsTest.rules(one(rendered, "Role", "ecs-reboot-operator-leader-election")))
        .isEqualTo(
            ManifestsTest.rules(ManifestsTest.one("Role", "ecs-reboot-operator-leader-election")));
    assertThat(kinds(rendered))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding");
    assertThat(
            String.valueOf(
                one(
                        rendered,
                        "ValidatingAdmissionPolicyBinding",
                        "ecs-reboot-operator-node-reboots")
                    .get("spec")))
        .as("the release namespace always passes")
        .contains("NotIn", "ecs-reboot-system");
    for (var binding : rendered) {
      if (binding.get("kind").toString().endsWith("RoleBinding")) {
        assertThat(binding.get("subjects"))
            .isEqualTo(
                List.of(
                    Map.of(
                        "kind", "ServiceAccount",
                        "name", "ecs-reboot-operator",
                        "namespace", "ecs-reboot-system")));
      }
    }
  }

  @Test
  void watchedNamespacesGetTheRolesOfDeployNamespacedAndOnlyThePolicyReader() throws IOException {
    var rendered = render("watchNamespaces: [ops, team-a]");
    // The only cluster-wide grant: reading RebootPolicies and Namespaces (cluster-scoped).
    assertThat(ManifestsTest.rules(one(rendered, "ClusterRole", "ecs-reboot-operator-policies")))
        .isEqualTo(
            ManifestsTest.rules(ManifestsTest.one("ClusterRole", "ecs-reboot-operator-policies")));
    assertThat(kinds(rendered).stream().filter("ClusterRole"::equals)).hasSize(1);
    Set<String> namespacedRole =
        ManifestsTest.rules(ManifestsTest.one("Role", "ecs-reboot-operator"));
    for (String ns : List.of("ops", "team-a")) {
      var role =
          rendered.stream()
              .filter(d -> "Role".equals(d.get("kind")))
              .filter(d -> ns.equals(metadata(d).get("namespace")))
              .toList();
      assertThat(role).as("Role in " + ns).hasSize(1);
      assertThat(ManifestsTest.rules(role.get(0))).isEqualTo(namespacedRole);
    }
    assertThat(args(rendered)).contains("--namespace=ops", "--namespace=team-a");
  }

  @Test
  void defaultDeploymentMatchesDeploysFlagsAndLockDown() throws IOException {
    var deployment = deployment(render());
    assertThat(args(List.of(deployment)))
        .containsExactly(
            "run",
            "--leader-election",
            "--lease-namespace=$(POD_NAMESPACE)",
            "--region=cn-hangzhou",
            "--ecs-qps=20",
            "--metrics-port=8080",
            "--health-port=8081",
            "--log-format=json");
    String text = String.valueOf(deployment);
    assertThat(text)
        .contains("replicas=2")
        .contains("image=ghcr.io/ecsreboot/ecs-reboot-operator:0.1.0")
        .contains("runAsNonRoot=true")
        .contains("readOnlyRootFilesystem=true")
        .contains("allowPrivilegeEscalation=false")
        .contains("name=ecs-credentials, key=accessKeyId, optional=true")
        .contains("memory=512Mi");
  }

  @Test
  void valuesReachTheOperatorsFlagsAndObjects() throws IOException {
    var rendered =
        render(
            """
            image: {repository: registry.example.com/ops/ecs-reboot-operator, tag: 9.9.9}
            replicaCount: 1
            leaderElection: {enabled: false}
            region: cn-shanghai
            ecs: {endpoint: "127.0.0.1:8089", qps: 5}
            logFormat: text
            extraArgs: [--poll-interval=10s]
            resources: {limits: {memory: 1Gi}, requests: {memory: 1Gi}}
            commonLabels: {team: platform}
            commonAnnotations: {owner: sre@example.com}
            """);
    var deployment = deployment(rendered);
    assertThat(args(rendered))
        .containsExactly(
            "run",
            "--region=cn-shanghai",
            "--ecs-endpoint=127.0.0.1:8089",
            "--ecs-qps=5",
            "--metrics-port=8080",
            "--health-port=8081",
            "--log-format=text",
            "--poll-interval=10s");
    assertThat(String.valueOf(deployment))
        .contains("replicas=1")
        .contains("image=registry.example.com/ops/ecs-reboot-operator:9.9.9")
        .contains("memory=1Gi");
    assertThat(kinds(rendered))
        .as("no Lease rights without leader election")
        .doesNotContain("Role", "RoleBinding")
        .hasSize(7);
    for (var doc : rendered) {
      assertThat(labels(doc)).as(kind(doc)).containsEntry("team", "platform");
      assertThat(metadata(doc).get("annotations"))
          .as(kind(doc))
          .isEqualTo(Map.of("owner", "sre@example.com"));
    }
  }

  @Test
  void rrsaReplacesTheAccessKeyWithAProjectedToken() throws IOException {
    var rendered =
        render(
            """
            credentials:
              rrsa: {enabled: true, roleArn: "acs:ram::123:role/r", oidcProviderArn: "acs:ram::123:oidc-provider/p"}
            serviceAccount: {annotations: {pod-identity.alibabacloud.com/role-name: r}}
            """);
    String text = String.valueOf(deployment(rendered));
    assertThat(text)
        .contains("ALIBABA_CLOUD_ROLE_ARN, value=acs:ram::123:role/r")
        .contains("ALIBABA_CLOUD_OIDC_TOKEN_FILE")
        .contains("audience=sts.aliyuncs.com")
        .doesNotContain("ALIBABA_CLOUD_ACCESS_KEY_ID");
    assertThat(metadata(one(rendered, "ServiceAccount", "ecs-reboot-operator")).get("annotations"))
        .isEqualTo(Map.of("pod-identity.alibabacloud.com/role-name", "r"));
    AdminTools.Result missing =
        AdminTools.run(
            List.of(
                AdminTools.helm().toString(),
                "template",
                "x",
                CHART.toString(),
                "--set",
                "credentials.rrsa.enabled=true"),
            120);
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("credentials.rrsa.roleArn is required with RRSA");
  }

  @Test
  @SuppressWarnings("unchecked")
  void monitoringTogglesAddServiceMonitorAlertsAndDashboard() throws IOException {
    var rendered =
        render(
            """
            serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
            prometheusRule: {enabled: true}
            dashboard: {enabled: true, namespace: monitoring}
            """);
    var monitor = one(rendered, "ServiceMonitor", "ecs-reboot-operator");
    assertThat(labels(monitor)).containsEntry("release", "kube-prometheus-stack");
    assertThat((Map<String, Object>) monitor.get("spec"))
        .containsEntry("jobLabel", "app.kubernetes.io/name");
    var rule = one(rendered, "PrometheusRule", "ecs-reboot-operator");
    assertThat(rule.get("spec"))
        .isEqualTo(Yaml.documents(CHART.resolve("files/alerts.yaml")).get(0));
    var dashboard = one(rendered, "ConfigMap", "ecs-reboot-operator-dashboard");
    assertThat(labels(dashboard)).containsEntry("grafana_dashboard", "1");
    assertThat(metadata(dashboard)).containsEntry("namespace", "monitoring");
    assertThat(((Map<String, Object>) dashboard.get("data")).get("ecs-reboot-operator.json"))
        .isEqualTo(Files.readString(CHART.resolve("files/dashboard.json")).stripTrailing());
    assertThat(kinds(render())).doesNotContain("ServiceMonitor", "PrometheusRule", "ConfigMap");
  }

  /** helm template as `helm install ecs-reboot-operator -n ecs-reboot-system` would render. */
  static List<Map<String, Object>> render(String... values) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "template",
                "ecs-reboot-operator",
                CHART.toString(),
                "--namespace",
                "ecs-reboot-system"));
    for (String v : values) {
      Path file = Files.createTempFile("values", ".yaml");
      Files.writeString(file, v);
      args.addAll(List.of("-f", file.toString()));
    }
    return Yaml.documents(AdminTools.helmOk(args.toArray(String[]::new)));
  }

  static Map<String, Object> one(List<Map<String, Object>> docs, String kind, String name) {
    var matches =
        docs.stream()
            .filter(d -> kind.equals(d.get("kind")))
            .filter(d -> name.equals(metadata(d).get("name")))
            .toList();
    assertThat(matches).as(kind + " " + name).hasSize(1);
    return matches.get(0);
  }

  static Map<String, Object> deployment(List<Map<String, Object>> docs) {
    return one(docs, "Deployment", "ecs-reboot-operator");
  }

  @SuppressWarnings("unchecked")
  static List<String> args(List<Map<String, Object>> docs) {
    var spec = (Map<String, Object>) deployment(docs).get("spec");
    var pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    return (List<String>) ((List<Map<String, Object>>) pod.get("containers")).get(0).get("args");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(Map<String, Object> doc) {
    return (Map<String, Object>) doc.get("metadata");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> labels(Map<String, Object> doc) {
    return (Map<String, Object>) metadata(doc).getOrDefault("labels", Map.of());
  }

  static String kind(Map<String, Object> doc) {
    return doc.get("kind") + " " + metadata(doc).get("name");
  }

  static List<Object> kinds(List<Map<String, Object>> docs) {
    return new ArrayList<>(docs.stream().map(d -> d.get("kind")).toList());
  }
}
