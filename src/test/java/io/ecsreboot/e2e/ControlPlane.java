package io.ecsreboot.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real etcd + kube-apiserver on loopback, started by hack/control-plane.sh (which builds them
 * from the Go module proxy on first use), and the kubectl built with them.
 */
public final class ControlPlane implements AutoCloseable {
  static final Path SCRIPT = Path.of("hack/control-plane.sh");

  public final Path dir;
  public final Path adminKubeconfig;
  public final Path operatorKubeconfig;
  private final String kubectl;

  private ControlPlane(Path dir) {
    this.dir = dir;
    this.adminKubeconfig = dir.resolve("admin.kubeconfig");
    this.operatorKubeconfig = dir.resolve("operator.kubeconfig");
    this.kubectl = script(Map.of(), Duration.ofSeconds(30), "kubectl-path").out().trim();
  }

  public static ControlPlane start() throws Exception {
    return start(Map.of());
  }

  /**
   * With kube-controller-manager and kube-scheduler too (DESIGN.md 10): Deployments, PDB status,
   * scheduling, node lifecycle. A node whose Lease lags {@code nodeMonitorGracePeriod} goes
   * Unknown.
   */
  public static ControlPlane startWithControllers(Duration nodeMonitorGracePeriod)
      throws Exception {
    return start(
        Map.of(
            "CONTROL_PLANE_CONTROLLERS",
            "1",
            "CONTROL_PLANE_NODE_MONITOR_GRACE_PERIOD",
            nodeMonitorGracePeriod.toSeconds() + "s"));
  }

  private static ControlPlane start(Map<String, String> env) throws Exception {
    Path dir = Files.createTempDirectory("control-plane");
    Shell.Result started = script(env, Duration.ofMinutes(40), "start", dir.toString());
    if (started.exitCode() != 0) {
      throw new IllegalStateException("control plane did not start:\n" + started.all());
    }
    return new ControlPlane(dir);
  }

  /** kubectl as the cluster admin. */
  /**
   * Scales deploy/'s operator Deployment to zero: tests run the operator as a process, and with a
   * scheduler and simulated nodes its Deployment would only put stand-in pods on the nodes (nothing
   * runs their image) that every drain then waits for (30 s grace period).
   */
  static void withoutInClusterOperator(ControlPlane cluster) {
    cluster.kubectlOk(
        "scale", "deployment", "ecs-reboot-operator", "-n", "ecs-reboot-system", "--replicas=0");
  }

  public Shell.Result kubectl(String... args) {
    return kubectlAs(adminKubeconfig, args);
  }

  Shell.Result kubectlAs(Path kubeconfig, String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return Shell.run(command, Map.of(), Duration.ofMinutes(2));
  }

  /** kubectl that must succeed; returns its standard output. */
  public String kubectlOk(String... args) {
    Shell.Result result = kubectl(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed:\n" + result.all());
    }
    return result.out();
  }

  /**
   * Stops kube-apiserver and starts it again on the same port and etcd (the cluster's state
   * survives), returning once it answers /readyz again.
   */
  public void restartApiServer() {
    Shell.Result restarted =
        script(Map.of(), Duration.ofMinutes(3), "restart-apiserver", dir.toString());
    if (restarted.exitCode() != 0) {
      throw new IllegalStateException("kube-apiserver did not restart:\n" + restarted.all());
    }
  }

  private static Shell.Result script(Map<String, String> env, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    return Shell.run(command, env, timeout);
  }

  @Override
  public void close() {
    script(Map.of(), Duration.ofMinutes(1), "stop", dir.toString());
  }
}
