package io.ecsreboot.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.controller.ReconcileFailures.Verdict;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.DateTimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an exception escaping a reconcile does to the request: outages are retried for as long as
 * they last, bugs a few times and then end the request Failed/InternalOperatorError.
 */
class ReconcileFailuresTest {

  static Stream<Arguments> exceptions() {
    return Stream.of(
        Arguments.of("API server unreachable", new KubernetesClientException("refused"), true),
        Arguments.of("API server 500", new KubernetesClientException("boom", 500, null), true),
        Arguments.of("API server 503", new KubernetesClientException("busy", 503, null), true),
        Arguments.of("RBAC 403", new KubernetesClientException("forbidden", 403, null), true),
        Arguments.of("conflict 409", new KubernetesClientException("conflict", 409, null), true),
        Arguments.of("throttled 429", new KubernetesClientException("slow", 429, null), true),
        Arguments.of(
            "a write the API server rejects (422)",
            new KubernetesClientException("invalid", 422, null),
            false),
        Arguments.of(
            "network error wrapped by JOSDK",
            new OperatorException(new ConnectException("refused")),
            true),
        Arguments.of(
            "I/O error deep in the causes",
            new CompletionException(new UncheckedIOException(new IOException("reset"))),
            true),
        Arguments.of("timeout", new RuntimeException(new TimeoutException()), true),
        Arguments.of("long overflow", new ArithmeticException("long overflow"), false),
        Arguments.of("a null", new NullPointerException(), false),
        Arguments.of(
            "unreadable time", new DateTimeException("Text 'x' could not be parsed"), false),
        Arguments.of(
            "a bug in the describe batcher",
            new IllegalStateException("describing i-1 failed", new IllegalArgumentException()),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exceptions")
  void outagesAreRetriedForeverAndBugsEndTheRequestAfterAFewTries(
      String what, Exception e, boolean outage) {
    for (int failures = 1; failures <= 100; failures++) {
      Verdict verdict = ReconcileFailures.judge(e, failures);
      Verdict expected =
          outage
              ? Verdict.RETRY
              : failures < ReconcileFailures.BUG_ATTEMPTS ? Verdict.RETRY_BUG : Verdict.FAIL;
      assertThat(verdict).as("%s, failure %d", what, failures).isEqualTo(expected);
    }
  }

  @Test
  void messageNamesTheExceptionClassAndIsBounded() {
    String message =
        ReconcileFailures.message(
            new IllegalStateException(
                "describing failed", new ArithmeticException("x".repeat(5000))),
            null);
    assertThat(message)
        .contains("java.lang.IllegalStateException caused by java.lang.ArithmeticException: xxx")
        .contains("a bug of the operator")
        .endsWith("no reboot was issued")
        .hasSizeLessThan(ReconcileFailures.MAX_MESSAGE_CHARS + 300);
  }

  @Test
  void messageSaysToCheckTheInstanceWhenARebootMayBeUnderWay() {
    RebootRequestStatus rebooting = new RebootRequestStatus();
    rebooting.setPhase(Phase.Rebooting);
    rebooting.setRebootIssuedTime("2026-11-26T10:00:00Z");
    assertThat(ReconcileFailures.message(new NullPointerException(), rebooting))
        .contains("java.lang.NullPointerException")
        .endsWith(
            "RebootInstance was issued at 2026-11-26T10:00:00Z and the reboot is not verified:"
                + " check the instance");
  }
}
