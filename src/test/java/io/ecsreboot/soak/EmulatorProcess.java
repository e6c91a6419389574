package io.ecsreboot.soak;

import io.ecsreboot.e2e.OperatorProcess;
import io.ecsreboot.emulator.EmulatorAdminClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ECS emulator as a user runs it, {@code java -jar ... emulator}, in a process of its own (so
 * that its threads and heap are not the test's), with the jar's built-in demo credentials.
 */
final class EmulatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  final String endpoint;
  final EmulatorAdminClient admin;

  private EmulatorProcess(Process process, Path log, String endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
    this.admin = new EmulatorAdminClient(endpoint);
  }

  /**
   * @param startTimeMode {@code advance|keep}, passed as {@code --start-time-on-reboot}; null
   *     leaves the emulator's default
   */
  static EmulatorProcess start(Duration phase, String startTimeMode) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String seconds = String.valueOf(phase.toMillis() / 1000.0);
    List<String> command =
        new ArrayList<>(
            List.of(
                OperatorProcess.javaBinary(),
                "-Xmx384m",
                "-jar",
                OperatorProcess.JAR.toString(),
                "emulator",
                "--port",
                String.valueOf(port),
                "--stopping-seconds",
                seconds,
                "--starting-seconds",
                seconds));
    if (startTimeMode != null) {
      command.addAll(List.of("--start-time-on-reboot", startTimeMode));
    }
    Path log = Files.createTempFile("soak-emulator", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    EmulatorProcess emulator = new EmulatorProcess(process, log, "127.0.0.1:" + port);
    emulator.awaitListening();
    return emulator;
  }

  /** Whether this jar's emulator knows {@code --start-time-on-reboot}. */
  static boolean knowsStartTimeModes() throws IOException, InterruptedException {
    Process probe =
        new ProcessBuilder(
                OperatorProcess.javaBinary(),
                "-jar",
                OperatorProcess.JAR.toString(),
                "emulator",
                "--start-time-on-reboot",
                "advance",
                "--port",
                "-1")
            .redirectErrorStream(true)
            .start();
    // An emulator that knows the flag fails on the port instead; an older one names the flag.
    String text = new String(probe.getInputStream().readAllBytes());
    probe.waitFor();
    return !text.contains("start-time-on-reboot");
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log);
      if (text.contains("ECS emulator listening")) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("emulator exited:\n" + text);
      }
      OperatorProcess.sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException("emulator did not start:\n" + Files.readString(log));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
