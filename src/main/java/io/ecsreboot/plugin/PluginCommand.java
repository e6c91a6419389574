package io.ecsreboot.plugin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl ecsreboot}: the kubectl plugin's commands, started by the kubectl-ecsreboot
 * launcher (hack/kubectl-ecsreboot) as {@code java -jar ecs-reboot-operator.jar ecsreboot ...}.
 */
@Command(
    name = "ecsreboot",
    mixinStandardHelpOptions = true,
    description = "kubectl plugin: reboot ECS instances and nodes, and follow RebootRequests.",
    subcommands = {RebootCommand.class, StatusCommand.class})
public final class PluginCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
