package io.ecsreboot.rollout;

/**
 * What an API server's answer to a child create means for the rollout: the child is there already,
 * the refusal is final (it will not go away by itself, so the target counts as failed), or it is
 * transient (tried again later). And how a refusal reads in status and Events.
 */
public final class ChildRefusals {
  /** Refusals a rollout's status records; one more ends the rollout (see {@link RolloutPlan}). */
  public static final int MAX_RECORDED = 100;

  /** A refusal's message in status and Events is cut to this many characters. */
  static final int MAX_MESSAGE = 300;

  private ChildRefusals() {}

  /** How the rollout treats one answer. */
  public enum Kind {
    /** 409: an earlier reconcile (maybe of a crashed replica) created it. */
    EXISTS,
    /** Refused for a reason that holds until someone changes something: the target fails. */
    FINAL,
    /** Overload, an outage, a timeout, an expired token: try again. */
    TRANSIENT
  }

  /**
   * @param httpCode the answer's status code; 0 or less when no answer came (a timeout, a reset)
   */
  public static Kind classify(int httpCode) {
    return switch (httpCode) {
      case 409 -> Kind.EXISTS;
      // 403: an admission policy or webhook said no, or RBAC; 422: the object is invalid (the
      // template cannot make a valid child); 400: malformed. None changes on a retry.
      case 400, 403, 422 -> Kind.FINAL;
      // 401 (a token being renewed), 404 (the CRD being installed), 408, 429, 5xx, no answer.
      default -> Kind.TRANSIENT;
    };
  }

  /**
   * The API server's message for status and Events: one line, no control characters, at most
   * {@value #MAX_MESSAGE} characters (an admission message may be long, or quote the object).
   */
  public static String sanitize(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    String line = message.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
  }

  /** One refusal as people read it: the target, the code and the message. */
  public static String describe(String target, int code, String message) {
    return "the API server refused the child for " + target + " (HTTP " + code + "): " + message;
  }
}
