package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsreboot.deploy.AdminTools;
import io.ecsreboot.emulator.EcsEmulator;
import io.ecsreboot.emulator.EmulatorAdminClient;
import io.ecsreboot.emulator.EmulatorInstance;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Seed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An admin's path: `helm install` on a real API server, the operator running as the chart's
 * Deployment configures it (its args and env, its ServiceAccount's RBAC), and reboots started and
 * followed with `kubectl ecsreboot`.
 */
@Tag("e2e")
class HelmInstallE2EIT {
  static final String RELEASE_NS = "ecs-reboot-system";
  static final String NS = "ops";
  static ControlPlane cluster;
  static EcsEmulator emulator;
  static EmulatorAdminClient ecs;
  static OperatorProcess operator;

  @BeforeAll
  static void install() throws Exception {
    cluster = ControlPlane.start();
    emulator =
        EcsEmulator.start(
            EmulatorOptions.ephemeral(
                Seed.load(Path.of("examples/emulator-seed.yaml")),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2)));
    ecs = new EmulatorAdminClient(emulator.endpoint());
    AdminTools.helmOk(
        "install",
        "ecs-reboot-operator",
        "deploy/helm/ecs-reboot-operator",
        "--kubeconfig",
        cluster.adminKubeconfig.toString(),
        "--namespace",
        RELEASE_NS,
        "--create-namespace",
        "--set",
        "ecs.endpoint=" + emulator.endpoint() + ",ecs.qps=50,logFormat=text");
    cluster.kubectlOk("create", "namespace", NS);
    // ops is a team namespace: as an admin would, grant it the instances tagged env=demo.
    Path policy = Files.createTempFile("policy", ".yaml");
    Files.writeString(
        policy,
        Files.readString(Path.of("examples/policy-demo.yaml"))
            .replace("kubernetes.io/metadata.name: demo", "kubernetes.io/metadata.name: " + NS));
    cluster.kubectlOk("apply", "-f", policy.toString());
    operator = startAsTheChartsDeployment();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (emulator != null) {
      emulator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * The jar with the container's args and plain env from the installed Deployment (no kubelet runs
   * pods here), as the ServiceAccount the chart created: only the ports become free ones.
   */
  static OperatorProcess startAsTheChartsDeployment() throws Exception {
    JsonNode container =
        new ObjectMapper()
            .readTree(
                cluster.kubectlOk(
                    "get", "deployment", "ecs-reboot-operator", "-n", RELEASE_NS, "-o", "json"))
            .at("/spec/template/spec/containers/0");
    assertThat(container.at("/args/0").asText()).isEqualTo("run");
    List<String> args = new ArrayList<>();
    for (JsonNode arg : container.get("args")) {
      String a = arg.asText().replace("$(POD_NAMESPACE)", RELEASE_NS);
      if (!a.equals("run") && !a.startsWith("--metrics-port") && !a.startsWith("--health-port")) {
        args.add(a);
      }
    }
    assertThat(args).contains("--leader-election", "--ecs-endpoint=" + emulator.endpoint());
    args.addAll(
        List.of(
            "--kubeconfig", cluster.operatorKubeconfig.toString(),
            "--metrics-port", "0",
            "--health-port", "0",
            "--poll-interval", "500ms",
            "--settle-window", "2s"));
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : container.get("env")) {
      if (e.has("value")) {
        env.put(e.get("name").asText(), e.get("value").asText());
      }
    }
    // What the optional ecs-credentials Secret would give the pod.
    env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", E2eEnvironment.KEY_ID);
    env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", E2eEnvironment.KEY_SECRET);
    env.put("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("POD_NAMESPACE", RELEASE_NS);
    return OperatorProcess.start(env, args.toArray(String[]::new));
  }

  @Test
  void pluginRebootsAnInstanceAndFollowsItToSuccess() {
    String id = "i-helm" + Long.toHexString(System.nanoTime());
    ecs.putInstance(demoInstance(id));
    Shell.Result reboot =
        plugin("reboot", "instance", id, "-n", NS, "--reason", "kernel patch", "--wait");
    assertThat(reboot.exitCode()).as(reboot.all() + operator.logText()).isZero();
    assertThat(reboot.out())
        .contains("rebootrequest.ecsreboot.io/reboot-" + id)
        .contains("created in namespace ops")
        .contains("Verifying")
        .contains("Succeeded: RebootVerified");
    assertThat(ecs.calls("RebootInstance", id)).hasSize(1);

    String name = reboot.out().lines().findFirst().orElseThrow().split("[/ ]")[1];
    Shell.Result status = plugin("status", name, "-n", NS);
    assertThat(status.exitCode()).as(status.all()).isZero();
    assertThat(status.out())
        .contains("instance " + id + " (cn-hangzhou)")
        .contains("reason \"kernel patch\"")
        .contains("Succeeded")
        .contains("Events:")
        .contains("RebootIssued")
        .contains("RebootAccepted")
        .contains("InstanceRunning");
  }

  @Test
  void pluginExitsNonZeroWithTheReasonWhenTheRebootFails() {
    Shell.Result reboot =
        plugin("reboot", "instance", "i-bp67acfmxazb4ph00005", "-n", NS, "--wait");
    assertThat(reboot.exitCode()).as(reboot.all()).isEqualTo(1);
    assertThat(reboot.err()).contains("failed: InstanceLockedForSecurity");
  }

  @Test
  void pluginDryRunPassesWithoutRebooting() {
    String id = "i-dry" + Long.toHexString(System.nanoTime());
    ecs.putInstance(demoInstance(id));
    Shell.Result dry = plugin("reboot", "instance", id, "-n", NS, "--dry-run", "--wait");
    assertThat(dry.exitCode()).as(dry.all()).isZero();
    assertThat(dry.out()).contains("DryRunPassed");
    assertThat(ecs.calls("RebootInstance", id))
        .allSatisfy(c -> assertThat(c.params()).containsEntry("DryRun", "true"));
  }

  @Test
  void statusOfAMissingRequestSaysSo() {
    Shell.Result status = plugin("status", "no-such-request", "-n", NS);
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err()).contains("rebootrequest no-such-request not found in namespace ops");
  }

  /** A Running instance with the tag examples/policy-demo.yaml grants by. */
  private static EmulatorInstance demoInstance(String id) {
    EmulatorInstance running = EmulatorInstance.running(id, "cn-hangzhou", "2026-11-20T04:04Z");
    return new EmulatorInstance(
        id,
        running.regionId(),
        running.zoneId(),
        running.status(),
        running.startTime(),
        null,
        List.of(),
        Map.of("env", "demo"));
  }

  /**
   * `kubectl ecsreboot ...` through the launcher, with the admin's kubeconfig as kubectl has it.
   */
  static Shell.Result plugin(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", "hack/kubectl-ecsreboot"));
    command.addAll(List.of(args));
    return Shell.run(
        command,
        Map.of(
            "KUBECONFIG",
            cluster.adminKubeconfig.toString(),
            "JAVA_HOME",
            System.getProperty("java.home"),
            "ECSREBOOT_JAR",
            OperatorProcess.JAR.toAbsolutePath().toString()),
        Duration.ofMinutes(3));
  }
}
