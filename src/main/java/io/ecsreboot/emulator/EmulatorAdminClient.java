package io.ecsreboot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain java.net.http client for the emulator's admin API, for tests, benchmark and demo. */
public final class EmulatorAdminClient {

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .proxy(HttpClient.Builder.NO_PROXY)
          .build();
  private final String base;

  /**
   * @param endpoint {@code host:port}, as {@link EcsEmulator#endpoint()} returns it
   */
  public EmulatorAdminClient(String endpoint) {
    this.base = "http://" + endpoint + AdminApi.PREFIX;
  }

  public List<EmulatorInstance> instances() {
    return list(call("GET", "instances", null).get("instances"), EmulatorInstance.class);
  }

  /** The instance, or null when the emulator has none with this id. */
  public EmulatorInstance instance(String id) {
    HttpResponse<byte[]> response = send("GET", "instances/" + encode(id), null);
    if (response.statusCode() == 404) {
      return null;
    }
    return convert(check(response), EmulatorInstance.class);
  }

  public void putInstance(EmulatorInstance instance) {
    call("PUT", "instances/" + encode(instance.instanceId()), instance);
  }

  public void deleteInstance(String id) {
    call("DELETE", "instances/" + encode(id), null);
  }

  public void addFault(Fault fault) {
    call("POST", "faults", fault);
  }

  public void clearFaults() {
    call("DELETE", "faults", null);
  }

  /** Makes the RPC endpoint stop answering until the outage's seconds have passed. */
  public void beginOutage(Outage outage) {
    call("POST", "outage", outage);
  }

  public void endOutage() {
    call("DELETE", "outage", null);
  }

  /** The call log, oldest first; null filters match everything. */
  public List<CallRecord> calls(String action, String instanceId) {
    StringBuilder path = new StringBuilder("calls?");
    if (action != null) {
      path.append("action=").append(encode(action)).append('&');
    }
    if (instanceId != null) {
      path.append("instanceId=").append(encode(instanceId));
    }
    return list(call("GET", path.toString(), null).get("calls"), CallRecord.class);
  }

  public void reset() {
    call("POST", "reset", null);
  }

  private JsonNode call(String method, String path, Object body) {
    return check(send(method, path, body));
  }

  private HttpResponse<byte[]> send(String method, String path, Object body) {
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(
                  JsonResponses.MAPPER.writeValueAsBytes(body));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .method(method, publisher)
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("emulator admin API " + method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling the emulator admin API", e);
    }
  }

  private static JsonNode check(HttpResponse<byte[]> response) {
    try {
      JsonNode json =
          response.body().length == 0
              ? JsonResponses.MAPPER.createObjectNode()
              : JsonResponses.MAPPER.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            "emulator admin API answered "
                + response.statusCode()
                + ": "
                + json.path("error").asText(json.toString()));
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("emulator admin API sent no JSON", e);
    }
  }

  private static <T> List<T> list(JsonNode array, Class<T> type) {
    List<T> items = new ArrayList<>();
    array.forEach(node -> items.add(convert(node, type)));
    return items;
  }

  private static <T> T convert(JsonNode node, Class<T> type) {
    return JsonResponses.MAPPER.convertValue(node, type);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
