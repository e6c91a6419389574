package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Set;

/**
 * Whether the API server serves RebootRollouts. Helm installs CRDs only on first install, so an
 * upgraded operator may find the RebootRequest CRD without this one: it then runs without the
 * rollout controller instead of failing to start. Asked with a one-item list, a call its RBAC
 * allows anyway.
 */
final class RolloutCrd {
  private RolloutCrd() {}

  static boolean installed(KubernetesClient client, Set<String> namespaces) {
    try {
      var rollouts = client.resources(RebootRollout.class);
      ListOptions one = new ListOptionsBuilder().withLimit(1L).build();
      if (namespaces.isEmpty()) {
        rollouts.inAnyNamespace().list(one);
      } else {
        rollouts.inNamespace(namespaces.iterator().next()).list(one);
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
