package io.ecsreboot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.policy.PolicyRule.Missing;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The RebootPolicy rule as tables: who is granted which Node, which instance, and forceStop. */
class PolicyRuleTest {
  static final String ADMIN = "ecs-reboot-system";

  static final List<PolicyGrant> POLICIES =
      List.of(
          new PolicyGrant(
              "payments",
              labels(Map.of("team", "payments")),
              labels(Map.of("node-pool", "a")),
              Map.of("team", "payments"),
              false),
          new PolicyGrant(
              "ops",
              labels(Map.of("team", "ops")),
              new LabelSelector(),
              Map.of("team", "ops", "env", "prod"),
              true),
          new PolicyGrant(
              "gold-tier",
              new LabelSelectorBuilder()
                  .addNewMatchExpression()
                  .withKey("tier")
                  .withOperator("In")
                  .withValues("gold", "platinum")
                  .endMatchExpression()
                  .build(),
              new LabelSelectorBuilder()
                  .addNewMatchExpression()
                  .withKey("node-pool")
                  .withOperator("NotIn")
                  .withValues("b")
                  .endMatchExpression()
                  .addNewMatchExpression()
                  .withKey("gpu")
                  .withOperator("DoesNotExist")
                  .endMatchExpression()
                  .build(),
              Map.of(),
              false),
          new PolicyGrant("search-nodes-only", labels(Map.of("team", "search")), null, null, true));

