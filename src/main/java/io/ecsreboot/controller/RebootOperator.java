package io.ecsreboot.controller;

import io.ecsreboot.config.OperatorConfig;
import io.ecsreboot.ecs.AliyunEcsClient;
import io.ecsreboot.ecs.EcsCallListener;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.RateLimiter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The running operator: JOSDK's {@link Operator} with the RebootRequest reconciler and its
 * collaborators, configured as {@code run} configures it. Tests and the benchmark start exactly
 * this.
 */
public final class RebootOperator implements AutoCloseable {
  private final Operator operator;
  private final InstanceObserver observer;

  public RebootOperator(KubernetesClient client, OperatorConfig config) {
    this(client, config, ecsClient(config), UnaryOperator.identity());
  }

  /**
   * @param ecs the ECS port (tests wrap the real one to act at a chosen moment)
   * @param tuneJosdk extra JOSDK settings, such as leader election
   */
  public RebootOperator(
      KubernetesClient client,
      OperatorConfig config,
      EcsClient ecs,
      UnaryOperator<io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider>
          tuneJosdk) {
    Clock clock = Clock.systemUTC();
    this.observer =
        new InstanceObserver(
            ecs, clock, config.describeLinger(), config.pollInterval(), config.ecsReadTimeout());
    var reconciler =
        new RebootRequestReconciler(
            config.rebootSettings(),
            ecs,
            observer,
            new CredentialsResolver(client),
            new EventRecorder(client, clock),
            clock);
    this.operator =
        new Operator(
            o ->
                tuneJosdk.apply(
                    o.withKubernetesClient(client)
                        // The fabric8 mock server cannot do Server-Side Apply; JSON patches work
                        // everywhere.
                        .withUseSSAToPatchPrimaryResource(false)
                        .withCloseClientOnStop(false)
                        .withConcurrentReconciliationThreads(config.maxConcurrentReconciles())
                        .withReconciliationTerminationTimeout(Duration.ofSeconds(20))));
    operator.register(
        reconciler,
        c -> {
          if (config.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(config.namespaces());
          }
        });
  }

  public static EcsClient ecsClient(OperatorConfig config) {
    return new AliyunEcsClient(
        new AliyunEcsClient.AcsClientFactory(config.ecsEndpoint()),
        new RateLimiter(config.ecsQps()),
        config.ecsConnectTimeout(),
        config.ecsReadTimeout(),
        EcsCallListener.NONE);
  }

  public RebootOperator start() {
    operator.start();
    return this;
  }

  @Override
  public void close() {
    operator.stop();
    observer.close();
  }
}
