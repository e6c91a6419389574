package io.ecsreboot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the operator's time went, from a JFR recording: CPU samples by library (the library of the
 * hottest frame) and by the operator's own methods (inclusive), the hottest frames, contended
 * monitors, long parks (lock and queue waits) and GC pauses.
 */
final class JfrSummary {
  private static final int TOP = 12;
  private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

  static {
    LIBRARIES.put("io.ecsreboot.", "operator code");
    LIBRARIES.put("io.javaoperatorsdk.", "JOSDK");
    LIBRARIES.put("io.fabric8.", "fabric8 client");
    LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
    LIBRARIES.put("com.aliyuncs.", "Aliyun SDK");
    LIBRARIES.put("com.google.gson.", "Gson (Aliyun SDK)");
    LIBRARIES.put("org.apache.http.", "Apache HttpClient (Aliyun SDK)");
    LIBRARIES.put("jdk.internal.net.http.", "JDK HttpClient (fabric8)");
    LIBRARIES.put("java.net.http.", "JDK HttpClient (fabric8)");
    LIBRARIES.put("ch.qos.logback.", "logging");
    LIBRARIES.put("org.slf4j.", "logging");
    LIBRARIES.put("sun.nio.", "JDK I/O");
    LIBRARIES.put("java.", "JDK");
    LIBRARIES.put("jdk.", "JDK");
    LIBRARIES.put("sun.", "JDK");
  }

  record Row(String what, long count, double percent, double totalMs) {}

  record Profile(
      long cpuSamples,
      List<Row> cpuByLibrary,
      List<Row> cpuOperatorMethodsInclusive,
      List<Row> hottestFrames,
      List<Row> contendedMonitors,
      List<Row> parkedOn,
      long gcPauses,
      double gcPauseTotalMs) {}

  private JfrSummary() {}

  static Profile of(Path recording) throws IOException {
    Map<String, Long> byLibrary = new HashMap<>();
    Map<String, Long> operatorInclusive = new HashMap<>();
    Map<String, Long> hottest = new HashMap<>();
    Map<String, long[]> monitors = new HashMap<>();
    Map<String, long[]> parks = new HashMap<>();
    long samples = 0;
    long gcCount = 0;
    Duration gcTotal = Duration.ZERO;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      String type = e.getEventType().getName();
      RecordedStackTrace stack = e.getStackTrace();
      switch (type) {
        case "jdk.ExecutionSample" -> {
          if (stack == null || stack.getFrames().isEmpty()) {
            continue;
          }
          samples++;
          List<RecordedFrame> frames = stack.getFrames();
          String top = method(frames.get(0));
          hottest.merge(top, 1L, Long::sum);
          byLibrary.merge(library(top), 1L, Long::sum);
          Set<String> seen = new HashSet<>();
          for (RecordedFrame f : frames) {
            String m = method(f);
            if (m.startsWith("io.ecsreboot.") && seen.add(m)) {
              operatorInclusive.merge(m, 1L, Long::sum);
            }
          }
        }
        case "jdk.JavaMonitorEnter" ->
            add(monitors, e.getClass("monitorClass").getName() + " at " + firstFrame(stack), e);
        case "jdk.ThreadPark" -> add(parks, firstNonConcurrentFrame(stack), e);
        case "jdk.GarbageCollection" -> {
          gcCount++;
          gcTotal = gcTotal.plus(e.getDuration("sumOfPauses"));
        }
        default -> {}
      }
    }
    return new Profile(
        samples,
        top(byLibrary, samples),
        top(operatorInclusive, samples),
        top(hottest, samples),
        topTimed(monitors),
        topTimed(parks),
        gcCount,
        gcTotal.toNanos() / 1e6);
  }

  private static void add(Map<String, long[]> into, String key, RecordedEvent e) {
    long[] slot = into.computeIfAbsent(key, k -> new long[2]);
    slot[0]++;
    slot[1] += e.getDuration().toNanos();
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String library(String method) {
    return LIBRARIES.entrySet().stream()
        .filter(e -> method.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(method.substring(0, Math.max(0, method.lastIndexOf('.'))));
  }

  private static String firstFrame(RecordedStackTrace stack) {
    return stack == null || stack.getFrames().isEmpty() ? "?" : method(stack.getFrames().get(0));
  }

  /** The waiter that parked, past the java.util.concurrent machinery that did the parking. */
  private static String firstNonConcurrentFrame(RecordedStackTrace stack) {
    if (stack == null) {
      return "?";
    }
    return stack.getFrames().stream()
        .map(JfrSummary::method)
        .filter(m -> !m.startsWith("java.util.concurrent.") && !m.startsWith("jdk.internal.misc."))
        .findFirst()
        .orElse("?");
  }

  private static List<Row> top(Map<String, Long> counts, long total) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(TOP)
        .map(e -> new Row(e.getKey(), e.getValue(), 100.0 * e.getValue() / total, 0))
        .toList();
  }

  private static List<Row> topTimed(Map<String, long[]> timed) {
    return timed.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
        .limit(TOP)
        .map(e -> new Row(e.getKey(), e.getValue()[0], 0, e.getValue()[1] / 1e6))
        .toList();
  }
}
