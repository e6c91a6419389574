package io.ecsreboot.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A scripted failure for the next {@code times} calls of {@code action} (on {@code instanceId} when
 * set). {@code when="before"} fails without effect; {@code "after"} lets the call take effect, then
 * waits {@code delayMs}, drops the connection or answers {@code code}/{@code httpStatus}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Fault(
    String action,
    String instanceId,
    String code,
    Integer httpStatus,
    Integer times,
    Long delayMs,
    Boolean closeConnection,
    String when) {

  public static final String BEFORE = "before";
  public static final String AFTER = "after";

  public Fault {
    times = times == null ? 1 : times;
    when = when == null ? BEFORE : when;
  }

  /** Fails the next {@code times} calls with {@code code} and no effect. */
  public static Fault before(String action, String code, int httpStatus, int times) {
    return new Fault(action, null, code, httpStatus, times, null, null, BEFORE);
  }

  /** Lets the next {@code times} calls take effect, then answers {@code code}. */
  public static Fault after(String action, String code, int httpStatus, int times) {
    return new Fault(action, null, code, httpStatus, times, null, null, AFTER);
  }

  /** Lets the call take effect, then answers normally only after {@code delayMs}. */
  public static Fault delayAfter(String action, long delayMs, int times) {
    return new Fault(action, null, null, null, times, delayMs, null, AFTER);
  }

  /** Lets the call take effect, then drops the connection without an answer. */
  public static Fault closeAfter(String action, int times) {
    return new Fault(action, null, null, null, times, null, true, AFTER);
  }

  /** The same fault, limited to calls that name {@code id}. */
  public Fault forInstance(String id) {
    return new Fault(action, id, code, httpStatus, times, delayMs, closeConnection, when);
  }

  boolean after() {
    return AFTER.equals(when);
  }

  boolean drops() {
    return Boolean.TRUE.equals(closeConnection);
  }

  long delay() {
    return delayMs == null ? 0 : delayMs;
  }

  /** Null when valid, otherwise why not (one line for the admin API's answer). */
  String problem() {
    if (action == null || action.isBlank()) {
      return "fault needs an action";
    }
    if (!BEFORE.equals(when) && !AFTER.equals(when)) {
      return "fault 'when' must be \"before\" or \"after\"";
    }
    if ((code == null || code.isBlank()) && delay() <= 0 && !drops()) {
      return "fault needs a code, a delayMs or closeConnection";
    }
    if (times == 0 || times < -1) {
      return "fault 'times' must be positive, or -1 for every call";
    }
    if (httpStatus != null && (httpStatus < 400 || httpStatus > 599)) {
      return "fault 'httpStatus' must be 400..599";
    }
    return null;
  }
}
