package io.ecsreboot.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.profile.DefaultProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One SDK client per region and identity, built outside the map's lock: the first cold build took
 * seconds, and every reconcile that needed any client waited behind it.
 */
class AcsClientFactoryTest {
  private static final EcsTarget DEFAULT =
      new EcsTarget("cn-hangzhou", EcsCredentials.DEFAULT_CHAIN);
  private static final EcsTarget FROM_SECRET =
      new EcsTarget("cn-hangzhou", new EcsCredentials.StaticKey("ns/ecs@1", "id", "key", null));

  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static DefaultAcsClient client() {
    return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "id", "key"));
  }

  @Test
  void callersOfOneIdentityShareOneClientBuiltOnce() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    CountDownLatch buildMayEnd = new CountDownLatch(1);
    var factory =
        new AliyunEcsClient.AcsClientFactory(
            null,
            target -> {
              builds.incrementAndGet();
              await(buildMayEnd);
              return client();
            });
    List<CompletableFuture<DefaultAcsClient>> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      callers.add(CompletableFuture.supplyAsync(() -> factory.clientFor(DEFAULT), threads));
    }
    buildMayEnd.countDown();
    DefaultAcsClient first = callers.get(0).get(10, TimeUnit.SECONDS);
    for (CompletableFuture<DefaultAcsClient> c : callers) {
      assertThat(c.get(10, TimeUnit.SECONDS)).isSameAs(first);
    }
    assertThat(builds).hasValue(1);
  }

  @Test
  void aSlowBuildHoldsUpOnlyTheCallersOfItsOwnIdentity() throws Exception {
    CountDownLatch defaultMayEnd = new CountDownLatch(1);
    CountDownLatch defaultStarted = new CountDownLatch(1);
    Function<EcsTarget, DefaultAcsClient> builder =
        target -> {
          if (target.equals(DEFAULT)) {
            defaultStarted.countDown();
            await(defaultMayEnd);
          }
          return client();
        };
    var factory = new AliyunEcsClient.AcsClientFactory(null, builder);
    CompletableFuture<DefaultAcsClient> slow =
        CompletableFuture.supplyAsync(() -> factory.clientFor(DEFAULT), threads);
    assertThat(defaultStarted.await(10, TimeUnit.SECONDS)).isTrue();

    // While the default chain's client is still being built, another identity gets its own.
    assertThat(
            CompletableFuture.supplyAsync(() -> factory.clientFor(FROM_SECRET), threads)
                .get(10, TimeUnit.SECONDS))
        .isNotNull();
    assertThat(slow).isNotDone();
    defaultMayEnd.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aFailedBuildIsTriedAgainByTheNextCaller() {
    AtomicInteger builds = new AtomicInteger();
    var factory =
        new AliyunEcsClient.AcsClientFactory(
            null,
            target -> {
              if (builds.incrementAndGet() == 1) {
                throw new IllegalStateException("Aliyun default credentials chain: no key");
              }
              return client();
            });
    assertThatThrownBy(() -> factory.clientFor(DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no key");
    assertThat(factory.clientFor(DEFAULT)).isNotNull();
    assertThat(builds).hasValue(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let the build end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
