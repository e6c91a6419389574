package io.ecsreboot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.api.v1alpha1.RebootRolloutStatus;
import io.ecsreboot.api.v1alpha1.RolloutPhase;
import io.ecsreboot.deploy.ArgoCdHealthTest.Health;
import io.ecsreboot.rollout.RolloutDecision;
import io.ecsreboot.rollout.RolloutStatuses;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Argo CD (deploy/gitops/argocd-health-rollout.lua) and Flux (deploy/gitops/flux.md) read a
 * RebootRollout's health from statuses the operator itself builds ({@link RolloutStatuses}).
 */
class RolloutHealthTest {
  static final Path SCRIPT = Path.of("deploy/gitops/argocd-health-rollout.lua");
  static Map<String, Object> fluxCheck;

  @BeforeAll
  static void readFluxCheck() throws Exception {
    FluxHealthExprsTest.readTheExpressionsFromTheDoc();
    fluxCheck =
        FluxHealthExprsTest.allChecks.stream()
            .filter(c -> "RebootRollout".equals(c.get("kind")))
            .findFirst()
            .orElseThrow();
  }

  @ParameterizedTest(name = "{0} -> Argo CD {1}, Flux {2}")
  @CsvSource({
    "Pending, Progressing, InProgress",
    "Progressing, Progressing, InProgress",
    "WaitingForWindow, Progressing, InProgress",
    "Suspended, Suspended, InProgress",
    "Succeeded, Healthy, Current",
    "Failed, Degraded, Failed",
  })
  void everyPhaseReadsAsAnAdminExpects(RolloutPhase phase, String argo, String flux)
      throws Exception {
    Map<String, Object> rollout = rollout(phase, 1);
    assertThat(ArgoCdHealthTest.health(SCRIPT, rollout).status()).isEqualTo(argo);
    assertThat(FluxHealthExprsTest.flux(fluxCheck, rollout)).isEqualTo(flux);
  }

  @Test
  void aFailedRolloutNamesTheFailedTargetsInArgoCd() throws IOException {
    Health health = ArgoCdHealthTest.health(SCRIPT, rollout(RolloutPhase.Failed, 1));
    assertThat(health.message()).startsWith("MaxFailuresExceeded: ").contains("i-bad");
  }

  @Test
  void aStatusForAnOlderGenerationIsProgressingEverywhere() throws Exception {
    Map<String, Object> stale = rollout(RolloutPhase.Succeeded, 2);
    assertThat(ArgoCdHealthTest.health(SCRIPT, stale).status()).isEqualTo("Progressing");
    assertThat(FluxHealthExprsTest.flux(fluxCheck, stale)).isEqualTo("InProgress");
  }

  @Test
  void aRolloutWithoutStatusIsProgressingInArgoCd() throws IOException {
    assertThat(ArgoCdHealthTest.health(SCRIPT, toMap(object(null, 1))).status())
        .isEqualTo("Progressing");
  }

  @Test
  void theConfigMapPatchInstallsExactlyThisScript() throws IOException {
    Map<String, Object> patch = Yaml.documents(ArgoCdHealthTest.CM_PATCH).get(0);
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) patch.get("data");
    assertThat(data.get("resource.customizations.health.ecsreboot.io_RebootRollout"))
        .isEqualTo(Files.readString(SCRIPT));
  }

  @Test
  void fluxReadsRolloutsWithTheConditionsTheyHave() {
    assertThat(fluxCheck).containsEntry("apiVersion", "ecsreboot.io/v1alpha1");
    assertThat(String.valueOf(fluxCheck.get("failed"))).contains(Conditions.STALLED);
    assertThat(String.valueOf(fluxCheck.get("current"))).contains(Conditions.READY);
  }

  /** A rollout in {@code phase}, its status built as the operator builds it. */
  static Map<String, Object> rollout(RolloutPhase phase, long generation) {
    RolloutDecision d =
        new RolloutDecision(
            List.of(),
            phase,
            3,
            phase == RolloutPhase.Succeeded ? 3 : 1,
            phase == RolloutPhase.Failed ? 1 : 0,
            phase.isTerminal() ? 0 : 1,
            phase.isTerminal() ? 0 : 1,
            phase == RolloutPhase.Failed ? List.of("i-bad") : List.of(),
            null,
            null,
            phase == RolloutPhase.Failed ? "MaxFailuresExceeded" : phase.name(),
            phase == RolloutPhase.Failed ? "1 failed, more than maxFailures 0: i-bad" : "ok");
    return toMap(object(RolloutStatuses.of(null, 1, d, Instant.EPOCH), generation));
  }

  static RebootRollout object(RebootRolloutStatus status, long generation) {
    RebootRollout rollout = new RebootRollout();
    rollout.setMetadata(
        new ObjectMetaBuilder()
            .withName("kernel")
            .withNamespace("ops")
            .withGeneration(generation)
            .build());
    rollout.setStatus(status);
    return rollout;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(RebootRollout rollout) {
    return Serialization.jsonMapper().convertValue(rollout, Map.class);
  }
}
