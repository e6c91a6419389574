package io.ecsreboot.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.Main;
import io.ecsreboot.api.v1alpha1.SpecLimits;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD is the one the model generates, and it carries what users rely on. */
class CrdTest {
  static final Path COMMITTED = Path.of("crds/rebootrequests.ecsreboot.io-v1.yml");
  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/rebootrequests.ecsreboot.io-v1.yml");

  @Test
  void committedCrdMatchesTheOneGeneratedFromTheModel() throws Exception {
    assertThat(Files.readString(COMMITTED))
        .as("crds/ drifted from the Java model: run 'make crd' and commit the result")
        .isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void crdCommandPrintsTheGeneratedCrds() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.execute("crd");
    } finally {
      System.setOut(original);
    }
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            Files.readString(GENERATED)
                + "---\n"
                + Files.readString(GENERATED.resolveSibling("rebootrollouts.ecsreboot.io-v1.yml")));
  }

  @Test
  void crdHasShortNameCategoryStatusAndColumnsInReadingOrder() throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("rbr");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("ecsreboot");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .filteredOn(c -> c.getPriority() == null || c.getPriority() == 0)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Instance", "Region", "Phase", "Ready", "Attempts", "Age");
    var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    // The target is instanceId or nodeName, exactly one: a CEL rule, not `required`.
    assertThat(spec.getRequired()).doesNotContain("instanceId", "nodeName");
    assertThat(spec.getXKubernetesValidations())
        .extracting(rule -> rule.getRule())
        .contains(
            "self == oldSelf",
            "has(self.instanceId) != has(self.nodeName)",
            "!has(self.drain) || has(self.nodeName)");
    assertThat(version.getAdditionalPrinterColumns())
        .filteredOn(c -> "Instance".equals(c.getName()))
        .extracting(CustomResourceColumnDefinition::getJsonPath)
        .containsExactly(".status.instanceId");
    assertThat(spec.getProperties().get("backoffLimit").getMaximum().intValue()).isEqualTo(20);
  }

  @Test
  void specIsRequiredAndCannotBeAddedOrRemovedLater() throws Exception {
    var root = schema();
    assertThat(root.getRequired()).containsExactly("spec");
    assertThat(root.getXKubernetesValidations())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getRule()).isEqualTo("has(self.spec) == has(oldSelf.spec)");
              assertThat(rule.getMessage()).startsWith("spec is immutable");
            });
  }

  @Test
  void everyNumberOfTheSpecHasTheOperatorsOwnBounds() throws Exception {
    var spec = schema().getProperties().get("spec").getProperties();
    var numbers = spec.entrySet().stream().filter(e -> "integer".equals(e.getValue().getType()));
    assertThat(numbers)
        .allSatisfy(
            e ->
                assertThat(e.getValue().getMaximum())
                    .as("maximum of spec.%s", e.getKey())
                    .isNotNull());
    assertThat(spec.get("activeDeadlineSeconds").getMaximum().longValue())
        .isEqualTo(SpecLimits.MAX_ACTIVE_DEADLINE_SECONDS);
    assertThat(spec.get("ttlSecondsAfterFinished").getMaximum().longValue())
        .isEqualTo(SpecLimits.MAX_TTL_SECONDS_AFTER_FINISHED);
    assertThat(spec.get("reason").getMaxLength()).isEqualTo(SpecLimits.MAX_REASON_CHARS);
  }

  private static io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps schema()
      throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }
}
