package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.controller.RebootOperator;
import io.ecsreboot.ecs.EcsCredentials;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.emulator.Fault;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Nothing that identifies a credential leaves the process: for every way an ECS call can fail, the
 * real SDK's error text reaches status, Events and the log without the signed URL's AccessKeyId,
 * Signature, SignatureNonce or query string (the SDK puts the whole URL into some messages).
 */
class SecretsStayInTheProcessTest {
  OperatorHarness h;
  ListAppender<ILoggingEvent> logs;
  Level operatorLevel;

  @BeforeEach
  void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(300), Duration.ofMillis(300));
    // The SDK's first call in a JVM is slow (class loading); a cold first look that times out
    // would hide the error path under test behind a ReadTimeout.
    RebootOperator.ecsClient(h.config())
        .describeInstances(
            new EcsTarget("cn-hangzhou", EcsCredentials.DEFAULT_CHAIN), List.of("i-warmup"));
    logs = new ListAppender<>();
    logs.start();
    root().addAppender(logs);
    // What production logs: the operator at INFO (whatever the test logging config says).
    Logger operator = (Logger) LoggerFactory.getLogger("io.ecsreboot");
    operatorLevel = operator.getLevel();
    operator.setLevel(Level.INFO);
  }

  @AfterEach
  void stop() {
    h.close();
    root().detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("io.ecsreboot")).setLevel(operatorLevel);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "read timeout",
        "connection refused",
        "5xx",
        "non-JSON reply",
        "dropped connection"
      })
  void errorPathLeavesNoCredentialInStatusEventsOrLogs(String path) throws Exception {
    String id = h.newInstance();
    HttpServer gateway = null;
    String expectedCode;
    switch (path) {
      case "read timeout" -> {
        h.ecs.addFault(Fault.delayAfter("RebootInstance", 2_500, 1).forInstance(id));
        h.startOperator();
        expectedCode = "SDK.ReadTimeout";
      }
      case "connection refused" -> {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
          closedPort = s.getLocalPort();
        }
        h.startOperator(
            h.config().toBuilder().ecsEndpoint("127.0.0.1:" + closedPort).build(), ecs -> ecs);
        expectedCode = "SDK.ServerUnreachable";
      }
      case "5xx" -> {
        h.ecs.addFault(Fault.before("RebootInstance", "InternalError", 500, 1).forInstance(id));
        h.startOperator();
        expectedCode = "InternalError";
      }
      case "non-JSON reply" -> {
        gateway = htmlGateway();
        h.startOperator(
            h.config().toBuilder()
                .ecsEndpoint("127.0.0.1:" + gateway.getAddress().getPort())
                .build(),
            ecs -> ecs);
        expectedCode = "SDK.BadResponseFormat";
      }
      default -> {
        h.ecs.addFault(Fault.closeAfter("RebootInstance", 1).forInstance(id));
        h.startOperator();
        expectedCode = "SDK.NoResponse";
      }
    }
    try {
      h.create(
          "leak",
          id,
          spec -> {
            spec.setBackoffLimit(1);
            spec.setActiveDeadlineSeconds(6L);
          });
      RebootRequest done =
          h.await(
              "leak",
              r ->
                  r.getStatus() != null
                      && r.getStatus().getPhase() != null
                      && r.getStatus().getPhase().isTerminal(),
              Duration.ofSeconds(30));
      // The error path really ran: its code is on record.
      assertThat(done.getStatus().getLastError().getCode()).isEqualTo(expectedCode);
      List<Event> events = awaitTerminalEvent();

      String status = Serialization.asYaml(done.getStatus());
      String eventText =
          events.stream()
              .map(e -> e.getReason() + " " + e.getMessage())
              .collect(Collectors.joining("\n"));
      String logText =
          logs.list.stream()
              .map(
                  e ->
                      e.getFormattedMessage()
                          + (e.getThrowableProxy() == null
                              ? ""
                              : ThrowableProxyUtil.asString(e.getThrowableProxy())))
              .collect(Collectors.joining("\n"));
      assertNoCredential("status", status);
      assertNoCredential("Events", eventText);
      assertNoCredential("log", logText);
    } finally {
      if (gateway != null) {
        gateway.stop(0);
      }
    }
  }

  private static void assertNoCredential(String where, String text) {
    assertThat(text)
        .as("%s must not identify a credential", where)
        .doesNotContain(OperatorHarness.ACCESS_KEY_ID)
        .doesNotContain(OperatorHarness.ACCESS_KEY_SECRET)
        .doesNotContainIgnoringCase("AccessKeyId=")
        .doesNotContainIgnoringCase("Signature=")
        .doesNotContainIgnoringCase("SignatureNonce=")
        .doesNotContainIgnoringCase("SecurityToken=")
        .doesNotContain("?Action=")
        .doesNotContain("&Timestamp=");
  }

  private List<Event> awaitTerminalEvent() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Event> events = List.of();
    while (System.nanoTime() < deadline) {
      events = h.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems();
      if (events.stream()
          .anyMatch(e -> List.of("RebootFailed", "InstanceRunning").contains(e.getReason()))) {
        return events;
      }
      OperatorHarness.sleep(Duration.ofMillis(100));
    }
    return events;
  }

  /** A gateway that answers every call with an HTML error page, as a broken proxy does. */
  private static HttpServer htmlGateway() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(502, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
