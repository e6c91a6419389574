package io.ecsreboot.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl ecsreboot status NAME}: a readable summary of one request with its Events. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a RebootRequest: target, phase, conditions, errors and Events.")
final class StatusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "NAME", description = "the RebootRequest")
  String name;

  @Override
  public Integer call() throws Exception {
    try (KubernetesClient client = cluster.client()) {
      try {
        return show(client);
      } catch (KubernetesClientException e) {
        spec.commandLine()
            .getErr()
            .println("error: " + RequestClient.explain(e, RebootCommand.server(client)));
        return 1;
      }
    }
  }

  private int show(KubernetesClient client) {
    String namespace = cluster.namespace(client);
    RequestClient requests = new RequestClient(client, namespace);
    RequestView request = requests.get(name);
    if (request == null) {
      spec.commandLine()
          .getErr()
          .println("error: rebootrequest " + name + " not found in namespace " + namespace);
      return 1;
    }
    spec.commandLine()
        .getOut()
        .print(StatusReport.format(request, requests.events(name), Instant.now()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
