package io.ecsreboot.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestSpec;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.ecsreboot.api.v1alpha1.SpecLimits;
import io.ecsreboot.ecs.EcsError;
import io.ecsreboot.ecs.EcsResult;
import io.ecsreboot.ecs.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: every spec the schema accepts reaches a terminal phase, in simulated time, against an
 * ECS that answers randomly but plausibly (errors before and after taking effect, lost replies,
 * slow boots, instances that stop or vanish), with at most one reboot, and a final status that
 * agrees with itself. Seeded: the seed is printed, {@code -Dsimulation.seed=N} replays it.
 */
class EveryRequestEndsPropertyTest {
  static final int CASES = 400;
  static final Duration SETTLE = Duration.ofSeconds(30);
  static final Duration POLL = Duration.ofSeconds(5);
  static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
  static final Instant CREATED = Instant.parse("2026-11-26T10:00:30Z");
  static final String OLD_START = "2026-11-20T04:04Z";
  static final DateTimeFormatter ECS_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  @Test
  void everySchemaValidSpecReachesATerminalPhaseWithAtMostOneReboot() {
    long seed = Long.getLong("simulation.seed", System.nanoTime());
    System.out.println("EveryRequestEndsPropertyTest seed " + seed + " (-Dsimulation.seed=N)");
    Random cases = new Random(seed);
    for (int i = 0; i < CASES; i++) {
      long caseSeed = cases.nextLong();
      try {
        simulate(new Random(caseSeed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("case " + i + " of seed " + seed + " failed: " + e, e);
      }
    }
  }

  private static void simulate(Random random) {
    RebootRules rules = new RebootRules(new RebootSettings("cn-hangzhou", SETTLE, POLL, BACKOFF));
    RebootRequestSpec spec = randomSpec(random);
    SimulatedEcs ecs = new SimulatedEcs(random, CREATED);
    Duration olderRequestFor = random.nextInt(5) == 0 ? seconds(random, 600) : Duration.ZERO;
    RebootRequestStatus status = new RebootRequestStatus();
    Instant now = CREATED;
    String describe = "spec " + describe(spec);
    for (int steps = 0; ; steps++) {
      assertThat(steps).as("steps without end: %s", describe).isLessThan(50_000);
      boolean waiting = now.isBefore(CREATED.plus(olderRequestFor));
      RebootInput in = new RebootInput(spec, status, 1, CREATED, now, waiting, null);
      Optional<Step> withoutEcs = rules.decideWithoutEcs(in);
      Step step;
      if (withoutEcs.isPresent()) {
        step = withoutEcs.get();
      } else {
        Instant issued = SafeTime.parse(status.getRebootIssuedTime());
        step = rules.decide(in.withObservation(ecs.describe(now, issued)));
      }
      if (step.action() == Step.Action.REBOOT) {
        RebootRequestStatus sent = step.status();
        EcsResult<String> answer = ecs.reboot(now, Boolean.TRUE.equals(spec.getDryRun()));
        RebootInput after = new RebootInput(spec, sent, 1, CREATED, now, false, null);
        step = rules.outcomes().afterReboot(after, sent, sent.getInstanceStatus(), answer);
      }
      status = step.status();
      Phase phase = status.getPhase();
      if (phase != null && phase.isTerminal()) {
        assertEnd(spec, status, now, ecs, describe);
        return;
      }
      assertThat(step.requeueAfter())
          .as("a request in progress waits for nothing: %s", describe)
          .isNotNull();
      now = now.plus(step.requeueAfter().isZero() ? Duration.ofMillis(1) : step.requeueAfter());
    }
  }

  private static void assertEnd(
      RebootRequestSpec spec, RebootRequestStatus end, Instant now, SimulatedEcs ecs, String what) {
    assertThat(ecs.reboots).as("reboots: %s", what).isLessThanOrEqualTo(1);
    assertThat(Duration.between(CREATED, now))
        .as("time to the end: %s", what)
        .isLessThan(Duration.ofDays(3));
    if (spec.getActiveDeadlineSeconds() != null) {
      assertThat(now)
          .as("deadline honoured within one backoff: %s", what)
          .isBeforeOrEqualTo(
              CREATED.plusSeconds(spec.getActiveDeadlineSeconds()).plus(Duration.ofMinutes(5)));
    }
    if (end.getPhase() == Phase.Succeeded) {
      assertThat(ecs.reboots).as("success means a reboot: %s", what).isEqualTo(1);
    }
    RebootInput finished = new RebootInput(spec, end, 1, CREATED, now, false, null);
    assertThat(StatusConsistency.check(finished).kind())
        .as("the end agrees with itself: %s", what)
        .isEqualTo(StatusConsistency.Finding.Kind.CONSISTENT);
  }

  /** Any spec the CRD schema accepts (each optional field set or not, each number in range). */
  private static RebootRequestSpec randomSpec(Random r) {
    RebootRequestSpec spec = new RebootRequestSpec();
    spec.setInstanceId("i-bp67acfmxazb4ph00001");
    if (r.nextBoolean()) {
      spec.setRegionId("cn-hangzhou");
    }
    spec.setForceStop(r.nextBoolean() ? null : r.nextBoolean());
    spec.setDryRun(r.nextInt(5) == 0);
    if (r.nextBoolean()) {
      spec.setReason("\uD83D\uDE80".repeat(r.nextInt(SpecLimits.MAX_REASON_CHARS + 1)));
    }
    if (r.nextBoolean()) {
      spec.setBackoffLimit(r.nextInt(SpecLimits.MAX_BACKOFF_LIMIT + 1));
    }
    if (r.nextBoolean()) {
      spec.setActiveDeadlineSeconds(
          r.nextBoolean()
              ? 1 + r.nextLong(SpecLimits.MAX_ACTIVE_DEADLINE_SECONDS)
              : 1 + r.nextLong(3600));
    }
    if (r.nextBoolean()) {
      spec.setVerifyTimeoutSeconds(
          SpecLimits.MIN_VERIFY_TIMEOUT_SECONDS
              + r.nextInt(SpecLimits.MAX_VERIFY_TIMEOUT_SECONDS - 9));
    }
    if (r.nextBoolean()) {
      spec.setTtlSecondsAfterFinished(r.nextLong(SpecLimits.MAX_TTL_SECONDS_AFTER_FINISHED + 1));
    }
    return spec;
  }

  private static String describe(RebootRequestSpec s) {
    return String.format(
        "dryRun=%s backoffLimit=%s deadline=%s verify=%s ttl=%s",
        s.getDryRun(),
        s.getBackoffLimit(),
        s.getActiveDeadlineSeconds(),
        s.getVerifyTimeoutSeconds(),
        s.getTtlSecondsAfterFinished());
  }

  private static Duration seconds(Random r, int max) {
    return Duration.ofSeconds(1 + r.nextInt(max));
  }

  /**
   * One instance and the ECS API around it: per case, how often calls fail, how long boots take,
   * and whether the instance stops or vanishes; per call, what fails and whether it took effect.
   */
  static final class SimulatedEcs {
    final Random r;
    final double describeFailures;
    final double rebootFailures;
    final Duration bootTime;
    String status;
    String startTime;
    Instant busyUntil; // Starting until then, then Running (or Stopped)
    String afterBusy = "Running";
    boolean gone;
    Instant lastTransitionalSeen;
    int reboots;

    SimulatedEcs(Random r, Instant now) {
      this.r = r;
      this.describeFailures = r.nextDouble() * 0.3;
      this.rebootFailures = r.nextDouble() * 0.5;
      this.bootTime = seconds(r, r.nextBoolean() ? 20 : 600);
      this.status = "Running";
      this.startTime = OLD_START;
      int start = r.nextInt(20);
      if (start == 0) {
        status = "Stopped";
      } else if (start == 1) {
        gone = true;
      } else if (start == 2) {
        status = "Starting"; // still booting from an earlier start
        busyUntil = now.plus(seconds(r, 300));
      }
    }

    RebootInput.Observation describe(Instant now, Instant issued) {
      if (r.nextDouble() < describeFailures) {
        return RebootInput.Observation.failed(
            r.nextInt(200) == 0 ? error("InvalidAccessKeyId.NotFound", 404) : retryable());
      }
      advance(now);
      if (gone) {
        return RebootInput.Observation.of(null, false);
      }
      if (ErrorTaxonomy.TRANSITIONAL_STATUSES.contains(status)) {
        lastTransitionalSeen = now;
      }
      boolean seen =
          issued != null && lastTransitionalSeen != null && !lastTransitionalSeen.isBefore(issued);
      return RebootInput.Observation.of(
          new InstanceState("i-bp67acfmxazb4ph00001", "cn-hangzhou", status, startTime, List.of()),
          seen);
    }

    EcsResult<String> reboot(Instant now, boolean dryRun) {
      advance(now);
      if (r.nextDouble() < rebootFailures) {
        boolean takesEffect = !dryRun && r.nextBoolean() && canReboot();
        if (takesEffect) {
          startReboot(now);
        }
        return EcsResult.failed(
            switch (r.nextInt(4)) {
              case 0 -> error("SDK.ReadTimeout", 0);
              case 1 -> error("ServiceUnavailable", 503);
              case 2 -> takesEffect ? error("InternalError", 500) : error("Throttling.User", 400);
              default -> error("InternalError", 500);
            });
      }
      if (gone) {
        return EcsResult.failed(error("InvalidInstanceId.NotFound", 404));
      }
      if (!"Running".equals(status)) {
        return EcsResult.failed(error("IncorrectInstanceStatus", 403));
      }
      if (dryRun) {
        return EcsResult.failed(error("DryRunOperation", 400));
      }
      startReboot(now);
      return EcsResult.ok("REQ-" + reboots, "REQ-" + reboots);
    }

    private boolean canReboot() {
      return !gone && "Running".equals(status);
    }

    private void startReboot(Instant now) {
      reboots++;
      status = "Starting";
      busyUntil = now.plus(bootTime);
      afterBusy = r.nextInt(50) == 0 ? "Stopped" : "Running";
    }

    private void advance(Instant now) {
      if (busyUntil != null && !now.isBefore(busyUntil)) {
        status = afterBusy;
        startTime = ECS_MINUTE.format(busyUntil);
        busyUntil = null;
      }
    }

    private EcsError retryable() {
      return r.nextBoolean() ? error("InternalError", 500) : error("Throttling.User", 400);
    }

    private static EcsError error(String code, int httpStatus) {
      return new EcsError(code, "simulated " + code, "REQ-" + code, httpStatus);
    }
  }
}
