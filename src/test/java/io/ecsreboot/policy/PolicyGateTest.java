package io.ecsreboot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate's reads: none for the admins' namespace, and a missing RebootPolicy CRD grants none. */
class PolicyGateTest {
  private KubernetesMockServer server;
  private SimpleMeterRegistry registry;
  private PolicyGate gate;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init();
    registry = new SimpleMeterRegistry();
    gate = new PolicyGate(server.createClient(), "ecs-reboot-system", registry);
  }

  @AfterEach
  void stop() {
    server.destroy();
  }

  @Test
  void theAdminNamespaceIsGrantedWithoutAnyApiCall() {
    int before = server.getRequestCount();
    assertThat(gate.refuseInstanceBeforeDescribe(request("ecs-reboot-system"), Phase.Pending))
        .isEmpty();
    assertThat(gate.refuseReboot(request("ecs-reboot-system"), "i-1", null)).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void withoutTheRebootPolicyCrdNothingIsGrantedAndTheRefusalIsCounted() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/team")
        .andReturn(
            200,
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("team")
                .addToLabels("team", "payments")
                .endMetadata()
                .build())
        .always();
    server
        .expect()
        .get()
        .withPath("/apis/ecsreboot.io/v1alpha1/rebootpolicies")
        .andReturn(404, "")
        .always();

    assertThat(gate.refuseInstanceBeforeDescribe(request("team"), Phase.Pending))
        .hasValueSatisfying(
            m -> assertThat(m).contains("no RebootPolicy grants namespace team any ECS instance"));
    assertThat(
            registry
                .get("ecsreboot.policy.refusals")
                .tag("target", "instance")
                .tag("missing", "policy")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  private static RebootRequest request(String namespace) {
    RebootRequest request = new RebootRequest();
    request.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace(namespace).build());
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId("i-1");
    request.setSpec(spec);
    return request;
  }
}
