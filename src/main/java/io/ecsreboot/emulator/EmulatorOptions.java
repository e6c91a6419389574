package io.ecsreboot.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start an emulator: port (0 = ephemeral), the seed, how long a stop and a boot take (zero
 * is allowed: then a reboot completes at once), whether a reboot moves the instance's StartTime
 * (the real API's reference does not say), and the clock (tests may shift it).
 */
public record EmulatorOptions(
    int port,
    Seed seed,
    Duration stopping,
    Duration starting,
    StartTimeOnReboot startTimeOnReboot,
    Clock clock) {

  /** What a reboot does to StartTime: the flag {@code --start-time-on-reboot advance|keep}. */
  public enum StartTimeOnReboot {
    /** StartTime becomes the minute the reboot's boot began. */
    ADVANCE,
    /** StartTime stays the time of the last StartInstance: only the status shows a reboot. */
    KEEP
  }

  public EmulatorOptions {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(stopping, "stopping");
    Objects.requireNonNull(starting, "starting");
    Objects.requireNonNull(startTimeOnReboot, "startTimeOnReboot");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (stopping.isNegative() || starting.isNegative()) {
      throw new IllegalArgumentException("stopping and starting durations must not be negative");
    }
  }

  /** StartTime advances on a reboot, on the system clock. */
  public EmulatorOptions(int port, Seed seed, Duration stopping, Duration starting) {
    this(port, seed, stopping, starting, StartTimeOnReboot.ADVANCE, Clock.systemUTC());
  }

  /** An ephemeral port and the given durations: what tests want. */
  public static EmulatorOptions ephemeral(Seed seed, Duration stopping, Duration starting) {
    return new EmulatorOptions(0, seed, stopping, starting);
  }

  public EmulatorOptions withStartTimeOnReboot(StartTimeOnReboot mode) {
    return new EmulatorOptions(port, seed, stopping, starting, mode, clock);
  }

  public EmulatorOptions withClock(Clock newClock) {
    return new EmulatorOptions(port, seed, stopping, starting, startTimeOnReboot, newClock);
  }
}
