package io.ecsreboot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bench runs the operator's JVM as the image does, or its latency figures mean nothing. */
class OperatorProcessTest {
  private static final Pattern JVM_FLAG = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>");

  @Test
  void theBenchStartsTheOperatorWithTheImagesJvmFlags() throws Exception {
    List<String> image =
        JVM_FLAG
            .matcher(Files.readString(Path.of("pom.xml")))
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(image).containsAll(OperatorProcess.IMAGE_JVM_FLAGS);
    // Everything else the image sets is about memory, which follows the container's limit.
    assertThat(image.stream().filter(f -> !OperatorProcess.IMAGE_JVM_FLAGS.contains(f)))
        .allMatch(f -> f.startsWith("-XX:MaxRAMPercentage"));
  }
}
