package io.ecsreboot.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fabric8 mock API server in CRUD mode on a loopback port, with the CRD installed, a kubeconfig
 * for the operator process and a request counter in its dispatcher.
 */
final class MockApiServer implements ApiServer {
  private final ApiRequestCounter counter = new ApiRequestCounter();
  private final KubernetesMockServer server;
  private final Path kubeconfig;
  private final KubernetesClient client;
  private final Thread drainer;

  MockApiServer(Path workDir) throws IOException {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new CountingDispatcher(counter),
            false);
    server.init();
    kubeconfig =
        Kubeconfigs.writeInsecure(
            workDir.resolve("mock.kubeconfig"), "http://127.0.0.1:" + server.getPort());
    client = Kubeconfigs.benchClient(kubeconfig);
    Kubeconfigs.installCrd(client);
    // The mock server keeps every request it received for takeRequest(); nobody takes them here.
    drainer = new Thread(this::drain, "mock-request-drainer");
    drainer.setDaemon(true);
    drainer.start();
  }

  private void drain() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        server.takeRequest(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String kind() {
    return "mock";
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
    return counter.snapshot();
  }

  @Override
  public double busySeconds() {
    return counter.busySeconds();
  }

  @Override
  public boolean countsByCaller() {
    return true;
  }

  @Override
  public void close() {
    drainer.interrupt();
    client.close();
    server.destroy();
  }
}
