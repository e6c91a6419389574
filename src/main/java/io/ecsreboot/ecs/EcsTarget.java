package io.ecsreboot.ecs;

/** Where an ECS call goes: one region, one identity. Calls to equal targets can be batched. */
public record EcsTarget(String regionId, EcsCredentials credentials) {
  public String key() {
    return regionId + "|" + credentials.cacheKey();
  }
}
