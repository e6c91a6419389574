package io.ecsreboot;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints the version of the jar (from its manifest; "dev" when run from classes). */
@Command(name = "version", description = "Print the version and exit.")
final class VersionCommand implements Callable<Integer>, CommandLine.IVersionProvider {

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public Integer call() {
    System.out.println("ecs-reboot-operator " + version());
    return 0;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"ecs-reboot-operator " + version()};
  }
}
