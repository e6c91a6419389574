package io.ecsreboot.operator;

import static io.ecsreboot.operator.Assertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.SecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Credentials from a Secret in the request's namespace; failures are clear; nothing leaks. */
class CredentialsTest {
  static final String TOKEN = "sts-token-that-must-never-be-logged";
  static OperatorHarness h;
  static ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    ((Logger) LoggerFactory.getLogger("io.ecsreboot")).setLevel(Level.DEBUG);
    h = new OperatorHarness(Duration.ofMillis(100), Duration.ofMillis(100)).startOperator();
  }

  @AfterAll
  static void stop() {
    h.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  // The operator's own identity (the default chain) is valid here too, so success alone does not
  // show which key signed: wrongSecretFailsBeforeAnyReboot shows that the Secret's key is the one.
  @Test
  void secretWithAValidKeyPairAndTokenReboots() {
    rebootWithGoodSecret("with-secret");
  }

  private static void rebootWithGoodSecret(String name) {
    secret(
        "good-creds",
        Map.of(
            "accessKeyId", OperatorHarness.ACCESS_KEY_ID,
            "accessKeySecret", OperatorHarness.ACCESS_KEY_SECRET,
            "securityToken", TOKEN));
    String id = h.newInstance();
    h.create(name, id, s -> s.setCredentialsSecretRef(new SecretReference("good-creds")));
    h.awaitPhase(name, Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
  }

  @Test
  void missingSecretFailsWithoutCallingEcs() {
    String id = h.newInstance();
    h.create(
        "no-secret", id, s -> s.setCredentialsSecretRef(new SecretReference("does-not-exist")));
    RebootRequest done = h.awaitPhase("no-secret", Phase.Failed);
    assertCondition(done, "Stalled", "True", "CredentialsSecretNotFound");
    assertThat(h.ecs.calls(null, id)).isEmpty();
  }

  @Test
  void secretWithoutTheKeysFailsClearly() {
    secret("half-creds", Map.of("accessKeyId", OperatorHarness.ACCESS_KEY_ID));
    String id = h.newInstance();
    h.create("half-secret", id, s -> s.setCredentialsSecretRef(new SecretReference("half-creds")));
    RebootRequest done = h.awaitPhase("half-secret", Phase.Failed);
    assertCondition(done, "Stalled", "True", "InvalidCredentialsSecret");
    assertThat(h.ecs.calls(null, id)).isEmpty();
  }

  @Test
  void unknownAccessKeyFailsBeforeAnyReboot() {
    secret(
        "unknown-key",
        Map.of("accessKeyId", "LTAI-unknown-key", "accessKeySecret", "whatever-secret-value"));
    String id = h.newInstance();
    h.create("unknown-key", id, s -> s.setCredentialsSecretRef(new SecretReference("unknown-key")));
    RebootRequest done = h.awaitPhase("unknown-key", Phase.Failed);
    assertCondition(done, "Stalled", "True", "InvalidAccessKeyIdNotFound");
    assertThat(h.reboots(id)).isEmpty();
  }

  @Test
  void wrongSecretFailsBeforeAnyReboot() {
    rebootWithWrongSecret("wrong-secret");
  }

  private static void rebootWithWrongSecret(String name) {
    secret(
        "wrong-secret",
        Map.of(
            "accessKeyId",
            OperatorHarness.ACCESS_KEY_ID,
            "accessKeySecret",
            "not-the-right-secret"));
    String id = h.newInstance();
    h.create(name, id, s -> s.setCredentialsSecretRef(new SecretReference("wrong-secret")));
    RebootRequest done = h.awaitPhase(name, Phase.Failed);
    assertCondition(done, "Stalled", "True", "SDKInvalidAccessKeySecret");
    assertThat(h.reboots(id)).isEmpty();
  }

  @Test
  void noCredentialAppearsInLogsEventsOrStatus() {
    rebootWithGoodSecret("leak-check-good");
    rebootWithWrongSecret("leak-check-wrong");
    String logText =
        logs.list.stream()
            .map(ILoggingEvent::getFormattedMessage)
            .collect(Collectors.joining("\n"));
    String events =
        Serialization.asYaml(h.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list());
    String statuses =
        Serialization.asYaml(
            h.client.resources(RebootRequest.class).inNamespace(OperatorHarness.NAMESPACE).list());
    assertThat(logText).as("operator logs").contains("RebootInstance");
    for (String secret :
        new String[] {OperatorHarness.ACCESS_KEY_SECRET, TOKEN, "not-the-right-secret"}) {
      for (String form : new String[] {secret, base64(secret)}) {
        assertThat(logText).doesNotContain(form);
        assertThat(events).doesNotContain(form);
        assertThat(statuses).doesNotContain(form);
      }
    }
  }

  private static void secret(String name, Map<String, String> data) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(OperatorHarness.NAMESPACE)
            .endMetadata()
            .withData(
                data.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> base64(e.getValue()))))
            .build();
    h.client.resource(secret).createOr(r -> r.update());
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
