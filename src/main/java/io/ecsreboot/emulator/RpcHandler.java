package io.ecsreboot.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the signed RPC calls on {@code /}: read, authenticate, find the action, apply faults, run
 * it, log the call and reply. Every failure becomes a JSON error; nothing escapes to kill the
 * server.
 */
final class RpcHandler implements HttpHandler {

  static final String VERSION = "2014-05-26";

  private static final Logger LOG = LoggerFactory.getLogger(RpcHandler.class);

  private final Authenticator authenticator;
  private final Map<String, Function<RpcRequest, Map<String, Object>>> actions;
  private final Faults faults;
  private final CallLog calls;
  private final OutageSwitch outage;
  private final Clock clock;

  RpcHandler(
      Authenticator authenticator,
      Map<String, Function<RpcRequest, Map<String, Object>>> actions,
      Faults faults,
      CallLog calls,
      OutageSwitch outage,
      Clock clock) {
    this.authenticator = authenticator;
    this.actions = Map.copyOf(actions);
    this.faults = faults;
    this.calls = calls;
    this.outage = outage;
    this.clock = clock;
  }

  /**
   * What one call is answered with (after {@code delayMs}, or not at all when it drops), and
   * whether it changed an instance.
   */
  private record Reply(
      int httpStatus,
      String code,
      Object body,
      long delayMs,
      boolean drop,
      List<String> appliedIds) {
    Reply(int httpStatus, String code, Object body) {
      this(httpStatus, code, body, 0, false, List.of());
    }

    Reply applyingTo(List<String> ids) {
      return new Reply(httpStatus, code, body, delayMs, drop, ids);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Instant received = clock.instant();
    String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    String hostId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("");
    RpcRequest request = null;
    try {
      request = RpcRequest.read(exchange);
      Optional<Outage> down = outage.now();
      if (down.isPresent()) {
        if (down.get().hangs()) {
          awaitEndOfOutage();
        }
        answer(
            exchange,
            request,
            received,
            requestId,
            new Reply(0, "Outage", null, 0, true, List.of()));
        return;
      }
      Authenticator.Caller caller = authenticator.authenticate(request);
      Function<RpcRequest, Map<String, Object>> action = actions.get(caller.action());
      if (action == null) {
        throw ApiError.of("InvalidAction.NotFound");
      }
      if (!VERSION.equals(caller.version())) {
        throw ApiError.of("InvalidVersion");
      }
      List<String> ids = request.instanceIds();
      Optional<Fault> before = faults.take(caller.action(), ids, false);
      if (before.isPresent()) {
        Fault fault = before.get();
        if (fault.code() == null && !fault.drops()) {
          pause(fault.delay()); // a slow but otherwise normal call
        } else {
          answer(
              exchange, request, received, requestId, faultReply(fault, requestId, hostId, null));
          return;
        }
      }
      Map<String, Object> result = action.apply(request);
      Object body = JsonResponses.success(requestId, result);
      Optional<Fault> after = faults.take(caller.action(), ids, true);
      Reply reply =
          after.isPresent()
              ? faultReply(after.get(), requestId, hostId, body)
              : new Reply(200, "", body);
      answer(
          exchange,
          request,
          received,
          requestId,
          reply.applyingTo(changedInstances(caller.action(), ids, result)));
    } catch (ApiError e) {
      Reply reply = new Reply(e.httpStatus(), e.code(), JsonResponses.error(requestId, hostId, e));
      answer(exchange, request, received, requestId, reply);
    } catch (RuntimeException e) {
      LOG.error("emulator failed on a request", e);
      ApiError internal = ApiError.of("InternalError");
      answer(
          exchange,
          request,
          received,
          requestId,
          new Reply(500, internal.code(), JsonResponses.error(requestId, hostId, internal)));
    }
  }

  /**
   * The instances a call that ran to the end changed: the four changing actions change theirs
   * unless they threw (refusals and dry runs throw); a SuccessFirst batch only its members that
   * answered Code 200.
   */
  static List<String> changedInstances(
      String action, List<String> ids, Map<String, Object> result) {
    return switch (action) {
      case "RebootInstance", "StartInstance", "StopInstance" -> ids;
      case "RebootInstances" -> succeededMembers(result);
      default -> List.of();
    };
  }

  private static List<String> succeededMembers(Map<String, Object> result) {
    if (result.get("InstanceResponses") instanceof Map<?, ?> responses
        && responses.get("InstanceResponse") instanceof List<?> members) {
      return members.stream()
          .filter(m -> m instanceof Map<?, ?> member && "200".equals(member.get("Code")))
          .map(m -> String.valueOf(((Map<?, ?>) m).get("InstanceId")))
          .toList();
    }
    return List.of();
  }

  private void awaitEndOfOutage() {
    while (outage.now().isPresent()) {
      pause(Math.max(1, Math.min(200, outage.remaining().toMillis())));
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /** A fault's reply; its delay and connection drop happen in {@link #answer}. */
  private Reply faultReply(Fault fault, String requestId, String hostId, Object successBody) {
    if (fault.drops()) {
      return new Reply(
          0, fault.code() == null ? "" : fault.code(), null, fault.delay(), true, List.of());
    }
    if (fault.code() == null) {
      return new Reply(200, "", successBody, fault.delay(), false, List.of());
    }
    ApiError error = ApiError.of(fault.code(), fault.httpStatus());
    return new Reply(
        error.httpStatus(),
        error.code(),
        JsonResponses.error(requestId, hostId, error),
        fault.delay(),
        false,
        List.of());
  }

  /** Logs the call first, so that a test sees it even while a delayed reply is still pending. */
  private void answer(
      HttpExchange exchange, RpcRequest request, Instant received, String requestId, Reply reply)
      throws IOException {
    if (request != null) {
      calls.add(
          new CallRecord(
              received.toString(),
              Authenticator.actionOf(request),
              request.instanceIds(),
              loggable(request.params()),
              reply.httpStatus(),
              reply.code(),
              requestId,
              reply.appliedIds().isEmpty() ? CallRecord.REJECTED : CallRecord.APPLIED,
              reply.appliedIds()));
    }
    pause(reply.delayMs());
    if (reply.drop()) {
      exchange.close(); // before any header was sent: the client sees the connection drop
      return;
    }
    JsonResponses.send(exchange, reply.httpStatus(), reply.body());
  }

  /** The parameters minus everything that signs or identifies the caller. */
  private static Map<String, String> loggable(Map<String, String> params) {
    Map<String, String> kept = new LinkedHashMap<>(params);
    kept.keySet()
        .removeIf(
            name ->
                name.equals("Signature")
                    || name.equals("AccessKeyId")
                    || name.equals("SecurityToken")
                    || name.toLowerCase(Locale.ROOT).contains("secret"));
    return kept;
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
