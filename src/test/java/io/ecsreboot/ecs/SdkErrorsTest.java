package io.ecsreboot.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.exceptions.ClientException;
import java.net.ConnectException;
import org.apache.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SDK error text is cleaned of credentials where it enters; connect failures prove "not sent". */
class SdkErrorsTest {
  static final String SIGNED_URL =
      "http://127.0.0.1:8089/?Action=RebootInstance&Format=JSON&AccessKeyId=LTAI5tSecretKeyId"
          + "&SignatureMethod=HMAC-SHA1&SignatureNonce=0f1e2d3c4b5a69788796a5b4c3d2e1f0"
          + "&SecurityToken=CAIS-token&Signature=abc%2Bdef%3D&Timestamp=2026-12-02T01%3A00%3A00Z";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SocketTimeoutException has occurred on a socket read or accept.The url is " + SIGNED_URL,
        "Server unreachable: connection " + SIGNED_URL + " failed",
        "Specified signature is not matched with our calculation. server string to sign is:"
            + "POST&%2F&AccessKeyId%3DLTAI5tSecretKeyId%26SignatureNonce%3D0f1e2d3c",
        "odd text AccessKeyId=LTAI5tSecretKeyId Signature: abc%2Bdef%3D ?Action=X&Timestamp=1"
      })
  void messagesLoseUrlsQueriesAndCredentialParameters(String message) {
    EcsError error =
        SdkErrors.toEcsError(new ClientException("SDK.ReadTimeout", message, "REQ-1"), 0);
    assertThat(error.message())
        .doesNotContain("LTAI5tSecretKeyId")
        .doesNotContain("0f1e2d3c")
        .doesNotContain("abc%2Bdef")
        .doesNotContain("CAIS-token")
        .doesNotContain("?Action=")
        .doesNotContain("Timestamp=");
  }

  @Test
  void refusedConnectionKeepsServerUnreachableAndProvesTheCallWasNotSent() {
    ClientException e =
        new ClientException(
            "SDK.ServerUnreachable",
            "Server unreachable: connection " + SIGNED_URL + " failed",
            new ConnectException("Connection refused"));
    EcsError error = SdkErrors.toEcsError(e, 0);
    assertThat(error.code()).isEqualTo("SDK.ServerUnreachable");
    assertThat(error.message()).doesNotContain("LTAI5tSecretKeyId").contains("(URL removed)");
  }

  @Test
  void connectionDroppedAfterSendingIsNoResponseNotServerUnreachable() {
    ClientException e =
        new ClientException(
            "SDK.ServerUnreachable",
            "Server unreachable: connection " + SIGNED_URL + " failed",
            new NoHttpResponseException("127.0.0.1:8089 failed to respond"));
    EcsError error = SdkErrors.toEcsError(e, 0);
    assertThat(error.code()).isEqualTo("SDK.NoResponse");
    assertThat(error.message()).doesNotContain("LTAI5tSecretKeyId");
  }

  @Test
  void nonJsonReplyKeepsItsFirstLineWithoutQueries() {
    ClientException e =
        new ClientException(
            "Server response has a bad format type: text/html;\nThe original return is: <html>");
    EcsError error = SdkErrors.toEcsError(e, 502);
    assertThat(error.code()).isEqualTo("SDK.BadResponseFormat");
    assertThat(error.httpStatus()).isEqualTo(502);
    assertThat(error.message()).doesNotContain("\n");
  }
}
