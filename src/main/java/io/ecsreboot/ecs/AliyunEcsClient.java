package io.ecsreboot.ecs;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstancesRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link EcsClient} on the official aliyun-java-sdk-ecs: HTTPS to the regional endpoint, or plain
 * HTTP to an endpoint override (the emulator). Every call waits for its API's rate limit and
 * carries its own timeouts, because the SDK's HTTP client is a JVM-wide singleton that ignores the
 * timeouts of all but the first client.
 */
public final class AliyunEcsClient implements EcsClient {
  private final AcsClientFactory clients;
  private final RateLimiters rateLimiters;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final EcsCallListener listener;

  public AliyunEcsClient(
      AcsClientFactory clients,
      RateLimiters rateLimiters,
      Duration connectTimeout,
      Duration readTimeout,
      EcsCallListener listener) {
    this.clients = clients;
    this.rateLimiters = rateLimiters;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.listener = listener;
  }

  @Override
  public EcsResult<String> rebootInstance(
      EcsTarget target, String instanceId, boolean forceStop, boolean dryRun) {
    RebootInstanceRequest request = new RebootInstanceRequest();
    request.setInstanceId(instanceId);
    request.setForceStop(forceStop);
    request.setDryRun(dryRun);
    return call(
        target,
        "RebootInstance",
        request,
        response -> EcsResult.ok(response.getRequestId(), response.getRequestId()));
  }

  @Override
  public EcsResult<Map<String, EcsResult<String>>> rebootInstances(
      EcsTarget target, List<String> instanceIds, boolean forceStop) {
    if (instanceIds.isEmpty() || instanceIds.size() > MAX_IDS_PER_REBOOT) {
      throw new IllegalArgumentException("1 to " + MAX_IDS_PER_REBOOT + " ids per call");
    }
    RebootInstancesRequest request = new RebootInstancesRequest();
    request.setInstanceIds(List.copyOf(instanceIds));
    request.setForceReboot(forceStop);
    // SuccessFirst: one refused member (say, a stopped instance) must not hold back the others.
    request.setBatchOptimization("SuccessFirst");
    return call(
        target,
        "RebootInstances",
        request,
        response ->
            EcsResult.ok(
                RebootInstancesAnswer.members(instanceIds, response), response.getRequestId()));
  }

  @Override
  public EcsResult<List<InstanceState>> describeInstances(
      EcsTarget target, List<String> instanceIds) {
    if (instanceIds.size() > MAX_IDS_PER_DESCRIBE) {
      throw new IllegalArgumentException("at most " + MAX_IDS_PER_DESCRIBE + " ids per call");
    }
    DescribeInstancesRequest request = new DescribeInstancesRequest();
    request.setInstanceIds(JsonArrays.of(instanceIds));
    request.setPageSize(MAX_IDS_PER_DESCRIBE);
    return call(
        target,
        "DescribeInstances",
        request,
        response ->
            EcsResult.ok(
                response.getInstances().stream().map(AliyunEcsClient::toState).toList(),
                response.getRequestId()));
  }

  private static InstanceState toState(DescribeInstancesResponse.Instance instance) {
    List<String> locks =
        instance.getOperationLocks() == null
            ? List.of()
            : instance.getOperationLocks().stream()
                .map(DescribeInstancesResponse.Instance.LockReason::getLockReason)
                .toList();
    Map<String, String> tags = new HashMap<>();
    if (instance.getTags() != null) {
      // Tags.Tag[{TagKey, TagValue}] in the API's JSON; a key without a value reads as "".
      instance
          .getTags()
          .forEach(t -> tags.put(t.getTagKey(), t.getTagValue() == null ? "" : t.getTagValue()));
    }
    return new InstanceState(
        instance.getInstanceId(),
        instance.getRegionId(),
        instance.getStatus(),
        instance.getStartTime(),
        locks,
        tags);
  }

  private <R extends AcsResponse, T> EcsResult<T> call(
      EcsTarget target, String action, AcsRequest<R> request, Function<R, EcsResult<T>> toResult) {
    request.setSysConnectTimeout((int) connectTimeout.toMillis());
    request.setSysReadTimeout((int) readTimeout.toMillis());
    DefaultAcsClient client = clients.clientFor(target);
    request.setSysProtocol(clients.protocol());
    EcsResult<T> result;
    try (RateLimiter.Permit started = rateLimiters.acquire(action, target.regionId())) {
      StatusCapturingHttpClient.clear();
      result = toResult.apply(client.getAcsResponse(request));
    } catch (ClientException e) {
      result = EcsResult.failed(SdkErrors.toEcsError(e, StatusCapturingHttpClient.lastStatus()));
    }
    listener.onCall(action, result.error());
    return result;
  }

  /**
   * Builds and keeps one SDK client per region and identity. A client is built by the first caller
   * that needs it, outside the map's lock (a cold build took seconds): the others for the same key
   * wait for that build, and callers for other keys do not wait at all.
   */
  public static final class AcsClientFactory {
    private final String endpointOverride;
    private final Map<String, CompletableFuture<DefaultAcsClient>> clients =
        new ConcurrentHashMap<>();
    private final Function<EcsTarget, DefaultAcsClient> builder;

    /**
     * @param endpointOverride {@code host:port} spoken to over plain HTTP (the emulator), or null
     *     for the real regional HTTPS endpoints.
     */
    public AcsClientFactory(String endpointOverride) {
      this(endpointOverride, target -> SdkClients.build(target, endpointOverride));
    }

    AcsClientFactory(String endpointOverride, Function<EcsTarget, DefaultAcsClient> builder) {
      this.endpointOverride = endpointOverride;
      this.builder = builder;
    }

    DefaultAcsClient clientFor(EcsTarget target) {
      CompletableFuture<DefaultAcsClient> mine = new CompletableFuture<>();
      CompletableFuture<DefaultAcsClient> built = clients.putIfAbsent(target.key(), mine);
      if (built == null) {
        try {
          mine.complete(builder.apply(target));
        } catch (RuntimeException e) {
          // Not kept: the next caller tries again (e.g. after a Secret was fixed).
          clients.remove(target.key(), mine);
          mine.completeExceptionally(e);
          throw e;
        }
        built = mine;
      }
      try {
        return built.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    ProtocolType protocol() {
      return endpointOverride == null ? ProtocolType.HTTPS : ProtocolType.HTTP;
    }
  }
}