  static Stream<Arguments> nodes() {
    Map<String, String> payments = Map.of("team", "payments");
    Map<String, String> poolA = Map.of("node-pool", "a");
    Map<String, String> poolB = Map.of("node-pool", "b");
    return Stream.of(
        Arguments.of("admin namespace, no policy", ADMIN, Map.of(), poolB, false, null, null),
        Arguments.of("admin namespace, forceStop", ADMIN, Map.of(), poolB, true, null, null),
        Arguments.of("payments on pool a", "shop", payments, poolA, false, null, null),
        Arguments.of(
            "payments on pool b",
            "shop",
            payments,
            poolB,
            false,
            Missing.NODE,
            "no RebootPolicy grants namespace shop the node n1"),
        Arguments.of(
            "payments, forceStop not allowed",
            "shop",
            payments,
            poolA,
            true,
            Missing.FORCE_STOP,
            "forceStop is not allowed for namespace shop: no RebootPolicy that grants it node n1"
                + " sets allowForceStop"),
        Arguments.of(
            "no policy selects the namespace",
            "sandbox",
            Map.of("team", "sandbox"),
            poolA,
            false,
            Missing.POLICY,
            "no RebootPolicy grants namespace sandbox the node n1 (no RebootPolicy selects the"
                + " namespace)"),
        Arguments.of(
            "ops: {} selects every node", "ops", Map.of("team", "ops"), poolB, true, null, null),
        Arguments.of(
            "a Node that is gone has no labels",
            "ops",
            Map.of("team", "ops"),
            null,
            false,
            null,
            null),
        Arguments.of(
            "policy without nodeSelector grants no node",
            "search",
            Map.of("team", "search"),
            poolA,
            false,
            Missing.NODE,
            "no RebootPolicy grants namespace search the node n1"),
        Arguments.of("In matches", "g", Map.of("tier", "gold"), poolA, false, null, null),
        Arguments.of(
            "NotIn refuses pool b",
            "g",
            Map.of("tier", "gold"),
            poolB,
            false,
            Missing.NODE,
            "the node n1"),
        Arguments.of(
            "DoesNotExist refuses a gpu node",
            "g",
            Map.of("tier", "platinum"),
            Map.of("gpu", "true"),
            false,
            Missing.NODE,
            "the node n1"),
        Arguments.of(
            "In with another value",
            "g",
            Map.of("tier", "silver"),
            poolA,
            false,
            Missing.POLICY,
            "no RebootPolicy selects the namespace"),
        Arguments.of(
            "own credentials do not lift a node's policy",
            "sandbox",
            Map.of(),
            poolA,
            false,
            Missing.POLICY,
            "the node n1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodes")
  void aNodeIsGrantedByANodeSelectorOfAPolicyThatSelectsTheNamespace(
      String why,
      String namespace,
      Map<String, String> nsLabels,
      Map<String, String> nodeLabels,
      boolean forceStop,
      Missing missing,
      String message) {
    var ask = new PolicyRule.Ask(namespace, nsLabels, forceStop, why.startsWith("own"));
    var verdict = new PolicyRule(ADMIN).forNode(ask, "n1", nodeLabels, POLICIES);
    assertVerdict(verdict, missing, message);
  }

  static Stream<Arguments> instances() {
    Map<String, String> payments = Map.of("team", "payments");
    Map<String, String> ops = Map.of("team", "ops");
    return Stream.of(
        Arguments.of("admin namespace", ADMIN, Map.of(), Map.of(), false, false, null, null),
        Arguments.of(
            "own credentials: the key's RAM permissions bound it",
            "sandbox",
            Map.of(),
            Map.of(),
            true,
            true,
            null,
            null),
        Arguments.of("tag matches", "shop", payments, payments, false, false, null, null),
        Arguments.of(
            "extra tags do not matter",
            "shop",
            payments,
            Map.of("team", "payments", "env", "dev"),
            false,
            false,
            null,
            null),
        Arguments.of(
            "tag with another value",
            "shop",
            payments,
            Map.of("team", "search"),
            false,
            false,
            Missing.TAG,
            "instance i-1 lacks tag team=payments (RebootPolicy payments)"),
        Arguments.of(
            "no tags",
            "ops",
            ops,
            Map.of(),
            false,
            false,
            Missing.TAG,
            "instance i-1 lacks tags env=prod, team=ops (RebootPolicy ops)"),
        Arguments.of(
            "one of two tags",
            "ops",
            ops,
            Map.of("team", "ops"),
            false,
            false,
            Missing.TAG,
            "instance i-1 lacks tag env=prod (RebootPolicy ops)"),
        Arguments.of(
            "forceStop allowed",
            "ops",
            ops,
            Map.of("team", "ops", "env", "prod"),
            true,
            false,
            null,
            null),
        Arguments.of(
            "forceStop not allowed",
            "shop",
            payments,
            payments,
            true,
            false,
            Missing.FORCE_STOP,
            "forceStop is not allowed for namespace shop: no RebootPolicy that grants it instance"
                + " i-1 sets allowForceStop"),
        Arguments.of(
            "no policy for the namespace",
            "sandbox",
            Map.of(),
            payments,
            false,
            false,
            Missing.POLICY,
            "no RebootPolicy grants namespace sandbox any ECS instance"),
        Arguments.of(
            "policies of the namespace grant no instance (no instanceTags)",
            "search",
            Map.of("team", "search"),
            Map.of(),
            false,
            false,
            Missing.POLICY,
            "no RebootPolicy grants namespace search any ECS instance"),
        Arguments.of(
            "empty instanceTags grant nothing",
            "g",
            Map.of("tier", "gold"),
            Map.of(),
            false,
            false,
            Missing.POLICY,
            "any ECS instance"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("instances")
  void anInstanceIsGrantedWhenItCarriesEveryTagOfAPolicyThatSelectsTheNamespace(
      String why,
      String namespace,
      Map<String, String> nsLabels,
      Map<String, String> tags,
      boolean forceStop,
      boolean ownCredentials,
      Missing missing,
      String message) {
    var ask = new PolicyRule.Ask(namespace, nsLabels, forceStop, ownCredentials);
    var verdict = new PolicyRule(ADMIN).forInstance(ask, "i-1", tags, POLICIES);
    assertVerdict(verdict, missing, message);
  }

  static Stream<Arguments> beforeDescribe() {
    return Stream.of(
        Arguments.of("a policy grants some instances", "shop", "payments", false, null),
        Arguments.of(
            "no policy: refused before any ECS call", "sandbox", "sandbox", false, Missing.POLICY),
        Arguments.of("forceStop no policy allows", "shop", "payments", true, Missing.FORCE_STOP),
        Arguments.of("forceStop a policy allows", "ops", "ops", true, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("beforeDescribe")
  void beforeTheInstanceIsDescribedOnlyWhatNeedsNoTagsIsJudged(
      String why, String namespace, String team, boolean forceStop, Missing missing) {
    var ask = new PolicyRule.Ask(namespace, Map.of("team", team), forceStop, false);
    var verdict = new PolicyRule(ADMIN).forInstance(ask, "i-1", null, POLICIES);
    assertVerdict(verdict, missing, null);
  }

  private static void assertVerdict(PolicyRule.Verdict verdict, Missing missing, String message) {
    assertThat(verdict.permitted()).as(verdict.message()).isEqualTo(missing == null);
    assertThat(verdict.missing()).isEqualTo(missing);
    if (message != null) {
      assertThat(verdict.message()).contains(message);
    }
  }

  private static LabelSelector labels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }
}
