package io.ecsreboot.emulator.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodStatusesTest {
  static final SimulatedNode NODE =
      new SimulatedNode("cn-hangzhou.192.168.0.11", Map.of(), "i-1", "cn-hangzhou", null, 1);
  static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");

  @Test
  void aStartedPodIsRunningAndReadyOnTheNodesAddress() {
    PodStatus status = apply(pod(), PodStatuses.running(pod(), NODE, "10.244.1.2", false, NOW));
    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(status.getHostIP()).isEqualTo("192.168.0.11");
    assertThat(status.getPodIP()).isEqualTo("10.244.1.2");
    assertThat(PodStatuses.isReady(withStatus(status))).isTrue();
    assertThat(status.getContainerStatuses())
        .singleElement()
        .satisfies(c -> assertThat(c.getRestartCount()).isZero())
        .satisfies(c -> assertThat(c.getState().getRunning()).isNotNull())
        .satisfies(c -> assertThat(c.getContainerID()).startsWith("containerd://"));
  }

  @Test
  void aRebootMarksThePodNotReadyThenRunsItAgainWithOneRestart() {
    Pod running =
        withStatus(apply(pod(), PodStatuses.running(pod(), NODE, "10.244.1.2", false, NOW)));
    Pod down = withStatus(apply(running, PodStatuses.notReady(running, NOW)));
    assertThat(PodStatuses.isReady(down)).isFalse();
    assertThat(down.getStatus().getContainerStatuses().get(0).getReady()).isFalse();

    PodStatus back = apply(down, PodStatuses.running(down, NODE, "10.244.1.2", true, NOW));
    assertThat(back.getContainerStatuses().get(0).getRestartCount()).isEqualTo(1);
    assertThat(back.getContainerStatuses().get(0).getLastState().getTerminated().getExitCode())
        .isEqualTo(255);
    assertThat(back.getStartTime())
        .as("the pod object survives")
        .isEqualTo(running.getStatus().getStartTime());
  }

  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-1")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("pause:3.10")
        .endContainer()
        .endSpec()
        .build();
  }

  private static Pod withStatus(PodStatus status) {
    Pod pod = pod();
    pod.setStatus(status);
    return pod;
  }

  /** The patch's status over the old one, with lists replaced (enough for these fields). */
  @SuppressWarnings("unchecked")
  private static PodStatus apply(Pod old, Map<String, Object> patch) {
    Map<String, Object> merged =
        old.getStatus() == null
            ? new java.util.HashMap<>()
            : Serialization.jsonMapper().convertValue(old.getStatus(), Map.class);
    merged.putAll((Map<String, Object>) patch.get("status"));
    return Serialization.jsonMapper().convertValue(merged, PodStatus.class);
  }
}
