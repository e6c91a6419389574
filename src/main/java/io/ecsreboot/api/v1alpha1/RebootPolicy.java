package io.ecsreboot.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Grants the namespaces it selects the Nodes and ECS instances their RebootRequests may reboot
 * (DESIGN.md 9); cluster-scoped, so only those who may create cluster objects can grant.
 */
@Group(RebootRequest.GROUP)
@Version(RebootRequest.VERSION)
@Kind("RebootPolicy")
@Plural("rebootpolicies")
@ShortNames("rbp")
@Categories("ecsreboot")
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".spec.namespaceSelector.matchLabels",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Nodes",
    jsonPath = ".spec.nodeSelector.matchLabels",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "InstanceTags",
    jsonPath = ".spec.instanceTags",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AllowForceStop",
    jsonPath = ".spec.allowForceStop",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RebootPolicy extends CustomResource<RebootPolicySpec, Void> {
  @Override
  @Required
  public RebootPolicySpec getSpec() {
    return super.getSpec();
  }
}
