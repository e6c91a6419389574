package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.node.NodeEvents;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only emitter of Kubernetes Events. Events are derived from what changed between two statuses,
 * so every transition gets exactly one Event wherever in the logic it happened. Messages carry ECS
 * codes, RequestIds and the spec's reason; never a credential.
 */
public final class EventRecorder implements TransitionListener, NodeEvents, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "ecs-reboot-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private static final int LANES = 4;
  private final ExecutorService[] lanes = new ExecutorService[LANES];

  /** A blocked eviction is told again after this long, or at once when the blocker changes. */
  static final Duration BLOCKED_EVENT_INTERVAL = Duration.ofSeconds(60);

  private final Map<String, Blocked> lastBlocked = new ConcurrentHashMap<>();

  private record Blocked(String blocker, Instant at) {}

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    for (int i = 0; i < LANES; i++) {
      String name = "event-recorder-" + i;
      lanes[i] =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
              });
    }
  }

  @Override
  public void onTransition(
      RebootRequest request, RebootRequestStatus before, RebootRequestStatus after) {
    Phase was = before == null ? null : before.getPhase();
    Phase now = after.getPhase();
    String why = request.getSpec() == null ? null : request.getSpec().getReason();
    String suffix = why == null || why.isBlank() ? "" : " (reason: " + why + ")";
    int attempts = after.getAttempts() == null ? 0 : after.getAttempts();
    if (now == Phase.Rebooting && attemptsOf(before) < attempts) {
      emit(request, "Normal", "RebootIssued", "RebootInstance attempt " + attempts + suffix);
    }
    if (becameTrue(before, after, Conditions.REBOOT_ACCEPTED)) {
      emit(
          request, "Normal", "RebootAccepted", conditionMessage(after, Conditions.REBOOT_ACCEPTED));
    }
    if (becameTrue(before, after, Conditions.INSTANCE_RUNNING)) {
      emit(
          request,
          "Normal",
          "InstanceRunning",
          conditionMessage(after, Conditions.INSTANCE_RUNNING));
    }
    if (now == Phase.DryRunPassed && was != Phase.DryRunPassed) {
      emit(request, "Normal", "DryRunPassed", conditionMessage(after, Conditions.DRY_RUN_PASSED));
    }
    if (now != null && now.isTerminal()) {
      lastBlocked.remove(request.getMetadata().getUid());
    }
    if (now == Phase.Failed && was != Phase.Failed) {
      emit(
          request, "Warning", "RebootFailed", conditionMessage(after, Conditions.STALLED) + suffix);
    }
    if (retriesOf(after) > retriesOf(before) && now != Phase.Failed) {
      emit(request, "Warning", "Retrying", conditionMessage(after, Conditions.RECONCILING));
    }
  }

  @Override
  public void nodeEvent(RebootRequest request, String type, String reason, String message) {
    emit(request, type, reason, message);
  }

  @Override
  public void evictionBlocked(RebootRequest request, String blocker, String message) {
    Instant now = clock.instant();
    String uid = request.getMetadata().getUid();
    Blocked last = lastBlocked.get(uid);
    if (last != null
        && last.blocker().equals(blocker)
        && now.isBefore(last.at().plus(BLOCKED_EVENT_INTERVAL))) {
      return;
    }
    lastBlocked.put(uid, new Blocked(blocker, now));
    emit(request, "Warning", "EvictionBlocked", "eviction refused by " + blocker + ": " + message);
  }

  /** An Event on any of the operator's objects (a RebootRollout's progress). */
  public void event(HasMetadata object, String type, String reason, String message) {
    emit(object, type, reason, message);
  }

  private void emit(HasMetadata request, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var meta = request.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(request.getApiVersion())
                    .withKind(request.getKind())
                    .withName(meta.getName())
                    .withNamespace(meta.getNamespace())
                    .withUid(meta.getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withReportingComponent(COMPONENT)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .build();
    lanes[Math.floorMod(meta.getUid().hashCode(), LANES)].execute(
        () -> {
          try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
          } catch (KubernetesClientException e) {
            // An Event is a courtesy: losing one must not stop a reboot.
            log.warn(
                "could not record Event {} for {}: {}", reason, meta.getName(), e.getMessage());
          }
        });
  }

  /** Sends what is queued, then stops the lanes. */
  @Override
  public void close() {
    for (ExecutorService lane : lanes) {
      lane.shutdown();
    }
  }

  private static boolean becameTrue(
      RebootRequestStatus before, RebootRequestStatus after, String type) {
    return Conditions.TRUE.equals(conditionStatus(after, type))
        && !Conditions.TRUE.equals(conditionStatus(before, type));
  }

  private static String conditionStatus(RebootRequestStatus status, String type) {
    Condition c = condition(status, type);
    return c == null ? null : c.getStatus();
  }

  private static String conditionMessage(RebootRequestStatus status, String type) {
    Condition c = condition(status, type);
    return c == null ? "" : Objects.toString(c.getMessage(), "");
  }

  private static Condition condition(RebootRequestStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static int attemptsOf(RebootRequestStatus status) {
    return status == null || status.getAttempts() == null ? 0 : status.getAttempts();
  }

  private static int retriesOf(RebootRequestStatus status) {
    return status == null || status.getRetries() == null ? 0 : status.getRetries();
  }
}
