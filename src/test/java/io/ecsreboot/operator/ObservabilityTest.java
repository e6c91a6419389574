package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.controller.RebootOperator;
import io.ecsreboot.emulator.Fault;
import io.ecsreboot.ops.OpsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Prometheus and the kubelet see: /metrics with sane values, and the probes. */
class ObservabilityTest {
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

    String metrics = get(ops.metricsPort(), "/metrics").body();
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
    assertThat(value(metrics, "ecsreboot_leader")).isEqualTo(1);
    assertThat(metrics).as("JOSDK's own metrics").contains("operator_sdk_");
  }

  @Test
  void probesAnswerOkOnceTheOperatorRuns() throws Exception {
    assertThat(get(ops.healthPort(), "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(ops.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(ops.healthPort(), "/readyz").body()).isEqualTo("ok\n");
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
