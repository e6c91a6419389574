package io.ecsreboot.soak;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutSpec;
import io.ecsreboot.api.v1alpha1.RolloutTemplate;
import io.ecsreboot.e2e.ControlPlane;
import io.ecsreboot.e2e.OperatorProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one soak mode, each the real thing in a process of its own: the control plane
 * (shared by the modes), the emulator, and two operator replicas with leader election watching the
 * mode's namespace. Replicas can be killed, terminated and replaced.
 */
final class SoakWorld implements AutoCloseable {
  static final String KEY_ID = "DEMO-EMULATOR-ACCESS-KEY-ID";
  static final String KEY_SECRET = "demo-emulator-secret-not-a-real-key";
  static final String LEASE_NS = "ecs-reboot-system";
  static final int VERIFY_TIMEOUT_SECONDS = 30;

  final ControlPlane cluster;
  final KubernetesClient client;
  final String namespace;
  final EmulatorProcess ecs;
  private final OperatorProcess[] replicas = new OperatorProcess[2];
  private final List<OperatorProcess> retired = new ArrayList<>();

  SoakWorld(ControlPlane cluster, KubernetesClient client, String namespace, EmulatorProcess ecs) {
    this.cluster = cluster;
    this.client = client;
    this.namespace = namespace;
    this.ecs = ecs;
  }

  /** A fresh control plane with the CRD and deploy/ applied (the operator's own RBAC). */
  static ControlPlane startCluster() throws Exception {
    ControlPlane cluster = ControlPlane.start();
    cluster.kubectlOk("apply", "-f", "crds/");
    cluster.kubectlOk("apply", "-k", "deploy/");
    return cluster;
  }

  static KubernetesClient adminClient(ControlPlane cluster) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(cluster.adminKubeconfig));
    config.setRequestRetryBackoffLimit(20); // rides out the API server restart
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  void startReplicas() throws IOException {
    for (int i = 0; i < replicas.length; i++) {
      replicas[i] = startReplica();
    }
  }

  /** A new replica; while the API server restarts one may exit at start: try again for a while. */
  private OperatorProcess startReplica() throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      try {
        return launchReplica();
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        OperatorProcess.sleep(Duration.ofSeconds(2));
      }
    }
  }

  private OperatorProcess launchReplica() throws IOException {
    return OperatorProcess.start(
        OperatorProcess.EMULATOR_ENV,
        "--kubeconfig",
        cluster.operatorKubeconfig.toString(),
        "--namespace",
        namespace,
        // The soak is about exactly-once reboots, not tenancy: its namespace is the admins'.
        "--admin-namespace",
        namespace,
        "--ecs-endpoint",
        ecs.endpoint,
        "--region",
        "cn-hangzhou",
        "--poll-interval",
        "500ms",
        "--settle-window",
        "3s",
        "--ecs-read-timeout",
        SoakPlan.READ_TIMEOUT.toMillis() + "ms",
        "--backoff-initial",
        "300ms",
        "--leader-election",
        "--lease-namespace",
        LEASE_NS,
        "--metrics-port",
        "0",
        "--health-port",
        "0",
        "--log-format",
        "json");
  }

  /**
   * Replaces a replica that exited by itself (a leader that could not renew its Lease while the API
   * server was down halts, by design), as a Deployment's pod is restarted.
   *
   * @return how many were replaced
   */
  synchronized int reviveExited() throws IOException {
    int revived = 0;
    for (int i = 0; i < replicas.length; i++) {
      if (replicas[i] != null && !replicas[i].isAlive()) {
        retired.add(replicas[i]);
        replicas[i] = startReplica();
        revived++;
      }
    }
    return revived;
  }

  /** kill -9, then a replacement after {@code pause}, as a Deployment would start one. */
  synchronized Void kill(int replica, Duration pause) throws Exception {
    replicas[replica].kill();
    retired.add(replicas[replica]);
    OperatorProcess.sleep(pause);
    replicas[replica] = startReplica();
    return null;
  }

  /**
   * SIGTERM and a replacement once the old one exited.
   *
   * @return false if the replica did not exit 0 within the stop bound
   */
  synchronized boolean terminate(int replica, Duration bound) throws Exception {
    OperatorProcess old = replicas[replica];
    old.terminate();
    Integer exit = old.awaitExit(bound);
    retired.add(old);
    if (exit == null) {
      old.kill();
    }
    replicas[replica] = startReplica();
    return exit != null && exit == 0;
  }

  void create(String name, String instanceId, boolean dryRun) {
    RebootRequest request = new RebootRequest();
    request.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId(instanceId);
    spec.setDryRun(dryRun);
    spec.setReason("soak");
    // Where evidence cannot decide, a request ends RebootUnconfirmed after this: not 15 minutes.
    spec.setVerifyTimeoutSeconds(VERIFY_TIMEOUT_SECONDS);
    request.setSpec(spec);
    createRetrying(request);
  }

  /**
   * A rollout of all {@code instanceIds} at once; its children are RebootRequests of this namespace
   * and are judged like the others. Its failure budget is the whole fleet: a child may honestly end
   * RebootUnconfirmed under the faults, and the rest must still run.
   */
  void createRollout(String name, List<String> instanceIds) {
    RebootRollout rollout = new RebootRollout();
    rollout.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    RebootRolloutSpec spec = new RebootRolloutSpec();
    spec.setInstanceIds(instanceIds);
    spec.setMaxUnavailable(new IntOrString("100%"));
    spec.setMaxFailures(instanceIds.size());
    RolloutTemplate template = new RolloutTemplate();
    template.setReason("soak rollout");
    template.setVerifyTimeoutSeconds(VERIFY_TIMEOUT_SECONDS);
    spec.setTemplate(template);
    rollout.setSpec(spec);
    createRetrying(rollout);
  }

  /** The API server may be restarting: try again for a while; a create that landed answers 409. */
  private void createRetrying(HasMetadata object) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        client.resource(object).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw e;
        }
        OperatorProcess.sleep(Duration.ofMillis(500));
      }
    }
  }

  List<RebootRequest> requests() {
    return client.resources(RebootRequest.class).inNamespace(namespace).list().getItems();
  }

  /** The log files of every replica this world ran, for a failing run's report. */
  List<String> logs() {
    List<String> all = new ArrayList<>();
    retired.forEach(p -> all.add(p.log.toString()));
    for (OperatorProcess p : replicas) {
      if (p != null) {
        all.add(p.log.toString());
      }
    }
    return all;
  }

  @Override
  public void close() throws Exception {
    for (OperatorProcess p : replicas) {
      if (p != null) {
        p.close();
      }
    }
    ecs.close();
  }
}
