package io.ecsreboot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap after a full GC (jcmd GC.run, GC.heap_info) and resident set size of a JVM process. */
final class ProcessMetrics {
  private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  record Snapshot(double heapUsedAfterGcMiB, double heapCommittedMiB, double rssMiB) {}

  private ProcessMetrics() {}

  static Snapshot of(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher heap = HEAP.matcher(jcmd(pid, "GC.heap_info"));
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
    if (!heap.find() || !rss.find()) {
      throw new IOException("could not read heap or RSS of process " + pid);
    }
    return new Snapshot(
        Long.parseLong(heap.group(2)) / 1024.0,
        Long.parseLong(heap.group(1)) / 1024.0,
        Long.parseLong(rss.group(1)) / 1024.0);
  }

  static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
    argv.addAll(List.of(command));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /**
   * CPU time the process used so far, user + system (/proc/PID/stat utime and stime, in clock ticks
   * of 1/100 s on Linux), so a figure is the work done, however long the machine made it wait.
   */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of stat(5); the text after the command name starts at field 3.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The 1-minute load average of the machine, to judge how busy it was while measuring. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
