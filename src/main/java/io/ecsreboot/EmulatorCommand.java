package io.ecsreboot;

import io.ecsreboot.emulator.EcsEmulator;
import io.ecsreboot.emulator.EmulatorOptions;
import io.ecsreboot.emulator.Seed;
import io.ecsreboot.emulator.kubelet.NodeSeed;
import io.ecsreboot.emulator.kubelet.NodeSimulator;
import io.ecsreboot.emulator.kubelet.SimulatedNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the ECS API emulator until the process is stopped. */
@Command(
    name = "emulator",
    description = "Run a local ECS API emulator (signature V1/V3, admin API under /_emulator/).")
final class EmulatorCommand implements Callable<Integer> {

  /** The demo seed (a copy of examples/emulator-seed.yaml) used when --seed is not given. */
  static final String DEFAULT_SEED = "/io/ecsreboot/emulator/emulator-seed.yaml";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8089", description = "Port on 127.0.0.1 (0: any).")
  int port;

  @Option(names = "--seed", description = "Seed YAML: credentials and instances.")
  Path seed;

  @Option(
      names = "--stopping-seconds",
      defaultValue = "5",
      description = "How long an instance stays Stopping (0 allowed).")
  double stoppingSeconds;

  @Option(
      names = "--starting-seconds",
      defaultValue = "10",
      description = "How long an instance stays Starting (0 allowed).")
  double startingSeconds;

  @Option(
      names = "--start-time-on-reboot",
      defaultValue = "advance",
      description =
          "What a reboot does to StartTime: advance (to the minute the boot began) or keep (only"
              + " the status shows the reboot; the real API does not document which).")
  String startTimeOnReboot;

  @Option(
      names = "--kubeconfig",
      description =
          "Register the seed's node: instances as Nodes in this cluster and play their kubelets"
              + " (Ready, Lease, pods, a new bootID after each reboot).")
  Path kubeconfig;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535");
    }
    if (!(stoppingSeconds >= 0) || !(startingSeconds >= 0)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--stopping-seconds and --starting-seconds must be >= 0");
    }
    EmulatorOptions.StartTimeOnReboot mode =
        switch (startTimeOnReboot) {
          case "advance" -> EmulatorOptions.StartTimeOnReboot.ADVANCE;
          case "keep" -> EmulatorOptions.StartTimeOnReboot.KEEP;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--start-time-on-reboot must be advance or keep");
        };
    EcsEmulator emulator;
    List<SimulatedNode> nodes;
    try {
      String seedText = seedText();
      Seed parsed = namingTheFile(() -> Seed.parse(seedText));
      nodes = namingTheFile(() -> NodeSeed.parse(seedText));
      emulator =
          EcsEmulator.start(
              new EmulatorOptions(port, parsed, seconds(stoppingSeconds), seconds(startingSeconds))
                  .withStartTimeOnReboot(mode));
    } catch (Seed.SeedException e) {
      return fail(e.getMessage());
    } catch (IOException e) {
      return fail("cannot start the emulator on 127.0.0.1:" + port + ": " + e.getMessage());
    }
    NodeSimulator simulator = null;
    if (kubeconfig != null) {
      try {
        simulator = startNodes(nodes, emulator);
      } catch (IOException | KubernetesClientException e) {
        emulator.close();
        return fail(
            "cannot simulate nodes with --kubeconfig " + kubeconfig + ": " + e.getMessage());
      }
    }
    System.out.println(
        "ECS emulator listening on http://"
            + emulator.endpoint()
            + " (SDK endpoint "
            + emulator.endpoint()
            + ", admin API http://"
            + emulator.endpoint()
            + "/_emulator/)");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    NodeSimulator kubelets = simulator;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (kubelets != null) {
                    kubelets.close();
                  }
                  emulator.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private NodeSimulator startNodes(List<SimulatedNode> nodes, EcsEmulator emulator)
      throws IOException {
    if (nodes.isEmpty()) {
      System.out.println("--kubeconfig: the seed has no instance with a node: entry, no nodes");
    }
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
    NodeSimulator simulator = NodeSimulator.start(client, emulator, nodes);
    for (SimulatedNode node : nodes) {
      System.out.println(
          "simulating node " + node.name() + " (kubelet) on instance " + node.instanceId());
    }
    return simulator;
  }

  /** The seed's text: --seed, or the built-in demo seed. */
  private String seedText() throws IOException {
    if (seed != null) {
      try {
        return Files.readString(seed);
      } catch (IOException e) {
        throw new Seed.SeedException("cannot read seed file " + seed + ": " + e);
      }
    }
    try (InputStream in = EmulatorCommand.class.getResourceAsStream(DEFAULT_SEED)) {
      if (in == null) {
        throw new Seed.SeedException("built-in seed " + DEFAULT_SEED + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Parses the seed, naming the file in any error as Seed.load does. */
  private <T> T namingTheFile(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (Seed.SeedException e) {
      throw seed == null ? e : new Seed.SeedException("seed file " + seed + ": " + e.getMessage());
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("error: " + message);
    spec.commandLine().getErr().flush();
    return CommandLine.ExitCode.USAGE;
  }
}
