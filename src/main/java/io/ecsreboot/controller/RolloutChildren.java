package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RolloutTemplate;
import io.ecsreboot.rollout.ChildNames;
import io.ecsreboot.rollout.ChildState;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How a rollout's children look: built from the template, and read back as {@link ChildState}. */
final class RolloutChildren {
  /** On every child: its rollout's name (the children informer selects on it). */
  static final String ROLLOUT_LABEL = "ecsreboot.io/rollout";

  private RolloutChildren() {}

  static RebootRequest build(RebootRollout rollout, String target) {
    RolloutTemplate t =
        rollout.getSpec().getTemplate() == null
            ? new RolloutTemplate()
            : rollout.getSpec().getTemplate();
    RebootRequestSpec spec = new RebootRequestSpec();
    if (rollout.getSpec().getNodeSelector() != null) {
      spec.setNodeName(target);
      spec.setDrain(t.getDrain());
    } else {
      spec.setInstanceId(target);
    }
    spec.setRegionId(t.getRegionId());
    spec.setForceStop(t.getForceStop());
    spec.setDryRun(t.getDryRun());
    spec.setReason(
        t.getReason() != null ? t.getReason() : "RebootRollout " + rollout.getMetadata().getName());
    spec.setCredentialsSecretRef(t.getCredentialsSecretRef());
    spec.setBackoffLimit(t.getBackoffLimit());
    spec.setActiveDeadlineSeconds(t.getActiveDeadlineSeconds());
    spec.setVerifyTimeoutSeconds(t.getVerifyTimeoutSeconds());
    RebootRequest child = new RebootRequest();
    child.setMetadata(
        new ObjectMetaBuilder()
            .withName(ChildNames.of(rollout.getMetadata().getName(), target))
            .withNamespace(rollout.getMetadata().getNamespace())
            .withLabels(Map.of(ROLLOUT_LABEL, rollout.getMetadata().getName()))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(rollout.getApiVersion())
                    .withKind(rollout.getKind())
                    .withName(rollout.getMetadata().getName())
                    .withUid(rollout.getMetadata().getUid())
                    .withController(true)
                    .build())
            .build());
    child.setSpec(spec);
    return child;
  }

  /** The target a child reboots: its Node or its instance. */
  static String target(RebootRequest child) {
    RebootRequestSpec spec = child.getSpec();
    return spec.getNodeName() != null ? spec.getNodeName() : spec.getInstanceId();
  }

  /**
   * The rollout whose children may share a RebootInstances call with {@code request}: its
   * controlling RebootRollout's uid when it is an instance child (node children go one by one
   * through their drains), not a dry run, and in a phase that may still call ECS; else null.
   */
  static String batchGroup(RebootRequest request) {
    RebootRequestSpec spec = request.getSpec();
    if (spec == null || spec.getNodeName() != null || Boolean.TRUE.equals(spec.getDryRun())) {
      return null;
    }
    RebootRequestStatus status = request.getStatus();
    Phase phase = status == null ? null : status.getPhase();
    if (phase != null && phase != Phase.Pending && phase != Phase.Rebooting) {
      return null;
    }
    var owners = request.getMetadata().getOwnerReferences();
    return owners == null
        ? null
        : owners.stream()
            .filter(
                o -> Boolean.TRUE.equals(o.getController()) && "RebootRollout".equals(o.getKind()))
            .map(o -> o.getUid())
            .findFirst()
            .orElse(null);
  }

  /** The primary cache's index of the children not reconciled yet, by their rollout's uid. */
  static final String FRESH_CHILDREN_INDEX = "ecsreboot.io/fresh-rollout-children";

  /**
   * Indexes the children that have no phase yet: their first reconcile is still to come, and it
   * goes straight to the reboot call, so their siblings' shared call waits for them (bounded).
   */
  static Map<String, Function<RebootRequest, List<String>>> indexers() {
    return Map.of(
        FRESH_CHILDREN_INDEX,
        r -> {
          String rollout = batchGroup(r);
          boolean fresh = r.getStatus() == null || r.getStatus().getPhase() == null;
          return rollout != null && fresh ? List.of(rollout) : List.of();
        });
  }

  /** The instances of {@code rollout}'s children in the cache that have no phase yet. */
  static Set<String> freshInstanceIds(IndexedResourceCache<RebootRequest> cache, String rollout) {
    return cache.byIndex(FRESH_CHILDREN_INDEX, rollout).stream()
        .map(r -> r.getSpec().getInstanceId())
        .collect(Collectors.toSet());
  }

  /** Whether {@code child} is this rollout's own (not a leftover of a namesake deleted before). */
  static boolean ownedBy(RebootRequest child, RebootRollout rollout) {
    return child.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            o ->
                Boolean.TRUE.equals(o.getController())
                    && rollout.getMetadata().getUid().equals(o.getUid()));
  }

  static ChildState state(RebootRequest child, RolloutTargets targets) {
    String target = target(child);
    RebootRequestStatus status = child.getStatus();
    Phase phase = status == null ? null : status.getPhase();
    if (phase == null || !phase.isTerminal()) {
      return ChildState.active(target);
    }
    Instant finished =
        status.getCompletionTime() == null ? null : Instant.parse(status.getCompletionTime());
    if (phase == Phase.Failed) {
      boolean cordoned =
          targets.cordonedBy(
              target, child.getMetadata().getNamespace(), child.getMetadata().getName());
      return ChildState.failed(target, finished, cordoned);
    }
    return ChildState.succeeded(target, finished);
  }
}
