package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RefusedChild;
import io.ecsreboot.rollout.ChildRefusals;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a rollout's children and sorts the API server's answers ({@link ChildRefusals}): made (or
 * made before: 409), refused for good (returned as a record for status), or a transient failure,
 * after which it creates nothing more this time.
 */
final class RolloutChildCreator {
  private static final Logger log = LoggerFactory.getLogger(RolloutChildCreator.class);

  /**
   * @param created targets whose child exists now
   * @param refused refusals for good, in target order
   * @param transientFailure the first transient failure (the rest were not tried), or null
   */
  record Pass(
      List<String> created,
      List<RefusedChild> refused,
      KubernetesClientException transientFailure) {}

  private final Consumer<RebootRequest> onCreated;

  /**
   * @param onCreated told of each child the API server made (the informer may not have it yet)
   */
  RolloutChildCreator(Consumer<RebootRequest> onCreated) {
    this.onCreated = onCreated;
  }

  /**
   * @param room how many more refusals the status may record; creating stops when it is used up
   */
  Pass create(
      KubernetesClient client, RebootRollout rollout, List<String> targets, int room, Instant now) {
    List<String> created = new ArrayList<>();
    List<RefusedChild> refused = new ArrayList<>();
    for (String target : targets) {
      if (refused.size() >= room) {
        break;
      }
      try {
        onCreated.accept(client.resource(RolloutChildren.build(rollout, target)).create());
        created.add(target);
      } catch (KubernetesClientException e) {
        switch (ChildRefusals.classify(e.getCode())) {
          case EXISTS -> created.add(target);
          case FINAL ->
              refused.add(
                  new RefusedChild(
                      target, e.getCode(), ChildRefusals.sanitize(message(e)), now.toString()));
          case TRANSIENT -> {
            log.warn(
                "{}/{}: creating the child for {} failed, trying again: {}",
                rollout.getMetadata().getNamespace(),
                rollout.getMetadata().getName(),
                target,
                e.getMessage());
            return new Pass(created, refused, e);
          }
        }
      }
    }
    return new Pass(created, refused, null);
  }

  /** The API server's own words (Status.message), not fabric8's wrapping of the request line. */
  private static String message(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }
}
