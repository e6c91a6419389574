package io.ecsreboot.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both signature versions against the published and the recorded examples. */
class SignatureTest {

  @Test
  void v1MatchesTheOfficialDescribeRegionsTestVector() {
    Map<String, String> params =
        Map.of(
            "AccessKeyId", "testid",
            "Action", "DescribeRegions",
            "Format", "XML",
            "SignatureMethod", "HMAC-SHA1",
            "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            "SignatureVersion", "1.0",
            "Timestamp", "2016-02-23T12:46:24Z",
            "Version", "2014-05-26");

    String stringToSign = SignatureV1.stringToSign("GET", params);

    assertThat(stringToSign).startsWith("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions");
    assertThat(stringToSign).contains("Timestamp%3D2016-02-23T12%253A46%253A24Z");
    assertThat(SignatureV1.sign(stringToSign, "testsecret"))
        .isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  }

  @Test
  void percentEncodingKeepsOnlyUnreservedCharacters() {
    assertThat(PercentCodec.encode("a b*c~d/é")).isEqualTo("a%20b%2Ac~d%2F%C3%A9");
    assertThat(PercentCodec.decode("a%20b+c%C3%A9")).isEqualTo("a b cé");
  }

  @Test
  void v3MatchesTheRequestTheTeaSdkSent() {
    List<String> signed =
        List.of(
            "host",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-credentials-provider",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-version");
    String emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    Map<String, String> headers =
        Map.of(
            "host", "127.0.0.1:18089",
            "x-acs-action", "RebootInstance",
            "x-acs-content-sha256", emptyHash,
            "x-acs-credentials-provider", "static_ak",
            "x-acs-date", "2026-11-26T06:44:40Z",
            "x-acs-signature-nonce",
                "ad4186ebb670347e97f1853bb59833341d9947460bea888d7398677971000244",
            "x-acs-version", "2014-05-26");
    Map<String, String> query =
        Map.of("DryRun", "false", "ForceStop", "true", "InstanceId", "i-bp67acfmxazb4ph00001");

    String canonical = SignatureV3.canonicalRequest("POST", "/", query, headers, signed, emptyHash);

    assertThat(SignatureV3.sha256Hex(new byte[0])).isEqualTo(emptyHash);
    assertThat(SignatureV3.sign(SignatureV3.stringToSign(canonical), "SECRET"))
        .isEqualTo("d64b9908a47adbd204ffba81c8d3b6036455e5a33d5ae60dc7f14a4e8e9b1bf0");
  }

  @Test
  void v3AuthorizationHeaderParsesIntoItsThreeParts() {
    SignatureV3.Authorization auth =
        SignatureV3.Authorization.parse(
            "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,Signature=abc");
    assertThat(auth.accessKeyId()).isEqualTo("AK");
    assertThat(auth.signedHeaders()).containsExactly("host", "x-acs-date");
    assertThat(auth.signature()).isEqualTo("abc");
  }
}
