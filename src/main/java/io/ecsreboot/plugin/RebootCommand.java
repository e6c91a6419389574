package io.ecsreboot.plugin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl ecsreboot reboot instance ID|node NAME}: creates a RebootRequest, may follow it.
 */
@Command(
    name = "reboot",
    mixinStandardHelpOptions = true,
    description = {
      "Create a RebootRequest (generateName) for an ECS instance or a Kubernetes node.",
      "Exit code with --wait: 0 succeeded or dry run passed, 1 failed, 3 still running at --timeout."
    })
final class RebootCommand implements Callable<Integer> {
  enum Kind {
    instance,
    node
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(index = "0", description = "instance or node")
  Kind kind;

  @Parameters(index = "1", paramLabel = "ID|NAME", description = "ECS instance id, or node name")
  String target;

  @Option(
      names = "--force",
      description = "ECS ForceStop: a hard restart (may lose unflushed data).")
  boolean force;

  @Option(names = "--dry-run", description = "Ask ECS only (DryRun); reboots nothing.")
  boolean dryRun;

  @Option(names = "--reason", description = "Why, shown in Events and `kubectl get rbr -o wide`.")
  String reason;

  @Option(names = "--region", description = "Region of the instance (default: the operator's).")
  String region;

  @Option(names = "--wait", description = "Follow the request until it finishes.")
  boolean waitForIt;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      converter = io.ecsreboot.config.DurationConverter.class,
      description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KubernetesClient client = cluster.client()) {
      String namespace = cluster.namespace(client);
      GenericKubernetesResource created;
      try {
        created =
            client
                .genericKubernetesResources(RequestClient.API_VERSION, RequestClient.KIND)
                .inNamespace(namespace)
                .resource(request())
                .create();
      } catch (KubernetesClientException e) {
        err.println("error: " + RequestClient.explain(e, server(client), kind == Kind.node));
        return 1;
      }
      String name = created.getMetadata().getName();
      out.println("rebootrequest.ecsreboot.io/" + name + " created in namespace " + namespace);
      out.flush();
      if (!waitForIt) {
        return 0;
      }
      try {
        return new RequestClient(client, namespace).follow(name, timeout, out, err);
      } catch (KubernetesClientException e) {
        err.println("error: " + RequestClient.explain(e, server(client)));
        return 1;
      }
    }
  }

  static String server(KubernetesClient client) {
    return String.valueOf(client.getConfiguration().getMasterUrl());
  }

  GenericKubernetesResource request() {
    Map<String, Object> spec = new LinkedHashMap<>();
    // A node target goes as spec.nodeName (DESIGN.md 7); an API server whose CRD does not know the
    // field yet rejects the request, and RequestClient.explain says so.
    spec.put(kind == Kind.node ? "nodeName" : "instanceId", target);
    if (region != null) {
      spec.put("regionId", region);
    }
    if (force) {
      spec.put("forceStop", true);
    }
    if (dryRun) {
      spec.put("dryRun", true);
    }
    if (reason != null) {
      spec.put("reason", reason);
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(RequestClient.API_VERSION)
        .withKind(RequestClient.KIND)
        .withNewMetadata()
        .withGenerateName(generateName(target))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** "reboot-<target>-": a valid name prefix (lower case, at most 58 characters with the dash). */
  static String generateName(String target) {
    String clean = target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    String prefix = ("reboot-" + clean);
    if (prefix.length() > 57) {
      prefix = prefix.substring(0, 57);
    }
    return prefix.replaceAll("[.-]+$", "") + "-";
  }
}
