package io.ecsreboot.reboot;

import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.SpecLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A spec with its defaults applied (for a nodeName request {@code instanceId} is null: the Node
 * resolves it) and checked again: the API server's schema is the first line of defence, but a spec
 * that slips past it (an older CRD, a mock server) must fail clearly rather than reach ECS. The
 * bounds are the schema's own ({@link SpecLimits}), so the two agree.
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
    if (spec == null) {
      throw new InvalidSpecException("spec is missing");
    }
    Problems problems = new Problems();
    String instanceId = spec.getInstanceId();
    String nodeName = spec.getNodeName();
    if (instanceId != null && nodeName != null) {
      problems.check(false, "set exactly one of spec.instanceId and spec.nodeName");
    } else if (nodeName != null) {
      problems.check(
          NODE_NAME.matcher(nodeName).matches() && nodeName.length() <= 253,
          "spec.nodeName must be a Node name (RFC 1123 subdomain)");
    } else if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
      problems.check(false, "spec.instanceId must match " + RebootRequestSpec.INSTANCE_ID_PATTERN);
    }
    problems.check(
        spec.getDrain() == null || nodeName != null,
        "spec.drain applies only to a nodeName target");
    String region = spec.getRegionId() == null ? defaultRegion : spec.getRegionId();
    problems.check(
        region != null && REGION_ID.matcher(region).matches(),
        "spec.regionId must match "
            + RebootRequestSpec.REGION_ID_PATTERN
            + " (or the operator needs --region)");
    problems.maxLength("spec.regionId", spec.getRegionId(), SpecLimits.MAX_REGION_ID_CHARS);
    problems.maxLength("spec.reason", spec.getReason(), SpecLimits.MAX_REASON_CHARS);
    long backoffLimit =
        problems.inRange(
            "spec.backoffLimit",
            spec.getBackoffLimit(),
            RebootRequestSpec.DEFAULT_BACKOFF_LIMIT,
            SpecLimits.MIN_BACKOFF_LIMIT,
            SpecLimits.MAX_BACKOFF_LIMIT);
    Long deadline = spec.getActiveDeadlineSeconds();
    if (deadline != null) {
      problems.inRange(
          "spec.activeDeadlineSeconds",
          deadline,
          0,
          SpecLimits.MIN_ACTIVE_DEADLINE_SECONDS,
          SpecLimits.MAX_ACTIVE_DEADLINE_SECONDS);
    }
    long verify =
        problems.inRange(
            "spec.verifyTimeoutSeconds",
            spec.getVerifyTimeoutSeconds(),
            RebootRequestSpec.DEFAULT_VERIFY_TIMEOUT_SECONDS,
            SpecLimits.MIN_VERIFY_TIMEOUT_SECONDS,
            SpecLimits.MAX_VERIFY_TIMEOUT_SECONDS);
    Long ttl = spec.getTtlSecondsAfterFinished();
    if (ttl != null) {
      problems.inRange(
          "spec.ttlSecondsAfterFinished",
          ttl,
          0,
          SpecLimits.MIN_TTL_SECONDS_AFTER_FINISHED,
          SpecLimits.MAX_TTL_SECONDS_AFTER_FINISHED);
    }
    problems.throwIfAny();
    return new RequestSpec(
        instanceId,
        region,
        Boolean.TRUE.equals(spec.getForceStop()),
        Boolean.TRUE.equals(spec.getDryRun()),
        (int) backoffLimit,
        deadline == null ? null : Duration.ofSeconds(deadline),
        Duration.ofSeconds(verify),
        ttl == null ? null : Duration.ofSeconds(ttl));
  }

  /** Collects every problem, in the words the API server would use for the same field. */
  private static final class Problems {
    private final List<String> found = new ArrayList<>();

    void check(boolean ok, String problem) {
      if (!ok) {
        found.add(problem);
      }
    }

    /** Lengths in characters, as the API server counts them ({@link SpecLimits#length}). */
    void maxLength(String field, String value, int max) {
      check(
          value == null || SpecLimits.length(value) <= max,
          field + " must be <= " + max + " characters");
    }

    /** The value (or its default when unset), checked against {@code min..max}. */
    long inRange(String field, Number value, long fallback, long min, long max) {
      long v = value == null ? fallback : value.longValue();
      check(v >= min && v <= max, field + " must be " + min + ".." + max);
      return v;
    }

    void throwIfAny() {
      if (!found.isEmpty()) {
        throw new InvalidSpecException(String.join("; ", found));
      }
    }
  }

  /** The spec cannot be acted on; the message says why. */
  public static final class InvalidSpecException extends RuntimeException {
    public InvalidSpecException(String message) {
      super(message);
    }
  }
}
