package io.ecsreboot.emulator.kubelet;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Decides whether a simulated node is up and which boot it runs, from the boots ECS accepted
 * (reboots and starts, counted as they happen) and the instance's status now. A new bootID comes
 * with the first Running status after a boot began, even when the reboot was too quick to be seen
 * in between.
 */
final class BootTracker {

  /** The node as its kubelet would report it: up (Ready) or not, and its boot. */
  record NodeState(boolean up, String bootId, String instanceStatus) {}

  private final AtomicLong bootsBegun = new AtomicLong();
  private final Supplier<String> newBootId;
  private long bootsSeen;
  private String bootId;

  /**
   * @param bootId the boot the node runs now: the registered Node's, so that restarting the
   *     emulator is no reboot
   */
  BootTracker(String bootId, Supplier<String> newBootId) {
    this.newBootId = newBootId;
    this.bootId = bootId;
  }

  /** ECS accepted a reboot or start of the instance (called from any thread). */
  void bootBegan() {
    bootsBegun.incrementAndGet();
  }

  /**
   * The count to pass to {@link #observe}: read it BEFORE the instance status, so that a boot begun
   * after the status was read is not taken as already done.
   */
  long bootsBegun() {
    return bootsBegun.get();
  }

  /**
   * The node's state given the instance status ({@code null}: the instance is gone) read after
   * {@code begunBefore}. Called from one thread.
   */
  NodeState observe(long begunBefore, String instanceStatus) {
    boolean up = "Running".equals(instanceStatus);
    if (up && bootsSeen < begunBefore) {
      bootsSeen = begunBefore;
      bootId = newBootId.get();
    }
    return new NodeState(up, bootId, instanceStatus);
  }
}
