package io.ecsreboot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process by kind of thread (/proc/PID/task/TID: JIT compilers, GC, reconcile
 * threads, ...), so a trace can tell the operator's own work from the JVM's start-up work.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /** CPU seconds by thread id; the key holds the kind (name with its digits as N) and the id. */
  static Map<String, Double> snapshot(long pid) throws IOException {
    Map<String, Double> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String kind = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "N");
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
          out.put(kind + "\t" + task.getFileName(), cpu);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return out;
  }

  /** CPU seconds used between two snapshots by kind of thread, largest first. */
  static String report(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> byKind = new HashMap<>();
    after.forEach(
        (key, cpu) ->
            byKind.merge(
                key.substring(0, key.indexOf('\t')),
                cpu - before.getOrDefault(key, 0.0),
                Double::sum));
    StringBuilder out = new StringBuilder();
    byKind.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(12)
        .forEach(
            e ->
                out.append(
                    String.format(Locale.ROOT, "  %-18s %6.1f s%n", e.getKey(), e.getValue())));
    return out.toString();
  }
}
