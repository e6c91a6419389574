package io.ecsreboot.rollout;

import io.ecsreboot.api.v1alpha1.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a rollout does now and how it reads: which targets get a child, the phase and the counts,
 * and when to look again without an event.
 *
 * @param start targets to create a child for now, in target order
 * @param failedTargets every target whose child failed, in target order
 * @param nextWindowStart set while outside every window with something left to start
 * @param recheckAfter when time alone changes the answer (a window opens, minReadySeconds ends)
 * @param reason CamelCase reason for the conditions
 * @param message one line for people
 */
public record RolloutDecision(
    List<String> start,
    RolloutPhase phase,
    int targets,
    int succeeded,
    int failed,
    int active,
    int remaining,
    List<String> failedTargets,
    Instant nextWindowStart,
    Duration recheckAfter,
    String reason,
    String message) {}
