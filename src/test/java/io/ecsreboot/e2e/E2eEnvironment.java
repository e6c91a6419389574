package io.ecsreboot.e2e;

import io.ecsreboot.emulator.EcsEmulator;
import io.ecsreboot.emulator.EmulatorAdminClient;
import io.ecsreboot.emulator.EmulatorInstance;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Seed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every end-to-end test starts from: a real API server with the CRD and deploy/ applied (so
 * the operator runs with exactly the ServiceAccount RBAC users install), a namespace for requests,
 * and the ECS emulator.
 */
final class E2eEnvironment implements AutoCloseable {
  static final String NS = "examples";
  static final String KEY_ID = "DEMO-EMULATOR-ACCESS-KEY-ID";
  static final String KEY_SECRET = "demo-emulator-secret-not-a-real-key";

  final ControlPlane cluster;
  final EcsEmulator emulator;
  final EmulatorAdminClient ecs;

  E2eEnvironment(Duration rebootPhase) throws Exception {
    this(rebootPhase, false);
  }

  /**
   * @param controllers also start kube-controller-manager and kube-scheduler (the cluster test
   *     world of DESIGN.md 10: Deployments, PodDisruptionBudgets, evictions that mean something)
   */
  E2eEnvironment(Duration rebootPhase, boolean controllers) throws Exception {
    cluster =
        controllers
            ? ControlPlane.startWithControllers(Duration.ofSeconds(50))
            : ControlPlane.start();
    cluster.kubectlOk("apply", "-f", "crds/");
    cluster.kubectlOk("apply", "-k", "deploy/");
    if (controllers) {
      ControlPlane.withoutInClusterOperator(cluster);
    }
    cluster.kubectlOk("create", "namespace", NS);
    // The admins' namespace of the tests that run with OWNS_NS: the admission policy lets it ask
    // for forceStop and name Nodes, as it does the operator's own namespace.
    cluster.kubectlOk("label", "namespace", NS, "ecsreboot.io/node-reboots=allowed");
    emulator =
        EcsEmulator.start(
            EmulatorOptions.ephemeral(
                Seed.load(Path.of("examples/emulator-seed.yaml")), rebootPhase, rebootPhase));
    ecs = new EmulatorAdminClient(emulator.endpoint());
  }

  /**
   * Makes {@link #NS} the operator's own namespace, for tests about reboots rather than tenancy:
   * its requests need no RebootPolicy (PolicyE2EIT tests the boundary).
   */
  static final List<String> OWNS_NS = List.of("--admin-namespace", NS);

  /** The operator jar, `run` as its ServiceAccount, with credentials from env as in a pod. */
  OperatorProcess startOperator(String... extraArgs) throws IOException {
    return startOperator(cluster, emulator.endpoint(), extraArgs);
  }

  /** The same, for any cluster and emulator endpoint (the cluster world's too). */
  static OperatorProcess startOperator(
      ControlPlane cluster, String ecsEndpoint, String... extraArgs) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kubeconfig", cluster.operatorKubeconfig.toString(),
                "--ecs-endpoint", ecsEndpoint,
                "--region", "cn-hangzhou",
                "--poll-interval", "500ms",
                "--settle-window", "2s",
                "--metrics-port", "0",
                "--health-port", "0",
                "--log-format", "json"));
    args.addAll(List.of(extraArgs));
    return OperatorProcess.start(OperatorProcess.EMULATOR_ENV, args.toArray(String[]::new));
  }

  String freshInstance() {
    String id = "i-e2e" + Long.toHexString(System.nanoTime());
    ecs.putInstance(EmulatorInstance.running(id, "cn-hangzhou", "2026-11-20T04:04Z"));
    return id;
  }

  /** `kubectl wait` for a condition of a request; fails with its status and the log. */
  void waitFor(String name, String condition, OperatorProcess... operators) {
    Shell.Result result =
        cluster.kubectl(
            "wait", "-n", NS, "rbr/" + name, "--for=condition=" + condition, "--timeout=60s");
    if (result.exitCode() != 0) {
      StringBuilder logs = new StringBuilder();
      for (OperatorProcess o : operators) {
        logs.append(o.logText());
      }
      throw new AssertionError(
          "kubectl wait "
              + name
              + " "
              + condition
              + ": "
              + result.all()
              + "\n"
              + cluster.kubectl("get", "rbr", name, "-n", NS, "-o", "yaml").out()
              + "\noperator logs:\n"
              + logs);
    }
  }

  String jsonPath(String name, String path) {
    return cluster.kubectlOk("get", "rbr", name, "-n", NS, "-o", "jsonpath=" + path);
  }

  void awaitRebootCall(String instanceId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ecs.calls("RebootInstance", instanceId).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no RebootInstance call for " + instanceId);
      }
      OperatorProcess.sleep(Duration.ofMillis(50));
    }
  }

  Path manifest(String name, String spec) throws IOException {
    Path file = java.nio.file.Files.createTempFile(name, ".yaml");
    java.nio.file.Files.writeString(
        file,
        "apiVersion: ecsreboot.io/v1alpha1\nkind: RebootRequest\nmetadata:\n  name: "
            + name
            + "\nspec: "
            + spec
            + "\n");
    return file;
  }

  @Override
  public void close() {
    emulator.close();
    cluster.close();
  }
}
