package io.ecsreboot.ecs;

import java.util.List;
import java.util.stream.Collectors;

/** DescribeInstances takes its ids as a JSON array in one string parameter. */
final class JsonArrays {
  private JsonArrays() {}

  static String of(List<String> values) {
    // Instance ids are validated against ^i-[a-z0-9]+$ upstream, so no escaping is needed;
    // quotes are still escaped so that a bad id cannot change the array.
    return values.stream()
        .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(",", "[", "]"));
  }
}
