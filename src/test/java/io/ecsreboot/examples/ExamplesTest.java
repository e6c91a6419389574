package io.ecsreboot.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.ecsreboot.emulator.EmulatorInstance;
import io.ecsreboot.emulator.Seed;
import io.ecsreboot.reboot.RequestSpec;
import io.ecsreboot.rollout.MaintenanceWindows;
import io.ecsreboot.rollout.RolloutPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example a user may apply is a valid request for an instance the emulator knows, or a
 * rollout over the seed's node pool.
 */
class ExamplesTest {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Stream<Path> examples() throws IOException {
    return Files.list(Path.of("examples"))
        .filter(p -> p.toString().endsWith(".yaml"))
        .filter(p -> !p.getFileName().toString().equals("emulator-seed.yaml"))
        .filter(p -> !p.getFileName().toString().startsWith("policy"))
        .sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleIsAValidRequestForASeededInstance(Path example) throws IOException {
    Object parsed = SERIALIZATION.unmarshal(Files.readString(example));
    List<HasMetadata> objects =
        parsed instanceof List<?> list
            ? list.stream().map(HasMetadata.class::cast).toList()
            : List.of((HasMetadata) parsed);
    List<RebootRequest> requests =
        objects.stream()
            .filter(o -> "RebootRequest".equals(o.getKind()))
            .map(o -> SERIALIZATION.convertValue(o, RebootRequest.class))
            .toList();
    List<RebootRollout> rollouts =
        objects.stream()
            .filter(o -> "RebootRollout".equals(o.getKind()))
            .map(o -> SERIALIZATION.convertValue(o, RebootRollout.class))
            .toList();
    assertThat(requests.size() + rollouts.size())
        .as("RebootRequests or RebootRollouts in " + example)
        .isPositive();
    for (RebootRollout rollout : rollouts) {
      assertThatCode(() -> MaintenanceWindows.parse(rollout.getSpec().getWindows()))
          .doesNotThrowAnyException();
      assertThatCode(() -> RolloutPolicy.maxUnavailable(rollout.getSpec().getMaxUnavailable(), 3))
          .doesNotThrowAnyException();
      assertThat(rollout.getSpec().getNodeSelector().getMatchLabels())
          .as("the pool of the seed's nodes")
          .containsEntry("node-pool", "web");
    }
    List<String> seeded =
        Seed.load(Path.of("examples/emulator-seed.yaml")).instances().stream()
            .map(EmulatorInstance::instanceId)
            .toList();
    for (RebootRequest request : requests) {
      assertThatCode(() -> RequestSpec.of(request.getSpec(), "cn-hangzhou"))
          .doesNotThrowAnyException();
      assertThat(seeded).contains(request.getSpec().getInstanceId());
    }
  }
}
