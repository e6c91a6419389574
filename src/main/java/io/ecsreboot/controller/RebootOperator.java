package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.config.OperatorConfig;
import io.ecsreboot.ecs.AliyunEcsClient;
import io.ecsreboot.ecs.EcsCallListener;
import io.ecsreboot.ecs.EcsClient;
import io.ecsreboot.ecs.RateLimiters;
import io.ecsreboot.node.Evictions;
import io.ecsreboot.node.NodeClient;
import io.ecsreboot.ops.OperatorMetrics;
import io.ecsreboot.ops.RolloutMetrics;
import io.ecsreboot.policy.PolicyGate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: JOSDK's {@link Operator} with the RebootRequest reconciler and its
 * collaborators, configured as {@code run} configures it. Tests and the benchmark start exactly
 * this.
 */
public final class RebootOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RebootOperator.class);

  private final KubernetesClient client;
  private final OperatorConfig config;

  /**
   * Retries of a failed reconcile: exponential from 1 s to 5 min, and never giving up. A request
   * JOSDK gave up on would never be looked at again (no status, or a reboot in flight that nobody
   * follows); a bug ends the request by itself (RebootRequestReconciler#updateErrorStatus).
   */
  static final GenericRetry RETRY =
      GenericRetry.defaultLimitedExponentialRetry()
          .withoutMaxAttempts()
          .setInitialInterval(Duration.ofSeconds(1))
          .setIntervalMultiplier(2)
          .setMaxInterval(Duration.ofMinutes(5).toMillis());

  private final Operator operator;
  private final InstanceObserver observer;
  private final RebootBatcher batcher;
  private final ThreadPoolExecutor reconcileThreads;
  private final EventRecorder events;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean leading;
  private final AliyunEcsClient.AcsClientFactory ecsClients;
  private final Clock clock;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * How long a stop waits for running reconciles: an ECS call (read timeout) and a status write.
   */
  public static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(15);

  public RebootOperator(KubernetesClient client, OperatorConfig config) {
    this(client, config, UnaryOperator.identity());
  }

  /**
   * @param wrapEcs wraps the ECS port (tests use it to act at a chosen moment of a call)
   */
  public RebootOperator(
      KubernetesClient client, OperatorConfig config, UnaryOperator<EcsClient> wrapEcs) {
    this(client, config, wrapEcs, Clock.systemUTC());
  }

  /**
   * @param clock the operator's clock (tests shift it, e.g. to just before a minute ends)
   */
  public RebootOperator(
      KubernetesClient client,
      OperatorConfig config,
      UnaryOperator<EcsClient> wrapEcs,
      Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    OperatorMetrics metrics = new OperatorMetrics(registry);
    this.ecsClients = new AliyunEcsClient.AcsClientFactory(config.ecsEndpoint());
    EcsClient ecs = wrapEcs.apply(ecsClient(config, ecsClients, metrics));
    // Our own pool (JOSDK's default is the same), so the describe batcher can see its queue.
    this.reconcileThreads =
        (ThreadPoolExecutor) Executors.newFixedThreadPool(config.maxConcurrentReconciles());
    this.observer =
        new InstanceObserver(
            ecs,
            clock,
            config.describeLinger(),
            config.pollInterval(),
            config.ecsReadTimeout(),
            reconcileThreads);
    this.batcher =
        new RebootBatcher(ecs, config.ecsReadTimeout(), config.maxConcurrentReconciles());
    this.leading = new AtomicBoolean(!config.leaderElection());
    Gauge.builder("ecsreboot.leader", leading, l -> l.get() ? 1 : 0)
        .description("1 while this replica reconciles (is the leader, or runs without election)")
        .register(registry);
    this.events = new EventRecorder(client, clock);
    NodeClient nodes = new NodeClient(client);
    var reconciler =
        new RebootRequestReconciler(
            config.rebootSettings(),
            ecs,
            observer,
            batcher,
            new CredentialsResolver(client, clock),
            TransitionListener.all(events, metrics),
            new NodeRequestFlow.Parts(
                nodes,
                new Evictions(client),
                events,
                new PolicyGate(client, config.adminNamespace(), registry),
                request -> {
                  RebootRequest fresh = client.resource(request).get();
                  return fresh != null && !fresh.isMarkedForDeletion();
                }),
            clock);
    this.operator = new Operator(o -> configure(o, client, config));
    operator.register(
        reconciler, c -> watch(c, config).withItemStore(CacheTrim.store()).withRetry(RETRY));
    // A second controller only for node requests' finalizer, so instance requests carry none.
    operator.register(
        new NodeRequestCleaner(nodes, events),
        c ->
            watch(c, config)
                .withItemStore(CacheTrim.nodeRequestsOnly())
                .withName(NodeRequestCleaner.NAME)
                .withFinalizer(NodeRequestFlow.FINALIZER)
                .withGenericFilter(r -> r.getSpec() != null && r.getSpec().getNodeName() != null));
    registerRollouts(client, config, clock);
  }

  /** The RebootRollout controller, when its CRD is installed (an upgrade may not have it yet). */
  private void registerRollouts(KubernetesClient client, OperatorConfig config, Clock clock) {
    if (!RolloutCrd.installed(client, config.namespaces())) {
      log.warn("RebootRollout CRD not installed: rollouts are off until it is and I restart");
      return;
    }
    var rollouts = new RebootRolloutReconciler(events, clock);
    new RolloutMetrics(registry, rollouts::cachedStatuses);
    operator.register(
        rollouts,
        c ->
            (config.namespaces().isEmpty()
                    ? c.watchingAllNamespaces()
                    : c.settingNamespaces(config.namespaces()))
                .withRetry(RETRY));
  }

  private static ControllerConfigurationOverrider<RebootRequest> watch(
      ControllerConfigurationOverrider<RebootRequest> c, OperatorConfig config) {
    return config.namespaces().isEmpty()
        ? c.watchingAllNamespaces()
        : c.settingNamespaces(config.namespaces());
  }

  private ConfigurationServiceOverrider configure(
      ConfigurationServiceOverrider o, KubernetesClient client, OperatorConfig config) {
    o.withKubernetesClient(client)
        // The fabric8 mock server cannot do Server-Side Apply; JSON patches work everywhere.
        .withUseSSAToPatchPrimaryResource(false)
        .withCloseClientOnStop(false)
        .withConcurrentReconciliationThreads(config.maxConcurrentReconciles())
        .withExecutorService(reconcileThreads)
        .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT)
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
    if (config.leaderElection()) {
      o.withLeaderElectionConfiguration(
          new LeaderElectionConfiguration(
              OperatorConfig.LEASE_NAME,
              config.leaseNamespace(),
              LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
              LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
              LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
              config.leaderIdentity(),
              new LeaderCallbacks(() -> leading.set(true), this::stoppedLeading, leader -> {}),
              // Not JOSDK's exit: it calls System.exit from the elector, which blocks forever when
              // the elector is cancelled by a stop that runs inside a JVM shutdown hook.
              false));
    }
    return o;
  }

  /**
   * A lease lost while running (not given up by {@link #close}) ends the process at once: another
   * replica may lead already, and halting is the only way to be sure this one makes no further ECS
   * call. An intent written before a call lets the new leader judge a reboot in flight.
   */
  private void stoppedLeading() {
    leading.set(false);
    if (!stopping.get()) {
      log.error("lost the leader-election Lease while running: exiting now");
      Runtime.getRuntime().halt(1);
    }
  }

  public static EcsClient ecsClient(OperatorConfig config) {
    return ecsClient(
        config, new AliyunEcsClient.AcsClientFactory(config.ecsEndpoint()), EcsCallListener.NONE);
  }

  private static EcsClient ecsClient(
      OperatorConfig config, AliyunEcsClient.AcsClientFactory clients, EcsCallListener listener) {
    return new AliyunEcsClient(
        clients,
        new RateLimiters(config.ecsQps()),
        config.ecsConnectTimeout(),
        config.ecsReadTimeout(),
        listener);
  }

  /** Warms the hot paths up (no ECS call, no cluster write), then starts reconciling. */
  public RebootOperator start() {
    StartupWarmUp.run(client, ecsClients, config.rebootSettings(), clock);
    operator.start();
    return this;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Healthy unless this replica leads and an informer is broken (kubelet restarts it then). */
  public boolean healthy() {
    return !operator.getRuntimeInfo().isStarted()
        || !leading.get()
        || operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Ready once started; a standby replica is ready too, or a rollout would never finish. */
  public boolean ready() {
    return operator.getRuntimeInfo().isStarted()
        && (!leading.get() || operator.getRuntimeInfo().allEventSourcesAreHealthy());
  }

  /**
   * Stops cleanly: no new reconciles, the running ones finish their ECS call and status write
   * (bounded by the reconciliation termination timeout), then the Lease is released so that a
   * standby takes over at once. Idempotent.
   */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    operator.stop();
    if (config.leaderElection()) {
      releaseLease();
    }
    observer.close();
    batcher.close();
    events.close();
  }

  /**
   * Releases until the Lease is not ours: a renewal of JOSDK's elector that was under way when it
   * was cancelled could still find the released Lease free and take it again, so look again a
   * moment later.
   */
  private void releaseLease() {
    try {
      for (int attempt = 0; attempt < 5; attempt++) {
        if (!LeaseRelease.release(
            client, config.leaseNamespace(), OperatorConfig.LEASE_NAME, config.leaderIdentity())) {
          return;
        }
        log.info("released the leader-election Lease");
        Thread.sleep(400);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The standby then takes over when the lease expires: slower, never unsafe.
      log.warn("could not release the leader-election Lease: {}", e.toString());
    }
  }
}
