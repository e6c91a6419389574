package io.ecsreboot.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes API requests of one run by "verb resource[/subresource]", split into the operator's
 * and the bench's own (the user's creates, the bench's watch).
 */
record ApiCounts(Map<String, Long> operator, Map<String, Long> bench) {
  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "delete", "deletecollection");

  ApiCounts {
    operator = new TreeMap<>(operator);
    bench = new TreeMap<>(bench);
  }

  ApiCounts minus(ApiCounts earlier) {
    return new ApiCounts(diff(operator, earlier.operator), diff(bench, earlier.bench));
  }

  /** The operator's writes to a resource, its subresources included ("rebootrequests/status"). */
  long operatorWrites(String resource) {
    return operator.entrySet().stream()
        .filter(e -> isWrite(e.getKey()) && resourceOf(e.getKey()).startsWith(resource))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  long operatorTotal() {
    return operator.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Moves {@code count} requests of {@code key} from the operator's side to the bench's, for an API
   * server that cannot tell callers apart (kube-apiserver's metrics have no user label).
   */
  ApiCounts attributeToBench(String key, long count) {
    Map<String, Long> op = new TreeMap<>(operator);
    Map<String, Long> mine = new TreeMap<>(bench);
    long moved = Math.min(count, op.getOrDefault(key, 0L));
    op.computeIfPresent(key, (k, v) -> v - moved == 0 ? null : v - moved);
    mine.merge(key, moved, Long::sum);
    return new ApiCounts(op, mine);
  }

  private static boolean isWrite(String key) {
    return WRITE_VERBS.contains(key.substring(0, key.indexOf(' ')));
  }

  private static String resourceOf(String key) {
    return key.substring(key.indexOf(' ') + 1);
  }

  private static Map<String, Long> diff(Map<String, Long> now, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    now.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d != 0) {
            out.put(k, d);
          }
        });
    return out;
  }
}
