package io.ecsreboot.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever arrives, the emulator answers with a 4xx JSON error and keeps serving. */
class MalformedRequestTest {

  static EcsEmulator emulator;
  static RawRequests raw;

  @BeforeAll
  static void start() throws Exception {
    emulator = EmulatorTestSupport.startEmulator(Duration.ZERO, Duration.ZERO);
    raw = new RawRequests(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @ParameterizedTest(name = "{0} {1} -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /                        |                                   | 400 | MissingParameter",
        "POST   | /?&&==&a&=b              |                                   | 400 | MissingParameter",
        "PUT    | /?Action=RebootInstance  |                                   | 405 | UnsupportedHTTPMethod",
        "DELETE | /                        |                                   | 405 | UnsupportedHTTPMethod",
        "POST   | /                        | Action=%zz                        | 400 | InvalidParameter",
        "POST   | /                        | Action=%E0%A4                     | 400 | InvalidParameter",
        "POST   | /                        | Action=%4                         | 400 | InvalidParameter",
        "POST   | /                        |                                   | 400 | MissingParameter",
      })
  void malformedInputGetsAJsonError(
      String method, String path, String form, int status, String code) throws Exception {
    byte[] body = form == null ? null : form.getBytes(StandardCharsets.US_ASCII);
    RawRequests.Answer answer =
        raw.send(method, path, form == null ? null : "application/x-www-form-urlencoded", body);
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json().path("Code").asText()).isEqualTo(code);
    assertThat(answer.json().path("RequestId").asText()).isNotBlank();
  }

  @Test
  void hugeBodyAndHugeQueryAreRefusedWith4xx() throws Exception {
    byte[] big = ("Action=" + "x".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII);
    RawRequests.Answer body = raw.send("POST", "/", "application/x-www-form-urlencoded", big);
    assertThat(body.status()).isEqualTo(413);
    assertThat(body.json().path("Code").asText()).isEqualTo("InvalidParameter");

    RawRequests.Answer query = raw.send("GET", "/?Action=" + "y".repeat(100_000), null, null);
    assertThat(query.status()).isEqualTo(414);
    assertThat(query.json()).isNotNull();
  }

  @Test
  void queryStringOverOneMegabyteGetsAnEcsShapedErrorAndTheServerKeepsServing() throws Exception {
    for (int size : new int[] {1024 * 1024 + 1, 3 * 1024 * 1024}) {
      String reply =
          rawExchange("GET /?Action=" + "y".repeat(size) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(reply).as("a %d-byte query", size).startsWith("HTTP/1.1 414");
      assertThat(ecsError(reply).path("Code").asText()).isEqualTo("InvalidParameter");
      assertThat(ecsError(reply).path("RequestId").asText()).isNotBlank();
    }
    assertStillServing();
  }

  @Test
  void garbageChunkedBodyGetsAnEcsShapedErrorAndTheServerKeepsServing() throws Exception {
    for (String body :
        new String[] {
          "ZZZ\r\nabc\r\n0\r\n\r\n", // not a hex chunk size
          "5\r\nab", // a chunk cut short
          "ffffffffffffffffffff\r\nx\r\n", // a chunk size no long holds
        }) {
      String reply =
          rawExchange(
              "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                  + "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                  + body);
      assertThat(reply).as(body).startsWith("HTTP/1.1 400");
      assertThat(ecsError(reply).path("Code").asText()).isEqualTo("InvalidParameter");
      assertThat(ecsError(reply).path("Message").asText()).contains("body");
    }
    assertStillServing();
  }

  @Test
  void signedCallsWithBadTimestampNonceActionOrVersionGetTheirCodes() throws Exception {
    Map<String, String> api =
        Map.of("Action", "RebootInstance", "InstanceId", EmulatorTestSupport.STOPPED);
    assertCode(
        RawRequests.signedV1(api, Instant.now().minus(Duration.ofMinutes(16)), "n1"),
        400,
        "InvalidTimeStamp.Expired");

    Map<String, String> once = RawRequests.signedV1(api, Instant.now(), "same-nonce");
    assertCode(once, 403, "IncorrectInstanceStatus");
    assertCode(once, 400, "SignatureNonceUsed");

    assertCode(
        RawRequests.signedV1(Map.of("Action", "RebootEverything")), 404, "InvalidAction.NotFound");
    assertCode(
        RawRequests.signedV1(
            Map.of("Action", "RebootInstance", "Version", "2099-01-01", "InstanceId", "i-1")),
        400,
        "InvalidVersion");
    assertCode(RawRequests.signedV1(Map.of("Action", "RebootInstance")), 400, "MissingParameter");
  }

  @Test
  void tamperedParameterAnswersSignatureDoesNotMatchWithTheServerStringToSign() throws Exception {
    Map<String, String> params =
        new java.util.TreeMap<>(
            RawRequests.signedV1(
                Map.of("Action", "RebootInstance", "InstanceId", EmulatorTestSupport.RUNNING)));
    params.put("ForceStop", "true");
    RawRequests.Answer answer = raw.postQuery(params);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
    assertThat(answer.json().path("Message").asText())
        .endsWith("server string to sign is:" + SignatureV1.stringToSign("POST", params));
  }

  @Test
  void garbageOnARawSocketNeitherKillsNorHangsTheServer() throws Exception {
    for (String garbage :
        new String[] {
          "HELLO\r\n\r\n",
          "GET /?Action=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab",
          "\u0000\u0001\u0002\r\n\r\n",
        }) {
      String reply = rawExchange(garbage);
      if (!reply.isEmpty()) {
        assertThat(reply).startsWith("HTTP/1.1 4");
      }
    }
    assertStillServing();
  }

  private static void assertStillServing() throws Exception {
    RawRequests.Answer stillServing = raw.send("GET", "/", null, null);
    assertThat(stillServing.status()).isEqualTo(400);
    assertThat(stillServing.json().path("Code").asText()).isEqualTo("MissingParameter");
  }

  /** Writes {@code request} on a fresh connection, half-closes it and returns all of the reply. */
  private static String rawExchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The JSON body of a raw HTTP reply. */
  private static JsonNode ecsError(String reply) throws Exception {
    String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
    assertThat(reply).containsIgnoringCase("Content-Type: application/json");
    return JsonResponses.MAPPER.readTree(body);
  }

  private static void assertCode(Map<String, String> params, int status, String code)
      throws Exception {
    RawRequests.Answer answer = raw.postQuery(params);
    assertThat(answer.json().path("Code").asText()).isEqualTo(code);
    assertThat(answer.status()).isEqualTo(status);
  }
}
