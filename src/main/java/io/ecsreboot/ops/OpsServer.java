package io.ecsreboot.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (Prometheus text) on the metrics port and {@code /healthz} and {@code
 * /readyz} on the health port, as kubelet and Prometheus expect. Equal ports share one server.
 */
public final class OpsServer implements AutoCloseable {
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();

  /**
   * @param healthy false when the operator is broken beyond repair (restart it)
   * @param ready false until the operator can reconcile (or, with leader election, stand by)
   */
  public OpsServer(
      int metricsPort,
      int healthPort,
      PrometheusMeterRegistry registry,
      BooleanSupplier healthy,
      BooleanSupplier ready)
      throws IOException {
    HttpServer metrics = HttpServer.create(new InetSocketAddress(metricsPort), 0);
    HttpServer health =
        metricsPort == healthPort
            ? metrics
            : HttpServer.create(new InetSocketAddress(healthPort), 0);
    metrics.createContext(
        "/metrics",
        ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    health.createContext("/healthz", ex -> probe(ex, healthy));
    health.createContext("/readyz", ex -> probe(ex, ready));
    servers.add(metrics);
    if (health != metrics) {
      servers.add(health);
    }
    for (HttpServer server : servers) {
      ExecutorService executor = Executors.newSingleThreadExecutor(r -> daemon(r, "ops-http"));
      executors.add(executor);
      server.setExecutor(executor);
      server.start();
    }
  }

  public int metricsPort() {
    return servers.get(0).getAddress().getPort();
  }

  public int healthPort() {
    return servers.get(servers.size() - 1).getAddress().getPort();
  }

  private static void probe(HttpExchange ex, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    reply(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  private static void reply(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    executors.forEach(ExecutorService::shutdown);
  }
}
