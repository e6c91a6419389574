package io.ecsreboot.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The emulated instances and their clock. A started operation is stored with its start time and
 * every read derives the current status from it, so transitions need no background thread; each
 * instance changes atomically (check and start happen in one step).
 */
final class InstanceStore {

  /**
   * What an instance is doing; it ends in Running (REBOOT, REBOOT_BATCH, START) or Stopped (STOP).
   * The two reboots look different, as the API reference documents them: RebootInstance shows
   * {@code Starting} from the call until it runs again, RebootInstances {@code Stopping}.
   */
  enum Operation {
    REBOOT,
    REBOOT_BATCH,
    STOP,
    START
  }

  /** The instance as last written, and the operation in flight since {@code since} (or none). */
  private record Tracked(EmulatorInstance base, Operation operation, Instant since) {}

  private final ConcurrentHashMap<String, Tracked> instances = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration stopping;
  private final Duration starting;
  private final EmulatorOptions.StartTimeOnReboot startTimeOnReboot;
  private final List<Consumer<String>> bootListeners = new CopyOnWriteArrayList<>();

  InstanceStore(
      Clock clock,
      Duration stopping,
      Duration starting,
      EmulatorOptions.StartTimeOnReboot startTimeOnReboot) {
    this.clock = clock;
    this.stopping = stopping;
    this.starting = starting;
    this.startTimeOnReboot = startTimeOnReboot;
  }

  void reset(List<EmulatorInstance> seed) {
    instances.clear();
    seed.forEach(this::put);
  }

  /**
   * Creates or replaces; a missing status means Running, a missing StartTime means now, a missing
   * bootCount means 0.
   */
  void put(EmulatorInstance instance) {
    EmulatorInstance normalized =
        instance.bootCount() == null ? instance.withBootCount(0) : instance;
    if (instance.status() == null) {
      normalized = normalized.withStatus("Running");
    }
    if (instance.startTime() == null) {
      normalized = normalized.withBoot(normalized.status(), EcsTimes.format(clock.instant()));
    }
    instances.put(instance.instanceId(), new Tracked(normalized, null, null));
  }

  boolean delete(String instanceId) {
    return instances.remove(instanceId) != null;
  }

  Optional<EmulatorInstance> get(String instanceId) {
    Tracked tracked = instances.get(instanceId);
    return tracked == null ? Optional.empty() : Optional.of(view(tracked, clock.instant()));
  }

  /** Every instance as it is now, ordered by id. */
  List<EmulatorInstance> list() {
    Instant now = clock.instant();
    return instances.values().stream()
        .map(t -> view(t, now))
        .sorted(Comparator.comparing(EmulatorInstance::instanceId))
        .toList();
  }

  /**
   * Atomically runs {@code check} on the current state and, when it does not throw, starts {@code
   * operation}. Returns the state right after the start.
   *
   * @throws ApiError from {@code check}, or InvalidInstanceId.NotFound
   */
  EmulatorInstance begin(
      String instanceId, Operation operation, Boolean forceStop, Consumer<EmulatorInstance> check) {
    Instant now = clock.instant();
    Tracked started =
        instances.computeIfPresent(
            instanceId,
            (id, tracked) -> {
              EmulatorInstance current = view(tracked, now);
              check.accept(current);
              EmulatorInstance base =
                  forceStop == null ? current : current.withLastForceStop(forceStop);
              if (operation != Operation.STOP) {
                // Counted when the boot begins, so that a reader needs no clock to see it.
                base = base.withBootCount(base.bootCount() + 1);
              }
              return new Tracked(base, operation, now);
            });
    if (started == null) {
      throw ApiError.of("InvalidInstanceId.NotFound");
    }
    if (operation != Operation.STOP) {
      bootListeners.forEach(listener -> listener.accept(instanceId));
    }
    return view(started, now);
  }

  /**
   * Tells {@code listener} the instance id each time a reboot or start is accepted (after the
   * status changed): the simulated kubelet needs every boot, even one too short to be seen polling.
   */
  void onBootBegan(Consumer<String> listener) {
    bootListeners.add(listener);
  }

  /** The instance at {@code now}: the operation's phase from the time elapsed since it began. */
  private EmulatorInstance view(Tracked tracked, Instant now) {
    EmulatorInstance base = tracked.base();
    if (tracked.operation() == null) {
      return base;
    }
    // A reader that took its "now" just before a concurrent writer's may see a start in its future.
    Duration elapsed = Duration.between(tracked.since(), now);
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO;
    }
    return switch (tracked.operation()) {
      case STOP -> base.withStatus(elapsed.compareTo(stopping) < 0 ? "Stopping" : "Stopped");
      case START -> booting(base, tracked.since(), elapsed.compareTo(starting) < 0);
      case REBOOT -> rebooting(base, tracked.since(), elapsed, "Starting");
      case REBOOT_BATCH -> rebooting(base, tracked.since(), elapsed, "Stopping");
    };
  }

  /**
   * A reboot takes the stop and the boot durations and shows {@code shownAs} all along. The boot
   * begins once the stop time passed; from then StartTime is that minute, unless it is kept.
   */
  private EmulatorInstance rebooting(
      EmulatorInstance base, Instant since, Duration elapsed, String shownAs) {
    boolean done = elapsed.compareTo(stopping.plus(starting)) >= 0;
    boolean booted = elapsed.compareTo(stopping) >= 0;
    String startTime =
        booted && startTimeOnReboot == EmulatorOptions.StartTimeOnReboot.ADVANCE
            ? EcsTimes.format(since.plus(stopping))
            : base.startTime();
    return base.withBoot(done ? "Running" : shownAs, startTime);
  }

  /** StartTime is the moment the boot began, at the real API's minute resolution. */
  private static EmulatorInstance booting(EmulatorInstance base, Instant bootTime, boolean still) {
    return base.withBoot(still ? "Starting" : "Running", EcsTimes.format(bootTime));
  }
}
