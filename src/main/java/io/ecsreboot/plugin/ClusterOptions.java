package io.ecsreboot.plugin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags kubectl users expect: which kubeconfig, context and namespace; defaults as kubectl's.
 */
final class ClusterOptions {
  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", description = "Kubeconfig context (default: the current one).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace (default: the context's namespace, else default).")
  String namespace;

  KubernetesClient client() throws Exception {
    // fabric8 warns on every v1alpha1 call; a command-line user reads the output, not a log.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(
                "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(context)
            : Config.fromKubeconfig(context, kubeconfig.toFile());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  String namespace(KubernetesClient client) {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    String fromContext = client.getNamespace();
    return fromContext == null || fromContext.isBlank() ? "default" : fromContext;
  }
}
