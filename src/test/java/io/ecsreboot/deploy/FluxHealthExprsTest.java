package io.ecsreboot.deploy;

import static io.ecsreboot.deploy.Samples.completed;
import static io.ecsreboot.deploy.Samples.ready;
import static io.ecsreboot.deploy.Samples.reconciling;
import static io.ecsreboot.deploy.Samples.stalled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Evaluates the healthCheckExprs shown in deploy/gitops/flux.md with cel-java, in the order and
 * with the observedGeneration rule of Flux's StatusEvaluator (RFC 0009), against sample statuses.
 */
class FluxHealthExprsTest {
  static final Path DOC = Path.of("deploy/gitops/flux.md");
  static final Path CRD = Path.of("crds/rebootrequests.ecsreboot.io-v1.yml");

  static Map<String, Object> check;
  static List<Map<String, Object>> allChecks;
  static Cel cel;

  @BeforeAll
  static void readTheExpressionsFromTheDoc() throws Exception {
    Matcher yaml =
        Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
    assertThat(yaml.find()).as("a yaml block in " + DOC).isTrue();
    Map<String, Object> kustomization = Yaml.documents(yaml.group(1)).get(0);
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) kustomization.get("spec");
    @SuppressWarnings("unchecked")
    var checks = (List<Map<String, Object>>) spec.get("healthCheckExprs");
    check = checks.get(0);
    allChecks = checks;
    // Flux binds the object's top-level fields as variables and enables optional syntax.
    cel =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelOptionalLibrary.INSTANCE)
            .addRuntimeLibraries(CelOptionalLibrary.INSTANCE)
            .addVar("apiVersion", SimpleType.DYN)
            .addVar("kind", SimpleType.DYN)
            .addVar("metadata", SimpleType.DYN)
            .addVar("spec", SimpleType.DYN)
            .addVar("status", SimpleType.DYN)
            .build();
  }

  @Test
  void theCheckIsForRebootRequests() {
    assertThat(check).containsEntry("apiVersion", "ecsreboot.io/v1alpha1");
    assertThat(check).containsEntry("kind", "RebootRequest");
    assertThat(check).containsKeys("inProgress", "failed", "current");
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"Pending", "Rebooting", "Verifying"})
  void unfinishedRequestsAreInProgress(Phase phase) throws Exception {
    assertThat(flux(Samples.inPhase(phase, reconciling(Conditions.Reasons.IN_PROGRESS))))
        .isEqualTo("InProgress");
  }

  @Test
  void aStatusWithoutConditionsIsInProgress() throws Exception {
    assertThat(flux(Samples.inPhase(Phase.Pending))).isEqualTo("InProgress");
  }

  @Test
  void verifiedRebootsAndPassedDryRunsAreCurrent() throws Exception {
    for (Phase phase : List.of(Phase.Succeeded, Phase.DryRunPassed)) {
      var done =
          Samples.inPhase(phase, ready(Conditions.TRUE, "RebootVerified", "ok"), completed());
      assertThat(flux(done)).as(phase.name()).isEqualTo("Current");
    }
  }

  @Test
  void failedRequestsFailAtOnceInsteadOfAtTheTimeout() throws Exception {
    var failed =
        Samples.inPhase(
            Phase.Failed,
            ready(Conditions.FALSE, "DeadlineExceeded", "too late"),
            stalled("DeadlineExceeded", "too late"),
            completed());
    assertThat(flux(failed)).isEqualTo("Failed");
  }

  @Test
  void aStatusForAnOlderGenerationIsInProgressWhateverItSays() throws Exception {
    var stale =
        Samples.observedGenerationBehind(
            Phase.Succeeded, ready(Conditions.TRUE, "RebootVerified", "ok"), completed());
    assertThat(flux(stale)).isEqualTo("InProgress");
  }

  @Test
  void beforeTheFirstStatusWriteTheExpressionsCannotEvaluate() {
    // Flux reports the error and polls again; flux.md says so.
    assertThatThrownBy(() -> flux(Samples.withoutStatus())).isInstanceOf(Exception.class);
  }

  @Test
  void theExpressionsReadOnlyConditionsAndTypesTheApiHas() throws Exception {
    String crd = Files.readString(CRD);
    assertThat(crd).contains("conditions:", "observedGeneration:");
    for (String key : List.of("inProgress", "failed", "current")) {
      Matcher type = Pattern.compile("c\\.type == '(\\w+)'").matcher((String) check.get(key));
      assertThat(type.find()).as(key).isTrue();
      assertThat(type.group(1))
          .as(key)
          .isIn(Conditions.COMPLETED, Conditions.STALLED, Conditions.READY);
    }
  }

  /** Flux's StatusEvaluator.Evaluate: generation first, then inProgress, failed, current. */
  static String flux(Map<String, Object> object) throws Exception {
    return flux(check, object);
  }

  /** The same, with the expressions of {@code check} (one entry of healthCheckExprs). */
  static String flux(Map<String, Object> check, Map<String, Object> object) throws Exception {
    @SuppressWarnings("unchecked")
    var status = (Map<String, Object>) object.get("status");
    @SuppressWarnings("unchecked")
    var metadata = (Map<String, Object>) object.get("metadata");
    if (status != null
        && status.get("observedGeneration") != null
        && !Objects.equals(
            String.valueOf(status.get("observedGeneration")),
            String.valueOf(metadata.get("generation")))) {
      return "InProgress";
    }
    for (var verdict : List.of("inProgress", "failed", "current")) {
      var ast = cel.compile((String) check.get(verdict)).getAst();
      // Flux hands the object's fields as they are; a missing one is unbound, not null.
      if (Boolean.TRUE.equals(cel.createProgram(ast).eval(object))) {
        return verdict.equals("current")
            ? "Current"
            : verdict.equals("failed") ? "Failed" : "InProgress";
      }
    }
    return "InProgress";
  }
}
