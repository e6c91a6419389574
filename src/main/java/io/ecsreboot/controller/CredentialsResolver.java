package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.SecretReference;
import io.ecsreboot.ecs.EcsCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the credentials for a request: its {@code credentialsSecretRef} (a Secret in the same
 * namespace) or else the operator's default chain. A Secret is read when a request needs it, not
 * watched, so the operator needs no list/watch on Secrets; a read is reused for {@link #REUSE}, so
 * a rollout of a thousand requests sharing one Secret costs one GET per few seconds, not one per
 * request per poll, and a rotated Secret is in use within seconds.
 */
public final class CredentialsResolver {
  static final String ACCESS_KEY_ID = "accessKeyId";
  static final String ACCESS_KEY_SECRET = "accessKeySecret";
  static final String SECURITY_TOKEN = "securityToken";

  static final Duration REUSE = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Read> reads = new ConcurrentHashMap<>();

  private record Read(Secret secret, Instant at) {}

  public CredentialsResolver(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @throws CredentialsException with a reason and a message fit for status (no secret in it)
   */
  public EcsCredentials resolve(RebootRequest request) {
    SecretReference ref =
        request.getSpec() == null ? null : request.getSpec().getCredentialsSecretRef();
    if (ref == null || ref.getName() == null) {
      return EcsCredentials.DEFAULT_CHAIN;
    }
    String namespace = request.getMetadata().getNamespace();
    Secret secret = read(namespace, ref.getName());
    if (secret == null) {
      throw new CredentialsException(
          "CredentialsSecretNotFound",
          "Secret "
              + namespace
              + "/"
              + ref.getName()
              + " (spec.credentialsSecretRef) does not exist");
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String id = decode(data.get(ACCESS_KEY_ID));
    String key = decode(data.get(ACCESS_KEY_SECRET));
    if (id == null || id.isBlank() || key == null || key.isBlank()) {
      throw new CredentialsException(
          "InvalidCredentialsSecret",
          "Secret "
              + namespace
              + "/"
              + ref.getName()
              + " needs non-empty keys "
              + ACCESS_KEY_ID
              + " and "
              + ACCESS_KEY_SECRET);
    }
    String source =
        namespace + "/" + ref.getName() + "@" + secret.getMetadata().getResourceVersion();
    return new EcsCredentials.StaticKey(
        source, id.trim(), key.trim(), trimmed(decode(data.get(SECURITY_TOKEN))));
  }

  /** The Secret, from a read of the last {@link #REUSE}; a missing Secret is asked for again. */
  private Secret read(String namespace, String name) {
    Instant now = clock.instant();
    Read read =
        reads.compute(
            namespace + "/" + name,
            (key, last) ->
                last != null && last.secret() != null && now.isBefore(last.at().plus(REUSE))
                    ? last
                    : new Read(client.secrets().inNamespace(namespace).withName(name).get(), now));
    return read.secret();
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The referenced Secret is missing or unusable. */
  public static final class CredentialsException extends RuntimeException {
    private final String reason;

    CredentialsException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }
}
