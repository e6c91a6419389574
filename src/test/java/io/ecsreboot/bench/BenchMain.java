package io.ecsreboot.bench;

import io.ecsreboot.bench.Scenario.ApiServerKind;
import io.ecsreboot.e2e.RolloutEfficiencyBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code make bench}: runs the scenarios of issue 6 against the operator jar, prints the tables and
 * the targets, and writes bench/results/latest.json. System properties: {@code bench.scenarios}
 * (comma-separated names, default all), {@code bench.scale} (multiplies every N, for a quick try),
 * {@code bench.apiserver=false} (skip the real API server), {@code bench.profile=true} (JFR in
 * every scenario), {@code bench.trace=true} (where each request's time went, {@link StageTrace}).
 */
public final class BenchMain {
  private static final Path RESULTS = Path.of("bench/results");

  /** Held so the JUL setting sticks: the mock server logs every request at INFO otherwise. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private BenchMain() {}

  /**
   * The scenarios; {@code mock-burst-10k} only when named in bench.scenarios: the mock server's
   * CRUD store scans every stored object per request, so 10,000 requests (and their 30,000 Events)
   * take it well past the 15-minute budget.
   */
  static List<Scenario> scenarios(double scale, boolean realApiServer, Set<String> only) {
    List<Scenario> all = new ArrayList<>();
    all.add(mock("mock-burst-1k", n(1000, scale), 0, 1000, true, true));
    all.add(mock("mock-rate20-1k", n(1000, scale), 20, 1000, false, false));
    all.add(mock("mock-qps20-1k", n(1000, scale), 0, 20, false, false));
    if (only.contains("mock-burst-10k")) {
      all.add(mock("mock-burst-10k", n(10_000, scale), 0, 1000, true, true));
    }
    if (realApiServer) {
      all.add(
          new Scenario(
              "apiserver-burst-1k",
              ApiServerKind.KUBE_APISERVER,
              n(1000, scale),
              0,
              1000,
              true,
              true));
      all.add(
          new Scenario(
              "apiserver-rate20-1k",
              ApiServerKind.KUBE_APISERVER,
              n(1000, scale),
              20,
              1000,
              false,
              false));
      // 10,000 at once on the real API server (the mock server cannot hold that many, see above).
      all.add(
          new Scenario(
              "apiserver-burst-10k",
              ApiServerKind.KUBE_APISERVER,
              n(10_000, scale),
              0,
              1000,
              false,
              false));
    }
    return all;
  }

  private static Scenario mock(
      String name, int n, double arrival, double qps, boolean profile, boolean baseline) {
    return new Scenario(name, ApiServerKind.MOCK, n, arrival, qps, profile, baseline);
  }

  private static int n(int n, double scale) {
    return Math.max(10, (int) Math.round(n * scale));
  }

  public static void main(String[] args) throws Exception {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    double scale = Double.parseDouble(System.getProperty("bench.scale", "1"));
    boolean real =
        !"false".equals(System.getProperty("bench.apiserver")) && RealApiServer.available();
    Set<String> only =
        Arrays.stream(System.getProperty("bench.scenarios", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    List<Scenario> scenarios =
        scenarios(scale, real, only).stream()
            .filter(s -> only.isEmpty() || only.contains(s.name()))
            .map(s -> Boolean.getBoolean("bench.profile") ? s.profiled() : s)
            .toList();
    Progress.say(
        "scenarios: %s%s%s",
        scenarios.stream().map(Scenario::name).toList(),
        only.isEmpty() || only.contains(InstanceFleetScenario.NAME)
            ? " + " + InstanceFleetScenario.NAME
            : "",
        real ? "" : " (no control plane binaries: mock API server only)");
    List<ScenarioResult> results = new ArrayList<>();
    List<Targets.Target> rolloutTargets = new ArrayList<>();
    List<InstanceFleetScenario.Result> fleets = new ArrayList<>();
    ScenarioRunner runner = new ScenarioRunner(RESULTS, Boolean.getBoolean("bench.trace"));
    RealApiServer kube = null;
    String status = "complete";
    try {
      for (Scenario s : scenarios) {
        if (s.apiServer() == ApiServerKind.MOCK) {
          try (MockApiServer mock = new MockApiServer(RESULTS)) {
            results.add(runner.run(s, mock));
          }
        } else {
          if (kube == null) {
            Progress.say("starting etcd + kube-apiserver (hack/control-plane.sh)");
            kube = RealApiServer.start(Path.of("target/bench-control-plane").toAbsolutePath());
          }
          results.add(runner.run(s, kube));
        }
      }
      if (real && (only.isEmpty() || only.contains(RolloutEfficiencyBench.NAME))) {
        Progress.say("%s: 20 simulated nodes, maxUnavailable 2", RolloutEfficiencyBench.NAME);
        rolloutTargets.add(
            Targets.rolloutEfficiency(
                RolloutEfficiencyBench.run(20, 2, RESULTS.resolve("rollout-efficiency"))));
      }
      if (only.isEmpty() || only.contains(RolloutHeapBench.NAME)) {
        if (real && kube == null) {
          kube = RealApiServer.start(Path.of("target/bench-control-plane").toAbsolutePath());
        }
        rolloutTargets.add(
            Targets.rolloutHeap(RolloutHeapBench.run(n(10_000, scale), RESULTS, kube)));
      }
      if (only.isEmpty() || only.contains(InstanceFleetScenario.NAME)) {
        try (MockApiServer mock = new MockApiServer(RESULTS)) {
          fleets.add(InstanceFleetScenario.run(mock, RESULTS, n(1000, scale)));
        }
      }
    } catch (Exception e) {
      status = "failed in a scenario: " + e;
      Progress.say("FAILED: %s", e);
      e.printStackTrace();
    } finally {
      if (kube != null) {
        kube.close();
      }
    }
    List<Targets.Target> targets = new ArrayList<>(Targets.evaluate(results));
    targets.addAll(rolloutTargets);
    fleets.forEach(f -> targets.addAll(InstanceFleetScenario.targets(f)));
    ReportWriter.printTables(System.out, results, targets);
    ReportWriter.writeJson(RESULTS.resolve("latest.json"), results, targets, status);
    Progress.say("wrote %s (%s)", RESULTS.resolve("latest.json"), status);
    // exec:java would wait for the clients' non-daemon threads; and a failure must fail make.
    System.exit(status.equals("complete") ? 0 : 1);
  }
}
