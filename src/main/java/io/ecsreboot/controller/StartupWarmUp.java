package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.ecs.AliyunEcsClient;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.InstanceState;
import io.ecsreboot.ecs.SdkWarmUp;
import io.ecsreboot.reboot.RebootInput;
import io.ecsreboot.reboot.RebootRules;
import io.ecsreboot.reboot.RebootSettings;
import io.ecsreboot.reboot.Step;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.internal.PatchUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hot paths of a reboot before the operator takes its first request: the decision, the
 * status comparison, the JSON patch of a status write and its HTTP request, an Event, and the SDK's
 * two calls (against a loopback stub, {@link SdkWarmUp}). It makes no ECS call and sends nothing to
 * the cluster. Measured on a busy 2-core machine, a cold JVM spent seconds on a request's first
 * status write and first ECS call (class loading, serializer caches, the SDK client), and requests
 * arriving meanwhile queued behind it.
 */
final class StartupWarmUp {
  private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);

  /** Enough rounds for the JIT to compile the hot methods (C1 compiles after about 200 calls). */
  static final int ROUNDS = 300;

  static final int SDK_ROUNDS = 50;

  /** A bound on a slow machine: the operator would rather start than warm up forever. */
  static final Duration BUDGET = Duration.ofSeconds(10);

  private static final AtomicBoolean FIRST_IN_THIS_JVM = new AtomicBoolean(true);

  private StartupWarmUp() {}

  static void run(
      KubernetesClient client,
      AliyunEcsClient.AcsClientFactory ecsClients,
      RebootSettings settings,
      Clock clock) {
    if ("false".equals(System.getProperty("ecsreboot.warmUp"))) {
      return; // for measuring what the warm-up is worth (bench/README.md)
    }
    // Loaded classes and compiled code serve every operator of the process (tests start many):
    // later ones only build their own SDK client.
    boolean first = FIRST_IN_THIS_JVM.compareAndSet(true, false);
    long start = System.nanoTime();
    try {
      int sdkCalls = SdkWarmUp.run(ecsClients, settings.defaultRegion(), first ? SDK_ROUNDS : 0);
      if (first) {
        int rounds = statusWrites(client, new RebootRules(settings), settings, clock, start);
        log.info(
            "warm-up done in {} ms: {} status-write rounds, {} SDK calls to a loopback stub",
            (System.nanoTime() - start) / 1_000_000,
            rounds,
            sdkCalls);
      }
    } catch (RuntimeException e) {
      // Never a reason not to start: the first requests are only slower.
      log.warn("warm-up failed, starting cold: {}", e.toString());
    }
  }

  /** The CPU work of a reconcile that reboots, up to the HTTP request that would carry it. */
  private static int statusWrites(
      KubernetesClient client,
      RebootRules rules,
      RebootSettings settings,
      Clock clock,
      long start) {
    KubernetesSerialization json = client.getKubernetesSerialization();
    String url = client.getMasterUrl().toString();
    int round = 0;
    for (; round < ROUNDS && System.nanoTime() - start < BUDGET.toNanos(); round++) {
      Instant now = clock.instant();
      RebootRequest request = sample(round, now);
      RebootInput input =
          new RebootInput(
              request.getSpec(),
              new RebootRequestStatus(),
              1,
              now.minusSeconds(1),
              now,
              false,
              RebootInput.Observation.of(
                  new InstanceState(
                      "i-warmup",
                      settings.defaultRegion(),
                      "Running",
                      "2026-01-01T00:00Z",
                      List.of(),
                      Map.of("team", "warm-up")),
                  false));
      Step intent = rules.decide(input);
      Step accepted =
          rules
              .outcomes()
              .afterReboot(
                  input.withStatus(intent.status()),
                  intent.status(),
                  "Running",
                  EcsResult.ok("warm-up", "warm-up"));
      StatusRecorder.StatusComparison.same(intent.status(), accepted.status());
      RebootRequest before = json.clone(request);
      before.setStatus(intent.status());
      request.setStatus(accepted.status());
      String patch = PatchUtils.jsonDiff(before, request, false, json);
      client
          .getHttpClient()
          .newHttpRequestBuilder()
          .uri(url + "/apis/ecsreboot.io/v1alpha1/namespaces/warm-up/rebootrequests/x/status")
          .patch("application/json-patch+json", patch)
          .build();
      json.unmarshal(json.asJson(request), RebootRequest.class);
      json.asJson(
          new EventBuilder()
              .withNewMetadata()
              .withName("warm-up." + round)
              .withNamespace("warm-up")
              .endMetadata()
              .withReason("RebootAccepted")
              .withMessage(accepted.status().getRequestId())
              .build());
    }
    return round;
  }

  private static RebootRequest sample(int round, Instant now) {
    RebootRequest request = new RebootRequest();
    request.getMetadata().setName("warm-up-" + round);
    request.getMetadata().setNamespace("warm-up");
    request.getMetadata().setUid("00000000-0000-0000-0000-" + String.format("%012d", round));
    request.getMetadata().setResourceVersion(Integer.toString(1000 + round));
    request.getMetadata().setGeneration(1L);
    request.getMetadata().setCreationTimestamp(now.toString());
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId("i-warmup");
    spec.setReason("warm-up");
    request.setSpec(spec);
    return request;
  }
}
