package io.ecsreboot.ecs;

/**
 * The outcome of one ECS call: a value with its RequestId, or an error. Errors are values here
 * because the decision logic treats an ECS error code as data, not as an exception.
 */
public record EcsResult<T>(T value, String requestId, EcsError error) {

  public static <T> EcsResult<T> ok(T value, String requestId) {
    return new EcsResult<>(value, requestId, null);
  }

  public static <T> EcsResult<T> failed(EcsError error) {
    return new EcsResult<>(null, error.requestId(), error);
  }

  public boolean isOk() {
    return error == null;
  }
}
