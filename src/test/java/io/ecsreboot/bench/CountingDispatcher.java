package io.ecsreboot.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/** The mock server's CRUD dispatcher, counting every request before it answers it. */
final class CountingDispatcher extends KubernetesCrudDispatcher {
  private final ApiRequestCounter counter;

  CountingDispatcher(ApiRequestCounter counter) {
    super(List.of());
    this.counter = counter;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long start = System.nanoTime();
    try {
      return super.dispatch(request);
    } finally {
      counter.record(
          request.getMethod(),
          request.getPath(),
          request.getHeader("User-Agent"),
          System.nanoTime() - start);
    }
  }
}
