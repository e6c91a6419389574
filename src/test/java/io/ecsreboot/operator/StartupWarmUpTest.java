package io.ecsreboot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starting the operator warms its hot paths up (the SDK against a loopback stub, a status patch
 * built but never sent): a start makes no ECS call and no write to the cluster that nobody asked
 * for, and the first request still reboots exactly once.
 */
class StartupWarmUpTest {
  private OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new OperatorHarness(Duration.ofMillis(100), Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void startingMakesNoEcsCallAndWritesNothingToTheCluster() throws Exception {
    String id = h.newInstance();
    apiRequestsSoFar(); // the harness's own set-up: CRDs, namespace

    h.startOperator();

    assertThat(h.ecs.calls(null, null)).isEmpty();
    assertThat(apiRequestsSoFar())
        .isNotEmpty() // the informers' lists and watches
        .extracting(RecordedRequest::getMethod)
        .containsOnly("GET");

    h.awaitPhase(h.create("after-warm-up", id).getMetadata().getName(), Phase.Succeeded);
    assertThat(h.reboots(id)).hasSize(1);
  }

  /** The API requests recorded since the last call (the mock server keeps them in a queue). */
  private List<RecordedRequest> apiRequestsSoFar() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = h.apiServer.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    return out;
  }
}
