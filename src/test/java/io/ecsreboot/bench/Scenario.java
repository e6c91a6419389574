package io.ecsreboot.bench;

/**
 * One benchmark run: which API server, how many RebootRequests, how they arrive, and the ECS rate
 * limit the operator is started with.
 *
 * @param arrivalPerSecond 0 creates every request as fast as the bench can
 * @param profile record the operator with JFR during the run
 * @param baseline first measure the raw SDK on the same emulator, same count and concurrency
 */
record Scenario(
    String name,
    ApiServerKind apiServer,
    int requests,
    double arrivalPerSecond,
    double ecsQps,
    boolean profile,
    boolean baseline) {

  enum ApiServerKind {
    MOCK,
    KUBE_APISERVER
  }

  /** The same run, recorded with JFR (bench.profile=true records every scenario). */
  Scenario profiled() {
    return new Scenario(name, apiServer, requests, arrivalPerSecond, ecsQps, true, baseline);
  }

  boolean burst() {
    return arrivalPerSecond <= 0;
  }

  /**
   * Whether the run first measures the API-server-bound limit ({@link ApiYardstick}): the
   * throughput runs without the ECS limit, but not the 10,000 (the limit is the same per request).
   */
  boolean yardstick() {
    return ecsQps > 20 && !name.endsWith("10k");
  }

  /** The namespace the scenario's requests live in (one per scenario, so runs never mix). */
  String namespace() {
    return "bench-" + name;
  }
}
