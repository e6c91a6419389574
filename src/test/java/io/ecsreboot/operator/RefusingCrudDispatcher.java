package io.ecsreboot.operator;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The mock API server's CRUD dispatcher with an admission step: a create whose body contains a
 * chosen text is refused with a chosen code and message, as an admission policy or RBAC would.
 */
final class RefusingCrudDispatcher extends KubernetesCrudDispatcher {
  private record Rule(String bodyContains, int code, String message) {}

  private volatile Rule rule;

  RefusingCrudDispatcher() {
    super(List.of());
  }

  /** Refuses from now on every create whose body contains {@code text}. */
  void refuseCreates(String text, int code, String message) {
    rule = new Rule(text, code, message);
  }

  /** Lets every create through again. */
  void allowCreates() {
    rule = null;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    Rule r = rule;
    if (r != null
        && new String(request.getBody().getBytes(), StandardCharsets.UTF_8)
            .contains(r.bodyContains())) {
      return new MockResponse()
          .setResponseCode(r.code())
          .setBody(
              Serialization.asJson(
                  new StatusBuilder()
                      .withStatus("Failure")
                      .withCode(r.code())
                      .withReason(r.code() == 403 ? "Forbidden" : "Invalid")
                      .withMessage(r.message())
                      .build()));
    }
    return super.handleCreate(request);
  }
}
