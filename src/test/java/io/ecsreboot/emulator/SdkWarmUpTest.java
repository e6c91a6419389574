package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.ecs.AliyunEcsClient;
import io.ecsreboot.ecs.SdkWarmUp;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up warm-up runs the SDK's calls end to end, and none of them reaches ECS. */
class SdkWarmUpTest {
  private EcsEmulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorTestSupport.startEmulator(Duration.ofMillis(50), Duration.ofMillis(50));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void warmUpCallsAreAnsweredByALoopbackStubAndNeverReachEcs() {
    var operatorClients = new AliyunEcsClient.AcsClientFactory(emulator.endpoint());

    int answered = SdkWarmUp.run(operatorClients, REGION, 3);

    assertThat(answered).isEqualTo(6); // a DescribeInstances and a RebootInstance per round
    assertThat(new EmulatorAdminClient(emulator.endpoint()).calls(null, null)).isEmpty();
  }
}
