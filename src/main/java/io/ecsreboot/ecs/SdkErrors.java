package io.ecsreboot.ecs;

import com.aliyuncs.exceptions.ClientException;

/** Turns the SDK's exceptions into {@link EcsError} values. */
final class SdkErrors {
  /** Our code for a reply that is not JSON, such as an HTML page from a gateway. */
  static final String BAD_RESPONSE_FORMAT = "SDK.BadResponseFormat";

  /** Our code for a client-side failure the SDK reports without a code (e.g. no credentials). */
  static final String CLIENT_ERROR = "SDK.ClientError";

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
          badFormat ? BAD_RESPONSE_FORMAT : CLIENT_ERROR, firstLine(text), null, httpStatus);
    }
    return new EcsError(code, e.getErrMsg(), e.getRequestId(), httpStatus);
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
