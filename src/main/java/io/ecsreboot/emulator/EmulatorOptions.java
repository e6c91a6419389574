package io.ecsreboot.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start an emulator: port (0 = ephemeral), the seed, and how long a stop and a boot take
 * (zero is allowed: then a reboot completes at once).
 */
public record EmulatorOptions(int port, Seed seed, Duration stopping, Duration starting) {

  public EmulatorOptions {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(stopping, "stopping");
    Objects.requireNonNull(starting, "starting");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (stopping.isNegative() || starting.isNegative()) {
      throw new IllegalArgumentException("stopping and starting durations must not be negative");
    }
  }

  /** An ephemeral port and the given durations: what tests want. */
  public static EmulatorOptions ephemeral(Seed seed, Duration stopping, Duration starting) {
    return new EmulatorOptions(0, seed, stopping, starting);
  }
}
