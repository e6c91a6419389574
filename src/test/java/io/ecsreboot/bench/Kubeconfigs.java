package io.ecsreboot.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Kubeconfig files and the bench's client, shared by both API servers. */
final class Kubeconfigs {
  static final Path CRD = Path.of("crds/rebootrequests.ecsreboot.io-v1.yml");

  private Kubeconfigs() {}

  /** A kubeconfig for a plain-HTTP server on loopback (the mock server takes any token). */
  static Path writeInsecure(Path file, String server) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: bench
          cluster: {server: "%s"}
        users:
        - name: bench
          user: {token: bench}
        contexts:
        - name: bench
          context: {cluster: bench, user: bench}
        current-context: bench
        """
            .formatted(server);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bench's client from a kubeconfig, with the User-Agent the request counter knows. */
  static KubernetesClient benchClient(Path kubeconfig) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      config.setUserAgent(ApiRequestCounter.BENCH_AGENT);
      config.setRequestTimeout(60_000);
      // Pinned, like the operator: the JDK client is the only one on the runtime classpath.
      return new KubernetesClientBuilder()
          .withConfig(config)
          .withHttpClientFactory(new JdkHttpClientFactory())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void installCrd(KubernetesClient client) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
    client.resource(crd).createOr(existing -> existing.update());
  }

  static void awaitCrdEstablished(KubernetesClient client) {
    awaitCrdEstablished(client, "rebootrequests.ecsreboot.io");
  }

  static void awaitCrdEstablished(KubernetesClient client, String crdName) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crdName)
        .waitUntilCondition(
            crd ->
                crd != null
                    && crd.getStatus() != null
                    && crd.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  static void createNamespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(existing -> existing.update());
  }
}
