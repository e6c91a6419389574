package io.ecsreboot.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unsigned JSON admin API under {@code /_emulator/}: instances, faults, outages, the call log
 * and reset, for tests, the benchmark and the demo to arrange and inspect the emulator.
 */
final class AdminApi implements HttpHandler {

  static final String PREFIX = "/_emulator/";

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  /** A refusal with its status, answered as {@code {"error": message}}. */
  private static final class AdminError extends RuntimeException {
    final int status;

    AdminError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final InstanceStore store;
  private final Faults faults;
  private final CallLog calls;
  private final OutageSwitch outage;
  private final Runnable reset;

  AdminApi(InstanceStore store, Faults faults, CallLog calls, OutageSwitch outage, Runnable reset) {
    this.store = store;
    this.faults = faults;
    this.calls = calls;
    this.outage = outage;
    this.reset = reset;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
      String method = exchange.getRequestMethod();
      byte[] body = readBody(exchange);
      Object answer = route(method, rest, body, exchange.getRequestURI().getRawQuery());
      JsonResponses.send(exchange, answer == null ? 204 : 200, answer);
    } catch (AdminError e) {
      JsonResponses.send(exchange, e.status, Map.of("error", e.getMessage()));
    } catch (ApiError e) {
      JsonResponses.send(exchange, 400, Map.of("error", e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("emulator admin API failed", e);
      JsonResponses.send(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private static byte[] readBody(HttpExchange exchange) {
    try {
      return exchange.getRequestBody().readNBytes(RpcRequest.MAX_BODY_BYTES);
    } catch (IOException e) {
      throw new AdminError(400, "the request body could not be read");
    }
  }

  private Object route(String method, String rest, byte[] body, String rawQuery) {
    if (rest.equals("instances")) {
      requireMethod(method, "GET");
      return Map.of("instances", store.list());
    }
    if (rest.startsWith("instances/") && rest.length() > "instances/".length()) {
      return instance(method, PercentCodec.decode(rest.substring("instances/".length())), body);
    }
    switch (rest) {
      case "faults":
        return faults(method, body);
      case "outage":
        return outage(method, body);
      case "calls":
        requireMethod(method, "GET");
        Map<String, String> query = PercentCodec.parseForm(rawQuery);
        return Map.of("calls", calls.find(query.get("action"), query.get("instanceId")));
      case "reset":
        requireMethod(method, "POST");
        reset.run();
        return Map.of("reset", true);
      default:
        throw new AdminError(404, "no such admin resource: " + PREFIX + rest);
    }
  }

  private Object instance(String method, String id, byte[] body) {
    switch (method) {
      case "GET":
        return store.get(id).orElseThrow(() -> new AdminError(404, "no instance " + id));
      case "PUT":
        EmulatorInstance given = read(body, EmulatorInstance.class);
        if (given.instanceId() != null && !given.instanceId().equals(id)) {
          throw new AdminError(400, "instanceId in the body differs from the path");
        }
        if (given.regionId() == null || given.regionId().isBlank()) {
          throw new AdminError(400, "instance needs a regionId");
        }
        EmulatorInstance instance =
            new EmulatorInstance(
                id,
                given.regionId(),
                given.zoneId(),
                given.status(),
                given.startTime(),
                given.expiredTime(),
                given.operationLocks(),
                given.tags(),
                given.lastForceStop(),
                given.bootCount());
        String problem = Seed.problemOf(instance);
        if (problem != null) {
          throw new AdminError(400, problem);
        }
        store.put(instance);
        return store.get(id).orElseThrow();
      case "DELETE":
        if (!store.delete(id)) {
          throw new AdminError(404, "no instance " + id);
        }
        return null;
      default:
        throw new AdminError(405, "use GET, PUT or DELETE on an instance");
    }
  }

  private Object faults(String method, byte[] body) {
    switch (method) {
      case "GET":
        return Map.of("faults", faults.list());
      case "POST":
        Fault fault = read(body, Fault.class);
        try {
          faults.add(fault);
        } catch (IllegalArgumentException e) {
          throw new AdminError(400, e.getMessage());
        }
        return fault;
      case "DELETE":
        faults.clear();
        return null;
      default:
        throw new AdminError(405, "use GET, POST or DELETE on faults");
    }
  }

  /** POST starts an outage (replacing one in force), DELETE ends it. */
  private Object outage(String method, byte[] body) {
    switch (method) {
      case "POST":
        Outage given = read(body, Outage.class);
        try {
          outage.begin(given);
        } catch (IllegalArgumentException e) {
          throw new AdminError(400, e.getMessage());
        }
        return given;
      case "DELETE":
        outage.end();
        return null;
      default:
        throw new AdminError(405, "use POST or DELETE on outage");
    }
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new AdminError(405, "use " + expected);
    }
  }

  private static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw new AdminError(400, "a JSON body is required");
    }
    try {
      return JsonResponses.MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new AdminError(400, "bad JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AdminError(400, "unreadable body: " + e.getMessage());
    }
  }
}
