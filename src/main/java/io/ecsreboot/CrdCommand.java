package io.ecsreboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints the CRDs (RebootRequest, RebootRollout) that the build generated from the Java model. */
@Command(
    name = "crd",
    description = "Print the operator's CRDs as YAML (kubectl apply -f - friendly).")
final class CrdCommand implements Callable<Integer> {

  /** Where the fabric8 CRD generator puts the CRDs inside the jar, in the order printed. */
  static final List<String> RESOURCES =
      List.of(
          "/META-INF/fabric8/rebootrequests.ecsreboot.io-v1.yml",
          "/META-INF/fabric8/rebootrollouts.ecsreboot.io-v1.yml");

  /** The CRDs as one YAML stream: a {@code ---} line between two documents. */
  static String crdYaml() throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (String resource : RESOURCES) {
      if (!yaml.isEmpty()) {
        yaml.append("---\n");
      }
      try (InputStream in = CrdCommand.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("CRD resource " + resource + " missing from the jar");
        }
        yaml.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return yaml.toString();
  }

  @Override
  public Integer call() throws IOException {
    System.out.print(crdYaml());
    return 0;
  }
}
