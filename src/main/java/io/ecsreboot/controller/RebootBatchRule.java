package io.ecsreboot.controller;

import io.ecsreboot.ecs.EcsClient;
import java.time.Duration;

/**
 * Decides when the children of one rollout that wait at the reboot call go to ECS together, by
 * counting the callers that could still join, never by how fast they arrive: a slow machine then
 * batches as well as a fast one.
 *
 * <p>A call waits only for children of the same rollout that may still reach the call: those whose
 * reconcile runs and has not reached it (a child in Pending or Rebooting; a child being verified
 * never calls), and those the rollout created that have not been reconciled at all (their first
 * reconcile goes straight to the call). When none is left it goes at once, so a lone child waits
 * for nobody. A full call (100 ids) goes at once, and a bound on the gather wait keeps a sibling
 * held up elsewhere (a slow look, a slow status write) from holding the others: their intents are
 * written and the settle window counts from them.
 */
final class RebootBatchRule {
  /** The longest the first caller of a batch waits for company. */
  static final Duration GATHER_LIMIT = Duration.ofSeconds(5);

  private RebootBatchRule() {}

  /**
   * @param joined callers waiting in this batch
   * @param yetToCall children of the same rollout that may still reach the call
   * @param freeThreads reconcile threads not waiting at a reboot call (of any batch)
   * @param waited how long the first caller of this batch has waited
   */
  static boolean goNow(int joined, int yetToCall, int freeThreads, Duration waited) {
    if (joined <= 0) {
      return false;
    }
    return joined >= EcsClient.MAX_IDS_PER_REBOOT
        || yetToCall <= 0
        || freeThreads <= 0
        || waited.compareTo(GATHER_LIMIT) >= 0;
  }
}
