package io.ecsreboot.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The outage in force, if any, and when it ends; every RPC call asks it first. */
final class OutageSwitch {

  private record Current(Outage outage, Instant until) {}

  private final Clock clock;
  private volatile Current current;

  OutageSwitch(Clock clock) {
    this.clock = clock;
  }

  /**
   * @throws IllegalArgumentException with a one-line reason for an unusable outage
   */
  void begin(Outage outage) {
    String problem = outage.problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    current = new Current(outage, clock.instant().plusSeconds(outage.seconds()));
  }

  void end() {
    current = null;
  }

  /** The outage in force now. */
  Optional<Outage> now() {
    Current c = current;
    return c == null || !clock.instant().isBefore(c.until())
        ? Optional.empty()
        : Optional.of(c.outage());
  }

  /** How long a hung call still waits: until the outage ends (or is ended). */
  Duration remaining() {
    Current c = current;
    if (c == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), c.until());
    return left.isNegative() ? Duration.ZERO : left;
  }
}
