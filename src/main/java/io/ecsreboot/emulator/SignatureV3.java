package io.ecsreboot.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signature V3 ({@code ACS3-HMAC-SHA256}), what the Tea-based SDKs send in the Authorization. */
final class SignatureV3 {

  static final String ALGORITHM = "ACS3-HMAC-SHA256";

  /** The parts of {@code ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex}. */
  record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {

    /**
     * @throws ApiError when the header does not have the three parts
     */
    static Authorization parse(String header) {
      String rest = header.substring(ALGORITHM.length()).trim();
      Map<String, String> parts = new TreeMap<>();
      for (String part : rest.split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
      }
      String credential = parts.get("Credential");
      String signedHeaders = parts.get("SignedHeaders");
      String signature = parts.get("Signature");
      if (credential == null || signedHeaders == null || signature == null) {
        throw ApiError.invalid("Authorization", "expected Credential, SignedHeaders and Signature");
      }
      return new Authorization(
          credential, Arrays.asList(signedHeaders.toLowerCase().split(";")), signature);
    }
  }

  private SignatureV3() {}

  /**
   * The canonical request: method, path, sorted query, the signed headers and the payload hash.
   *
   * @param headers request headers with lower-case names
   */
  static String canonicalRequest(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      List<String> signedHeaders,
      String payloadHash) {
    String canonicalQuery =
        new TreeMap<>(query)
            .entrySet().stream()
                .map(e -> PercentCodec.encode(e.getKey()) + "=" + PercentCodec.encode(e.getValue()))
                .collect(Collectors.joining("&"));
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders) {
      canonicalHeaders
          .append(name)
          .append(':')
          .append(headers.getOrDefault(name, "").trim())
          .append('\n');
    }
    return String.join(
        "\n",
        method,
        path,
        canonicalQuery,
        canonicalHeaders.toString(),
        String.join(";", signedHeaders),
        payloadHash);
  }

  static String stringToSign(String canonicalRequest) {
    return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** Hex of HMAC-SHA256 keyed with the secret itself. */
  static String sign(String stringToSign, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
