package io.ecsreboot.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator as a user runs it: the built jar, {@code run} (or another subcommand such as {@code
 * emulator}), in a process of its own.
 */
public final class OperatorProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target/ecs-reboot-operator.jar");

  public final Path log;
  private final Process process;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * The environment a pod would give the operator, for the ECS emulator: the seed's fake key pair
   * (examples/emulator-seed.yaml), no metadata-service lookup, no proxy for loopback.
   */
  public static final Map<String, String> EMULATOR_ENV =
      Map.of(
          "ALIBABA_CLOUD_ACCESS_KEY_ID",
          "DEMO-EMULATOR-ACCESS-KEY-ID",
          "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
          "demo-emulator-secret-not-a-real-key",
          "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
          "true",
          "NO_PROXY",
          "127.0.0.1,localhost");

  public static OperatorProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("run"));
    command.addAll(List.of(args));
    return startJar(env, "ecs-reboot-operator running", command.toArray(String[]::new));
  }

  /** The jar with {@code args} (a subcommand first), once its log says {@code readyLine}. */
  public static OperatorProcess startJar(Map<String, String> env, String readyLine, String... args)
      throws IOException {
    Path log = Files.createTempFile(args[0], ".log");
    List<String> command =
        new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    OperatorProcess process = new OperatorProcess(builder.start(), log);
    try {
      process.awaitLog(readyLine, Duration.ofSeconds(60));
    } catch (IllegalStateException e) {
      process.process.destroyForcibly(); // never leave a half-started replica behind
      throw e;
    }
    return process;
  }

  public void awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (logText().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "process exited (" + process.exitValue() + "):\n" + logText());
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException("log never said '" + text + "':\n" + logText());
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** Like a node dying under the operator: no shutdown hook, no last status write. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, as the kubelet sends at a rollout; returns without waiting. */
  public void terminate() {
    process.destroy();
  }

  /** Waits up to {@code timeout} for the process to end; its exit code, or null if it did not. */
  public Integer awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        ? process.exitValue()
        : null;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
