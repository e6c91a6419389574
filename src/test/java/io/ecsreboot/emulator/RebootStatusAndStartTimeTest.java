package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstancesRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A reboot walks the statuses the API reference documents (RebootInstance: Starting, then Running;
 * RebootInstances: Stopping, then Running) and moves StartTime only when told to: the real
 * service's behaviour there is undocumented, and the operator must be right in both worlds.
 */
class RebootStatusAndStartTimeTest {

  @ParameterizedTest(name = "{0} under --start-time-on-reboot {1} shows {2}, StartTime moves: {3}")
  @CsvSource({
    "RebootInstance,  ADVANCE, Starting, true",
    "RebootInstance,  KEEP,    Starting, false",
    "RebootInstances, ADVANCE, Stopping, true",
    "RebootInstances, KEEP,    Stopping, false"
  })
  void rebootShowsTheDocumentedStatusAndMovesStartTimeOnlyWhenAdvancing(
      String action, EmulatorOptions.StartTimeOnReboot mode, String shown, boolean moves)
      throws Exception {
    Duration step = Duration.ofMillis(150);
    try (EcsEmulator emulator =
        EcsEmulator.start(
            EmulatorOptions.ephemeral(Seed.load(EXAMPLE_SEED), step, step)
                .withStartTimeOnReboot(mode))) {
      EmulatorAdminClient admin = new EmulatorAdminClient(emulator.endpoint());
      DefaultAcsClient client = v1Client(emulator);
      String before = admin.instance(RUNNING).startTime();

      if (action.equals("RebootInstance")) {
        RebootInstanceRequest request = new RebootInstanceRequest();
        request.setInstanceId(RUNNING);
        client.getAcsResponse(request);
      } else {
        RebootInstancesRequest request = new RebootInstancesRequest();
        request.setInstanceIds(List.of(RUNNING));
        client.getAcsResponse(request);
      }

      List<String> statuses = new ArrayList<>();
      EmulatorInstance now = admin.instance(RUNNING);
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < deadline) {
        if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(now.status())) {
          statuses.add(now.status());
        }
        if (now.status().equals("Running")) {
          break;
        }
        Thread.sleep(10);
        now = admin.instance(RUNNING);
      }
      assertThat(statuses).containsExactly(shown, "Running");
      if (moves) {
        assertThat(now.startTime()).isGreaterThan(before);
      } else {
        assertThat(now.startTime()).isEqualTo(before);
      }
    }
  }
}
