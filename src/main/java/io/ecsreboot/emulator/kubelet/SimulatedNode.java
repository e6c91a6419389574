package io.ecsreboot.emulator.kubelet;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Node the emulator registers and plays kubelet for: its name and labels from the seed's {@code
 * node:} entry, and the instance that it runs on.
 *
 * @param index the node's position among the simulated nodes (1-based): picks its pod IP range
 */
public record SimulatedNode(
    String name,
    Map<String, String> labels,
    String instanceId,
    String regionId,
    String zoneId,
    int index) {

  private static final Pattern TRAILING_IPV4 =
      Pattern.compile("(?:^|\\.)((?:\\d{1,3}\\.){3}\\d{1,3})$");

  public SimulatedNode {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** What the Alibaba Cloud provider puts in spec.providerID: {@code <region>.<instanceId>}. */
  public String providerId() {
    return regionId + "." + instanceId;
  }

  /**
   * The node's InternalIP: the address in a name like {@code cn-hangzhou.192.168.0.11} (how ACK
   * names nodes), otherwise one made up from the index.
   */
  public String internalIp() {
    Matcher m = TRAILING_IPV4.matcher(name);
    return m.find() ? m.group(1) : "10.255.0." + index;
  }

  /** The first address of this node's pod range, 10.244.INDEX.0/24 (like a podCIDR). */
  String podIpPrefix() {
    return "10.244." + index + ".";
  }
}
