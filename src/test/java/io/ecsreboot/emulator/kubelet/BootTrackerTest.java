package io.ecsreboot.emulator.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BootTrackerTest {
  private final AtomicInteger boots = new AtomicInteger();
  private final BootTracker tracker =
      new BootTracker("boot0", () -> "boot" + boots.incrementAndGet());

  @Test
  void aRunningInstanceKeepsTheBootItWasRegisteredWith() {
    BootTracker.NodeState state = tracker.observe(tracker.bootsBegun(), "Running");
    assertThat(state.up()).isTrue();
    assertThat(state.bootId()).isEqualTo("boot0");
  }

  @Test
  void aRebootTakesTheNodeDownThenBackWithANewBootId() {
    tracker.bootBegan();
    assertThat(observe("Stopping"))
        .extracting(s -> s.up(), s -> s.bootId())
        .containsExactly(false, "boot0");
    assertThat(observe("Starting").up()).isFalse();
    assertThat(observe("Running"))
        .extracting(s -> s.up(), s -> s.bootId())
        .containsExactly(true, "boot1");
    assertThat(observe("Running").bootId()).as("one boot, one new bootID").isEqualTo("boot1");
  }

  @Test
  void aRebootTooQuickToBeSeenStillGivesANewBootId() {
    tracker.bootBegan();
    assertThat(observe("Running").bootId()).isEqualTo("boot1");
  }

  @Test
  void aBootBegunAfterTheStatusWasReadIsNotTakenAsDone() {
    long begun = tracker.bootsBegun(); // read first, as the kubelet does
    tracker.bootBegan(); // ECS accepts a reboot while the kubelet reads the old "Running"
    assertThat(tracker.observe(begun, "Running").bootId()).isEqualTo("boot0");
    assertThat(observe("Stopping").up()).isFalse();
    assertThat(observe("Running").bootId()).isEqualTo("boot1");
  }

  @Test
  void aStoppedOrDeletedInstanceIsADownNode() {
    assertThat(observe("Stopped").up()).isFalse();
    assertThat(observe(null).up()).isFalse();
    assertThat(observe("Running").bootId()).as("no boot began: same boot").isEqualTo("boot0");
  }

  @Test
  void startingAStoppedInstanceIsANewBoot() {
    assertThat(observe("Stopped").up()).isFalse();
    tracker.bootBegan();
    assertThat(observe("Starting").up()).isFalse();
    assertThat(observe("Running").bootId()).isEqualTo("boot1");
  }

  private BootTracker.NodeState observe(String status) {
    return tracker.observe(tracker.bootsBegun(), status);
  }
}
