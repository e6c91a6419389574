package io.ecsreboot.plugin;

import java.time.Duration;

/**
 * What {@code --wait} prints: one line whenever something a person follows changes (phase, what it
 * waits for, the instance's ECS status, attempts, drain counts), and how the wait ends.
 */
final class Progress {
  private String last = "";

  /** The line to print for this look at the request, or null when nothing visible changed. */
  String update(RequestView request, Duration elapsed) {
    String phase = request.phase().isEmpty() ? "Pending" : request.phase();
    StringBuilder line = new StringBuilder(phase);
    String reason = request.reason();
    if (!reason.isEmpty() && !reason.equals(phase)) {
      line.append(": ").append(reason);
    }
    if (!request.instanceStatus().isEmpty() && !request.finished()) {
      line.append(", instance ").append(request.instanceStatus());
    }
    if (!"0".equals(request.attempts())) {
      line.append(", attempt ").append(request.attempts());
    }
    if (!request.drain().isEmpty()) {
      line.append(", drain: ").append(request.drain());
    }
    if (request.finished() && !request.message().isEmpty()) {
      line.append(" - ").append(request.message());
    }
    String text = line.toString();
    if (text.equals(last)) {
      return null;
    }
    last = text;
    return String.format("[%5s] %s", seconds(elapsed), text);
  }

  /** Exit code of a finished request: 0 on success (Succeeded, DryRunPassed), 1 on failure. */
  static int exitCode(RequestView request) {
    return request.succeeded() ? 0 : 1;
  }

  static String seconds(Duration d) {
    long s = d.toSeconds();
    return s < 120 ? s + "s" : (s / 60) + "m" + (s % 60) + "s";
  }
}
