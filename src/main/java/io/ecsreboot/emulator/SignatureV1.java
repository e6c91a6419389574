package io.ecsreboot.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signature V1 (HMAC-SHA1 over the sorted parameters), what aliyun-java-sdk-core 4.x sends. */
final class SignatureV1 {

  private SignatureV1() {}

  /** {@code METHOD&%2F&encode(canonical)}; every parameter but {@code Signature} is signed. */
  static String stringToSign(String method, Map<String, String> params) {
    String canonical =
        new TreeMap<>(params)
            .entrySet().stream()
                .filter(e -> !e.getKey().equals("Signature"))
                .map(e -> PercentCodec.encode(e.getKey()) + "=" + PercentCodec.encode(e.getValue()))
                .collect(Collectors.joining("&"));
    return method + "&" + PercentCodec.encode("/") + "&" + PercentCodec.encode(canonical);
  }

  /** Base64 of HMAC-SHA1 keyed with {@code secret + "&"}. */
  static String sign(String stringToSign, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }
}
