package io.ecsreboot.emulator;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.profile.DefaultProfile;
import io.ecsreboot.ecs.AliyunEcsClient;
import io.ecsreboot.ecs.EcsCallListener;
import io.ecsreboot.ecs.EcsCredentials;
import io.ecsreboot.ecs.EcsTarget;
import io.ecsreboot.ecs.RateLimiters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Starts emulators on the example seed and builds SDK clients that only ever reach them. */
final class EmulatorTestSupport {

  static final Path EXAMPLE_SEED = Path.of("examples/emulator-seed.yaml");
  static final String KEY_ID = "DEMO-EMULATOR-ACCESS-KEY-ID";
  static final String SECRET = "demo-emulator-secret-not-a-real-key";
  static final String REGION = "cn-hangzhou";

  static final String RUNNING = "i-bp67acfmxazb4ph00001";
  static final String RUNNING_TAGGED = "i-bp67acfmxazb4ph00002";
  static final String STOPPED = "i-bp67acfmxazb4ph00004";
  static final String SECURITY_LOCKED = "i-bp67acfmxazb4ph00005";
  static final String FINANCIAL_LOCKED = "i-bp67acfmxazb4ph00006";
  static final String EXPIRED = "i-bp67acfmxazb4ph00007";
  static final String OTHER_REGION = "i-2zeexampleotherreg008";
  static final String ABSENT = "i-bp67acfmxazb4ph99999";

  private EmulatorTestSupport() {}

  static EcsEmulator startEmulator(Duration stopping, Duration starting) throws IOException {
    return EcsEmulator.start(
        EmulatorOptions.ephemeral(Seed.load(EXAMPLE_SEED), stopping, starting));
  }

  /** The operator's own ECS client (the real SDK inside), over HTTP to the emulator only. */
  static AliyunEcsClient operatorClient(EcsEmulator emulator, EcsCallListener listener) {
    return new AliyunEcsClient(
        new AliyunEcsClient.AcsClientFactory(emulator.endpoint()),
        new RateLimiters(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        listener);
  }

  /** The target of {@link #operatorClient}: the seeded key in the seed's region. */
  static EcsTarget operatorTarget() {
    return new EcsTarget(REGION, new EcsCredentials.StaticKey("test", KEY_ID, SECRET, null));
  }

  /** The V1 SDK (aliyun-java-sdk-core 4.x), over HTTP to the emulator only. */
  static DefaultAcsClient v1Client(EcsEmulator emulator, String keyId, String secret) {
    DefaultAcsClient client =
        new DefaultAcsClient(DefaultProfile.getProfile(REGION, keyId, secret));
    client.setEndpointResolver(request -> emulator.endpoint());
    return client;
  }

  static DefaultAcsClient v1Client(EcsEmulator emulator) {
    return v1Client(emulator, KEY_ID, SECRET);
  }

  /** The Tea-based SDK (signature V3), over HTTP to the emulator only. */
  static com.aliyun.ecs20140526.Client v3Client(EcsEmulator emulator, String keyId, String secret)
      throws Exception {
    return new com.aliyun.ecs20140526.Client(
        new com.aliyun.teaopenapi.models.Config()
            .setAccessKeyId(keyId)
            .setAccessKeySecret(secret)
            .setEndpoint(emulator.endpoint())
            .setProtocol("http")
            .setRegionId(REGION));
  }

  /** Polls until {@code id} has {@code status} or two seconds pass; returns the last state. */
  static EmulatorInstance awaitStatus(EmulatorAdminClient admin, String id, String status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    EmulatorInstance instance = admin.instance(id);
    while (!status.equals(instance.status()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      instance = admin.instance(id);
    }
    return instance;
  }
}
