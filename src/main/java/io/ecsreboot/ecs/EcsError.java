package io.ecsreboot.ecs;

/**
 * An error answer from ECS, or from the way there. {@code httpStatus} is 0 when no HTTP answer
 * arrived (timeout, refused connection, dropped connection): then the code is the SDK's, such as
 * {@code SDK.ReadTimeout}.
 */
public record EcsError(String code, String message, String requestId, int httpStatus) {

  /** One line for humans: code, message and RequestId. */
  public String describe() {
    String line = code + ": " + (message == null ? "" : message);
    return requestId == null || requestId.isEmpty()
        ? line
        : line + " (RequestId " + requestId + ")";
  }
}
