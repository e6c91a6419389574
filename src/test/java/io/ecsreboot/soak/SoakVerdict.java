package io.ecsreboot.soak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The soak's judgement, from what ECS saw (the emulator's call log and boot counters) and how each
 * RebootRequest ended, never from the operator's own logs. Requests for one instance run one at a
 * time, so ordered by completion they cut the instance's timeline into windows: a request owns the
 * reboots that took effect after the previous request on its instance completed and up to its own
 * completion.
 */
record SoakVerdict(
    int requests,
    int doubles,
    int lost,
    int stuck,
    int outside,
    int dryRunReboots,
    int doubtDenied,
    int uncounted,
    Map<String, Integer> failedByReason,
    List<String> problems) {

  /**
   * Failure reasons that admit the reboot may have happened: the only honest ones after one did.
   */
  static final Set<String> DOUBTFUL_REASONS = Set.of("RebootUnconfirmed", "VerificationTimeout");

  /** A reboot that took effect: an applied RebootInstance (or batch) call naming the instance. */
  record Reboot(String instanceId, Instant time) {}

  /** How a request ended; {@code completion} is null while it has not. */
  record Outcome(
      String name,
      String instanceId,
      boolean dryRun,
      String phase,
      Instant completion,
      String stalledStatus,
      String stalledReason,
      String stalledMessage) {

    boolean finished() {
      return completion != null
          && ("Succeeded".equals(phase) || "Failed".equals(phase) || "DryRunPassed".equals(phase));
    }
  }

  static SoakVerdict judge(
      List<Outcome> outcomes, List<Reboot> reboots, Map<String, Integer> bootCounts) {
    List<String> problems = new ArrayList<>();
    int doubles = 0;
    int lost = 0;
    int stuck = 0;
    int outside = 0;
    int dryRunReboots = 0;
    int doubtDenied = 0;
    Map<String, Integer> failed = new TreeMap<>();
    Map<String, List<Outcome>> byInstance =
        outcomes.stream()
            .collect(Collectors.groupingBy(Outcome::instanceId, TreeMap::new, Collectors.toList()));
    Map<String, List<Reboot>> rebootsByInstance =
        reboots.stream()
            .collect(Collectors.groupingBy(Reboot::instanceId, TreeMap::new, Collectors.toList()));

    for (Outcome o : outcomes) {
      if (!o.finished()) {
        stuck++;
        problems.add("stuck: " + o.name() + " is " + o.phase());
      } else if ("Failed".equals(o.phase())) {
        failed.merge(String.valueOf(o.stalledReason()), 1, Integer::sum);
        if (!"True".equals(o.stalledStatus())
            || blank(o.stalledReason())
            || blank(o.stalledMessage())) {
          problems.add("Failed without Stalled=True, a reason and a message: " + o.name());
        }
      }
    }

    for (String instance : union(byInstance.keySet(), rebootsByInstance.keySet())) {
      List<Outcome> finished =
          byInstance.getOrDefault(instance, List.of()).stream()
              .filter(Outcome::finished)
              .sorted(Comparator.comparing(Outcome::completion))
              .toList();
      List<Reboot> left =
          new ArrayList<>(
              rebootsByInstance.getOrDefault(instance, List.of()).stream()
                  .sorted(Comparator.comparing(Reboot::time))
                  .toList());
      int applied = left.size();
      for (Outcome o : finished) {
        List<Reboot> owned = left.stream().filter(r -> !r.time().isAfter(o.completion())).toList();
        left.removeAll(owned);
        if (o.dryRun() && !owned.isEmpty()) {
          dryRunReboots += owned.size();
          problems.add("dry run rebooted: " + o.name() + " " + owned);
          continue;
        }
        if (owned.size() > 1) {
          doubles += owned.size() - 1;
          problems.add("double: " + o.name() + " owns " + owned.size() + " reboots " + owned);
        }
        if ("Succeeded".equals(o.phase()) && owned.isEmpty()) {
          lost++;
          problems.add(
              "lost: "
                  + o.name()
                  + " Succeeded, yet "
                  + instance
                  + " never rebooted in its window");
        }
        if ("Failed".equals(o.phase())
            && !owned.isEmpty()
            && !DOUBTFUL_REASONS.contains(o.stalledReason())) {
          doubtDenied++;
          problems.add(
              "Failed/" + o.stalledReason() + " although the reboot took effect: " + o.name());
        }
      }
      boolean someUnfinished =
          byInstance.getOrDefault(instance, List.of()).stream().anyMatch(o -> !o.finished());
      if (!left.isEmpty() && !someUnfinished) {
        outside += left.size();
        problems.add("reboot outside any request's window on " + instance + ": " + left);
      }
      Integer boots = bootCounts.get(instance);
      if (boots != null && boots != applied) {
        problems.add(
            instance + " booted " + boots + " times but " + applied + " calls took effect");
      }
    }
    int uncounted = (int) problems.stream().filter(p -> p.contains(" booted ")).count();
    return new SoakVerdict(
        outcomes.size(),
        doubles,
        lost,
        stuck,
        outside,
        dryRunReboots,
        doubtDenied,
        uncounted,
        failed,
        problems);
  }

  boolean passed() {
    return problems.isEmpty();
  }

  int failed() {
    return failedByReason.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@code 3(BackoffLimitExceeded:2,RebootUnconfirmed:1)} */
  String failedSummary() {
    return failed()
        + failedByReason.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(",", "(", ")"));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
