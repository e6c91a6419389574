package io.ecsreboot;

import io.ecsreboot.config.RunCommand;
import io.ecsreboot.plugin.PluginCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the single jar: one subcommand per job (run, emulator, crd, version, and the
 * kubectl plugin's ecsreboot).
 */
@Command(
    name = "ecs-reboot-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.class,
    description = "Reboots Alibaba Cloud ECS instances declaratively from RebootRequest objects.",
    subcommands = {
      RunCommand.class,
      EmulatorCommand.class,
      CrdCommand.class,
      VersionCommand.class,
      PluginCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code; 2 for bad flags or configuration, with one line. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(Main::oneLineUsageError);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException) {
            // A bad flag value caught by validation rather than by the parser: same treatment.
            commandLine.getErr().println("error: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
          }
          throw e;
        });
    return cli.execute(args);
  }

  private static int oneLineUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("error: " + e.getMessage() + " (see '" + cli.getCommandName() + " --help')");
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
