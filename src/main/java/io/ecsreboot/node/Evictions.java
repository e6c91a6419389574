package io.ecsreboot.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Evicts pods through the policy/v1 Eviction API, never a plain delete, so PodDisruptionBudgets
 * decide. fabric8's {@code evict()} drops the API server's reason for a 429, and that reason is
 * what names the blocking budget, so the call is made here on fabric8's authenticated HTTP client.
 */
public class Evictions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  public Evictions(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param gracePeriodSeconds the grace period to give the pod, or null for the pod's own
   * @param dryRun a server-side dry run ({@code dryRun: [All]}): checks budgets, evicts nothing
   */
  public EvictionOutcome evict(PodFacts pod, Integer gracePeriodSeconds, boolean dryRun) {
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", "policy/v1");
    body.put("kind", "Eviction");
    ObjectNode meta = body.putObject("metadata");
    meta.put("name", pod.name());
    meta.put("namespace", pod.namespace());
    ObjectNode options = body.putObject("deleteOptions");
    // Evict the pod that was listed, not a namesake created since (a StatefulSet's next pod).
    options.putObject("preconditions").put("uid", pod.uid());
    if (gracePeriodSeconds != null) {
      options.put("gracePeriodSeconds", gracePeriodSeconds);
    }
    if (dryRun) {
      options.putArray("dryRun").add("All");
    }
    String url =
        client.getMasterUrl().toString().replaceAll("/$", "")
            + "/api/v1/namespaces/"
            + encode(pod.namespace())
            + "/pods/"
            + encode(pod.name())
            + "/eviction"
            + (dryRun ? "?dryRun=All" : "");
    HttpRequest request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(url)
            .post("application/json", body.toString())
            .build();
    HttpResponse<String> response;
    try {
      response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while evicting " + pod.key(), e);
    } catch (ExecutionException | TimeoutException e) {
      return new EvictionOutcome(EvictionOutcome.Kind.FAILED, null, e.toString());
    }
    int code = response.code();
    if (code >= 200 && code < 300) {
      return EvictionOutcome.accepted();
    }
    if (code == 404) {
      return EvictionOutcome.gone();
    }
    String message = message(response.body());
    if (code == 409) {
      return EvictionOutcome.gone(); // the UID precondition failed: the listed pod is gone
    }
    if (code == 429 || (code == 500 && message.contains("PodDisruptionBudget"))) {
      return new EvictionOutcome(
          EvictionOutcome.Kind.BLOCKED,
          DisruptionBudgets.blocker(pod.namespace(), code, message),
          message);
    }
    return new EvictionOutcome(
        EvictionOutcome.Kind.FAILED,
        "eviction of " + pod.key() + " failed (HTTP " + code + ")",
        message);
  }

  /** The Status message and its causes: the budget's name is in a cause. */
  private static String message(String body) {
    if (body == null) {
      return "";
    }
    try {
      JsonNode status = JSON.readTree(body);
      StringBuilder text = new StringBuilder(status.path("message").asText(""));
      for (JsonNode cause : status.path("details").path("causes")) {
        text.append("; ").append(cause.path("message").asText(""));
      }
      return text.toString();
    } catch (Exception e) {
      return body.length() > 300 ? body.substring(0, 300) : body;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
