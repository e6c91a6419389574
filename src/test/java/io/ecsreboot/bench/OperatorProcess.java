package io.ecsreboot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as users run it: {@code java -jar ecs-reboot-operator.jar run ...} in its own
 * process, its output in a log file. Every wait checks that it is still alive.
 */
final class OperatorProcess implements AutoCloseable {
  static final Path JAR = Path.of("target/ecs-reboot-operator.jar");

  /**
   * The image's JVM flags that shape performance (pom.xml, jib jvmFlags; OperatorProcessTest keeps
   * them equal), so the bench measures the JVM users run. Not its heap size, which follows the
   * container's memory limit, not this machine's memory.
   */
  static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");

  private static final String READY_LINE = "ecs-reboot-operator running";

  /** Thrown when the operator process exits while the bench still needs it. */
  static final class DiedException extends IllegalStateException {
    DiedException(String message) {
      super(message);
    }
  }

  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static OperatorProcess start(
      List<String> jvmFlags, List<String> runFlags, Map<String, String> env, Path log)
      throws IOException {
    if (!Files.isReadable(JAR)) {
      throw new IOException(JAR + " is missing: build it first (make build)");
    }
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(IMAGE_JVM_FLAGS);
    argv.addAll(jvmFlags);
    argv.addAll(List.of("-jar", JAR.toString(), "run"));
    argv.addAll(runFlags);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new OperatorProcess(pb.start(), log);
  }

  long pid() {
    return process.pid();
  }

  void requireAlive() {
    if (!process.isAlive()) {
      throw new DiedException(
          "the operator process exited with code "
              + process.exitValue()
              + "; last lines of "
              + log
              + ":\n"
              + tail(40));
    }
  }

  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log).contains(READY_LINE)) {
      requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IOException("the operator did not start in " + timeout + ":\n" + tail(40));
      }
      Thread.sleep(100);
    }
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Stops the operator as Kubernetes would (SIGTERM), forcibly after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
