package io.ecsreboot.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real etcd + kube-apiserver from hack/control-plane.sh, with the CRD installed. Requests are
 * counted from its /metrics (apiserver_request_total), which has no caller label.
 */
final class RealApiServer implements ApiServer {
  private static final String SCRIPT = "hack/control-plane.sh";

  private final Path stateDir;
  private final Path kubeconfig;
  private final KubernetesClient client;

  private RealApiServer(Path stateDir) throws IOException, InterruptedException {
    this.stateDir = stateDir;
    script("start", stateDir.resolve("control-plane.log"));
    kubeconfig = stateDir.resolve("admin.kubeconfig");
    client = Kubeconfigs.benchClient(kubeconfig);
    Kubeconfigs.installCrd(client);
    Kubeconfigs.awaitCrdEstablished(client);
  }

  /** True when the control plane binaries are built (the script would otherwise compile them). */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("bash", SCRIPT, "bin-dir").redirectErrorStream(false).start();
      String dir = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return !dir.isEmpty()
          && new File(dir, "kube-apiserver").canExecute()
          && new File(dir, "etcd").canExecute();
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static RealApiServer start(Path stateDir) throws IOException, InterruptedException {
    Files.createDirectories(stateDir);
    return new RealApiServer(stateDir);
  }

  @Override
  public String kind() {
    return "kube-apiserver";
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public ApiCounts counts() {
    return new ApiCounts(ApiserverMetrics.requestTotals(client.raw("/metrics")), Map.of());
  }

  @Override
  public double busySeconds() {
    return Double.NaN;
  }

  @Override
  public boolean countsByCaller() {
    return false;
  }

  @Override
  public void close() {
    client.close();
    try {
      script("stop", stateDir.resolve("control-plane-stop.log"));
    } catch (IOException e) {
      Progress.say("could not stop the control plane: %s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void script(String command, Path log) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", SCRIPT, command, stateDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(SCRIPT + " " + command + " failed; see " + log);
    }
  }
}
