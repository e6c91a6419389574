package io.ecsreboot.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers to a child create end the target, and how a refusal reads. */
class ChildRefusalsTest {
  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "409, EXISTS",
    "403, FINAL", // admission policy, RBAC
    "422, FINAL", // invalid child
    "400, FINAL",
    "429, TRANSIENT", // API priority and fairness
    "500, TRANSIENT",
    "503, TRANSIENT",
    "504, TRANSIENT",
    "401, TRANSIENT", // a token being renewed
    "404, TRANSIENT", // the CRD being installed
    "0, TRANSIENT", // no answer: timeout, reset
    "-1, TRANSIENT",
  })
  void onlyRefusalsThatHoldUntilSomeoneActsAreFinal(int code, ChildRefusals.Kind kind) {
    assertThat(ChildRefusals.classify(code)).isEqualTo(kind);
  }

  @Test
  void aMessageBecomesOneLineWithoutControlCharacters() {
    assertThat(ChildRefusals.sanitize("denied:\n  namespace\tops\u0007 may not"))
        .isEqualTo("denied: namespace ops may not");
    assertThat(ChildRefusals.sanitize(null)).isEqualTo("(no message)");
  }

  @Test
  void aLongMessageIsCutToItsBound() {
    String cut = ChildRefusals.sanitize("x".repeat(5000));
    assertThat(cut).hasSize(ChildRefusals.MAX_MESSAGE).endsWith("...");
  }
}
