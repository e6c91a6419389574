package io.ecsreboot.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

/** The Node cache keeps what says a node changed for a request, and little else. */
class NodeWakeupsTest {
  @Test
  void theCachedNodeKeepsItsCordonBootIdAndReadinessAndDropsTheBulk() {
    Node full =
        new NodeBuilder()
            .withNewMetadata()
            .withName("cn-hangzhou.192.168.0.12")
            .withUid("u-1")
            .withResourceVersion("42")
            .addToLabels("kubernetes.io/hostname", "cn-hangzhou.192.168.0.12")
            .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
            .addNewManagedField()
            .withManager("kubelet")
            .endManagedField()
            .endMetadata()
            .withNewSpec()
            .withUnschedulable(true)
            .withProviderID("cn-hangzhou.i-abc")
            .endSpec()
            .withNewStatus()
            .withNewNodeInfo()
            .withBootID("boot-2")
            .withKernelVersion("6.1")
            .endNodeInfo()
            .addNewCondition()
            .withType("MemoryPressure")
            .withStatus("False")
            .endCondition()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .addNewImage()
            .addToNames("registry.example/app:1")
            .withSizeBytes(1L << 30)
            .endImage()
            .endStatus()
            .build();

    Node kept = NodeWakeups.trim(full);

    assertThat(kept.getMetadata().getName()).isEqualTo("cn-hangzhou.192.168.0.12");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(kept.getSpec().getUnschedulable()).isTrue();
    assertThat(kept.getStatus().getNodeInfo().getBootID()).isEqualTo("boot-2");
    assertThat(kept.getStatus().getConditions())
        .singleElement()
        .satisfies(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
    assertThat(kept.getStatus().getImages()).isEmpty();
    assertThat(kept.getMetadata().getLabels()).isEmpty();
    assertThat(kept.getMetadata().getManagedFields()).isEmpty();
  }
}
