package io.ecsreboot.plugin;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Reads RebootRequests and their Events for the plugin, and follows one until it finishes. */
final class RequestClient {
  static final String API_VERSION = "ecsreboot.io/v1alpha1";
  static final String KIND = "RebootRequest";
  static final int STILL_RUNNING = 3;
  private static final Duration POLL = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final String namespace;

  RequestClient(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The request, or null when it does not exist. */
  RequestView get(String name) {
    GenericKubernetesResource object =
        client
            .genericKubernetesResources(API_VERSION, KIND)
            .inNamespace(namespace)
            .withName(name)
            .get();
    return object == null ? null : RequestView.of(object);
  }

  /** The request's Events, oldest first. */
  List<Event> events(String name) {
    return client
        .v1()
        .events()
        .inNamespace(namespace)
        .withField("involvedObject.name", name)
        .withField("involvedObject.kind", KIND)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(StatusReport::eventTime))
        .toList();
  }

  /** Prints each visible change until the request finishes; returns the exit code. */
  int follow(String name, Duration timeout, PrintWriter out, PrintWriter err) {
    Progress progress = new Progress();
    long started = System.nanoTime();
    while (true) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      RequestView request = get(name);
      if (request == null) {
        err.println("error: rebootrequest " + name + " was deleted");
        return 1;
      }
      String line = progress.update(request, elapsed);
      if (line != null) {
        out.println(line);
        out.flush();
      }
      if (request.finished()) {
        int code = Progress.exitCode(request);
        if (code != 0) {
          err.println("error: " + name + " failed: " + request.reason() + ": " + request.message());
        }
        return code;
      }
      if (elapsed.compareTo(timeout) > 0) {
        err.println(
            "error: "
                + name
                + " still "
                + request.phase()
                + " after "
                + Progress.seconds(timeout)
                + " (kubectl ecsreboot status "
                + name
                + ")");
        return STILL_RUNNING;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return STILL_RUNNING;
      }
    }
  }

  /** One line for a failed API call, as kubectl would print it: the server's words, or why not. */
  static String explain(KubernetesClientException e, String server) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return "cannot talk to the API server " + server + ": " + why;
  }

  /** The API server's refusal, with a hint when a node target meets a CRD without nodeName. */
  static String explain(KubernetesClientException e, String server, boolean nodeTarget) {
    String message = explain(e, server);
    if (nodeTarget && message.contains("spec.instanceId: Required value")) {
      return message
          + "\n(the RebootRequest CRD in this cluster has no spec.nodeName yet: node reboots need a"
          + " newer ecs-reboot-operator)";
    }
    return message;
  }
}
