package io.ecsreboot.ecs;

/**
 * Which credentials an ECS call uses: a key pair from a Secret, or the operator's default chain
 * (environment, RRSA/OIDC, instance RAM role). {@link #toString()} never shows a secret, so the
 * object is safe in logs.
 */
public sealed interface EcsCredentials {

  /** The operator's own identity, resolved by the Aliyun SDK's default provider chain. */
  DefaultChain DEFAULT_CHAIN = new DefaultChain();

  /**
   * A stable, secret-free key: requests with equal keys share one SDK client and one poll batch.
   */
  String cacheKey();

  /** The Aliyun SDK default credentials chain. */
  record DefaultChain() implements EcsCredentials {
    @Override
    public String cacheKey() {
      return "default-chain";
    }

    @Override
    public String toString() {
      return "default credentials chain";
    }
  }

  /**
   * A key pair read from a Secret. {@code source} names the Secret (namespace/name) for messages;
   * the resourceVersion in it makes a rotated Secret a new client.
   */
  record StaticKey(String source, String accessKeyId, String accessKeySecret, String securityToken)
      implements EcsCredentials {
    @Override
    public String cacheKey() {
      return "secret:" + source;
    }

    @Override
    public String toString() {
      return "credentials from Secret " + source;
    }
  }
}
