package io.ecsreboot.rollout;

import io.ecsreboot.api.v1alpha1.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rollout's one decision, as plain code: given the targets, the children found and the time,
 * which targets start now, and how the rollout reads (DESIGN.md 8). Everything comes from the
 * children and the refusals recorded in status, so a restarted operator decides exactly as the one
 * before it.
 */
public final class RolloutPlan {
  /** How many failed targets the message names; status.failedTargets names as many. */
  static final int NAMED_FAILURES = 20;

  private RolloutPlan() {}

  /**
   * @param targets every target, in the order children start
   * @param children the children found, by target
   */
  public static RolloutDecision decide(
      List<String> targets, Map<String, ChildState> children, RolloutPolicy policy, Instant now) {
    int succeeded = 0;
    int failed = 0;
    int active = 0;
    int unavailable = 0;
    int refused = 0;
    String firstRefusal = null;
    Instant slotFreesAt = null;
    List<String> failedTargets = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (String target : targets) {
      ChildState child = children.get(target);
      if (child == null) {
        waiting.add(target);
        continue;
      }
      switch (child.outcome()) {
        case ACTIVE -> {
          active++;
          unavailable++;
        }
        case FAILED -> {
          failed++;
          failedTargets.add(target);
          if (child.refusal() != null) {
            refused++;
            firstRefusal = firstRefusal == null ? child.refusal() : firstRefusal;
          }
          if (child.leftCordoned()) {
            unavailable++;
          }
        }
        case SUCCEEDED -> {
          succeeded++;
          Instant ready = readyAt(child, policy.minReady());
          if (ready != null && now.isBefore(ready)) {
            unavailable++;
            slotFreesAt = slotFreesAt == null || ready.isBefore(slotFreesAt) ? ready : slotFreesAt;
          }
        }
      }
    }
    Counts counts =
        new Counts(targets.size(), succeeded, failed, active, waiting.size(), failedTargets);
    // A status records at most MAX_RECORDED refusals, and that many say something refuses them all.
    boolean tooManyRefused = refused >= ChildRefusals.MAX_RECORDED;
    if (failed > policy.maxFailures() || tooManyRefused) {
      String message =
          tooManyRefused
              ? refused + " children refused, as many as a rollout records"
              : failed + " failed, more than maxFailures " + policy.maxFailures();
      message += ": " + named(counts);
      return counts.decide(
          List.of(),
          RolloutPhase.Failed,
          null,
          null,
          refused > 0 ? "ChildRefused" : "MaxFailuresExceeded",
          refused > 0 ? message + "; " + firstRefusal : message);
    }
    if (waiting.isEmpty() && active == 0) {
      String message =
          failed == 0
              ? "all " + succeeded + " targets rebooted"
              : succeeded
                  + " targets rebooted, "
                  + failed
                  + " failed within maxFailures: "
                  + named(counts);
      return counts.decide(List.of(), RolloutPhase.Succeeded, null, null, "Finished", message);
    }
    if (waiting.isEmpty()) {
      return counts.decide(
          List.of(),
          RolloutPhase.Progressing,
          null,
          null,
          "WaitingForChildren",
          active + " children running, none left to start");
    }
    if (policy.suspend()) {
      return counts.decide(
          List.of(),
          RolloutPhase.Suspended,
          null,
          null,
          "Suspended",
          "spec.suspend: no new child starts; " + active + " running");
    }
    if (!policy.windows().isOpen(now)) {
      Instant next = policy.windows().nextStart(now).orElse(null);
      return counts.decide(
          List.of(),
          RolloutPhase.WaitingForWindow,
          next,
          next == null ? null : Duration.between(now, next),
          "WaitingForWindow",
          next == null ? "no window opens again" : "next window opens at " + next);
    }
    int slots = Math.max(0, policy.maxUnavailable() - unavailable);
    List<String> start = List.copyOf(waiting.subList(0, Math.min(slots, waiting.size())));
    Duration recheck =
        start.isEmpty() && slotFreesAt != null ? Duration.between(now, slotFreesAt) : null;
    String message =
        start.isEmpty()
            ? unavailable + " of maxUnavailable " + policy.maxUnavailable() + " unavailable"
            : "starting " + String.join(", ", start);
    RolloutPhase phase =
        children.isEmpty() && start.isEmpty() ? RolloutPhase.Pending : RolloutPhase.Progressing;
    return counts.decide(
        start, phase, null, recheck, start.isEmpty() ? "WaitingForSlot" : "Progressing", message);
  }

  private static Instant readyAt(ChildState child, Duration minReady) {
    if (minReady.isZero() || child.finishedAt() == null) {
      return null;
    }
    return child.finishedAt().plus(minReady);
  }

  private static String named(Counts counts) {
    List<String> names = counts.failedTargets();
    String shown = String.join(", ", names.subList(0, Math.min(NAMED_FAILURES, names.size())));
    return names.size() > NAMED_FAILURES
        ? shown + " and " + (names.size() - NAMED_FAILURES) + " more"
        : shown;
  }

  private record Counts(
      int targets,
      int succeeded,
      int failed,
      int active,
      int remaining,
      List<String> failedTargets) {
    RolloutDecision decide(
        List<String> start,
        RolloutPhase phase,
        Instant nextWindowStart,
        Duration recheckAfter,
        String reason,
        String message) {
      return new RolloutDecision(
          start,
          phase,
          targets,
          succeeded,
          failed,
          active + start.size(),
          remaining - start.size(),
          List.copyOf(failedTargets.subList(0, Math.min(NAMED_FAILURES, failedTargets.size()))),
          nextWindowStart,
          recheckAfter,
          reason,
          message);
    }
  }
}
