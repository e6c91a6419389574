package io.ecsreboot.bench;

import io.ecsreboot.emulator.CallRecord;
import io.ecsreboot.emulator.EcsEmulator;
import io.ecsreboot.emulator.EmulatorAdminClient;
import io.ecsreboot.emulator.EmulatorInstance;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Seed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ECS emulator of one scenario (zero reboot duration: an instance is Running again at once),
 * its admin client and the seed's demo credentials.
 */
final class EcsFixture implements AutoCloseable {
  static final Path SEED = Path.of("examples/emulator-seed.yaml");
  static final String REGION = "cn-hangzhou";

  /** A start time in the past, so a reboot visibly advances it. */
  static final String OLD_START = "2026-01-05T04:04Z";

  private final Seed seed;
  private final EcsEmulator emulator;
  private final EmulatorAdminClient admin;

  EcsFixture() throws IOException {
    seed = Seed.load(SEED);
    emulator = EcsEmulator.start(EmulatorOptions.ephemeral(seed, Duration.ZERO, Duration.ZERO));
    admin = new EmulatorAdminClient(emulator.endpoint());
  }

  String endpoint() {
    return emulator.endpoint();
  }

  Seed.Credential credential() {
    return seed.credentials().get(0);
  }

  static String instanceId(String prefix, int i) {
    return String.format("i-%s%06d", prefix, i);
  }

  /** PUTs {@code count} Running instances through the admin API, a few at a time. */
  List<String> putInstances(String prefix, int count) throws Exception {
    List<String> ids =
        java.util.stream.IntStream.range(0, count).mapToObj(i -> instanceId(prefix, i)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done =
          ids.stream()
              .map(
                  id ->
                      pool.submit(
                          () -> admin.putInstance(EmulatorInstance.running(id, REGION, OLD_START))))
              .<Future<?>>map(f -> f)
              .toList();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return ids;
  }

  /** Every call the emulator answered since the last reset, oldest first. */
  List<CallRecord> calls() {
    return admin.calls(null, null);
  }

  /** Every instance as it is now, with its boot counter. */
  List<EmulatorInstance> instances() {
    return admin.instances();
  }

  /** Restores the seed and clears the call log. */
  void reset() {
    admin.reset();
  }

  @Override
  public void close() {
    emulator.close();
  }
}
