package io.ecsreboot.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts Kubernetes API requests by caller, verb and resource ("patch rebootrequests/status"), as
 * the API server received them. The bench's own client sends {@link #BENCH_AGENT} as its
 * User-Agent; every other caller is the operator.
 */
final class ApiRequestCounter {
  static final String BENCH_AGENT = "ecs-reboot-bench";

  private final Map<String, LongAdder> operator = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bench = new ConcurrentHashMap<>();

  private final LongAdder busyNanos = new LongAdder();

  /**
   * @param nanos how long the server took to answer (a watch: to set it up)
   */
  void record(String method, String pathAndQuery, String userAgent, long nanos) {
    busyNanos.add(nanos);
    String key = key(method, pathAndQuery);
    boolean ours = userAgent != null && userAgent.startsWith(BENCH_AGENT);
    (ours ? bench : operator).computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** Time spent answering, summed over requests: how busy the mock server itself was. */
  double busySeconds() {
    return busyNanos.sum() / 1e9;
  }

  ApiCounts snapshot() {
    return new ApiCounts(copy(operator), copy(bench));
  }

  private static Map<String, Long> copy(Map<String, LongAdder> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** "verb resource[/subresource]" in the Kubernetes RBAC vocabulary. */
  static String key(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String[] all = path.replaceAll("^/+", "").split("/");
    int skip = all.length > 0 && all[0].equals("apis") ? 3 : 2; // apis/group/version or api/v1
    if (all.length <= skip) {
      return method.toLowerCase() + " " + path;
    }
    int from = skip;
    if (all[from].equals("namespaces") && all.length >= from + 3) {
      from += 2;
    }
    String resource = all[from];
    boolean named = all.length > from + 1;
    String sub = all.length > from + 2 ? "/" + all[from + 2] : "";
    String verb =
        switch (method.toUpperCase()) {
          case "GET" ->
              query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase();
        };
    return verb + " " + resource + sub;
  }
}
