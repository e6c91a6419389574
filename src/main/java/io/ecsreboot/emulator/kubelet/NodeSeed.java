package io.ecsreboot.emulator.kubelet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ecsreboot.emulator.Seed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code node: {name, labels}} entries of a seed's instances: the instances that are
 * Kubernetes nodes. Kept apart from {@link Seed}, which ignores the entry, so the ECS side of the
 * emulator knows nothing of Kubernetes.
 */
public final class NodeSeed {
  private NodeSeed() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record SeedFile(List<Instance> instances) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Instance(String instanceId, String regionId, String zoneId, NodeEntry node) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  private record NodeEntry(String name, Map<String, String> labels) {}

  /** A DNS-1123 subdomain, what the API server accepts as a Node name. */
  private static final Pattern NODE_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * The nodes in seed order (an instance without {@code node:} is no node).
   *
   * @throws Seed.SeedException when a node entry is invalid
   */
  public static List<SimulatedNode> parse(String yaml) {
    SeedFile file;
    try {
      file = YAML.readValue(yaml, SeedFile.class);
    } catch (JsonProcessingException e) {
      throw new Seed.SeedException("node entries: " + e.getOriginalMessage());
    }
    List<SimulatedNode> nodes = new ArrayList<>();
    if (file == null || file.instances() == null) {
      return nodes;
    }
    Set<String> names = new HashSet<>();
    for (Instance instance : file.instances()) {
      NodeEntry node = instance.node();
      if (node == null) {
        continue;
      }
      String where = "instance " + instance.instanceId() + ": node.name ";
      if (node.name() == null
          || node.name().length() > 253
          || !NODE_NAME.matcher(node.name()).matches()) {
        throw new Seed.SeedException(where + "'" + node.name() + "' is not a valid Node name");
      }
      if (!names.add(node.name())) {
        throw new Seed.SeedException(where + node.name() + " appears twice");
      }
      nodes.add(
          new SimulatedNode(
              node.name(),
              node.labels(),
              instance.instanceId(),
              instance.regionId(),
              instance.zoneId(),
              nodes.size() + 1));
    }
    return nodes;
  }
}
