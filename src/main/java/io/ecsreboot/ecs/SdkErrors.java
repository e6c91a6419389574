package io.ecsreboot.ecs;

import com.aliyuncs.exceptions.ClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Turns the SDK's exceptions into {@link EcsError} values: the one place SDK text enters the
 * operator, so the one place it is cleaned of anything that identifies a credential. The SDK puts
 * the whole signed URL (AccessKeyId, Signature, SignatureNonce, SecurityToken) into the messages of
 * {@code SDK.ReadTimeout} and {@code SDK.ServerUnreachable}, and a string to sign into others;
 * status, Events and logs are readable by many more people than the Secret.
 */
final class SdkErrors {
  /** Our code for a reply that is not JSON, such as an HTML page from a gateway. */
  static final String BAD_RESPONSE_FORMAT = "SDK.BadResponseFormat";

  /** Our code for a client-side failure the SDK reports without a code (e.g. no credentials). */
  static final String CLIENT_ERROR = "SDK.ClientError";

  /**
   * Our code for a connection that broke after the request may have been sent (the SDK calls it
   * {@code SDK.ServerUnreachable} like a refused connection, but this one may have taken effect).
   */
  static final String NO_RESPONSE = "SDK.NoResponse";

  static final String SERVER_UNREACHABLE = "SDK.ServerUnreachable";

  /** A URL: everything from the scheme up to whitespace or a quote. */
  private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]*");

  /** A query string that is not part of a URL (e.g. in a string to sign). */
  private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"'<>]*=[^\\s\"'<>]*");

  /** A credential-bearing parameter, plain or percent-encoded once or twice. */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)(AccessKeyId|SignatureNonce|Signature|SecurityToken|Credential|x-acs-security-token"
              + "|x-acs-signature-nonce)(=|%3D|%253D|:\\s*)[^\\s&,;\"'<>]*");

  /** What the server says it signed: carries the canonical query with every parameter. */
  private static final Pattern STRING_TO_SIGN = Pattern.compile("(?is)string to sign is:.*");

  private SdkErrors() {}

  /**
   * @param httpStatus the status of the reply, or 0 when none came (timeout, refused or dropped
   *     connection)
   */
  static EcsError toEcsError(ClientException e, int httpStatus) {
    String code = e.getErrCode();
    if (code == null) {
      String text = String.valueOf(e.getMessage());
      // The SDK reports a non-JSON reply with a null code and the whole body in the message.
      boolean badFormat = text.startsWith("Server response has a bad format type");
      return new EcsError(
          badFormat ? BAD_RESPONSE_FORMAT : CLIENT_ERROR,
          firstLine(sanitize(text)),
          null,
          httpStatus);
    }
    if (SERVER_UNREACHABLE.equals(code) && httpStatus == 0 && !neverConnected(e)) {
      // The SDK reports every I/O error so; only a connection that never opened proves that the
      // request was not sent.
      return new EcsError(
          NO_RESPONSE,
          "the connection closed without an answer: " + firstLine(sanitize(causeText(e))),
          null,
          0);
    }
    return new EcsError(
        code, firstLine(sanitize(e.getErrMsg())), sanitize(e.getRequestId()), httpStatus);
  }

  /** True when the connection was refused or could not be opened: nothing was sent. */
  static boolean neverConnected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t.getClass().getName().equals("org.apache.http.conn.ConnectTimeoutException")) {
        return true;
      }
    }
    return false;
  }

  /** The text with URLs, query strings, strings to sign and credential parameters removed. */
  static String sanitize(String text) {
    if (text == null) {
      return null;
    }
    String clean = STRING_TO_SIGN.matcher(text).replaceAll("string to sign is: (removed)");
    clean = URL.matcher(clean).replaceAll("(URL removed)");
    clean = QUERY.matcher(clean).replaceAll("(query removed)");
    return SECRET_PARAMETER.matcher(clean).replaceAll("$1=(removed)");
  }

  private static String causeText(Throwable e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
