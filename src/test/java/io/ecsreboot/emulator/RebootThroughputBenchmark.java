package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures signed RebootInstance calls per second through the V1 SDK (zero durations: every reboot
 * completes at once). Off by default; run with {@code -Demulator.bench=true
 * -Dtest=RebootThroughputBenchmark}.
 */
@EnabledIfSystemProperty(named = "emulator.bench", matches = "true")
class RebootThroughputBenchmark {

  @Test
  void rebootCallsPerSecond() throws Exception {
    int threads = Integer.getInteger("emulator.bench.threads", 4);
    long seconds = Long.getLong("emulator.bench.seconds", 10);
    try (EcsEmulator emulator = startEmulator(Duration.ZERO, Duration.ZERO)) {
      DefaultAcsClient client = v1Client(emulator);
      List<String> ids = List.of(RUNNING, RUNNING_TAGGED, "i-bp67acfmxazb4ph00003");
      // Warm up the JIT and the connection pool.
      for (int i = 0; i < 500; i++) {
        client.getAcsResponse(reboot(ids.get(i % ids.size())));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      long start = System.nanoTime();
      List<Future<Integer>> counts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = ids.get(t % ids.size());
        counts.add(
            pool.submit(
                () -> {
                  int n = 0;
                  while (System.nanoTime() < deadline) {
                    client.getAcsResponse(reboot(id));
                    n++;
                  }
                  return n;
                }));
      }
      long total = 0;
      for (Future<Integer> c : counts) {
        total += c.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf(
          "RebootInstance via V1 SDK: %d calls in %.1f s with %d threads = %.0f calls/s%n",
          total, elapsed, threads, total / elapsed);
      assertThat(total).isPositive();
    }
  }

  private static RebootInstanceRequest reboot(String id) {
    RebootInstanceRequest request = new RebootInstanceRequest();
    request.setInstanceId(id);
    return request;
  }
}
