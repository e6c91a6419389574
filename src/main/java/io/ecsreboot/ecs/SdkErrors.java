package io.ecsreboot.ecs;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;

/**
 * Turns the SDK's exceptions into {@link EcsError} values. The SDK does not expose the HTTP status
 * of an error, so it is inferred from the exception type (ServerException = 5xx) and the code.
 */
final class SdkErrors {
  /** Our code for a reply that is not JSON, such as an HTML page from a gateway. */
  static final String BAD_RESPONSE_FORMAT = "SDK.BadResponseFormat";

  /** Our code for a client-side failure the SDK reports without a code (e.g. no credentials). */
  static final String CLIENT_ERROR = "SDK.ClientError";

  private SdkErrors() {}

  static EcsError toEcsError(ClientException e) {
    String code = e.getErrCode();
    String message = e.getErrMsg();
    if (code == null) {
      String text = String.valueOf(e.getMessage());
      // The SDK reports a non-JSON reply with a null code and the whole body in the message.
      return new EcsError(
          text.startsWith("Server response has a bad format type")
              ? BAD_RESPONSE_FORMAT
              : CLIENT_ERROR,
          firstLine(text),
          null,
          0);
    }
    return new EcsError(code, message, e.getRequestId(), httpStatus(e, code));
  }

  private static int httpStatus(ClientException e, String code) {
    if (e instanceof ServerException) {
      return "ServiceUnavailable".equals(code) ? 503 : 500;
    }
    if (code.startsWith("SDK.") && e.getRequestId() == null) {
      return 0; // no HTTP answer: timeout, refused or dropped connection
    }
    if (code.endsWith(".NotFound")) {
      return 404;
    }
    if (code.startsWith("Forbidden")) {
      return 403;
    }
    return 400;
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
