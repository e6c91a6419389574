package io.ecsreboot.bench;

import java.util.List;
import java.util.Map;

/** Everything measured in one scenario; the report's unit. Per-request figures divide by N. */
record ScenarioResult(
    String name,
    String apiServer,
    int requests,
    String arrival,
    double ecsQps,
    List<String> operatorFlags,
    int created,
    int succeeded,
    Map<String, Integer> finishedByPhase,
    int rebootInstanceCalls,
    int instancesRebootedExactlyOnce,
    Map<String, Long> ecsCallsByAction,
    double ecsCallsPerRequest,
    double describeCallsPerRequest,
    Latencies createToRebootInstance,
    Latencies createToRebootInstanceAfterWarmUp,
    Latencies createToSucceeded,
    double createSeconds,
    double rebootsPerSecond,
    double completionsPerSecond,
    RateWindow rebootInstanceRate,
    RateWindow allEcsCallsRate,
    RateWindow describeRate,
    boolean apiCountedByCaller,
    ApiCounts apiRequests,
    double apiServerBusySeconds,
    double rebootRequestWritesPerRequest,
    double eventWritesPerRequest,
    double operatorApiRequestsPerRequest,
    ProcessMetrics.Snapshot operatorProcess,
    RawSdkBaseline.Result rawSdkBaseline,
    Double rebootThroughputRatioToRawSdk,
    ApiYardstick.Result yardstick,
    Double rebootThroughputRatioToYardstick,
    double operatorCpuSeconds,
    double operatorCpuSecondsPer1000,
    int cores,
    double loadAverageStart,
    double loadAverageEnd,
    double wallSeconds,
    JfrSummary.Profile profile) {

  boolean allSucceededExactlyOnce() {
    return succeeded == requests
        && rebootInstanceCalls == requests
        && instancesRebootedExactlyOnce == requests;
  }
}
