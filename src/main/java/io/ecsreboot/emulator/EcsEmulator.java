package io.ecsreboot.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A local, protocol-faithful ECS API server on 127.0.0.1: signed RPC calls on {@code /}, the admin
 * API on {@code /_emulator/}. Start one per test with port 0.
 */
public final class EcsEmulator implements AutoCloseable {

  /** Enough threads for delayed replies to not starve other calls; beyond, callers wait. */
  private static final int MAX_THREADS = 256;

  private static final String MAX_HEADER_PROPERTY = "sun.net.httpserver.maxReqHeaderSize";
  static final int MAX_REQUEST_LINE_BYTES = 16 * 1024 * 1024;

  static {
    // The JDK server writes headers and body separately; with Nagle on, each reply waits for the
    // client's delayed ACK (~40 ms). Read once, when the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // The JDK server drops the connection, unanswered, on a request line or header block over
    // its limit (380 KiB by default). Reading up to 16 MiB lets RpcRequest answer an oversized
    // query with an ECS error (414) instead; a longer line is not a request the emulator can read.
    if (System.getProperty(MAX_HEADER_PROPERTY) == null) {
      System.setProperty(MAX_HEADER_PROPERTY, Integer.toString(MAX_REQUEST_LINE_BYTES));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final InstanceStore store;

  private EcsEmulator(HttpServer server, ExecutorService executor, InstanceStore store) {
    this.server = server;
    this.executor = executor;
    this.store = store;
  }

  public static EcsEmulator start(EmulatorOptions options) throws IOException {
    Clock clock = options.clock();
    Seed seed = options.seed();
    InstanceStore store =
        new InstanceStore(
            clock, options.stopping(), options.starting(), options.startTimeOnReboot());
    store.reset(seed.instances());
    Faults faults = new Faults();
    CallLog calls = new CallLog();
    OutageSwitch outage = new OutageSwitch(clock);
    InstanceActions changes = new InstanceActions(store, clock);
    DescribeActions describes = new DescribeActions(store);
    Map<String, Function<RpcRequest, Map<String, Object>>> actions =
        Map.of(
            "RebootInstance", changes::rebootInstance,
            "RebootInstances", changes::rebootInstances,
            "StartInstance", changes::startInstance,
            "StopInstance", changes::stopInstance,
            "DescribeInstances", describes::describeInstances,
            "DescribeInstanceStatus", describes::describeInstanceStatus);
    Authenticator authenticator = new Authenticator(seed.secrets(), clock);
    Runnable reset =
        () -> {
          store.reset(seed.instances());
          faults.clear();
          calls.clear();
          outage.end();
        };

    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 128);
    server.createContext("/", new RpcHandler(authenticator, actions, faults, calls, outage, clock));
    server.createContext(AdminApi.PREFIX, new AdminApi(store, faults, calls, outage, reset));
    ExecutorService executor = newExecutor();
    server.setExecutor(executor);
    server.start();
    return new EcsEmulator(server, executor, store);
  }

  private static ExecutorService newExecutor() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            4,
            MAX_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread t = new Thread(runnable, "ecs-emulator-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    return pool;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:PORT}: the form the SDKs' endpoint override takes (no scheme, HTTP). */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  /** The instance as it is now (its status follows the clock), or empty when there is none. */
  public Optional<EmulatorInstance> instance(String instanceId) {
    return store.get(instanceId);
  }

  /**
   * Calls {@code listener} with the instance id whenever a RebootInstance(s) or StartInstance is
   * accepted: a new boot is coming (the simulated kubelet gives the node a new bootID).
   */
  public void onBootBegan(Consumer<String> listener) {
    store.onBootBegan(listener);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
