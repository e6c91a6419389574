package io.ecsreboot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/** Hand-made HTTP calls to the emulator, signed or not, for what no SDK would send. */
final class RawRequests {

  /** A status, the content type and the parsed JSON body (null when it is not JSON). */
  record Answer(int status, String contentType, JsonNode json) {}

  private final HttpClient http =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  private final String base;

  RawRequests(EcsEmulator emulator) {
    this.base = "http://" + emulator.endpoint();
  }

  /** The common V1 parameters around {@code api}, signed with the demo credentials. */
  static Map<String, String> signedV1(Map<String, String> api, Instant timestamp, String nonce) {
    Map<String, String> params = new TreeMap<>(api);
    params.putIfAbsent("Version", "2014-05-26");
    params.put("Format", "JSON");
    params.put("AccessKeyId", EmulatorTestSupport.KEY_ID);
    params.put("SignatureMethod", "HMAC-SHA1");
    params.put("SignatureVersion", "1.0");
    params.put("SignatureNonce", nonce);
    params.put("Timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
    params.put(
        "Signature",
        SignatureV1.sign(SignatureV1.stringToSign("POST", params), EmulatorTestSupport.SECRET));
    return params;
  }

  static Map<String, String> signedV1(Map<String, String> api) {
    return signedV1(api, Instant.now(), UUID.randomUUID().toString());
  }

  static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> PercentCodec.encode(e.getKey()) + "=" + PercentCodec.encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  Answer send(String method, String pathAndQuery, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    String type = response.headers().firstValue("Content-Type").orElse("");
    JsonNode json = null;
    if (type.startsWith("application/json")) {
      json = JsonResponses.MAPPER.readTree(response.body());
    }
    return new Answer(response.statusCode(), type, json);
  }

  Answer postQuery(Map<String, String> params) throws IOException, InterruptedException {
    return send("POST", "/?" + query(params), null, null);
  }
}
