package io.ecsreboot.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the children of one rollout waiting at the reboot call go: by who could still join. */
class RebootBatchRuleTest {
  @ParameterizedTest(name = "{0} joined, {1} yet to call, waited {2} ms -> go {3}: {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // joined | yetToCall | waitedMs | go    | why
        "1        | 0         | 0        | true  | a lone child goes at once",
        "1        | 3         | 0        | false | siblings are on their way to the call",
        "40       | 1         | 500      | false | one more sibling may still join",
        "41       | 0         | 500      | true  | every sibling that could call has joined",
        "100      | 50        | 0        | true  | a full call goes at once",
        "99       | 50        | 0        | false | room for one more",
        "5        | 20        | 1999     | false | still within the gather wait",
        "5        | 20        | 2000     | true  | the gather wait is bounded",
        "0        | 0         | 5000     | false | nothing to send",
      })
  void aCallGoesWhenNoMoreSiblingsCanJoinIt(
      int joined, int yetToCall, long waitedMs, boolean go, String why) {
    assertThat(RebootBatchRule.goNow(joined, yetToCall, Duration.ofMillis(waitedMs)))
        .as(why)
        .isEqualTo(go);
  }
}
