package io.ecsreboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.EcsErrorStatus;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The node decisions, as tables: resolution, verification, and when a failure lifts the cordon. */
class NodeDecisionsTest {
  static final Instant ISSUED = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration SETTLE = Duration.ofSeconds(30);

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "cn-hangzhou.i-bp67acfmxazb4ph00001, cn-hangzhou, i-bp67acfmxazb4ph00001",
        "alicloud://cn-hangzhou.i-bp67acfmxazb4ph00001, cn-hangzhou, i-bp67acfmxazb4ph00001",
        "alicloud://us-west-1.i-abc, us-west-1, i-abc",
        "aws:///us-east-1a/i-0abc, null, null",
        "kind://docker/kind/kind-worker, null, null",
        "cn-hangzhou.192.168.0.12, null, null",
        "i-bp67acfmxazb4ph00001, null, null",
        "'', null, null",
        "null, null, null",
      })
  void providerIdsNameAnEcsInstanceOnlyInTheTwoAlibabaForms(
      String providerId, String region, String instance) {
    var parsed = ProviderId.parse(providerId);
    if (instance == null) {
      assertThat(parsed).isEmpty();
    } else {
      assertThat(parsed).contains(new ProviderId.EcsInstance(region, instance));
    }
  }

  static Stream<Arguments> resolutions() {
    NodeFacts ecs = node("cn-hangzhou.i-abc", "boot-1", true, null);
    NodeFacts kind = node("kind://docker/kind/kind-worker", "boot-1", true, null);
    return Stream.of(
        Arguments.of("the node's instance", ecs, null, null),
        Arguments.of("a matching spec.regionId", ecs, "cn-hangzhou", null),
        Arguments.of("no such Node", null, null, "NodeNotFound"),
        Arguments.of("a non-ECS providerID", kind, null, "UnsupportedProviderID"),
        Arguments.of("another region in spec", ecs, "cn-beijing", "RegionMismatch"));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("resolutions")
  void aNodeResolvesToItsInstanceOrFailsWithAReason(
      String what, NodeFacts node, String specRegion, String failure) {
    var result = NodeResolution.resolve("node-a", node, specRegion);
    if (failure == null) {
      assertThat(result.ok()).isTrue();
      assertThat(result.instance()).isEqualTo(new ProviderId.EcsInstance("cn-hangzhou", "i-abc"));
    } else {
      assertThat(result.ok()).isFalse();
      assertThat(result.reason()).isEqualTo(failure);
      assertThat(result.message()).contains("node-a");
    }
  }

  static Stream<Arguments> verifications() {
    Instant fresh = ISSUED.plus(SETTLE).plusSeconds(5);
    Instant stale = ISSUED.plusSeconds(10);
    return Stream.of(
        Arguments.of("new bootID, Ready", node("p", "boot-2", true, fresh), "BACK"),
        Arguments.of(
            "new bootID, NotReady", node("p", "boot-2", false, fresh), "REBOOTED_NOT_READY"),
        Arguments.of(
            "new bootID, Ready unknown", node("p", "boot-2", null, null), "REBOOTED_NOT_READY"),
        Arguments.of(
            "same bootID, Ready, heartbeat after the settle window",
            node("p", "boot-1", true, fresh),
            "NOT_REBOOTED"),
        Arguments.of(
            "same bootID, Ready, heartbeat within the settle window",
            node("p", "boot-1", true, stale),
            "UNKNOWN"),
        Arguments.of("same bootID, NotReady", node("p", "boot-1", false, fresh), "UNKNOWN"),
        Arguments.of("no bootID reported", node("p", null, true, fresh), "UNKNOWN"),
        Arguments.of("Node gone", null, "UNKNOWN"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("verifications")
  void theNodeProvesAReboot_orItsAbsence_onlyWithABootIdAndAFreshHeartbeat(
      String what, NodeFacts node, String verdict) {
    assertThat(NodeVerification.judge("boot-1", node, ISSUED, SETTLE))
        .isEqualTo(NodeVerification.Verdict.valueOf(verdict));
  }

  @Test
  void withoutABootIdBeforeNothingIsProven() {
    assertThat(NodeVerification.judge(null, node("p", "boot-2", true, ISSUED), ISSUED, SETTLE))
        .isEqualTo(NodeVerification.Verdict.UNKNOWN);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("never got to the reboot", status(null, null, false), false),
        Arguments.of("no attempt", status(0, null, false), false),
        Arguments.of("intent written, no answer seen (crash)", status(1, null, false), true),
        Arguments.of(
            "ECS refused the call (4xx)",
            status(1, error("InstanceLockedForSecurity", 403), false),
            false),
        Arguments.of(
            "IncorrectInstanceStatus (400)",
            status(1, error("IncorrectInstanceStatus", 400), false),
            false),
        Arguments.of("5xx: may have rebooted", status(1, error("InternalError", 500), false), true),
        Arguments.of(
            "read timeout: may have rebooted", status(1, error("SDK.ReadTimeout", 0), false), true),
        Arguments.of("accepted by ECS", status(1, null, true), true),
        Arguments.of(
            "accepted, then a 4xx on a later look",
            status(1, error("Forbidden", 403), true),
            true));
  }

  @ParameterizedTest(name = "{0} -> may have rebooted: {2}")
  @MethodSource("failures")
  void aFailureLiftsTheCordonOnlyWhenNoRebootCanHaveHappened(
      String what, RebootRequestStatus failed, boolean mayHaveRebooted) {
    assertThat(CordonRelease.rebootMayHaveHappened(failed)).isEqualTo(mayHaveRebooted);
  }

  @Test
  void aFailureMessageSaysWhatBecameOfTheNode() {
    assertThat(CordonRelease.describe("DrainTimeout", "node-a", true))
        .isEqualTo("DrainTimeout; node node-a uncordoned");
    assertThat(CordonRelease.describe("VerificationTimeout", "node-a", false))
        .contains("node node-a left cordoned", "kubectl uncordon node-a");
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "shop|Cannot evict pod as it would violate the pod's disruption budget.; The disruption budget web needs 2 healthy pods and has 2 currently|PodDisruptionBudget shop/web",
        "shop|Cannot evict pod as it would violate the pod's disruption budget.; The disruption budget web-pdb.v2 is still being processed by the server.|PodDisruptionBudget shop/web-pdb.v2",
        "shop|This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.|more than one PodDisruptionBudget in shop",
        "shop|Too many requests|eviction refused (HTTP 429)",
      })
  void aRefusedEvictionNamesTheBudgetFromTheApiServersMessage(
      String namespace, String message, String blocker) {
    assertThat(DisruptionBudgets.blocker(namespace, 429, message)).isEqualTo(blocker);
  }

  @Test
  void onlyTheRequestThatCordonedANodeOwnsTheCordon() {
    NodeFacts ours = new NodeFacts("n", "p", true, "ops/r1", "b", true, null);
    assertThat(ours.cordonedBy("ops/r1")).isTrue();
    assertThat(ours.cordonedBy("ops/r2")).isFalse();
    NodeFacts someoneElses = new NodeFacts("n", "p", true, null, "b", true, null);
    assertThat(someoneElses.cordonedBy("ops/r1")).isFalse();
    NodeFacts uncordonedByHand = new NodeFacts("n", "p", false, "ops/r1", "b", true, null);
    assertThat(uncordonedByHand.cordonedBy("ops/r1")).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\" on {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "|app=web|true",
        "app=web|app=web|true",
        "app==web|app=web|true",
        "app=web|app=db|false",
        "app!=batch-runner|app=web|true",
        "app!=batch-runner|app=batch-runner|false",
        "app!=batch-runner||true",
        "env in (prod, staging)|env=prod|true",
        "env in (prod, staging)|env=dev|false",
        "env notin (dev)|env=prod|true",
        "env notin (dev)||true",
        "canary||false",
        "canary|canary=yes|true",
        "!canary|canary=yes|false",
        "!canary|app=web|true",
        "app=web,tier in (a,b),!canary|app=web,tier=b|true",
        "app=web,tier in (a,b),!canary|app=web,tier=c|false",
      })
  void podSelectorsReadKubectlSyntax(String selector, String labels, boolean matches) {
    assertThat(PodSelector.parse(selector).matches(labels(labels))).isEqualTo(matches);
  }

  @Test
  void anUnreadablePodSelectorIsRejected() {
    assertThatThrownBy(() -> PodSelector.parse("app=(web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drain.podSelector");
  }

  static Map<String, String> labels(String csv) {
    if (csv == null || csv.isBlank()) {
      return Map.of();
    }
    var map = new java.util.HashMap<String, String>();
    for (String pair : csv.split(",")) {
      String[] kv = pair.split("=", 2);
      map.put(kv[0], kv[1]);
    }
    return map;
  }

  static NodeFacts node(String providerId, String bootId, Boolean ready, Instant heartbeat) {
    return new NodeFacts("node-a", providerId, false, null, bootId, ready, heartbeat);
  }

  static EcsErrorStatus error(String code, int http) {
    return new EcsErrorStatus(code, "m", "req", http == 0 ? null : http, ISSUED.toString());
  }

  static RebootRequestStatus status(Integer attempts, EcsErrorStatus error, boolean accepted) {
    RebootRequestStatus s = new RebootRequestStatus();
    s.setAttempts(attempts);
    s.setLastError(error);
    if (accepted) {
      s.setConditions(
          new java.util.ArrayList<>(
              List.of(
                  new ConditionBuilder()
                      .withType(Conditions.REBOOT_ACCEPTED)
                      .withStatus(Conditions.TRUE)
                      .build())));
    }
    return s;
  }
}
