package io.ecsreboot.node;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ECS instance behind a Node from its {@code spec.providerID}, in the two forms the
 * Alibaba Cloud provider writes: {@code <region>.<instanceId>} and {@code
 * alicloud://<region>.<instanceId>}.
 */
public final class ProviderId {
  private static final Pattern FORM =
      Pattern.compile("^(?:alicloud://)?([a-z]{2,}-[a-z0-9-]+)\\.(i-[a-z0-9]{1,40})$");

  private ProviderId() {}

  /** The instance a providerID names; empty when it is not an ECS instance (or missing). */
  public static Optional<EcsInstance> parse(String providerId) {
    if (providerId == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(providerId.trim());
    return m.matches() ? Optional.of(new EcsInstance(m.group(1), m.group(2))) : Optional.empty();
  }

  /** An ECS instance and its region. */
  public record EcsInstance(String regionId, String instanceId) {}
}
