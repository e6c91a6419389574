package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A spec with its defaults applied (for a nodeName request {@code instanceId} is null: the Node
 * resolves it) and checked again: the API server's schema is the first line of defence, but a spec
 * that slips past it (an older CRD, a mock server) must fail clearly rather than reach ECS.
 */
public record RequestSpec(
    String instanceId,
    String regionId,
    boolean forceStop,
    boolean dryRun,
    int backoffLimit,
    Duration activeDeadline,
    Duration verifyTimeout,
    Duration ttlAfterFinished) {

  private static final Pattern INSTANCE_ID = Pattern.compile(RebootRequestSpec.INSTANCE_ID_PATTERN);
  private static final Pattern NODE_NAME = Pattern.compile(RebootRequestSpec.NODE_NAME_PATTERN);
  private static final Pattern REGION_ID = Pattern.compile(RebootRequestSpec.REGION_ID_PATTERN);

  /** The spec with defaults, or an exception whose message lists every problem. */
  public static RequestSpec of(RebootRequestSpec spec, String defaultRegion) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      throw new InvalidSpecException("spec is missing");
    }
    String instanceId = spec.getInstanceId();
    String nodeName = spec.getNodeName();
    if (instanceId != null && nodeName != null) {
      problems.add("set exactly one of spec.instanceId and spec.nodeName");
    } else if (nodeName != null) {
      check(
          NODE_NAME.matcher(nodeName).matches() && nodeName.length() <= 253,
          "spec.nodeName must be a Node name (RFC 1123 subdomain)",
          problems);
    } else if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
      problems.add("spec.instanceId must match " + RebootRequestSpec.INSTANCE_ID_PATTERN);
    }
    check(
        spec.getDrain() == null || nodeName != null,
        "spec.drain applies only to a nodeName target",
        problems);
    String region = spec.getRegionId() == null ? defaultRegion : spec.getRegionId();
    if (region == null || !REGION_ID.matcher(region).matches()) {
      problems.add(
          "spec.regionId must match "
              + RebootRequestSpec.REGION_ID_PATTERN
              + " (or the operator needs --region)");
    }
    int backoffLimit = orDefault(spec.getBackoffLimit(), RebootRequestSpec.DEFAULT_BACKOFF_LIMIT);
    check(backoffLimit >= 0 && backoffLimit <= 20, "spec.backoffLimit must be 0..20", problems);
    Long deadline = spec.getActiveDeadlineSeconds();
    check(deadline == null || deadline >= 1, "spec.activeDeadlineSeconds must be >= 1", problems);
    int verify =
        orDefault(spec.getVerifyTimeoutSeconds(), RebootRequestSpec.DEFAULT_VERIFY_TIMEOUT_SECONDS);
    check(verify >= 10 && verify <= 86400, "spec.verifyTimeoutSeconds must be 10..86400", problems);
    Long ttl = spec.getTtlSecondsAfterFinished();
    check(ttl == null || ttl >= 0, "spec.ttlSecondsAfterFinished must be >= 0", problems);
    String reason = spec.getReason();
    check(reason == null || reason.length() <= 256, "spec.reason must be <= 256 chars", problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(String.join("; ", problems));
    }
    return new RequestSpec(
        instanceId,
        region,
        Boolean.TRUE.equals(spec.getForceStop()),
        Boolean.TRUE.equals(spec.getDryRun()),
        backoffLimit,
        deadline == null ? null : Duration.ofSeconds(deadline),
        Duration.ofSeconds(verify),
        ttl == null ? null : Duration.ofSeconds(ttl));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static void check(boolean ok, String problem, List<String> problems) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** The spec cannot be acted on; the message says why. */
  public static final class InvalidSpecException extends RuntimeException {
    public InvalidSpecException(String message) {
      super(message);
    }
  }
}
