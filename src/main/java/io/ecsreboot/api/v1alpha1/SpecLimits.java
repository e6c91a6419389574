package io.ecsreboot.api.v1alpha1;

/**
 * The bounds of every RebootRequest spec field, in one place: the CRD schema is generated from them
 * (the annotations on {@link RebootRequestSpec}) and the operator checks them again, so the API
 * server and the operator can never disagree about what is valid.
 *
 * <p>Every number has a maximum a person would defend, so that no accepted value can overflow the
 * operator's time arithmetic (an instant plus {@code Long.MAX_VALUE} seconds does not exist).
 */
public final class SpecLimits {
  private SpecLimits() {}

  private static final long DAY_SECONDS = 24 * 60 * 60;

  public static final int MAX_INSTANCE_ID_CHARS = 42;
  public static final int MAX_REGION_ID_CHARS = 64;

  /** A change ticket or a sentence, not a document: Events carry it. */
  public static final int MAX_REASON_CHARS = 256;

  public static final int MIN_BACKOFF_LIMIT = 0;

  /** With backoff capped at 5 minutes, 20 retries already wait over an hour and a half. */
  public static final int MAX_BACKOFF_LIMIT = 20;

  public static final long MIN_ACTIVE_DEADLINE_SECONDS = 1;

  /**
   * 7 days: a reboot takes minutes and its verification at most a day; a week leaves room for a
   * request that waits its turn behind others on the same instance over a long weekend. A request
   * that should wait longer belongs in a schedule, not in one object's deadline.
   */
  public static final long MAX_ACTIVE_DEADLINE_SECONDS = 7 * DAY_SECONDS;

  public static final int MIN_VERIFY_TIMEOUT_SECONDS = 10;

  /** A day: an instance that has not run again a day after its reboot needs a person. */
  public static final int MAX_VERIFY_TIMEOUT_SECONDS = (int) DAY_SECONDS;

  public static final long MIN_TTL_SECONDS_AFTER_FINISHED = 0;

  /**
   * 30 days: long enough to look back over a monthly patch cycle; older history belongs in an audit
   * log or an Events exporter, not in objects that every watch of the API server lists.
   */
  public static final long MAX_TTL_SECONDS_AFTER_FINISHED = 30 * DAY_SECONDS;

  /**
   * The length of a text as the API server counts {@code maxLength}: in characters (Unicode code
   * points, Go's runes), not in Java's UTF-16 units. An emoji is one character, two Java chars.
   */
  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}
