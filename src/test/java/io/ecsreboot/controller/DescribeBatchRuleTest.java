package io.ecsreboot.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When waiting looks go to DescribeInstances: by counts of looks that could still join. */
class DescribeBatchRuleTest {
  @ParameterizedTest(
      name = "{0} ids, {1} waiting, {2} threads, {3} yet to look, {4} queued -> go {5}: {6}")
  @CsvSource(
      delimiter = '|',
      value = {
        // ids | waiting | threads | yetToLook | queued | go    | why
        "1     | 1       | 50      | 0         | 0      | true  | a single request never waits",
        "1     | 1       | 50      | 1         | 0      | false | another reconcile is about to look",
        "2     | 2       | 50      | 0         | 0      | true  | no running reconcile can still join",
        "30    | 30      | 50      | 0         | 900    | false | a burst: the 20 others take queued work next",
        "49    | 49      | 50      | 1         | 900    | false | a burst: one more is about to look",
        "50    | 50      | 50      | 0         | 900    | true  | a burst: every thread waits for this call",
        "100   | 100     | 200     | 100       | 900    | true  | a full call goes at once",
        "100   | 60      | 200     | 100       | 0      | true  | ids of other requests fill it up",
        "99    | 99      | 200     | 0         | 900    | false | a burst on 200 threads fills a call",
        "60    | 60      | 200     | 0         | 0      | true  | the burst is over: nobody else can come",
        "0     | 0       | 50      | 0         | 0      | false | nothing to send",
      })
  void aCallGoesWhenNoMoreLooksCanJoinIt(
      int ids, int waiting, int threads, int yetToLook, int queued, boolean go, String why) {
    var demand = new DescribeBatchRule.Demand(threads, yetToLook, queued);
    assertThat(DescribeBatchRule.goNow(ids, waiting, demand)).as(why).isEqualTo(go);
  }
}
