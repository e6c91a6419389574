package io.ecsreboot.config;

import io.ecsreboot.controller.RebootOperator;
import io.ecsreboot.ops.LogFormat;
import io.ecsreboot.ops.OpsServer;
import io.ecsreboot.ops.StopSignal;
import io.ecsreboot.reboot.Backoff;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the operator itself, configured by flags, each with an env var default. */
@Command(
    name = "run",
    description = "Run the operator: watch RebootRequests and reboot ECS instances.",
    mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  /**
   * The longest a stop takes: running reconciles finish (their ECS call and status write), the
   * Lease is released, then the process exits; idle, it takes about a second. Under the 30 s
   * default grace period of a pod.
   */
  public static final Duration STOP_BOUND =
      RebootOperator.RECONCILE_TERMINATION_TIMEOUT.plusSeconds(10);

  @Option(
      names = "--kubeconfig",
      defaultValue = "${env:KUBECONFIG}",
      description = "Kubeconfig file (default: in-cluster config or ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--namespace",
      split = ",",
      defaultValue = "${env:ECSREBOOT_NAMESPACES}",
      description = "Namespace to watch; repeat or comma-separate (default: all).")
  List<String> namespaces;

  @Option(
      names = "--region",
      defaultValue = "${env:ECSREBOOT_REGION:-cn-hangzhou}",
      description = "Region of requests that name none (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--ecs-endpoint",
      defaultValue = "${env:ECSREBOOT_ECS_ENDPOINT}",
      description =
          "host:port of an ECS emulator, spoken to over plain HTTP (default: HTTPS to the regional endpoint).")
  String ecsEndpoint;

  @Option(
      names = "--ecs-qps",
      defaultValue = "${env:ECSREBOOT_ECS_QPS:-20}",
      description = "Most ECS calls per second (default: ${DEFAULT-VALUE}).")
  double ecsQps;

  @Option(
      names = "--max-concurrent-reconciles",
      defaultValue = "${env:ECSREBOOT_MAX_CONCURRENT_RECONCILES:-50}",
      description = "Reconcile threads (default: ${DEFAULT-VALUE}).")
  int maxConcurrentReconciles;

  @Option(
      names = "--poll-interval",
      defaultValue = "${env:ECSREBOOT_POLL_INTERVAL:-5s}",
      converter = DurationConverter.class,
      description = "How often in-flight reboots are checked (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--settle-window",
      defaultValue = "${env:ECSREBOOT_SETTLE_WINDOW:-30s}",
      converter = DurationConverter.class,
      description =
          "How long an unconfirmed reboot is given to show before it may be retried (default: ${DEFAULT-VALUE}).")
  Duration settleWindow;

  @Option(
      names = "--ecs-read-timeout",
      defaultValue = "${env:ECSREBOOT_ECS_READ_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description = "Read timeout of one ECS call (default: ${DEFAULT-VALUE}).")
  Duration ecsReadTimeout;

  @Option(
      names = "--leader-election",
      defaultValue = "${env:ECSREBOOT_LEADER_ELECTION:-false}",
      description = "Run as one of several replicas: only the holder of a Lease reconciles.")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:ECSREBOOT_LEASE_NAMESPACE:-${env:POD_NAMESPACE:-ecs-reboot-system}}",
      description = "Namespace of the leader-election Lease (default: ${DEFAULT-VALUE}).")
  String leaseNamespace;

  @Option(
      names = "--admin-namespace",
      defaultValue = "${env:ECSREBOOT_ADMIN_NAMESPACE:-${env:POD_NAMESPACE:-ecs-reboot-system}}",
      description =
          "The admins' namespace: its RebootRequests need no RebootPolicy"
              + " (default: ${DEFAULT-VALUE}).")
  String adminNamespace;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:ECSREBOOT_METRICS_PORT:-8080}",
      description = "Port of /metrics, Prometheus text (default: ${DEFAULT-VALUE}; 0: any free).")
  int metricsPort;

  @Option(
      names = "--health-port",
      defaultValue = "${env:ECSREBOOT_HEALTH_PORT:-8081}",
      description = "Port of /healthz and /readyz (default: ${DEFAULT-VALUE}; 0: any free).")
  int healthPort;

  @Option(
      names = "--log-format",
      defaultValue = "${env:ECSREBOOT_LOG_FORMAT:-text}",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(
      names = "--backoff-initial",
      defaultValue = "${env:ECSREBOOT_BACKOFF_INITIAL:-1s}",
      converter = DurationConverter.class,
      hidden = true)
  Duration backoffInitial;

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = config();
    if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
      throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " is not readable");
    }
    LogFormat.apply(logFormat);
    try (KubernetesClient client = client();
        RebootOperator operator = new RebootOperator(client, config);
        OpsServer ops =
            new OpsServer(
                metricsPort, healthPort, operator.registry(), operator::healthy, operator::ready)) {
      StopSignal stop = StopSignal.install(STOP_BOUND);
      operator.start();
      log.info(
          "ecs-reboot-operator running: namespaces={}, region={}, ecs={}, qps={},"
              + " leader-election={}, metrics=:{}, health=:{}",
          config.namespaces().isEmpty() ? "all" : config.namespaces(),
          config.region(),
          config.ecsEndpoint() == null
              ? "https (regional endpoints)"
              : "http://" + config.ecsEndpoint(),
          config.ecsQps(),
          config.leaderElection() ? config.leaseNamespace() + "/" + config.leaderIdentity() : "off",
          ops.metricsPort(),
          ops.healthPort());
      stop.await();
      log.info("stopping: letting running reconciles finish");
      operator.close();
      log.info("stopped");
    }
    return 0;
  }

  OperatorConfig config() {
    var watched = new LinkedHashSet<String>();
    if (namespaces != null) {
      namespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(watched::add);
    }
    OperatorConfig.Builder config =
        OperatorConfig.defaults(region).toBuilder()
            .namespaces(watched)
            .ecsEndpoint(ecsEndpoint == null || ecsEndpoint.isBlank() ? null : ecsEndpoint.trim())
            .ecsQps(ecsQps)
            .pollInterval(pollInterval)
            .settleWindow(settleWindow)
            .backoff(new Backoff(backoffInitial, Duration.ofMinutes(5)))
            .ecsReadTimeout(ecsReadTimeout)
            .maxConcurrentReconciles(maxConcurrentReconciles)
            .adminNamespace(adminNamespace);
    if (leaderElection) {
      config.leaderElection(leaseNamespace, leaderIdentity());
    }
    return config.build();
  }

  /** The pod name in a cluster (downward API), else host and pid: unique per replica. */
  private static String leaderIdentity() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "ecs-reboot-operator" : host)
        + "-"
        + ProcessHandle.current().pid();
  }

  private KubernetesClient client() throws Exception {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    Config k8s = Config.fromKubeconfig(Files.readString(kubeconfig));
    return new KubernetesClientBuilder().withConfig(k8s).build();
  }
}
