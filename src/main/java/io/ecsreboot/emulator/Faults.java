package io.ecsreboot.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The armed faults, consumed in the order they were added by the calls they match. */
final class Faults {

  private static final class Armed {
    final Fault fault;
    int remaining;

    Armed(Fault fault) {
      this.fault = fault;
      this.remaining = fault.times();
    }
  }

  private final List<Armed> armed = new ArrayList<>();

  /**
   * @throws IllegalArgumentException with a one-line reason for an unusable fault
   */
  synchronized void add(Fault fault) {
    String problem = fault.problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    armed.add(new Armed(fault));
  }

  synchronized void clear() {
    armed.clear();
  }

  synchronized List<Fault> list() {
    return armed.stream().map(a -> a.fault).toList();
  }

  /** Takes one use of the first fault for this call and moment ("before" or "after"), if any. */
  synchronized Optional<Fault> take(String action, List<String> instanceIds, boolean after) {
    for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
      Armed a = it.next();
      Fault f = a.fault;
      boolean matches =
          f.action().equals(action)
              && f.after() == after
              && (f.instanceId() == null || instanceIds.contains(f.instanceId()));
      if (matches) {
        // times -1 means every matching call, until cleared.
        if (a.remaining > 0 && --a.remaining == 0) {
          it.remove();
        }
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
