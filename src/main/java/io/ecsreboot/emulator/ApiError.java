package io.ecsreboot.emulator;

import java.util.Map;

/**
 * An ECS API error as the emulator answers it: code, HTTP status and message, thrown to refuse a
 * call and caught once by the RPC handler.
 */
final class ApiError extends RuntimeException {

  private record Known(int httpStatus, String message) {}

  /** Statuses and messages of the real API, so that fault injection by code alone looks real. */
  private static final Map<String, Known> CATALOGUE =
      Map.ofEntries(
          Map.entry(
              "InvalidInstanceId.NotFound",
              new Known(404, "The specified InstanceId does not exist.")),
          Map.entry(
              "IncorrectInstanceStatus",
              new Known(
                  403, "The current status of the resource does not support this operation.")),
          Map.entry(
              "InstanceLockedForSecurity",
              new Known(
                  403,
                  "The specified operation is denied as your instance is locked for security"
                      + " reasons.")),
          Map.entry(
              "InstanceExpiredOrInArrears",
              new Known(
                  403,
                  "The specified operation is denied as your prepay instance is expired (prepay"
                      + " mode) or in arrears (afterpay mode).")),
          Map.entry("DiskError", new Known(403, "IncorrectDiskStatus.")),
          Map.entry(
              "IncorrectDiskStatus",
              new Known(403, "The current disk status does not support this operation.")),
          Map.entry(
              "InvalidParameter.KMSKeyId.KMSUnauthorized",
              new Known(403, "ECS service have no right to access your KMS.")),
          Map.entry(
              "DryRunOperation",
              new Known(400, "Request validation has been passed with DryRun flag set.")),
          Map.entry("Throttling", new Known(400, "Request was denied due to request throttling.")),
          Map.entry(
              "Throttling.User", new Known(400, "Request was denied due to user flow control.")),
          Map.entry(
              "Throttling.Api", new Known(400, "Request was denied due to api flow control.")),
          Map.entry(
              "OperationConflict",
              new Known(
                  409,
                  "Request was denied due to conflict with a previous request, please try again"
                      + " later.")),
          Map.entry(
              "InternalError",
              new Known(
                  500,
                  "The request processing has failed due to some unknown error, exception or"
                      + " failure.")),
          Map.entry(
              "ServiceUnavailable",
              new Known(503, "The request has failed due to a temporary failure of the server.")),
          Map.entry(
              "InvalidAccessKeyId.NotFound", new Known(404, "Specified access key is not found.")),
          Map.entry(
              "SignatureDoesNotMatch",
              new Known(400, "Specified signature is not matched with our calculation.")),
          Map.entry(
              "InvalidTimeStamp.Expired",
              new Known(400, "Specified time stamp or date value is expired.")),
          Map.entry(
              "InvalidTimeStamp.Format",
              new Known(400, "Specified time stamp or date value is not well formatted.")),
          Map.entry(
              "SignatureNonceUsed", new Known(400, "Specified signature nonce was used already.")),
          Map.entry(
              "InvalidAction.NotFound",
              new Known(404, "Specified api is not found, please check your url and method.")),
          Map.entry("InvalidVersion", new Known(400, "Specified parameter Version is not valid.")),
          Map.entry(
              "UnsupportedHTTPMethod", new Known(405, "Specified HTTP method is not supported.")));

  private final String code;
  private final int httpStatus;

  ApiError(int httpStatus, String code, String message) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The error with the real API's status and message for {@code code} (400 when unknown). */
  static ApiError of(String code) {
    Known known = CATALOGUE.getOrDefault(code, new Known(400, code));
    return new ApiError(known.httpStatus(), code, known.message());
  }

  /** Like {@link #of(String)} but with the status a fault asked for. */
  static ApiError of(String code, Integer httpStatus) {
    ApiError known = of(code);
    return httpStatus == null ? known : new ApiError(httpStatus, code, known.getMessage());
  }

  static ApiError missing(String parameter) {
    return new ApiError(
        400,
        "MissingParameter",
        "The input parameter \""
            + parameter
            + "\" that is mandatory for processing this request is not supplied.");
  }

  static ApiError invalid(String parameter, String why) {
    return new ApiError(
        400,
        "InvalidParameter",
        "The specified parameter \"" + parameter + "\" is not valid: " + why + ".");
  }

  String code() {
    return code;
  }

  int httpStatus() {
    return httpStatus;
  }
}
