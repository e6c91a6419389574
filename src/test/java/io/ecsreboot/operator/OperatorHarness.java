package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.config.OperatorConfig;
import io.ecsreboot.controller.RebootOperator;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EcsEmulator;
import io.ecsreboot.emulator.EmulatorAdminClient;
import io.ecsreboot.emulator.EmulatorInstance;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Seed;
import io.ecsreboot.reboot.Backoff;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Real parts for operator tests: the fabric8 mock API server in CRUD mode with the CRD installed,
 * the ECS emulator on loopback spoken to by the real Aliyun SDK, and the full JOSDK operator as
 * {@code run} starts it, with timings shortened so a test takes seconds.
 */
final class OperatorHarness implements AutoCloseable {
  static final String NAMESPACE = "ops";
  static final String OLD_START = "2026-11-20T04:04Z";
  static final String ACCESS_KEY_ID = "DEMO-EMULATOR-ACCESS-KEY-ID";
  static final String ACCESS_KEY_SECRET = "demo-emulator-secret-not-a-real-key";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  final KubernetesMockServer apiServer;

  /** The mock API server's store; it can refuse creates as admission would. */
  final RefusingCrudDispatcher admission = new RefusingCrudDispatcher();

  final KubernetesClient client;
  final EcsEmulator emulator;
  final EmulatorAdminClient ecs;

  /** The clock of the emulator and the operator: tests may shift both alike. */
  final Clock clock;

  private RebootOperator operator;

  OperatorHarness(Duration stopping, Duration starting) throws Exception {
    this(stopping, starting, EmulatorOptions.StartTimeOnReboot.ADVANCE, Clock.systemUTC());
  }

