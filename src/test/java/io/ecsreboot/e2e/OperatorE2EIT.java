package io.ecsreboot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.emulator.EmulatorAdminClient;
import io.ecsreboot.emulator.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end as a user meets the operator: a real kube-apiserver (schema, CEL, RBAC, watches),
 * kubectl, the operator jar running as its own process with the ServiceAccount's RBAC from deploy/,
 * and the ECS emulator behind the real SDK.
 */
@Tag("e2e")
class OperatorE2EIT {
  static final String NS = E2eEnvironment.NS;
  static final String EMOJI = "\uD83D\uDE80"; // one character for the API server, two Java chars
  static E2eEnvironment env;
  static ControlPlane cluster;
  static EmulatorAdminClient ecs;
  static OperatorProcess operator;

  @BeforeAll
  static void start() throws Exception {
    env = new E2eEnvironment(Duration.ofMillis(500));
    cluster = env.cluster;
    ecs = env.ecs;
    operator = env.startOperator(E2eEnvironment.OWNS_NS.toArray(String[]::new));
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  void examplesAreAcceptedAndEndAsTheirCommentsSay() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      for (Path example : files.filter(p -> !p.endsWith("emulator-seed.yaml")).sorted().toList()) {
        cluster.kubectlOk("apply", "-n", NS, "-f", example.toString());
      }
    }
    waitFor("reboot-web-1", "Ready");
    waitFor("force-reboot-web-3", "Ready");
    waitFor("check-web-2", "Ready");
    waitFor("reboot-db-2", "Ready");
    waitFor("reboot-locked-5", "Completed");
    assertThat(jsonPath("reboot-web-1", "{.status.phase}")).isEqualTo("Succeeded");
    assertThat(jsonPath("check-web-2", "{.status.phase}")).isEqualTo("DryRunPassed");
    assertThat(jsonPath("reboot-locked-5", "{.status.phase}")).isEqualTo("Failed");
    assertThat(jsonPath("reboot-locked-5", "{.status.conditions[?(@.type==\"Stalled\")].reason}"))
        .isEqualTo("InstanceLockedForSecurity");
    assertThat(ecs.calls("RebootInstance", "i-bp67acfmxazb4ph00003"))
        .singleElement()
        .satisfies(c -> assertThat(c.params()).containsEntry("ForceStop", "true"));

