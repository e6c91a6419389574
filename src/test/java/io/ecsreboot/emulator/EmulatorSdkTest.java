package io.ecsreboot.emulator;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One emulator per test class on the example seed, reset before each test, with a V1 client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorSdkTest {

  EcsEmulator emulator;
  EmulatorAdminClient admin;
  DefaultAcsClient client;

  /** How long Stopping and Starting each last in this class's emulator. */
  abstract Duration transition();

  @BeforeAll
  void startEmulator() throws Exception {
    emulator = EmulatorTestSupport.startEmulator(transition(), transition());
    admin = new EmulatorAdminClient(emulator.endpoint());
    client = EmulatorTestSupport.v1Client(emulator);
  }

  @AfterAll
  void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void resetEmulator() {
    admin.reset();
  }

  static RebootInstanceRequest reboot(String id) {
    RebootInstanceRequest request = new RebootInstanceRequest();
    request.setInstanceId(id);
    return request;
  }
}
