package io.ecsreboot.e2e;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** The workloads node tests drain: pause pods labelled {@code app: <name>}, quick to terminate. */
final class Workloads {
  private Workloads() {}

  /**
   * A Deployment of pause pods, spread over the nodes by a soft topology constraint (so that a
   * replacement may still land anywhere while a node is cordoned), with a short grace period.
   */
  static Deployment deployment(String namespace, String name, int replicas) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(2L)
            .addNewTopologySpreadConstraint()
            .withMaxSkew(1)
            .withTopologyKey("kubernetes.io/hostname")
            .withWhenUnsatisfiable("ScheduleAnyway")
            .withNewLabelSelector()
            .addToMatchLabels("app", name)
            .endLabelSelector()
            .endTopologySpreadConstraint()
            .addNewContainer()
            .withName("app")
            .withImage("registry.k8s.io/pause:3.10")
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    return deployment;
  }

  /** A DaemonSet of pause pods: one on every node (a drain leaves them alone). */
  static DaemonSet daemonSet(String namespace, String name) {
    DaemonSet daemonSet =
        new DaemonSetBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(2L)
            .addNewContainer()
            .withName("agent")
            .withImage("registry.k8s.io/pause:3.10")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    return daemonSet;
  }

  /** A pod with no controller, bound to {@code node} directly (a drain leaves it alone). */
  static Pod unmanagedPod(String namespace, String name, String node) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .withTerminationGracePeriodSeconds(2L)
            .addNewContainer()
            .withName("app")
            .withImage("registry.k8s.io/pause:3.10")
            .endContainer()
            .endSpec()
            .build();
    return pod;
  }

  static PodDisruptionBudget pdb(String namespace, String name, String app, int minAvailable) {
    PodDisruptionBudget pdb =
        new PodDisruptionBudgetBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withMinAvailable(new IntOrString(minAvailable))
            .withNewSelector()
            .addToMatchLabels("app", app)
            .endSelector()
            .endSpec()
            .build();
    return pdb;
  }
}
