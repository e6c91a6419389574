package io.ecsreboot.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A fleet reboot: one child RebootRequest per target, a few at a time, inside maintenance windows,
 * stopping when too many fail (DESIGN.md 8).
 */
@Group(RebootRequest.GROUP)
@Version(RebootRequest.VERSION)
@Kind("RebootRollout")
@Plural("rebootrollouts")
@ShortNames("rbro")
@Categories("ecsreboot")
@AdditionalPrinterColumn(
    name = "Targets",
    jsonPath = ".status.targets",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Succeeded",
    jsonPath = ".status.succeeded",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Failed",
    jsonPath = ".status.failed",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Active",
    jsonPath = ".status.active",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// Children are named <rollout>-<target> and labelled with the rollout's name: a label value holds
// at most 63 characters.
@ValidationRule(
    value = "size(self.metadata.name) <= 63",
    message = "a RebootRollout name has at most 63 characters")
@ValidationRule(
    value = "has(self.spec) == has(oldSelf.spec)",
    message = "spec is immutable except suspend: create a new RebootRollout")
public class RebootRollout extends CustomResource<RebootRolloutSpec, RebootRolloutStatus>
    implements Namespaced {

  @Override
  @Required
  public RebootRolloutSpec getSpec() {
    return super.getSpec();
  }
}
