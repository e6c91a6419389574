package io.ecsreboot.node;

import java.util.ArrayList;
import java.util.List;

/**
 * Which pods a drain evicts ("which pods", kept apart from "evict them", as kubectl's drain does).
 * Skipped: DaemonSet pods (their controller ignores cordons and would put them right back), mirror
 * pods (the kubelet owns them), finished pods (nothing to disrupt), pods with no controller
 * (nothing would recreate them elsewhere: they come back with the node, and an Event names them),
 * and pods outside drain.podSelector.
 */
public final class DrainFilter {
  /** Why a pod is, or is not, evicted. */
  public enum Disposition {
    EVICT,
    DAEMON_SET,
    MIRROR,
    FINISHED,
    UNMANAGED,
    NOT_SELECTED
  }

  private final PodSelector selector;

  public DrainFilter(PodSelector selector) {
    this.selector = selector;
  }

  public Disposition classify(PodFacts pod) {
    if (pod.mirror()) {
      return Disposition.MIRROR;
    }
    if ("Succeeded".equals(pod.phase()) || "Failed".equals(pod.phase())) {
      return Disposition.FINISHED;
    }
    if ("DaemonSet".equals(pod.controllerKind())) {
      return Disposition.DAEMON_SET;
    }
    if (pod.controllerKind() == null) {
      return Disposition.UNMANAGED;
    }
    return selector.matches(pod.labels()) ? Disposition.EVICT : Disposition.NOT_SELECTED;
  }

  /** The pods of the node, sorted into those to evict and the unmanaged ones to name. */
  public Plan plan(List<PodFacts> pods) {
    List<PodFacts> evict = new ArrayList<>();
    List<PodFacts> unmanaged = new ArrayList<>();
    for (PodFacts pod : pods) {
      switch (classify(pod)) {
        case EVICT -> evict.add(pod);
        case UNMANAGED -> unmanaged.add(pod);
        default -> {}
      }
    }
    return new Plan(evict, unmanaged);
  }

  /**
   * @param toEvict pods the drain waits for: still on the node (a terminating one too: it counts as
   *     gone only when its UID is gone)
   * @param unmanaged pods left alone because nothing would recreate them
   */
  public record Plan(List<PodFacts> toEvict, List<PodFacts> unmanaged) {
    /** The pods that need an eviction sent: those not already terminating. */
    public List<PodFacts> notYetEvicted() {
      return toEvict.stream().filter(p -> !p.terminating()).toList();
    }
  }
}
