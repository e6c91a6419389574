package io.ecsreboot.bench;

import java.time.Duration;

/** Progress lines on stderr, prefixed with the time since the bench started. */
final class Progress {
  private static final long START = System.nanoTime();

  private Progress() {}

  static void say(String format, Object... args) {
    long s = Duration.ofNanos(System.nanoTime() - START).toSeconds();
    System.err.printf("[bench %3d:%02d] %s%n", s / 60, s % 60, String.format(format, args));
  }
}