  OperatorHarness(
      Duration stopping,
      Duration starting,
      EmulatorOptions.StartTimeOnReboot startTimeOnReboot,
      Clock clock)
      throws Exception {
    this.clock = clock;
    // The operator's default credentials chain reads these, as it reads env vars in production.
    System.setProperty("alibabacloud.accessKeyId", ACCESS_KEY_ID);
    System.setProperty("alibabacloud.accessKeySecret", ACCESS_KEY_SECRET);
    apiServer =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), admission, false);
    apiServer.init();
    client = apiServer.createClient();
    for (String crd :
        List.of("rebootrequests.ecsreboot.io-v1.yml", "rebootrollouts.ecsreboot.io-v1.yml")) {
      client
          .resource(
              Serialization.unmarshal(
                  Files.readString(Path.of("crds", crd)), CustomResourceDefinition.class))
          .create();
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    emulator =
        EcsEmulator.start(
            EmulatorOptions.ephemeral(
                    Seed.load(Path.of("examples/emulator-seed.yaml")), stopping, starting)
                .withStartTimeOnReboot(startTimeOnReboot)
                .withClock(clock));
    ecs = new EmulatorAdminClient(emulator.endpoint());
  }

  OperatorConfig config() {
    return OperatorConfig.defaults("cn-hangzhou").toBuilder()
        .ecsEndpoint(emulator.endpoint())
        .ecsQps(200)
        .pollInterval(Duration.ofMillis(200))
        .settleWindow(Duration.ofSeconds(1))
        .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
        .ecsReadTimeout(Duration.ofSeconds(1))
        .clockSkewMargin(Duration.ofSeconds(1))
        .adminNamespace(NAMESPACE)
        .build();
  }

  /**
   * The system clock shifted so that it reads about 50 s past a minute now: a test that must wait
   * for a StartTime minute to pass (rule 3a) waits seconds, not up to a minute.
   */
  static Clock nearTheEndOfAMinute() {
    long second = Instant.now().getEpochSecond() % 60;
    return Clock.offset(Clock.systemUTC(), Duration.ofSeconds(Math.floorMod(50 - second, 60)));
  }

  OperatorHarness startOperator() {
    return startOperator(UnaryOperator.identity());
  }

  /** Starts the operator with its ECS port wrapped, to act at a chosen moment of a call. */
  OperatorHarness startOperator(UnaryOperator<EcsClient> wrapEcs) {
    return startOperator(config(), wrapEcs);
  }

  OperatorHarness startOperator(OperatorConfig config, UnaryOperator<EcsClient> wrapEcs) {
    operator = new RebootOperator(client, config, wrapEcs, clock).start();
    return this;
  }

  /** What /metrics would show now. */
  String scrape() {
    return operator.registry().scrape();
  }

  /**
   * Starts the operator with {@code afterReboot} run right after each RebootInstance call returns
   * and before the operator sees the answer: the moment between ECS and the status write.
   */
  OperatorHarness startOperatorRunningAfterEachReboot(Consumer<String> afterReboot) {
    return startOperator(
        real ->
            new EcsClient() {
              @Override
              public EcsResult<String> rebootInstance(
                  EcsTarget target, String instanceId, boolean forceStop, boolean dryRun) {
                EcsResult<String> result =
                    real.rebootInstance(target, instanceId, forceStop, dryRun);
                afterReboot.accept(instanceId);
                return result;
              }

              @Override
              public EcsResult<Map<String, EcsResult<String>>> rebootInstances(
                  EcsTarget target, List<String> ids, boolean forceStop) {
                var result = real.rebootInstances(target, ids, forceStop);
                ids.forEach(afterReboot);
                return result;
              }

              @Override
              public EcsResult<List<InstanceState>> describeInstances(
                  EcsTarget target, List<String> ids) {
                return real.describeInstances(target, ids);
              }
            });
  }

  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** A fresh Running instance of our own, so tests never share an instance by accident. */
  String newInstance() {
    String id = String.format("i-test%08d", INSTANCES.incrementAndGet());
    ecs.putInstance(EmulatorInstance.running(id, "cn-hangzhou", OLD_START));
    return id;
  }

  RebootRequest create(String name, String instanceId, Consumer<RebootRequestSpec> customize) {
    RebootRequest request = new RebootRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(NAMESPACE);
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId(instanceId);
    customize.accept(spec);
    request.setSpec(spec);
    return client.resource(request).create();
  }

  RebootRequest create(String name, String instanceId) {
    return create(name, instanceId, spec -> {});
  }

  RebootRequest get(String name) {
    return client.resources(RebootRequest.class).inNamespace(NAMESPACE).withName(name).get();
  }

  RebootRequest awaitPhase(String name, Phase phase) {
    return await(
        name,
        r -> r.getStatus() != null && r.getStatus().getPhase() == phase,
        Duration.ofSeconds(20));
  }

  RebootRequest await(String name, Predicate<RebootRequest> condition, Duration timeout) {
    return await(name, NAMESPACE, condition, timeout);
  }

  RebootRequest await(String name, String namespace, Predicate<RebootRequest> condition) {
    return await(name, namespace, condition, Duration.ofSeconds(20));
  }

  RebootRequest await(
      String name, String namespace, Predicate<RebootRequest> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RebootRequest last = null;
    while (System.nanoTime() < deadline) {
      last = client.resources(RebootRequest.class).inNamespace(namespace).withName(name).get();
      if (last != null && condition.test(last)) {
        return last;
      }
      sleep(Duration.ofMillis(50));
    }
    assertThat(last == null ? null : Serialization.asYaml(last.getStatus()))
        .as("RebootRequest %s did not reach the expected state in %s", name, timeout)
        .isEqualTo("<expected state>");
    return last;
  }

  /**
   * The reboot calls that named the instance: its own RebootInstance and shared RebootInstances.
   */
  List<CallRecord> reboots(String instanceId) {
    return ecs.calls(null, instanceId).stream()
        .filter(c -> c.action().startsWith("RebootInstance"))
        .toList();
  }

  /** How many reboot calls took effect on the instance (a shared call counts its own members). */
  long rebootsThatTookEffect(String instanceId) {
    return reboots(instanceId).stream()
        .filter(c -> c.appliedInstanceIds().contains(instanceId))
        .count();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stopOperator();
    emulator.close();
    client.close();
    apiServer.destroy();
  }
}
