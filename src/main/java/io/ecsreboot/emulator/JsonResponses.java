package io.ecsreboot.emulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes JSON answers the way the SDKs need them: a JSON content type and plain UTF-8 (the V1 SDK
 * does not decode {@code \\uXXXX} escapes, and Jackson writes none by default).
 */
final class JsonResponses {

  static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static final String CONTENT_TYPE = "application/json;charset=utf-8";

  private JsonResponses() {}

  /** Sends {@code body} as JSON, or no body for 204, and ends the exchange. */
  static void send(HttpExchange exchange, int status, Object body) throws IOException {
    try (exchange) {
      if (status == 204) {
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      byte[] bytes = MAPPER.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The real API's error body. */
  static Map<String, Object> error(String requestId, String hostId, ApiError error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("HostId", hostId);
    body.put("Code", error.code());
    body.put("Message", error.getMessage());
    body.put(
        "Recommend",
        "https://api.aliyun.com/troubleshoot?q="
            + error.code()
            + "&product=Ecs&requestId="
            + requestId);
    return body;
  }

  /** A success body: RequestId first, then the action's fields. */
  static Map<String, Object> success(String requestId, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.putAll(fields);
    return body;
  }
}
