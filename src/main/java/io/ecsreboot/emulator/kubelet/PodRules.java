package io.ecsreboot.emulator.kubelet;

import java.time.Instant;

/** What the simulated kubelet does next with one pod bound to its node. */
final class PodRules {
  private PodRules() {}

  enum Action {
    /** Nothing to do now. */
    NONE,
    /** Record that the pod already runs under the current boot (the emulator restarted). */
    ADOPT,
    /** Report the pod Running and Ready (again, after a reboot: with a restart counted). */
    RUN,
    /** The node went down: the pod's containers are gone, report it not Ready. */
    MARK_NOT_READY,
    /** The grace period passed: delete with grace period 0, as a kubelet confirms. */
    CONFIRM_DELETION
  }

  /**
   * What the kubelet knows about a pod.
   *
   * @param deletionTime its deletionTimestamp (deletion request + grace period), null if none
   * @param ready its Ready condition is True
   * @param runningUnderBoot the bootID it was last started under by this kubelet, null if unknown
   */
  record PodFacts(Instant deletionTime, boolean ready, String runningUnderBoot) {}

  /**
   * A pod on a node that is down stays as it is (nobody can confirm a deletion, as with a real
   * kubelet that is off); once the node is up, terminating pods go after their grace period and
   * every other pod runs under the current boot.
   */
  static Action decide(PodFacts pod, boolean nodeUp, String bootId, Instant now) {
    if (pod.deletionTime() != null) {
      return nodeUp && !now.isBefore(pod.deletionTime()) ? Action.CONFIRM_DELETION : Action.NONE;
    }
    if (!nodeUp) {
      return pod.ready() ? Action.MARK_NOT_READY : Action.NONE;
    }
    if (pod.runningUnderBoot() == null) {
      return pod.ready() ? Action.ADOPT : Action.RUN;
    }
    return pod.ready() && bootId.equals(pod.runningUnderBoot()) ? Action.NONE : Action.RUN;
  }

  /** A pod started again after its node rebooted counts one restart per container. */
  static boolean isRestart(PodFacts pod, String bootId) {
    return pod.runningUnderBoot() != null && !bootId.equals(pod.runningUnderBoot());
  }
}
