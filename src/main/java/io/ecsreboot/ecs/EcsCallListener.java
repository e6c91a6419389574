package io.ecsreboot.ecs;

/** Told about every ECS call, for metrics and logs. The error is null on success. */
@FunctionalInterface
public interface EcsCallListener {
  EcsCallListener NONE = (action, error) -> {};

  void onCall(String action, EcsError error);
}