    String table = cluster.kubectlOk("get", "rbr", "-n", NS);
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "INSTANCE", "REGION", "PHASE", "READY", "ATTEMPTS", "AGE");
    assertThat(table).contains("reboot-web-1").contains("Succeeded").contains("cn-hangzhou");
    assertThat(
            cluster
                .kubectlOk("get", "rbr", "-n", NS, "-o", "wide")
                .lines()
                .findFirst()
                .orElseThrow())
        .contains("DRYRUN")
        .contains("FORCESTOP");
    assertThat(cluster.kubectlOk("get", "ecsreboot", "-n", NS)).contains("reboot-web-1");
    String described = cluster.kubectlOk("describe", "rbr", "reboot-web-1", "-n", NS);
    assertThat(described)
        .contains("RebootIssued")
        .contains("RebootAccepted")
        .contains("InstanceRunning");
    assertThat(cluster.kubectlOk("describe", "rbr", "reboot-locked-5", "-n", NS))
        .contains("RebootFailed");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("no target", "{}", "set exactly one of instanceId and nodeName"),
        Arguments.of(
            "both instanceId and nodeName",
            "{instanceId: i-bp67acfmxazb4ph00001, nodeName: node-a}",
            "set exactly one of instanceId and nodeName"),
        Arguments.of(
            "drain on an instance target",
            "{instanceId: i-bp67acfmxazb4ph00001, drain: {enabled: true}}",
            "drain applies only to a nodeName target"),
        Arguments.of(
            "drain timeout above a day",
            "{nodeName: node-a, drain: {timeoutSeconds: 86401}}",
            "spec.drain.timeoutSeconds in body should be less than or equal to 86400"),
        Arguments.of(
            "onTimeout not Fail or Reboot",
            "{nodeName: node-a, drain: {onTimeout: Ignore}}",
            "spec.drain.onTimeout: Unsupported value"),
        Arguments.of(
            "nodeName not a Node name", "{nodeName: Node_A}", "spec.nodeName in body should match"),
        Arguments.of(
            "masked instanceId",
            "{instanceId: 'i-bp67acfmxazb4ph****'}",
            "spec.instanceId in body should match '^i-[a-z0-9]{1,40}$'"),
        Arguments.of(
            "bad regionId",
            "{instanceId: i-bp67acfmxazb4ph00001, regionId: CN_Hangzhou}",
            "spec.regionId in body should match"),
        Arguments.of(
            "backoffLimit above 20",
            "{instanceId: i-bp67acfmxazb4ph00001, backoffLimit: 21}",
            "spec.backoffLimit in body should be less than or equal to 20"),
        Arguments.of(
            "verifyTimeoutSeconds below 10",
            "{instanceId: i-bp67acfmxazb4ph00001, verifyTimeoutSeconds: 5}",
            "spec.verifyTimeoutSeconds in body should be greater than or equal to 10"),
        Arguments.of(
            "reason over 256 chars",
            "{instanceId: i-bp67acfmxazb4ph00001, reason: '" + "x".repeat(257) + "'}",
            "spec.reason: Too long"),
        Arguments.of(
            "unknown field",
            "{instanceId: i-bp67acfmxazb4ph00001, rebootNow: true}",
            "unknown field \"spec.rebootNow\""),
        Arguments.of(
            "activeDeadlineSeconds above 7 days",
            "{instanceId: i-bp67acfmxazb4ph00001, activeDeadlineSeconds: 604801}",
            "spec.activeDeadlineSeconds in body should be less than or equal to 604800"),
        Arguments.of(
            "activeDeadlineSeconds of Long.MAX_VALUE",
            "{instanceId: i-bp67acfmxazb4ph00001, activeDeadlineSeconds: 9223372036854775807}",
            "spec.activeDeadlineSeconds in body should be less than or equal to 604800"),
        Arguments.of(
            "ttlSecondsAfterFinished above 30 days",
            "{instanceId: i-bp67acfmxazb4ph00001, ttlSecondsAfterFinished: 2592001}",
            "spec.ttlSecondsAfterFinished in body should be less than or equal to 2592000"),
        Arguments.of(
            "ttlSecondsAfterFinished of Long.MAX_VALUE",
            "{instanceId: i-bp67acfmxazb4ph00001, ttlSecondsAfterFinished: 9223372036854775807}",
            "spec.ttlSecondsAfterFinished in body should be less than or equal to 2592000"),
        Arguments.of(
            "reason of 257 emoji",
            "{instanceId: i-bp67acfmxazb4ph00001, reason: '" + EMOJI.repeat(257) + "'}",
            "spec.reason: Too long"),
        Arguments.of("spec null", "null", "spec: Required value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badInputIsRejectedWithAMessageAPersonUnderstands(String what, String spec, String message)
      throws IOException {
    Path file = manifest("bad-" + Math.abs(what.hashCode()), spec);
    Shell.Result result = cluster.kubectl("apply", "-n", NS, "-f", file.toString());
    assertThat(result.exitCode()).as(result.all()).isNotZero();
    assertThat(result.err()).contains(message);
  }

  @Test
  void requestWithoutSpecIsRejected() throws IOException {
    Path file = Files.createTempFile("no-spec", ".yaml");
    Files.writeString(
        file,
        "apiVersion: ecsreboot.io/v1alpha1\nkind: RebootRequest\nmetadata:\n  name: no-spec\n");
    Shell.Result result = cluster.kubectl("apply", "-n", NS, "-f", file.toString());
    assertThat(result.exitCode()).as(result.all()).isNotZero();
    assertThat(result.err()).contains("spec: Required value");
  }

  @Test
  void reasonOf256EmojiIsValidForTheApiServerAndTheOperator() throws Exception {
    String spec =
        "{instanceId: " + freshInstance() + ", dryRun: true, reason: '" + EMOJI.repeat(256) + "'}";
    cluster.kubectlOk("apply", "-n", NS, "-f", manifest("emoji-reason", spec).toString());
    waitFor("emoji-reason", "Completed");
    assertThat(jsonPath("emoji-reason", "{.status.phase}")).isEqualTo("DryRunPassed");
  }

  @Test
  void specCannotBeRemovedAfterCreation() throws IOException {
    cluster.kubectlOk(
        "apply",
        "-n",
        NS,
        "-f",
        manifest("keeps-spec", "{instanceId: " + freshInstance() + ", dryRun: true}").toString());
    for (String[] patch :
        new String[][] {
          {"json", "[{\"op\": \"remove\", \"path\": \"/spec\"}]"}, {"merge", "{\"spec\": null}"}
        }) {
      Shell.Result removed =
          cluster.kubectl("patch", "-n", NS, "rbr/keeps-spec", "--type", patch[0], "-p", patch[1]);
      assertThat(removed.exitCode()).as(removed.all()).isNotZero();
      assertThat(removed.err()).contains("spec: Required value");
    }
  }

  @Test
  void specCannotChangeAfterCreation() throws IOException {
    String id = freshInstance();
    cluster.kubectlOk(
        "apply",
        "-n",
        NS,
        "-f",
        manifest("immutable", "{instanceId: " + id + ", dryRun: true}").toString());
    Shell.Result changed =
        cluster.kubectl(
            "apply",
            "-n",
            NS,
            "-f",
            manifest("immutable", "{instanceId: " + id + ", dryRun: false}").toString());
    assertThat(changed.exitCode()).isNotZero();
    assertThat(changed.err())
        .contains("spec is immutable: create a new RebootRequest to reboot again");
  }

  @Test
  void operatorKilledMidRebootFinishesWithExactlyOneReboot() throws Exception {
    String id = freshInstance();
    // The reply is held back, so the operator is killed with the reboot done but not recorded.
    ecs.addFault(Fault.delayAfter("RebootInstance", 4_000, 1).forInstance(id));
    cluster.kubectlOk(
        "apply",
        "-n",
        NS,
        "-f",
        manifest("killed-mid-reboot", "{instanceId: " + id + "}").toString());
    env.awaitRebootCall(id);
    operator.kill();
    operator = env.startOperator(E2eEnvironment.OWNS_NS.toArray(String[]::new));
    waitFor("killed-mid-reboot", "Ready");
    assertThat(ecs.calls("RebootInstance", id)).hasSize(1);
    assertThat(
            jsonPath(
                "killed-mid-reboot", "{.status.conditions[?(@.type==\"RebootAccepted\")].reason}"))
        .isEqualTo("InferredFromInstanceState");
  }

  @Test
  void operatorLogIsJsonAndNeverHoldsACredential() throws Exception {
    // One request with the Secret's credentials; the operator itself has env credentials.
    cluster.kubectlOk("apply", "-n", NS, "-f", "examples/credentials-secret.yaml");
    String spec =
        "{instanceId: " + freshInstance() + ", credentialsSecretRef: {name: ecs-credentials}}";
    cluster.kubectlOk("apply", "-n", NS, "-f", manifest("log-check", spec).toString());
    waitFor("log-check", "Ready");
    String log = operator.logText();
    assertThat(log).contains("log-check").contains("RebootInstance");
    assertThat(log).doesNotContain(E2eEnvironment.KEY_SECRET);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : log.lines().filter(l -> !l.isBlank()).toList()) {
      assertThat(json.readTree(line).has("formattedMessage")).as(line).isTrue();
    }
  }

  private static void waitFor(String name, String condition) {
    env.waitFor(name, condition, operator);
  }

  private static String jsonPath(String name, String path) {
    return env.jsonPath(name, path);
  }

  private static String freshInstance() {
    return env.freshInstance();
  }

  private static Path manifest(String name, String spec) throws IOException {
    return env.manifest(name, spec);
  }
}
