package io.ecsreboot.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What `kubectl ecsreboot` sends and prints, without a cluster (the e2e tier runs it for real). */
class PluginTest {

  @Test
  void rebootNodeSendsNodeNameAndInstanceSendsInstanceIdWithTheFlags() {
    var node = parse("reboot", "node", "cn-hangzhou.192.168.0.12", "--force", "--reason", "kernel");
    assertThat(node.request().getMetadata().getGenerateName())
        .isEqualTo("reboot-cn-hangzhou.192.168.0.12-");
    assertThat(node.request().getAdditionalProperties().get("spec"))
        .isEqualTo(
            Map.of("nodeName", "cn-hangzhou.192.168.0.12", "forceStop", true, "reason", "kernel"));
    var instance = parse("reboot", "instance", "i-bp67acfmxazb4ph00001", "--dry-run", "--wait");
    assertThat(instance.request().getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("instanceId", "i-bp67acfmxazb4ph00001", "dryRun", true));
    assertThat(instance.waitForIt).isTrue();
    assertThat(instance.timeout).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void generatedNamesAreValidPrefixesForLongOrOddTargets() {
    assertThat(RebootCommand.generateName("I-ABC_1")).isEqualTo("reboot-i-abc-1-");
    String longName = RebootCommand.generateName("n".repeat(80) + ".x");
    assertThat(longName).hasSizeLessThanOrEqualTo(58).endsWith("n-").doesNotContain("..");
  }

  @Test
  void progressPrintsOneLinePerVisibleChangeWithElapsedTime() {
    Progress progress = new Progress();
    List<String> lines =
        java.util.stream.Stream.of(
                view(Map.of(), 0),
                view(Map.of(), 1), // same again: no line
                view(status("Rebooting", "Reconciling", "RebootIssued", "Running", 1), 2),
                view(status("Verifying", "Reconciling", "Verifying", "Starting", 1), 3),
                view(status("Verifying", "Reconciling", "Verifying", "Starting", 1), 4),
                view(succeeded(), 9))
            .map(v -> progress.update(v.request(), Duration.ofSeconds(v.second())))
            .filter(l -> l != null)
            .toList();
    assertThat(lines)
        .containsExactly(
            "[   0s] Pending",
            "[   2s] Rebooting: RebootIssued, instance Running, attempt 1",
            "[   3s] Verifying, instance Starting, attempt 1",
            "[   9s] Succeeded: RebootVerified, attempt 1 - the instance runs again");
  }

  @Test
  void drainCountsShowWhileANodeIsDrainedAndFailureEndsWithExitCodeOne() {
    Map<String, Object> draining =
        new java.util.HashMap<>(status("Draining", "Reconciling", "Draining", "", 0));
    draining.put(
        "drain", Map.of("evicted", 9, "remaining", 3, "blockedBy", "PodDisruptionBudget shop/web"));
    assertThat(new Progress().update(view(draining, 0).request(), Duration.ofSeconds(75)))
        .isEqualTo(
            "[  75s] Draining, drain: 9 evicted, 3 remaining, blocked by PodDisruptionBudget shop/web");
    var failed = view(failed("InstanceLockedForSecurity", "locked"), 0).request();
    assertThat(Progress.exitCode(failed)).isEqualTo(1);
    assertThat(Progress.exitCode(view(succeeded(), 0).request())).isZero();
    assertThat(new Progress().update(failed, Duration.ofSeconds(130)))
        .isEqualTo("[2m10s] Failed: InstanceLockedForSecurity, attempt 1 - locked");
  }

  @Test
  void statusShowsTargetPhaseErrorConditionsAndEventsOldestFirst() {
    Map<String, Object> status =
        new java.util.HashMap<>(failed("InstanceLockedForSecurity", "locked"));
    status.put("instanceId", "i-bp67acfmxazb4ph00005");
    status.put("regionId", "cn-hangzhou");
    status.put(
        "lastError",
        Map.of(
            "code",
            "InstanceLockedForSecurity",
            "message",
            "locked",
            "requestId",
            "R-1",
            "httpStatus",
            403));
    var event =
        new io.fabric8.kubernetes.api.model.EventBuilder()
            .withType("Warning")
            .withReason("RebootFailed")
            .withMessage("InstanceLockedForSecurity: locked")
            .withLastTimestamp("2026-12-02T01:00:00Z")
            .build();
    String report =
        StatusReport.format(
            view(status, 0).request(),
            List.of(event),
            java.time.Instant.parse("2026-12-02T01:00:42Z"));
    assertThat(report)
        .contains("Name:          ops/r")
        .contains("Target:        instance i-bp67acfmxazb4ph00005 (cn-hangzhou)")
        .contains("Phase:         Failed (InstanceLockedForSecurity)")
        .contains("Last error:    InstanceLockedForSecurity: locked (RequestId R-1, HTTP 403)")
        .containsPattern("Stalled +True +InstanceLockedForSecurity +locked")
        .containsPattern("42s +Warning +RebootFailed +InstanceLockedForSecurity: locked");
  }

  private static RebootCommand parse(String... args) {
    RebootCommand command = new RebootCommand();
    new CommandLine(command).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
    return command;
  }

  record Look(RequestView request, int second) {}

  private static Look view(Map<String, Object> status, int second) {
    return new Look(
        RequestView.of(
            new GenericKubernetesResourceBuilder()
                .withNewMetadata()
                .withName("r")
                .withNamespace("ops")
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of(), "status", status))
                .build()),
        second);
  }

  private static Map<String, Object> status(
      String phase, String type, String reason, String instance, int attempts) {
    return Map.of(
        "phase",
        phase,
        "instanceStatus",
        instance,
        "attempts",
        attempts,
        "conditions",
        List.of(Map.of("type", type, "status", "True", "reason", reason)));
  }

  private static Map<String, Object> succeeded() {
    return Map.of(
        "phase",
        "Succeeded",
        "instanceStatus",
        "Running",
        "attempts",
        1,
        "conditions",
        List.of(
            Map.of("type", "Completed", "status", "True", "reason", "Finished"),
            Map.of(
                "type",
                "Ready",
                "status",
                "True",
                "reason",
                "RebootVerified",
                "message",
                "the instance runs again")));
  }

  private static Map<String, Object> failed(String reason, String message) {
    return Map.of(
        "phase",
        "Failed",
        "attempts",
        1,
        "conditions",
        List.of(
            Map.of("type", "Completed", "status", "True", "reason", "Finished"),
            Map.of("type", "Ready", "status", "False", "reason", reason),
            Map.of("type", "Stalled", "status", "True", "reason", reason, "message", message)));
  }
}
