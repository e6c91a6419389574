package io.ecsreboot.bench;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limit the operator is measured against: the raw Aliyun SDK calling RebootInstance once per
 * instance, with as many threads as the operator has reconcile threads, on the same emulator.
 */
final class RawSdkBaseline {
  private static final int WARM_UP_CALLS = 200;

  record Result(int calls, int threads, double seconds, double callsPerSecond, int errors) {}

  private RawSdkBaseline() {}

  static Result run(EcsFixture ecs, int count, int threads) throws Exception {
    List<String> ids = ecs.putInstances("base", count);
    DefaultAcsClient client = client(ecs);
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      client.getAcsResponse(reboot(ids.get(0)));
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try {
                      client.getAcsResponse(reboot(ids.get(i)));
                    } catch (Exception e) {
                      errors.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(count, threads, seconds, count / seconds, errors.get());
  }

  private static DefaultAcsClient client(EcsFixture ecs) {
    DefaultProfile profile =
        DefaultProfile.getProfile(
            EcsFixture.REGION, ecs.credential().accessKeyId(), ecs.credential().accessKeySecret());
    HttpClientConfig http = HttpClientConfig.getDefault();
    http.setProtocolType(ProtocolType.HTTP);
    http.setMaxRequestsPerHost(256);
    http.setMaxRequests(256);
    profile.setHttpClientConfig(http);
    DefaultAcsClient client = new DefaultAcsClient(profile);
    String endpoint = ecs.endpoint();
    client.setEndpointResolver(request -> endpoint);
    return client;
  }

  private static RebootInstanceRequest reboot(String id) {
    RebootInstanceRequest request = new RebootInstanceRequest();
    request.setInstanceId(id);
    request.setSysProtocol(ProtocolType.HTTP);
    return request;
  }
}
