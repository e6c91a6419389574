package io.ecsreboot.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real helm and promtool, built from the Go module proxy by hack/tools.sh on first use and
 * cached under $HOME (a cold build takes minutes; later runs reuse the binaries).
 */
public final class AdminTools {
  private AdminTools() {}

  /** What a command printed (stdout and stderr together) and how it exited. */
  public record Result(int exitCode, String output) {}

  public static Path helm() {
    return tool("helm");
  }

  public static Path promtool() {
    return tool("promtool");
  }

  private static Path tool(String name) {
    Result built = run(List.of("bash", "hack/tools.sh", "path", name), 3600);
    if (built.exitCode() != 0) {
      throw new IllegalStateException("hack/tools.sh could not build " + name + ":\n" + built);
    }
    List<String> lines = built.output().lines().toList();
    return Path.of(lines.get(lines.size() - 1).trim());
  }

  /** Runs a command in the project directory; fails the test when it takes over the timeout. */
  public static Result run(List<String> command, long timeoutSeconds) {
    try {
      Path out = Files.createTempFile("tool", ".out");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command);
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.delete(out);
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** helm with these arguments, which must succeed; returns its output. */
  public static String helmOk(String... args) {
    List<String> command = new ArrayList<>(List.of(helm().toString()));
    command.addAll(List.of(args));
    Result result = run(command, 300);
    if (result.exitCode() != 0) {
      throw new AssertionError("helm " + String.join(" ", args) + " failed:\n" + result.output());
    }
    return result.output();
  }
}
