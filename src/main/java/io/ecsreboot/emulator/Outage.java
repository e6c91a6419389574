package io.ecsreboot.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An ECS endpoint that stops answering, as a regional outage or a broken egress path looks from the
 * caller: {@code hang} holds every RPC call without an answer until the outage ends, then drops it;
 * {@code drop} closes every connection at once, unanswered. Calls made during an outage change
 * nothing. The admin API's {@code /_emulator/outage} sets and ends it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Outage(String mode, Long seconds) {

  public static final String HANG = "hang";
  public static final String DROP = "drop";

  public static Outage hang(long seconds) {
    return new Outage(HANG, seconds);
  }

  public static Outage drop(long seconds) {
    return new Outage(DROP, seconds);
  }

  boolean hangs() {
    return HANG.equals(mode);
  }

  /** Null when valid, otherwise why not (one line for the admin API's answer). */
  String problem() {
    if (!HANG.equals(mode) && !DROP.equals(mode)) {
      return "outage 'mode' must be \"hang\" or \"drop\"";
    }
    if (seconds == null || seconds <= 0) {
      return "outage needs 'seconds' > 0 (it always ends by itself)";
    }
    return null;
  }
}
