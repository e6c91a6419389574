package io.ecsreboot.deploy;

import static io.ecsreboot.deploy.Samples.completed;
import static io.ecsreboot.deploy.Samples.ready;
import static io.ecsreboot.deploy.Samples.reconciling;
import static io.ecsreboot.deploy.Samples.stalled;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Conditions;
import io.ecsreboot.api.v1alpha1.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs deploy/gitops/argocd-health.lua as Argo CD does: the object as a global table {@code obj},
 * the script's return value a table with {@code status} and {@code message}.
 */
class ArgoCdHealthTest {
  static final Path SCRIPT = Path.of("deploy/gitops/argocd-health.lua");
  static final Path CM_PATCH = Path.of("deploy/gitops/argocd-cm-patch.yaml");

  record Health(String status, String message) {}

  @Test
  void aRequestTheOperatorHasNotSeenYetIsProgressing() throws IOException {
    assertThat(health(Samples.withoutStatus()).status()).isEqualTo("Progressing");
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"Pending", "Rebooting", "Verifying"})
  void unfinishedPhasesAreProgressingWithWhatTheyWaitFor(Phase phase) throws IOException {
    Health health =
        health(Samples.inPhase(phase, reconciling(Conditions.Reasons.WAITING_FOR_INSTANCE)));
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).isEqualTo("waiting: WaitingForInstance");
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"Succeeded", "DryRunPassed"})
  void verifiedRebootsAndPassedDryRunsAreHealthyWithTheReadyMessage(Phase phase)
      throws IOException {
    Health health = health(Samples.succeeded(phase, "RebootVerified", "instance is Running"));
    assertThat(health).isEqualTo(new Health("Healthy", "instance is Running"));
  }

  @Test
  void aFailedRequestIsDegradedWithTheStalledReasonAndMessage() throws IOException {
    Health health =
        health(
            Samples.inPhase(
                Phase.Failed,
                ready(Conditions.FALSE, "InstanceLockedForSecurity", "locked"),
                stalled(
                    "InstanceLockedForSecurity",
                    "InstanceLockedForSecurity: the instance is locked; create a new RebootRequest"
                        + " to retry"),
                completed()));
    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message())
        .startsWith("InstanceLockedForSecurity: InstanceLockedForSecurity: the instance is locked");
  }

  @Test
  void aFailedRequestWithoutConditionsIsStillDegraded() throws IOException {
    assertThat(health(Samples.inPhase(Phase.Failed))).isEqualTo(new Health("Degraded", "Failed"));
  }

  @Test
  void aStatusForAnOlderGenerationIsProgressing() throws IOException {
    Health health =
        health(
            Samples.observedGenerationBehind(
                Phase.Succeeded, ready(Conditions.TRUE, "RebootVerified", "ok")));
    assertThat(health.status()).isEqualTo("Progressing");
  }

  @Test
  void everyPhaseOfTheApiHasAVerdict() throws IOException {
    for (Phase phase : Phase.values()) {
      assertThat(health(Samples.inPhase(phase)).status()).as(phase.name()).isNotEqualTo("Unknown");
    }
  }

  @Test
  void theScriptSticksToLua51AsArgoCdsGopherLuaRunsIt() throws IOException {
    // luaj implements 5.2, so it would accept these: forbid them by hand.
    String code = Files.readString(SCRIPT).replaceAll("--[^\n]*", "");
    for (String later : List.of("goto ", "::", "//", "table.unpack", "utf8.", "<const>")) {
      assertThat(code).as("Lua 5.2+ construct %s", later).doesNotContain(later);
    }
    assertThat(code)
        .as("bitwise operators (Lua 5.3)")
        .doesNotContainPattern("[^~=<>]~[^=]|<<|>>|&");
  }

  @Test
  void theConfigMapPatchInstallsExactlyThisScript() throws IOException {
    Map<String, Object> patch = Yaml.documents(CM_PATCH).get(0);
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) patch.get("data");
    assertThat(data.get("resource.customizations.health.ecsreboot.io_RebootRequest"))
        .as("argocd-cm-patch.yaml drifted from argocd-health.lua: paste the script again")
        .isEqualTo(Files.readString(SCRIPT));
  }

  static Health health(Map<String, Object> object) throws IOException {
    return health(SCRIPT, object);
  }

  static Health health(Path script, Map<String, Object> object) throws IOException {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(object));
    LuaValue result = globals.load(Files.readString(script), script.toString()).call();
    return new Health(
        result.get("status").optjstring(null), result.get("message").optjstring(null));
  }

  /** Maps to tables, lists to 1-based arrays, as Argo CD converts an object's JSON. */
  private static LuaValue toLua(Object value) {
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    return value == null ? LuaValue.NIL : LuaValue.valueOf(value.toString());
  }
}
