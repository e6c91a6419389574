package io.ecsreboot.api;

import io.ecsreboot.api.v1alpha1.RebootPolicy;
import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRollout;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.File;
import java.util.Comparator;
import java.util.List;

/**
 * Build step: writes the CRDs (RebootRequest, RebootPolicy, RebootRollout) generated from the Java
 * model. It keeps the printer columns in the order users read them (the generator sorts them by
 * JSON path, which would put Age first).
 */
public final class GenerateCrd {
  static final List<String> COLUMN_ORDER =
      List.of(
          // RebootPolicy
          "Namespaces",
          "Nodes",
          "InstanceTags",
          "AllowForceStop",
          // RebootRequest
          "Instance",
          "Region",
          "Phase",
          "Ready",
          "Attempts",
          "Age",
          "DryRun",
          "ForceStop",
          "Reason");

  /** RebootRollout: progress first, as {@code kubectl rollout status} readers expect. */
  static final List<String> ROLLOUT_COLUMN_ORDER =
      List.of("Targets", "Succeeded", "Failed", "Active", "Phase", "Age");

  public static void main(String[] args) {
    File outputDir = new File(args.length > 0 ? args[0] : "target/classes/META-INF/fabric8");
    // The generator wants the directory to exist; in a fresh clone nothing has made it yet.
    outputDir.mkdirs();
    int written =
        new CRDGenerator()
            .customResourceClasses(RebootRequest.class, RebootPolicy.class, RebootRollout.class)
            .forCRDVersions("v1")
            .withPostProcessor(new ColumnOrder())
            .inOutputDir(outputDir)
            .generate();
    if (written != 3) {
      throw new IllegalStateException("expected three CRDs, generated " + written);
    }
  }

  private static final class ColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      if (crd instanceof CustomResourceDefinition definition) {
        List<String> order =
            "RebootRollout".equals(definition.getSpec().getNames().getKind())
                ? ROLLOUT_COLUMN_ORDER
                : COLUMN_ORDER;
        definition
            .getSpec()
            .getVersions()
            .forEach(
                v ->
                    v.getAdditionalPrinterColumns()
                        .sort(Comparator.comparingInt(c -> position(order, c))));
      }
      return crd;
    }
  }

  private static int position(List<String> order, CustomResourceColumnDefinition column) {
    int index = order.indexOf(column.getName());
    return index < 0 ? order.size() : index;
  }
}
