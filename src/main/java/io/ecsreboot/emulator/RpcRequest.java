package io.ecsreboot.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One RPC call as it arrived: method, query and form parameters (merged in {@link #params}),
 * lower-case headers and the raw body, read with size limits so that no input can exhaust memory.
 */
record RpcRequest(
    String method,
    Map<String, String> query,
    Map<String, String> params,
    Map<String, String> headers,
    byte[] body) {

  static final int MAX_QUERY_CHARS = 64 * 1024;
  static final int MAX_BODY_BYTES = 1024 * 1024;

  /**
   * @throws ApiError for a method other than GET/POST, oversized or malformed input
   */
  static RpcRequest read(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    byte[] body = readBody(exchange.getRequestBody());
    if (!method.equals("GET") && !method.equals("POST")) {
      throw ApiError.of("UnsupportedHTTPMethod");
    }
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null && rawQuery.length() > MAX_QUERY_CHARS) {
      throw new ApiError(414, "InvalidParameter", "The query string is too long.");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    Map<String, String> query = PercentCodec.parseForm(rawQuery);
    Map<String, String> params = new LinkedHashMap<>(query);
    String contentType = headers.getOrDefault("content-type", "");
    if (body.length > 0 && contentType.contains("x-www-form-urlencoded")) {
      PercentCodec.parseForm(new String(body, StandardCharsets.ISO_8859_1))
          .forEach(params::putIfAbsent);
    }
    return new RpcRequest(method, query, params, headers, body);
  }

  /** Reads and drops up to {@code limit} bytes, until the end of the stream. */
  private static void drain(InputStream in, long limit) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long left = limit;
    int n;
    while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
      left -= n;
    }
  }

  private static byte[] readBody(InputStream in) {
    try (in) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        // Read on (up to a bound) so that the client gets the answer instead of a reset. One
        // skip() only takes what has arrived so far: a client still sending got a reset under load.
        drain(in, 16L * MAX_BODY_BYTES);
        throw new ApiError(413, "InvalidParameter", "The request body is too large.");
      }
      return body;
    } catch (IOException e) {
      // A broken chunked encoding or a body cut short: the request line and headers arrived, so
      // the client can still be told, in the shape every ECS client understands.
      throw new ApiError(400, "InvalidParameter", "The request body could not be read.");
    }
  }

  String param(String name) {
    return params.get(name);
  }

  /**
   * @throws ApiError MissingParameter when absent or blank
   */
  String required(String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw ApiError.missing(name);
    }
    return value;
  }

  boolean flag(String name) {
    return "true".equalsIgnoreCase(params.get(name));
  }

  /** Values of {@code Name.1, Name.2, ...} in order, as the SDKs send lists. */
  List<String> list(String name) {
    List<String> values = new ArrayList<>();
    for (int i = 1; params.containsKey(name + "." + i); i++) {
      values.add(params.get(name + "." + i));
    }
    return values;
  }

  /** Instance ids the call names in any of its forms; best effort, never throws. */
  List<String> instanceIds() {
    List<String> ids = new ArrayList<>(list("InstanceId"));
    if (params.containsKey("InstanceId")) {
      ids.add(0, params.get("InstanceId"));
    }
    String json = params.get("InstanceIds");
    if (json != null) {
      try {
        ids.addAll(JsonResponses.MAPPER.readValue(json, new TypeReference<List<String>>() {}));
      } catch (IOException | RuntimeException e) {
        // A malformed InstanceIds is reported by the action itself.
      }
    }
    return ids;
  }
}
