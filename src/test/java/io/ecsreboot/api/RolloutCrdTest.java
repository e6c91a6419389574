package io.ecsreboot.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed RebootRollout CRD is the generated one and carries what DESIGN.md 8 promises. */
class RolloutCrdTest {
  static final Path COMMITTED = Path.of("crds/rebootrollouts.ecsreboot.io-v1.yml");
  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/rebootrollouts.ecsreboot.io-v1.yml");

  @Test
  void committedCrdMatchesTheOneGeneratedFromTheModel() throws Exception {
    assertThat(Files.readString(COMMITTED))
        .as("crds/ drifted from the Java model: run 'make crd' and commit the result")
        .isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void shortNameStatusAndColumnsInReadingOrder() throws Exception {
    CustomResourceDefinition crd = crd();
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("rbro");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("ecsreboot");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Targets", "Succeeded", "Failed", "Active", "Phase", "Age");
  }

  @Test
  void exactlyOneTargetKindAndASpecImmutableExceptSuspend() throws Exception {
    JSONSchemaProps spec = schema().getProperties().get("spec");
    assertThat(spec.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .contains("has(self.nodeSelector) != has(self.instanceIds)");
    for (String field :
        new String[] {
          "nodeSelector",
          "instanceIds",
          "maxUnavailable",
          "maxFailures",
          "minReadySeconds",
          "windows",
          "template"
        }) {
      assertThat(spec.getProperties().get(field).getXKubernetesValidations())
          .as(field)
          .extracting(ValidationRule::getRule)
          .contains("self == oldSelf");
    }
    assertThat(spec.getProperties().get("suspend").getXKubernetesValidations()).isNullOrEmpty();
    assertThat(spec.getProperties().get("template").getProperties())
        .as("a child deleted by a TTL would look like a target not rebooted yet")
        .doesNotContainKey("ttlSecondsAfterFinished");
  }

  private static CustomResourceDefinition crd() throws Exception {
    return Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
  }

  private static JSONSchemaProps schema() throws Exception {
    return crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }
}
