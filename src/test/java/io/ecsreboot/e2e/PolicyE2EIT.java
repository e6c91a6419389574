package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.emulator.EmulatorAdminClient;
import io.ecsreboot.emulator.EmulatorInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Who may reboot what (DESIGN.md 9) on a real API server, the operator jar running as its
 * ServiceAccount with its default admin namespace, the emulator's call log as the witness that a
 * refused request touched nothing. Namespaces: {@code payments} (label team=payments, granted by
 * the payments policy: Nodes with pool=a, instances tagged team=payments, no forceStop), {@code
 * sandbox} (no policy), both labelled so that admission lets node and forceStop requests through to
 * the operator's own check; {@code plain} (no label) for the admission policy.
 */
@Tag("e2e")
class PolicyE2EIT {
  static final String ADMIN = "ecs-reboot-system";
  static final String TEAM = "payments";
  static final String SANDBOX = "sandbox";
  static final String PLAIN = "plain";
  static final String NODE_LABEL = "ecsreboot.io/node-reboots=allowed";

  static E2eEnvironment env;
  static ControlPlane cluster;
  static EmulatorAdminClient ecs;
  static OperatorProcess operator;
  static String instanceA;
  static String instanceB;
  static String instanceC;

  @BeforeAll
  static void start() throws Exception {
    env = new E2eEnvironment(Duration.ofMillis(500));
    cluster = env.cluster;
    ecs = env.ecs;
    cluster.kubectlOk("create", "namespace", TEAM);
    cluster.kubectlOk("label", "namespace", TEAM, "team=payments", NODE_LABEL);
    cluster.kubectlOk("create", "namespace", SANDBOX);
    cluster.kubectlOk("label", "namespace", SANDBOX, NODE_LABEL);
    cluster.kubectlOk("create", "namespace", PLAIN);
    apply(
        """
        apiVersion: ecsreboot.io/v1alpha1
        kind: RebootPolicy
        metadata: {name: payments}
        spec:
          namespaceSelector: {matchLabels: {team: payments}}
          nodeSelector: {matchLabels: {pool: a}}
          instanceTags: {team: payments}
          allowForceStop: false
        """);
    instanceA = instance(Map.of(), "Running");
    instanceB = instance(Map.of(), "Running");
    instanceC = instance(Map.of(), "Running");
    apply(node("node-a", "a", instanceA));
    apply(node("node-b", "b", instanceB));
    apply(node("node-c", "a", instanceC)); // pool a too, asked for only by sandbox
    // The default admin namespace (ecs-reboot-system), not E2eEnvironment's.
    operator = E2eEnvironment.startOperator(cluster, env.emulator.endpoint());
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aTeamNamespaceWithoutAPolicyIsRefusedANodeAndAnInstanceWithoutCordonOrEcsCall()
      throws Exception {
    String tagged = instance(Map.of("team", "payments"), "Running");
    create(SANDBOX, "node-no-policy", "{nodeName: node-c}");
    create(SANDBOX, "instance-no-policy", "{instanceId: " + tagged + "}");

    assertRefused(
        SANDBOX, "node-no-policy", "no RebootPolicy grants namespace sandbox the node node-c");
    assertRefused(
        SANDBOX, "instance-no-policy", "no RebootPolicy grants namespace sandbox any ECS instance");
    assertThat(cluster.kubectlOk("get", "node", "node-c", "-o", "jsonpath={.spec.unschedulable}"))
        .as("never cordoned")
        .isEmpty();
    assertThat(ecs.calls(null, instanceC)).as("no ECS call for node-c's instance").isEmpty();
    assertThat(ecs.calls(null, tagged)).as("not even DescribeInstances").isEmpty();
    assertThat(
            cluster.kubectlOk(
                "get",
                "events",
                "-n",
                SANDBOX,
                "--field-selector",
                "involvedObject.name=instance-no-policy",
                "-o",
                "jsonpath={.items[*].reason}"))
        .contains("RebootFailed");
  }

  @Test
  void aPolicyByNamespaceLabelGrantsExactlyItsNodesAndItsTaggedInstances() throws Exception {
    String tagged = instance(Map.of("team", "payments", "env", "prod"), "Running");
    String otherTeam = instance(Map.of("team", "search"), "Running");
    create(TEAM, "node-a-dry", "{nodeName: node-a, dryRun: true}");
    create(TEAM, "node-b", "{nodeName: node-b}");
    create(TEAM, "tagged", "{instanceId: " + tagged + "}");
    create(TEAM, "other-team", "{instanceId: " + otherTeam + "}");

    awaitCompleted(TEAM, "node-a-dry");
    assertThat(field(TEAM, "node-a-dry", "{.status.phase}")).isEqualTo("DryRunPassed");
    assertRefused(TEAM, "node-b", "no RebootPolicy grants namespace payments the node node-b");
    assertThat(cluster.kubectlOk("get", "node", "node-b", "-o", "jsonpath={.spec.unschedulable}"))
        .isEmpty();
    assertThat(ecs.calls(null, instanceB)).isEmpty();
    awaitCompleted(TEAM, "tagged");
    assertThat(field(TEAM, "tagged", "{.status.phase}")).isEqualTo("Succeeded");
    assertThat(ecs.calls("RebootInstance", tagged)).hasSize(1);
    assertRefused(
        TEAM, "other-team", "instance " + otherTeam + " lacks tag team=payments (RebootPolicy");
    assertThat(ecs.calls("RebootInstance", otherTeam)).isEmpty();
  }

  @Test
  void aTagRemovedWhileTheRequestWaitsStopsTheReboot() throws Exception {
    // Starting: the operator looks (tag present: granted) and waits for Running before the reboot.
    String id = instance(Map.of("team", "payments"), "Starting");
    create(TEAM, "tag-removed", "{instanceId: " + id + "}");
    awaitField(TEAM, "tag-removed", reconcilingReason(), "WaitingForInstanceRunning");

    EmulatorInstance seen = ecs.instance(id);
    ecs.putInstance(
        new EmulatorInstance(
            id,
            seen.regionId(),
            seen.zoneId(),
            "Running",
            seen.startTime(),
            null,
            List.of(),
            Map.of("team", "search")));

    assertRefused(TEAM, "tag-removed", "instance " + id + " lacks tag team=payments");
    assertThat(ecs.calls("RebootInstance", id)).isEmpty();
  }

  @Test
  void forceStopIsRefusedWhereNoPolicyAllowsIt() throws Exception {
    String tagged = instance(Map.of("team", "payments"), "Running");
    create(TEAM, "force", "{instanceId: " + tagged + ", forceStop: true}");
    assertRefused(TEAM, "force", "forceStop is not allowed for namespace payments");
    assertThat(ecs.calls(null, tagged)).isEmpty();
  }

  @Test
  void aRequestWithItsOwnCredentialsIsNotBoundByPolicy() throws Exception {
    String untagged = instance(Map.of(), "Running");
    cluster.kubectlOk(
        "create",
        "secret",
        "generic",
        "own-key",
        "-n",
        SANDBOX,
        "--from-literal=accessKeyId=" + E2eEnvironment.KEY_ID,
        "--from-literal=accessKeySecret=" + E2eEnvironment.KEY_SECRET);
    create(
        SANDBOX,
        "own-key",
        "{instanceId: " + untagged + ", credentialsSecretRef: {name: own-key}}");
    awaitCompleted(SANDBOX, "own-key");
    assertThat(field(SANDBOX, "own-key", "{.status.phase}")).isEqualTo("Succeeded");
    assertThat(ecs.calls("RebootInstance", untagged)).hasSize(1);
  }

  @Test
  void theOperatorsOwnNamespaceNeedsNoPolicyNorLabel() throws Exception {
    String untagged = instance(Map.of(), "Running");
    create(ADMIN, "admin-force", "{instanceId: " + untagged + ", forceStop: true}");
    awaitCompleted(ADMIN, "admin-force");
    assertThat(field(ADMIN, "admin-force", "{.status.phase}")).isEqualTo("Succeeded");
    assertThat(ecs.calls("RebootInstance", untagged))
        .singleElement()
        .satisfies(c -> assertThat(c.params()).containsEntry("ForceStop", "true"));
  }

  @Test
  void theAdmissionPolicyRejectsNodeNameAndForceStopFromUnlabelledNamespacesWithItsMessage()
      throws Exception {
    String node = rejectedAtAdmission(PLAIN, "{nodeName: node-a}");
    assertThat(node)
        .contains("RebootRequests in namespace plain may not name a Node")
        .contains("ecsreboot.io/node-reboots=allowed");
    assertThat(rejectedAtAdmission(PLAIN, "{instanceId: i-bp67acfmxazb4ph00001, forceStop: true}"))
        .contains("RebootRequests in namespace plain may not ask for forceStop")
        .contains("allowForceStop");

    assertThat(serverDryRun(PLAIN, "{instanceId: i-bp67acfmxazb4ph00001}").exitCode())
        .as("a plain instance request is the operator's to judge")
        .isZero();
    assertThat(
            serverDryRun(
                    PLAIN,
                    "{instanceId: i-bp67acfmxazb4ph00001, forceStop: true,"
                        + " credentialsSecretRef: {name: own-key}}")
                .exitCode())
        .as("forceStop with its own key: that key's RAM permissions bound it")
        .isZero();
    assertThat(serverDryRun(SANDBOX, "{nodeName: node-a}").exitCode()).isZero();
    assertThat(serverDryRun(ADMIN, "{nodeName: node-a, forceStop: true}").exitCode())
        .as("the operator's own namespace always passes")
        .isZero();
  }

  /** Server-side dry run until the admission policy is in force (it is read asynchronously). */
  private static String rejectedAtAdmission(String namespace, String spec) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Shell.Result r = serverDryRun(namespace, spec);
      if (r.exitCode() != 0 || System.nanoTime() > deadline) {
        assertThat(r.exitCode()).as("rejected: " + spec).isNotZero();
        return r.err();
      }
      OperatorProcess.sleep(Duration.ofMillis(300));
    }
  }

  private static Shell.Result serverDryRun(String namespace, String spec) throws IOException {
    Path file = env.manifest("admission-check", spec);
    return cluster.kubectl("create", "--dry-run=server", "-n", namespace, "-f", file.toString());
  }

  private static String instance(Map<String, String> tags, String status) {
    String id = "i-pol" + Long.toHexString(System.nanoTime());
    ecs.putInstance(
        new EmulatorInstance(
            id,
            "cn-hangzhou",
            "cn-hangzhou-h",
            status,
            "2026-11-20T04:04Z",
            null,
            List.of(),
            tags));
    return id;
  }

  private static String node(String name, String pool, String instanceId) {
    return "apiVersion: v1\nkind: Node\nmetadata: {name: "
        + name
        + ", labels: {pool: "
        + pool
        + "}}\nspec: {providerID: cn-hangzhou."
        + instanceId
        + "}\n";
  }

  private static void apply(String yaml) throws IOException {
    Path file = Files.createTempFile("policy-e2e", ".yaml");
    Files.writeString(file, yaml);
    cluster.kubectlOk("apply", "-f", file.toString());
  }

  private static void create(String namespace, String name, String spec) throws IOException {
    cluster.kubectlOk("apply", "-n", namespace, "-f", env.manifest(name, spec).toString());
  }

  private static void assertRefused(String namespace, String name, String message) {
    awaitCompleted(namespace, name);
    assertThat(field(namespace, name, "{.status.phase}")).isEqualTo("Failed");
    assertThat(field(namespace, name, "{.status.conditions[?(@.type==\"Stalled\")].reason}"))
        .isEqualTo("NotPermitted");
    assertThat(field(namespace, name, "{.status.conditions[?(@.type==\"Stalled\")].message}"))
        .contains(message);
  }

  private static String reconcilingReason() {
    return "{.status.conditions[?(@.type==\"Reconciling\")].reason}";
  }

  private static void awaitCompleted(String namespace, String name) {
    Shell.Result r =
        cluster.kubectl(
            "wait", "-n", namespace, "rbr/" + name, "--for=condition=Completed", "--timeout=60s");
    if (r.exitCode() != 0) {
      throw new AssertionError(
          name
              + " did not complete: "
              + r.all()
              + cluster.kubectl("get", "rbr", name, "-n", namespace, "-o", "yaml").out()
              + "\noperator log:\n"
              + operator.logText());
    }
  }

  private static void awaitField(String namespace, String name, String path, String value) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!value.equals(field(namespace, name, path))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + ": " + path + " never became " + value + "\n" + operator.logText());
      }
      OperatorProcess.sleep(Duration.ofMillis(100));
    }
  }

  private static String field(String namespace, String name, String path) {
    return cluster.kubectlOk("get", "rbr", name, "-n", namespace, "-o", "jsonpath=" + path);
  }
}
