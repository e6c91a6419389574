package io.ecsreboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints the RebootRequest CRD that the build generated from the Java model. */
@Command(
    name = "crd",
    description = "Print the RebootRequest CRD YAML (kubectl apply -f - friendly).")
final class CrdCommand implements Callable<Integer> {

  /** Where the fabric8 CRD generator puts the CRD inside the jar. */
  static final String RESOURCE = "/META-INF/fabric8/rebootrequests.ecsreboot.io-v1.yml";

  static String crdYaml() throws IOException {
    try (InputStream in = CrdCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("CRD resource " + RESOURCE + " missing from the jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Override
  public Integer call() throws IOException {
    System.out.print(crdYaml());
    return 0;
  }
}
