package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.RUNNING;
import static io.ecsreboot.emulator.EmulatorTestSupport.RUNNING_TAGGED;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.ecs.AliyunEcsClient;
import io.ecsreboot.ecs.EcsCallListener;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's ECS client reads instance tags from the DescribeInstances it already makes
 * (RebootPolicy grants instances by tag), and the emulator's admin API changes them between looks.
 */
class InstanceTagsTest {
  private EcsEmulator emulator;
  private EmulatorAdminClient admin;
  private AliyunEcsClient ecs;
  private EcsTarget target;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorTestSupport.startEmulator(Duration.ofMillis(50), Duration.ofMillis(50));
    admin = new EmulatorAdminClient(emulator.endpoint());
    ecs = EmulatorTestSupport.operatorClient(emulator, EcsCallListener.NONE);
    target = EmulatorTestSupport.operatorTarget();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void describeCarriesEachInstancesSeededTags() {
    var found = ecs.describeInstances(target, List.of(RUNNING_TAGGED, RUNNING)).value();
    assertThat(byId(found, RUNNING_TAGGED).tags()).containsEntry("role", "web");
    assertThat(byId(found, RUNNING).tags()).isEqualTo(Map.of("env", "demo"));
  }

  @Test
  void aTagChangedThroughTheAdminApiShowsInTheNextDescribe() {
    EmulatorInstance seeded = admin.instance(RUNNING_TAGGED);
    admin.putInstance(
        new EmulatorInstance(
            seeded.instanceId(),
            seeded.regionId(),
            seeded.zoneId(),
            seeded.status(),
            seeded.startTime(),
            seeded.expiredTime(),
            seeded.operationLocks(),
            Map.of("team", "payments")));
    var found = ecs.describeInstances(target, List.of(RUNNING_TAGGED)).value();
    assertThat(byId(found, RUNNING_TAGGED).tags()).isEqualTo(Map.of("team", "payments"));
  }

  private static InstanceState byId(List<InstanceState> states, String id) {
    return states.stream().filter(s -> s.instanceId().equals(id)).findFirst().orElseThrow();
  }
}
