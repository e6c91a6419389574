package io.ecsreboot.emulator.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.emulator.kubelet.PodRules.Action;
import io.ecsreboot.emulator.kubelet.PodRules.PodFacts;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodRulesTest {
  static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");

  @ParameterizedTest(name = "{0}: deletion {1}, ready {2}, started under {3}, node up {4} -> {5}")
  @CsvSource(
      nullValues = "-",
      value = {
        "new pod on an up node runs,                     -,  false, -,     true,  RUN",
        "new pod on a down node waits for the boot,      -,  false, -,     false, NONE",
        "running pod of this boot is left alone,         -,  true,  boot2, true,  NONE",
        "pod of the previous boot restarts,              -,  true,  boot1, true,  RUN",
        "pod marked down comes back after the boot,      -,  false, boot1, true,  RUN",
        "ready pod whose node went down is not ready,    -,  true,  boot1, false, MARK_NOT_READY",
        "not-ready pod on a down node stays,             -,  false, boot1, false, NONE",
        "ready pod unknown to a restarted emulator adopted, -, true, -,    true,  ADOPT",
        "not-ready pod this boot runs again,             -,  false, boot2, true,  RUN",
        "terminating pod within its grace period waits,  +5, true,  boot2, true,  NONE",
        "terminating pod after its grace period goes,    -1, true,  boot2, true,  CONFIRM_DELETION",
        "grace period ending now is over,                0,  true,  boot2, true,  CONFIRM_DELETION",
        "nobody confirms a deletion on a down node,      -1, false, boot2, false, NONE",
      })
  void decidesLikeAKubelet(
      String behaviour,
      Integer deletionInSeconds,
      boolean ready,
      String startedUnder,
      boolean nodeUp,
      Action expected) {
    Instant deletion = deletionInSeconds == null ? null : NOW.plusSeconds(deletionInSeconds);
    PodFacts pod = new PodFacts(deletion, ready, startedUnder);
    assertThat(PodRules.decide(pod, nodeUp, "boot2", NOW)).as(behaviour).isEqualTo(expected);
  }

  @ParameterizedTest(name = "started under {0} -> restart {1}")
  @CsvSource(
      nullValues = "-",
      value = {"-, false", "boot2, false", "boot1, true"})
  void onlyAPodOfAnEarlierBootCountsARestart(String startedUnder, boolean restart) {
    assertThat(PodRules.isRestart(new PodFacts(null, false, startedUnder), "boot2"))
        .isEqualTo(restart);
  }
}
