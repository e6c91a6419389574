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
 * One declarative reboot of one ECS instance, or of one Kubernetes Node's instance: create it to
 * reboot, read its status to follow it.
 */
@Group(RebootRequest.GROUP)
@Version(RebootRequest.VERSION)
@Kind("RebootRequest")
@Plural("rebootrequests")
@ShortNames("rbr")
@Categories("ecsreboot")
@AdditionalPrinterColumn(
    name = "Instance",
    jsonPath = ".status.instanceId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Region",
    jsonPath = ".status.regionId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Attempts",
    jsonPath = ".status.attempts",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Node",
    jsonPath = ".spec.nodeName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "DryRun",
    jsonPath = ".spec.dryRun",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "ForceStop",
    jsonPath = ".spec.forceStop",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".spec.reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
// spec is required, so no object lives without one; for an object stored before it was (older
// CRD), this rule keeps a spec from being added or removed later, where the spec's own rule has no
// old spec to compare with.
@ValidationRule(
    value = "has(self.spec) == has(oldSelf.spec)",
    message = "spec is immutable: create a new RebootRequest to reboot again")
public class RebootRequest extends CustomResource<RebootRequestSpec, RebootRequestStatus>
    implements Namespaced {
  public static final String GROUP = "ecsreboot.io";
  public static final String VERSION = "v1alpha1";

  @Override
  @Required
  public RebootRequestSpec getSpec() {
    return super.getSpec();
  }

  // No initStatus(): a request the operator has not touched has no status on the server, and a
  // JSON patch computed against an invented empty status is rejected (422) by a real API server.
}
