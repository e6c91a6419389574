package io.ecsreboot.bench;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Creates the RebootRequests of a scenario, as fast as it can or at a fixed arrival rate, and
 * remembers when each create was sent (the start of every latency).
 */
final class RequestLoad {
  private static final int CREATE_THREADS = 16;

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Instant> sentAt = new ConcurrentHashMap<>();
  private final AtomicInteger created = new AtomicInteger();

  RequestLoad(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  static String name(int i) {
    return String.format("reboot-%06d", i);
  }

  /**
   * Creates request i for instance {@code instanceIds.get(i)}; {@code perSecond} 0 means as fast as
   * {@value #CREATE_THREADS} threads can.
   */
  void createAll(List<String> instanceIds, double perSecond) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < instanceIds.size(); i++) {
        if (perSecond > 0) {
          long due = start + (long) (i * 1e9 / perSecond);
          long wait;
          while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        int index = i;
        done.add(pool.submit(() -> create(name(index), instanceIds.get(index))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  private void create(String name, String instanceId) {
    RebootRequest request = new RebootRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(namespace);
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId(instanceId);
    spec.setReason("ecs-reboot-operator benchmark");
    request.setSpec(spec);
    sentAt.put(name, Instant.now());
    client.resource(request).create();
    created.incrementAndGet();
  }

  int created() {
    return created.get();
  }

  /** When each create was sent, by request name. */
  Map<String, Instant> sentAt() {
    return Map.copyOf(sentAt);
  }
}
