package io.ecsreboot.ecs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies the Aliyun SDK before the first request needs it, without calling ECS: builds the
 * operator's own client (default credentials chain, default region), then sends the two calls a
 * reboot makes through {@link AliyunEcsClient} to a stub on the loopback interface that answers as
 * ECS does. A cold first call costs seconds on a busy machine (the SDK's profile and Apache HTTP
 * client, the signer's classes, Gson), and every reconcile that arrives meanwhile waits for it.
 */
public final class SdkWarmUp {
  private static final Logger log = LoggerFactory.getLogger(SdkWarmUp.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String INSTANCE = "i-warmup";
  private static final String REBOOTED = "{\"RequestId\":\"warm-up\"}";
  private static final String DESCRIBED =
      "{\"RequestId\":\"warm-up\",\"TotalCount\":1,\"PageNumber\":1,\"PageSize\":100,"
          + "\"Instances\":{\"Instance\":[{\"InstanceId\":\""
          + INSTANCE
          + "\",\"RegionId\":\"cn-hangzhou\",\"Status\":\"Running\","
          + "\"StartTime\":\"2026-01-01T00:00Z\",\"OperationLocks\":{\"LockReason\":[]},"
          + "\"Tags\":{\"Tag\":[{\"TagKey\":\"k\",\"TagValue\":\"v\"}]}}]}}";

  private SdkWarmUp() {}

  /**
   * @param clients the operator's client factory: its default-chain client is built here
   * @param region the operator's default region
   * @param rounds how many describe + reboot pairs go to the stub (0: only build the client)
   * @return stub calls that answered
   */
  public static int run(AliyunEcsClient.AcsClientFactory clients, String region, int rounds) {
    // First, so that the JVM-wide Apache HTTP client is configured by the operator's own client.
    clients.clientFor(new EcsTarget(region, EcsCredentials.DEFAULT_CHAIN));
    if (rounds == 0) {
      return 0;
    }
    HttpServer stub;
    try {
      stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      log.info("SDK warm-up skipped: no loopback port ({})", e.toString());
      return 0;
    }
    ExecutorService stubThreads = Executors.newFixedThreadPool(2);
    stub.setExecutor(stubThreads);
    stub.createContext("/", SdkWarmUp::answer);
    stub.start();
    try {
      String endpoint = "127.0.0.1:" + stub.getAddress().getPort();
      EcsClient ecs =
          new AliyunEcsClient(
              new AliyunEcsClient.AcsClientFactory(endpoint),
              new RateLimiters(1000),
              TIMEOUT,
              TIMEOUT,
              EcsCallListener.NONE);
      // A key that exists nowhere: the stub checks no signature, and no real key is ever used.
      EcsTarget target =
          new EcsTarget(
              region, new EcsCredentials.StaticKey("warm-up", "WarmUpKeyId", "warm-up", null));
      int answered = 0;
      for (int i = 0; i < rounds; i++) {
        EcsResult<List<InstanceState>> seen = ecs.describeInstances(target, List.of(INSTANCE));
        EcsResult<String> rebooted = ecs.rebootInstance(target, INSTANCE, false, false);
        if (!seen.isOk() || !rebooted.isOk()) {
          // E.g. an HTTP proxy that does not exempt the loopback: no point in going on.
          log.info("SDK warm-up stopped: the loopback stub did not answer ({})", seen.error());
          break;
        }
        answered += 2;
      }
      return answered;
    } finally {
      stub.stop(0);
      stubThreads.shutdownNow();
    }
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String query = String.valueOf(exchange.getRequestURI().getRawQuery());
    byte[] body =
        (query.contains("Action=DescribeInstances") ? DESCRIBED : REBOOTED)
            .getBytes(StandardCharsets.UTF_8);
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
