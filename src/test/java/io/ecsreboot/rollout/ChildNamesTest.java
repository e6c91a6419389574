package io.ecsreboot.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChildNamesTest {
  static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource({
    "kernel, cn-hangzhou.192.168.0.11, kernel-cn-hangzhou.192.168.0.11",
    "fleet, i-bp67acfmxazb4ph00001, fleet-i-bp67acfmxazb4ph00001",
  })
  void aNameThatIsAlreadyValidIsKeptAsItIs(String rollout, String target, String child) {
    assertThat(ChildNames.of(rollout, target)).isEqualTo(child);
  }

  @Test
  void theSameTargetAlwaysGetsTheSameName() {
    assertThat(ChildNames.of("r", "Node_A")).isEqualTo(ChildNames.of("r", "Node_A"));
  }

  @Test
  void targetsThatSanitizeAlikeGetDifferentValidNames() {
    String upper = ChildNames.of("r", "Node_A");
    String lower = ChildNames.of("r", "node-a");
    assertThat(upper).isNotEqualTo(lower).matches(DNS_SUBDOMAIN);
    assertThat(lower).isEqualTo("r-node-a");
  }

  @Test
  void aTooLongNameIsCutAndHashSuffixed() {
    String longTarget = "node." + "a".repeat(240);
    String name = ChildNames.of("kernel", longTarget);
    assertThat(name).hasSizeLessThanOrEqualTo(ChildNames.MAX_LENGTH).matches(DNS_SUBDOMAIN);
    assertThat(name).isNotEqualTo(ChildNames.of("kernel", longTarget + "b"));
  }
}
