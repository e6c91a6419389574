package io.ecsreboot.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The command line and environment the bench starts the operator with: what a {@code run} user
 * would pass, plus the emulator endpoint and the scenario's ECS rate limit.
 */
final class OperatorFlags {
  static final String POLL_INTERVAL = "5s";
  static final String SETTLE_WINDOW = "30s";

  private OperatorFlags() {}

  static List<String> of(Scenario s, Path kubeconfig, String ecsEndpoint, int reconcileThreads) {
    return List.of(
        "--kubeconfig",
        kubeconfig.toAbsolutePath().toString(),
        "--namespace",
        s.namespace(),
        // Requests of the operator's own namespace need no RebootPolicy: the yardstick stays put.
        "--admin-namespace",
        s.namespace(),
        "--region",
        EcsFixture.REGION,
        "--ecs-endpoint",
        ecsEndpoint,
        "--ecs-qps",
        qps(s.ecsQps()),
        "--max-concurrent-reconciles",
        Integer.toString(reconcileThreads),
        "--poll-interval",
        POLL_INTERVAL,
        "--settle-window",
        SETTLE_WINDOW,
        // Any free ports: another operator on the machine (a test, a second bench) holds 8080.
        "--metrics-port",
        "0",
        "--health-port",
        "0");
  }

  /** The seed's demo key through the default credentials chain, as in production. */
  static Map<String, String> env(EcsFixture ecs) {
    return Map.of(
        "ALIBABA_CLOUD_ACCESS_KEY_ID", ecs.credential().accessKeyId(),
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET", ecs.credential().accessKeySecret(),
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true",
        "NO_PROXY", "127.0.0.1,localhost",
        "no_proxy", "127.0.0.1,localhost");
  }

  private static String qps(double qps) {
    return qps == Math.rint(qps) ? Long.toString((long) qps) : Double.toString(qps);
  }
}
