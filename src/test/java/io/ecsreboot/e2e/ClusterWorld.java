package io.ecsreboot.e2e;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.profile.DefaultProfile;
import io.ecsreboot.emulator.EmulatorAdminClient;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster test world of DESIGN.md 10, for end-to-end tests of node reboots: a real API server
 * with kube-controller-manager and kube-scheduler, the CRD and deploy/ applied, and the operator
 * jar running {@code emulator --kubeconfig} as a process, which registers the example seed's three
 * web nodes and plays their kubelets. Start one per test class; it takes about half a minute.
 */
final class ClusterWorld implements AutoCloseable {
  /** The example seed's node instances, by node name. */
  static final Map<String, String> NODES =
      Map.of(
          "cn-hangzhou.192.168.0.11", "i-bp67acfmxazb4ph00011",
          "cn-hangzhou.192.168.0.12", "i-bp67acfmxazb4ph00012",
          "cn-hangzhou.192.168.0.13", "i-bp67acfmxazb4ph00013");

  /** node-lifecycle marks a node whose Lease lags this long Unknown (the default is 50 s). */
  static final Duration NODE_MONITOR_GRACE = Duration.ofSeconds(20);

  private static final Pattern LISTENING =
      Pattern.compile("listening on http://(127\\.0\\.0\\.1:\\d+)");

  final ControlPlane cluster;
  final OperatorProcess emulator;
  final String ecsEndpoint;
  final EmulatorAdminClient ecs;
  final KubernetesClient kube;

  /** The names of the simulated nodes of this world's seed. */
  final java.util.Set<String> nodeNames;

  /**
   * @param stopping how long a rebooting instance stays Stopping, then as long Starting
   */
  ClusterWorld(Duration stopping) throws Exception {
    this(stopping, "examples/emulator-seed.yaml", NODES.keySet());
  }

  /**
   * @param seed the emulator seed: its instances with a {@code node:} entry are the nodes
   * @param nodeNames those nodes' names (the world waits for them to be schedulable)
   */
  ClusterWorld(Duration stopping, String seed, java.util.Set<String> nodeNames) throws Exception {
    this.nodeNames = java.util.Set.copyOf(nodeNames);
    cluster = ControlPlane.startWithControllers(NODE_MONITOR_GRACE);
    try {
      cluster.kubectlOk("apply", "-f", "crds/");
      cluster.kubectlOk("apply", "-k", "deploy/");
      ControlPlane.withoutInClusterOperator(cluster);
      cluster.kubectlOk("create", "namespace", E2eEnvironment.NS);
      emulator =
          OperatorProcess.startJar(
              Map.of(),
              "ECS emulator listening on",
              "emulator",
              "--port=0",
              "--seed=" + seed,
              "--kubeconfig=" + cluster.adminKubeconfig,
              "--stopping-seconds=" + stopping.toMillis() / 1000.0,
              "--starting-seconds=" + stopping.toMillis() / 1000.0);
      Matcher m = LISTENING.matcher(emulator.logText());
      if (!m.find()) {
        throw new IllegalStateException("no endpoint in:\n" + emulator.logText());
      }
      ecsEndpoint = m.group(1);
      ecs = new EmulatorAdminClient(ecsEndpoint);
      kube =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(cluster.adminKubeconfig)))
              .build();
      await("all nodes Ready and schedulable", Duration.ofSeconds(180), this::allNodesSchedulable);
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** The operator jar, {@code run} as its ServiceAccount against this world's ECS. */
  OperatorProcess startOperator(String... extraArgs) throws IOException {
    return E2eEnvironment.startOperator(cluster, ecsEndpoint, extraArgs);
  }

  /** The real Aliyun SDK (signature V1), over HTTP to this world's ECS emulator. */
  DefaultAcsClient ecsSdk() {
    DefaultAcsClient client =
        new DefaultAcsClient(
            DefaultProfile.getProfile(
                "cn-hangzhou", E2eEnvironment.KEY_ID, E2eEnvironment.KEY_SECRET));
    client.setEndpointResolver(request -> ecsEndpoint);
    return client;
  }

  Node node(String name) {
    return kube.nodes().withName(name).get();
  }

  static boolean isReady(Node node) {
    return node != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static String bootId(Node node) {
    return node.getStatus().getNodeInfo().getBootID();
  }

  /** Waits until {@code node} is Ready with a bootID other than {@code before}: it rebooted. */
  void awaitReadyWithNewBootId(String node, String before) {
    await(
        node + " Ready with a new bootID",
        Duration.ofSeconds(60),
        () -> {
          Node n = node(node);
          return isReady(n) && !before.equals(bootId(n));
        });
  }

  /** Ready, not cordoned, and without taints (node-lifecycle lifted the not-ready one). */
  boolean allNodesSchedulable() {
    return nodeNames.stream()
        .map(this::node)
        .allMatch(
            n ->
                isReady(n)
                    && !Boolean.TRUE.equals(n.getSpec().getUnschedulable())
                    && n.getSpec().getTaints().isEmpty());
  }

  void cordon(String node, boolean unschedulable) {
    kube.nodes()
        .withName(node)
        .edit(
            n -> {
              n.getSpec().setUnschedulable(unschedulable);
              return n;
            });
  }

  /** Creates {@link Workloads#deployment}: spread over the nodes, softly. */
  Deployment createDeployment(String namespace, String name, int replicas) {
    return kube.resource(Workloads.deployment(namespace, name, replicas)).create();
  }

  DaemonSet createDaemonSet(String namespace, String name) {
    return kube.resource(Workloads.daemonSet(namespace, name)).create();
  }

  Pod createUnmanagedPod(String namespace, String name, String node) {
    return kube.resource(Workloads.unmanagedPod(namespace, name, node)).create();
  }

  PodDisruptionBudget createPdb(String namespace, String name, String app, int minAvailable) {
    return kube.resource(Workloads.pdb(namespace, name, app, minAvailable)).create();
  }

  /** The Deployment's pods that are Ready and not terminating. */
  List<Pod> readyPods(String namespace, String app) {
    return kube.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .toList();
  }

  List<Pod> podsOn(String node) {
    return kube.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems();
  }

  List<Pod> awaitReadyPods(String namespace, String app, int count) {
    return awaitValue(
        count + " Ready pods of " + app,
        Duration.ofSeconds(90),
        () -> {
          List<Pod> ready = readyPods(namespace, app);
          return ready.size() == count ? ready : null;
        });
  }

  /**
   * Polls every 200 ms until {@code condition} holds; fails naming {@code what} after {@code
   * bound}.
   */
  static void await(String what, Duration bound, BooleanSupplier condition) {
    awaitValue(what, bound, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /**
   * Polls every 200 ms until {@code value} gives non-null; fails naming {@code what} after {@code
   * bound}.
   */
  static <T> T awaitValue(String what, Duration bound, Supplier<T> value) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      T v = value.get();
      if (v != null) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      OperatorProcess.sleep(Duration.ofMillis(200));
    }
  }

  @Override
  public void close() throws Exception {
    if (kube != null) {
      kube.close();
    }
    try {
      if (emulator != null) {
        emulator.close();
      }
    } finally {
      cluster.close();
    }
  }

  String emulatorLog() {
    return Objects.requireNonNullElse(emulator.logText(), "");
  }
}
