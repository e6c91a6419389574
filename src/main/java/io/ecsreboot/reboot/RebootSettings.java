package io.ecsreboot.reboot;

import java.time.Duration;

/**
 * Operator-wide tuning of the decision logic.
 *
 * @param defaultRegion region of requests that name none
 * @param settleWindow how long after an unconfirmed RebootInstance call an instance that still
 *     looks untouched is believed untouched; also how long a reboot that cannot be told apart by
 *     StartTime (same minute) must show Running before it counts as done
 * @param pollInterval how often in-flight requests look at their instance
 * @param backoff delays between retries of retryable failures
 */
public record RebootSettings(
    String defaultRegion, Duration settleWindow, Duration pollInterval, Backoff backoff) {}
