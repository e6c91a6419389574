package io.ecsreboot.reboot;

import java.time.Duration;

/**
 * Operator-wide tuning of the decision logic.
 *
 * @param defaultRegion region of requests that name none
 * @param settleWindow how long after an RebootInstance call whose answer was lost the instance is
 *     watched before its state counts as evidence that the call did nothing
 * @param pollInterval how often in-flight requests look at their instance
 * @param backoff delays between retries of retryable failures
 * @param clockSkewMargin how far the operator's clock may be from ECS's: a reboot is issued only
 *     this long after the minute of the instance's StartTime has passed (DESIGN.md 3.2 rule 3a)
 */
public record RebootSettings(
    String defaultRegion,
    Duration settleWindow,
    Duration pollInterval,
    Backoff backoff,
    Duration clockSkewMargin) {

  /** Generous for NTP-synchronised clocks; it only delays a reboot of a just-started instance. */
  public static final Duration DEFAULT_CLOCK_SKEW_MARGIN = Duration.ofSeconds(10);

  public RebootSettings(
      String defaultRegion, Duration settleWindow, Duration pollInterval, Backoff backoff) {
    this(defaultRegion, settleWindow, pollInterval, backoff, DEFAULT_CLOCK_SKEW_MARGIN);
  }
}
