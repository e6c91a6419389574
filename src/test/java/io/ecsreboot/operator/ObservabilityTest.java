package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.controller.RebootOperator;
import io.ecsreboot.emulator.Fault;
import io.ecsreboot.ops.OpsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What Prometheus and the kubelet see: /metrics with sane values, the probes, and every metric the
 * Grafana dashboard and the alerting rules query (a renamed metric fails here, not on a dashboard).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // exact counts first, then more requests
class ObservabilityTest {
  static final Path CHART_FILES = Path.of("deploy/helm/ecs-reboot-operator/files");
  static OperatorHarness h;
  static RebootOperator operator;
  static OpsServer ops;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(100), Duration.ofMillis(100));
    operator = new RebootOperator(h.client, h.config()).start();
    ops = new OpsServer(0, 0, operator.registry(), operator::healthy, operator::ready);
  }

  @AfterAll
  static void stop() {
    ops.close();
    operator.close();
    h.close();
  }

  @Test
  @Order(1)
  void metricsCountFinishedRequestsEcsCallsAndRebootDuration() throws Exception {
    h.create("m-ok-1", h.newInstance());
    h.create("m-ok-2", h.newInstance());
    h.create("m-locked", "i-bp67acfmxazb4ph00005");
    String retried = h.newInstance();
    h.ecs.addFault(Fault.before("RebootInstance", "Throttling", 400, 1).forInstance(retried));
    h.create("m-retried", retried);
    h.awaitPhase("m-ok-1", Phase.Succeeded);
    h.awaitPhase("m-ok-2", Phase.Succeeded);
    h.awaitPhase("m-locked", Phase.Failed);
    h.awaitPhase("m-retried", Phase.Succeeded);

    // The counters move right after the status write that a test sees first: poll, bounded.
    String metrics = get(ops.metricsPort(), "/metrics").body();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String succeeded =
        "ecsreboot_requests_finished_total{outcome=\"Succeeded\",reason=\"RebootVerified\"}";
    while (!(value(metrics, succeeded) >= 3) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      metrics = get(ops.metricsPort(), "/metrics").body();
    }
    assertThat(
            value(
                metrics,
                "ecsreboot_requests_finished_total{outcome=\"Succeeded\",reason=\"RebootVerified\"}"))
        .isEqualTo(3);
    assertThat(
            value(
                metrics,
                "ecsreboot_requests_finished_total{outcome=\"Failed\",reason=\"InstanceLockedForSecurity\"}"))
        .isEqualTo(1);
    assertThat(value(metrics, "ecsreboot_ecs_calls_total{action=\"RebootInstance\",code=\"\"}"))
        .isEqualTo(3);
    assertThat(
            value(
                metrics,
                "ecsreboot_ecs_calls_total{action=\"RebootInstance\",code=\"Throttling\"}"))
        .isEqualTo(1);
    assertThat(
            value(
                metrics,
                "ecsreboot_ecs_calls_total{action=\"RebootInstance\",code=\"InstanceLockedForSecurity\"}"))
        .isEqualTo(1);
    assertThat(value(metrics, "ecsreboot_ecs_calls_total{action=\"DescribeInstances\",code=\"\"}"))
        .isPositive();
    assertThat(value(metrics, "ecsreboot_reboot_duration_seconds_count")).isEqualTo(3);
    assertThat(value(metrics, "ecsreboot_reboot_duration_seconds_sum")).isBetween(0.0, 30.0);
    assertThat(value(metrics, "ecsreboot_requests_in_flight")).isZero();
    assertThat(value(metrics, "ecsreboot_oldest_request_age_seconds")).isZero();
    assertThat(value(metrics, "ecsreboot_leader")).isEqualTo(1);
    assertThat(metrics).as("JOSDK's own metrics").contains("operator_sdk_");
  }

  @Test
  void probesAnswerOkOnceTheOperatorRuns() throws Exception {
    assertThat(get(ops.healthPort(), "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(ops.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(ops.healthPort(), "/readyz").body()).isEqualTo("ok\n");
  }

  @Test
  void everyMetricTheDashboardAndAlertsQueryIsExported() throws Exception {
    // Labelled series exist once something happened: a success, a failure, a throttled call.
    String throttled = h.newInstance();
    h.ecs.addFault(Fault.before("RebootInstance", "Throttling", 400, 1).forInstance(throttled));
    h.create("q-ok", throttled);
    h.create("q-locked", "i-bp67acfmxazb4ph00005");
    h.awaitPhase("q-ok", Phase.Succeeded);
    h.awaitPhase("q-locked", Phase.Failed);
    Set<String> exported = PromQl.exportedNames(get(ops.metricsPort(), "/metrics").body());

    Set<String> queried = new TreeSet<>();
    for (JsonNode panel :
        new ObjectMapper().readTree(CHART_FILES.resolve("dashboard.json").toFile()).get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queried.addAll(PromQl.metricNames(target.get("expr").asText()));
      }
    }
    assertThat(queried)
        .as("dashboard queries")
        .contains("ecsreboot_reboot_duration_seconds_bucket");
    for (JsonNode group :
        new YAMLMapper().readTree(CHART_FILES.resolve("alerts.yaml").toFile()).get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        queried.addAll(PromQl.metricNames(rule.get("expr").asText()));
      }
    }
    queried.remove("up"); // Prometheus makes it, not the operator
    assertThat(exported).containsAll(queried);
  }

  @Test
  void metricNamesAreReadFromPromQl() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.9, sum by (le) (rate(a_bucket{job=\"x\",code=~\"T.*\"}[$__rate_interval])))"
                    + " / on (job) b_total offset 5m and absent(up{job=\"y\"} == 1)"))
        .containsExactlyInAnyOrder("a_bucket", "b_total", "up");
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one series in Prometheus text, or NaN when absent. */
  static double value(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
