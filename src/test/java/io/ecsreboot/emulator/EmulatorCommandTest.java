package io.ecsreboot.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsreboot.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The emulator CLI refuses a bad seed or flag with exit 2 and one line; seeds are validated. */
class EmulatorCommandTest {

  @TempDir Path dir;

  private static String[] runAndCaptureStderr(int[] exit, String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit[0] = Main.execute(args);
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8).strip().split("\n");
  }

  @Test
  void missingSeedFileExitsTwoWithOneLine() {
    int[] exit = new int[1];
    String[] lines =
        runAndCaptureStderr(
            exit, "emulator", "--port", "0", "--seed", dir.resolve("none.yaml").toString());
    assertThat(exit[0]).isEqualTo(2);
    assertThat(lines).singleElement().asString().startsWith("error: cannot read seed file");
  }

  @Test
  void invalidSeedFileExitsTwoWithOneLine() throws Exception {
    Path seed = dir.resolve("bad.yaml");
    Files.writeString(
        seed,
        "credentials:\n  - {accessKeyId: a, accessKeySecret: b}\ninstances:\n  - {instanceId: i-1, regionId: r, status: Rebooting}\n");
    int[] exit = new int[1];
    String[] lines =
        runAndCaptureStderr(exit, "emulator", "--port", "0", "--seed", seed.toString());
    assertThat(exit[0]).isEqualTo(2);
    assertThat(lines)
        .singleElement()
        .asString()
        .startsWith("error: seed file")
        .contains("i-1")
        .contains("status");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--port=abc",
        "--stopping-seconds=-1",
        "--port=70000",
        "--frobnicate",
        "--start-time-on-reboot=sometimes"
      })
  void badFlagExitsTwoWithOneLine(String flag) {
    int[] exit = new int[1];
    String[] lines = runAndCaptureStderr(exit, "emulator", flag);
    assertThat(exit[0]).isEqualTo(2);
    assertThat(lines).singleElement().asString().startsWith("error: ");
  }

  @Test
  void seedParseErrorsAreOneLine() {
    assertThatThrownBy(() -> Seed.parse("credentials: [oops"))
        .isInstanceOf(Seed.SeedException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> Seed.parse("instances: []\n")).hasMessageContaining("credentials");
    assertThatThrownBy(
            () ->
                Seed.parse(
                    "credentials: [{accessKeyId: a, accessKeySecret: b}]\ninstances:\n  - {instanceId: i-1, regionId: r}\n  - {instanceId: i-1, regionId: r}\n"))
        .hasMessageContaining("twice");
  }

  @Test
  void exampleSeedLoads() {
    Seed seed = Seed.load(EmulatorTestSupport.EXAMPLE_SEED);
    assertThat(seed.instances()).hasSize(8);
    assertThat(seed.credentials()).hasSize(1);
  }
}
