package io.ecsreboot.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the children of one rollout waiting at the reboot call go: by who could still join. */
class RebootBatchRuleTest {
  @ParameterizedTest(
      name = "{0} joined, {1} may still join, {2} threads free, waited {3} ms -> go {4}: {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        // joined | mayJoin | free | waitedMs | go    | why
        "1        | 0       | 49   | 0        | true  | a lone child goes at once",
        "1        | 3       | 49   | 0        | false | siblings are on their way to the call",
        "40       | 1       | 10   | 500      | false | one more sibling may still join",
        "41       | 0       | 9    | 500      | true  | every sibling that could call has joined",
        "100      | 50      | 100  | 0        | true  | a full call goes at once",
        "99       | 50      | 101  | 0        | false | room for one more",
        "50       | 950     | 0    | 10       | true  | every thread waits here: the rest cannot come",
        "30       | 950     | 20   | 10       | false | threads are free to bring the rest",
        "5        | 20      | 45   | 4999     | false | still within the gather wait",
        "5        | 20      | 45   | 5000     | true  | the gather wait is bounded",
        "0        | 0       | 50   | 5000     | false | nothing to send",
      })
  void aCallGoesWhenNoMoreSiblingsCanJoinIt(
      int joined, int mayJoin, int free, long waitedMs, boolean go, String why) {
    assertThat(RebootBatchRule.goNow(joined, mayJoin, free, Duration.ofMillis(waitedMs)))
        .as(why)
        .isEqualTo(go);
  }
}
