package io.ecsreboot;

import io.ecsreboot.emulator.EcsEmulator;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Seed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the ECS API emulator until the process is stopped. */
@Command(
    name = "emulator",
    description = "Run a local ECS API emulator (signature V1/V3, admin API under /_emulator/).")
final class EmulatorCommand implements Callable<Integer> {

  /** The demo seed (a copy of examples/emulator-seed.yaml) used when --seed is not given. */
  static final String DEFAULT_SEED = "/io/ecsreboot/emulator/emulator-seed.yaml";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8089", description = "Port on 127.0.0.1 (0: any).")
  int port;

  @Option(names = "--seed", description = "Seed YAML: credentials and instances.")
  Path seed;

  @Option(
      names = "--stopping-seconds",
      defaultValue = "5",
      description = "How long an instance stays Stopping (0 allowed).")
  double stoppingSeconds;

  @Option(
      names = "--starting-seconds",
      defaultValue = "10",
      description = "How long an instance stays Starting (0 allowed).")
  double startingSeconds;

  @Option(
      names = "--start-time-on-reboot",
      defaultValue = "advance",
      description =
          "What a reboot does to StartTime: advance (to the minute the boot began) or keep (only"
              + " the status shows the reboot; the real API does not document which).")
  String startTimeOnReboot;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535");
    }
    if (!(stoppingSeconds >= 0) || !(startingSeconds >= 0)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--stopping-seconds and --starting-seconds must be >= 0");
    }
    EmulatorOptions.StartTimeOnReboot mode =
        switch (startTimeOnReboot) {
          case "advance" -> EmulatorOptions.StartTimeOnReboot.ADVANCE;
          case "keep" -> EmulatorOptions.StartTimeOnReboot.KEEP;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--start-time-on-reboot must be advance or keep");
        };
    EcsEmulator emulator;
    try {
      emulator =
          EcsEmulator.start(
              new EmulatorOptions(
                      port, loadSeed(), seconds(stoppingSeconds), seconds(startingSeconds))
                  .withStartTimeOnReboot(mode));
    } catch (Seed.SeedException e) {
      return fail(e.getMessage());
    } catch (IOException e) {
      return fail("cannot start the emulator on 127.0.0.1:" + port + ": " + e.getMessage());
    }
    System.out.println(
        "ECS emulator listening on http://"
            + emulator.endpoint()
            + " (SDK endpoint "
            + emulator.endpoint()
            + ", admin API http://"
            + emulator.endpoint()
            + "/_emulator/)");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private Seed loadSeed() throws IOException {
    if (seed != null) {
      return Seed.load(seed);
    }
    try (InputStream in = EmulatorCommand.class.getResourceAsStream(DEFAULT_SEED)) {
      if (in == null) {
        throw new Seed.SeedException("built-in seed " + DEFAULT_SEED + " missing from the jar");
      }
      return Seed.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("error: " + message);
    spec.commandLine().getErr().flush();
    return CommandLine.ExitCode.USAGE;
  }
}
