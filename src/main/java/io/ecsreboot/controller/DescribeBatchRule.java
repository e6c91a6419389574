package io.ecsreboot.controller;

import io.ecsreboot.ecs.EcsClient;

/**
 * Decides when the looks waiting for DescribeInstances go, by counting the looks that could still
 * join the call, never by how fast they arrive: a slow machine then batches as well as a fast one.
 *
 * <p>A look waits only for looks already on their way. While reconciles queue for a thread (a
 * burst), every reconcile thread will look soon (the ones past their look take queued work next),
 * so the call waits until all of them wait with it. Otherwise it waits only for the running
 * reconciles that have not looked yet: a single request goes at once. A timer bounds both (a
 * reconcile held up before its look, e.g. by a drain, never holds the others for long).
 */
final class DescribeBatchRule {
  private DescribeBatchRule() {}

  /** What the reconciles are doing right now. */
  record Demand(int threads, int yetToLook, int queued) {
    /** While reconciles queue for a thread, a batch may wait longer to fill up. */
    boolean busy() {
      return queued > 0;
    }
  }

  /**
   * @param idsInBatch ids in the call for one target (the fullest one)
   * @param waiting reconciles waiting for a call, over all targets
   */
  static boolean goNow(int idsInBatch, int waiting, Demand demand) {
    if (idsInBatch >= EcsClient.MAX_IDS_PER_DESCRIBE) {
      return true;
    }
    if (waiting == 0) {
      return false;
    }
    if (demand.busy()) {
      return waiting >= Math.min(EcsClient.MAX_IDS_PER_DESCRIBE, demand.threads());
    }
    return demand.yetToLook() == 0;
  }
}
