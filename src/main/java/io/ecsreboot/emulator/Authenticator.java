package io.ecsreboot.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Verifies a call's signature (V1 or V3) against the seeded AccessKey pairs, its timestamp and its
 * nonce, and names the action it asks for.
 */
final class Authenticator {

  static final Duration SKEW = Duration.ofMinutes(15);

  /** Who called and what for, once the signature checked out. */
  record Caller(String accessKeyId, String action, String version) {}

  private final Map<String, String> secrets;
  private final NonceCache nonces = new NonceCache(SKEW);
  private final Clock clock;

  Authenticator(Map<String, String> secrets, Clock clock) {
    this.secrets = Map.copyOf(secrets);
    this.clock = clock;
  }

  /** The action a call names, before any check: for the call log of refused calls. */
  static String actionOf(RpcRequest request) {
    String header = request.headers().get("x-acs-action");
    return header != null ? header : request.params().getOrDefault("Action", "");
  }

  /**
   * @throws ApiError for an unknown key, a bad signature, timestamp or nonce, a missing parameter
   */
  Caller authenticate(RpcRequest request) {
    String authorization = request.headers().get("authorization");
    if (authorization != null && authorization.startsWith(SignatureV3.ALGORITHM)) {
      return authenticateV3(request, SignatureV3.Authorization.parse(authorization));
    }
    return authenticateV1(request);
  }

  private Caller authenticateV1(RpcRequest request) {
    String signature = request.required("Signature");
    String accessKeyId = request.required("AccessKeyId");
    String method = request.required("SignatureMethod");
    request.required("SignatureVersion");
    String nonce = request.required("SignatureNonce");
    String timestamp = request.required("Timestamp");
    String action = request.required("Action");
    String version = request.required("Version");
    if (!method.equals("HMAC-SHA1")) {
      throw ApiError.invalid("SignatureMethod", "only HMAC-SHA1 is supported");
    }
    String secret = secretOf(accessKeyId);
    Instant time = checkTime(timestamp);
    String stringToSign = SignatureV1.stringToSign(request.method(), request.params());
    checkSignature(signature, SignatureV1.sign(stringToSign, secret), stringToSign);
    checkNonce(accessKeyId, nonce, time);
    return new Caller(accessKeyId, action, version);
  }

  private Caller authenticateV3(RpcRequest request, SignatureV3.Authorization authorization) {
    Map<String, String> headers = request.headers();
    String nonce = requiredHeader(headers, "x-acs-signature-nonce");
    String date = requiredHeader(headers, "x-acs-date");
    String action = requiredHeader(headers, "x-acs-action");
    String version = requiredHeader(headers, "x-acs-version");
    String secret = secretOf(authorization.accessKeyId());
    Instant time = checkTime(date);
    // The payload hash must describe the body we got, or a signed body could be swapped.
    String payloadHash = SignatureV3.sha256Hex(request.body());
    String claimedHash = headers.getOrDefault("x-acs-content-sha256", payloadHash);
    String canonical =
        SignatureV3.canonicalRequest(
            request.method(),
            "/",
            request.query(),
            headers,
            authorization.signedHeaders(),
            claimedHash);
    String stringToSign = SignatureV3.stringToSign(canonical);
    checkSignature(authorization.signature(), SignatureV3.sign(stringToSign, secret), stringToSign);
    if (!claimedHash.equalsIgnoreCase(payloadHash)) {
      throw new ApiError(
          400, "SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match the body.");
    }
    checkNonce(authorization.accessKeyId(), nonce, time);
    return new Caller(authorization.accessKeyId(), action, version);
  }

  private static String requiredHeader(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value == null || value.isBlank()) {
      throw ApiError.missing(name);
    }
    return value;
  }

  private String secretOf(String accessKeyId) {
    String secret = secrets.get(accessKeyId);
    if (secret == null) {
      throw ApiError.of("InvalidAccessKeyId.NotFound");
    }
    return secret;
  }

  private Instant checkTime(String timestamp) {
    Instant time;
    try {
      time = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      throw ApiError.of("InvalidTimeStamp.Format");
    }
    if (Duration.between(time, clock.instant()).abs().compareTo(SKEW) > 0) {
      throw ApiError.of("InvalidTimeStamp.Expired");
    }
    return time;
  }

  private static void checkSignature(String given, String expected, String stringToSign) {
    boolean same =
        MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    if (!same) {
      // The V1 SDK compares this tail with its own string to sign to spot a wrong secret.
      throw new ApiError(
          400,
          "SignatureDoesNotMatch",
          ApiError.of("SignatureDoesNotMatch").getMessage()
              + " server string to sign is:"
              + stringToSign);
    }
  }

  private void checkNonce(String accessKeyId, String nonce, Instant time) {
    if (!nonces.firstUse(accessKeyId, nonce, time, clock.instant())) {
      throw ApiError.of("SignatureNonceUsed");
    }
  }

  void forgetNonces() {
    nonces.clear();
  }
}
