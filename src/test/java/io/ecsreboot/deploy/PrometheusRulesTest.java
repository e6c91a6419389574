package io.ecsreboot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules through the real promtool: they are valid, and each alert fires on the series
 * that should raise it and stays quiet on a healthy operator (deploy/monitoring/alerts-test.yaml).
 */
class PrometheusRulesTest {
  static final String RULES = "deploy/helm/ecs-reboot-operator/files/alerts.yaml";

  @Test
  void rulesPassPromtoolCheck() {
    AdminTools.Result check =
        AdminTools.run(List.of(AdminTools.promtool().toString(), "check", "rules", RULES), 120);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 5 rules found");
  }

  @Test
  void everyAlertFiresOnItsSeriesAndNoneOnAHealthyOperator() {
    AdminTools.Result test =
        AdminTools.run(
            List.of(
                AdminTools.promtool().toString(),
                "test",
                "rules",
                "deploy/monitoring/alerts-test.yaml"),
            120);
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasARunbookAndATestThatExpectsItToFire() throws Exception {
    var groups = (List<Map<String, Object>>) Yaml.documents(Path.of(RULES)).get(0).get("groups");
    var alerts =
        groups.stream()
            .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
            .toList();
    var tests =
        (List<Map<String, Object>>)
            Yaml.documents(Path.of("deploy/monitoring/alerts-test.yaml")).get(0).get("tests");
    Set<Object> expectedToFire = new HashSet<>();
    for (var test : tests) {
      for (var check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        if (!((List<?>) check.get("exp_alerts")).isEmpty()) {
          expectedToFire.add(check.get("alertname"));
        }
      }
    }
    assertThat(alerts).extracting(a -> a.get("alert")).hasSize(5);
    for (var alert : alerts) {
      assertThat(((Map<String, String>) alert.get("annotations")).get("runbook"))
          .as("runbook of " + alert.get("alert"))
          .isNotBlank();
      assertThat(expectedToFire).as("tests that fire").contains(alert.get("alert"));
    }
  }
}
