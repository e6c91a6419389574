package io.ecsreboot.emulator.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreboot.emulator.Seed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSeedTest {

  @Test
  void theExampleSeedHasThreeWebNodesAndItsOtherInstancesAreNoNodes() throws Exception {
    String yaml = Files.readString(Path.of("examples/emulator-seed.yaml"));
    List<SimulatedNode> nodes = NodeSeed.parse(yaml);
    assertThat(nodes)
        .extracting(SimulatedNode::name)
        .containsExactly(
            "cn-hangzhou.192.168.0.11", "cn-hangzhou.192.168.0.12", "cn-hangzhou.192.168.0.13");
    SimulatedNode first = nodes.get(0);
    assertThat(first.providerId()).isEqualTo("cn-hangzhou.i-bp67acfmxazb4ph00011");
    assertThat(first.labels()).containsEntry("node-pool", "web");
    assertThat(first.internalIp()).isEqualTo("192.168.0.11");
    assertThat(Seed.parse(yaml).instances()).as("ECS still sees them as instances").hasSize(11);
  }

  @Test
  void aNodeNameWithoutAnAddressGetsAMadeUpInternalIp() {
    SimulatedNode node = new SimulatedNode("worker-a", Map.of(), "i-1", "r", null, 3);
    assertThat(node.internalIp()).isEqualTo("10.255.0.3");
  }

  @Test
  void refusesNamesTheApiServerWouldRefuseAndDuplicates() {
    assertThatThrownBy(() -> NodeSeed.parse(seed("Worker_A", "w")))
        .isInstanceOf(Seed.SeedException.class)
        .hasMessageContaining("i-1")
        .hasMessageContaining("not a valid Node name");
    assertThatThrownBy(() -> NodeSeed.parse(seed("w", "w"))).hasMessageContaining("twice");
    assertThatThrownBy(() -> NodeSeed.parse(seed(null, "w")))
        .hasMessageContaining("not a valid Node name");
  }

  @Test
  void refusesUnknownNodeFields() {
    String yaml = "instances:\n  - {instanceId: i-1, regionId: r, node: {name: a, lables: {}}}\n";
    assertThatThrownBy(() -> NodeSeed.parse(yaml)).isInstanceOf(Seed.SeedException.class);
  }

  private static String seed(String first, String second) {
    return "instances:\n"
        + "  - {instanceId: i-1, regionId: r, node: {name: "
        + (first == null ? "null" : first)
        + "}}\n"
        + "  - {instanceId: i-2, regionId: r, node: {name: "
        + second
        + "}}\n";
  }
}
