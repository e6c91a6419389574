package io.ecsreboot.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every RPC call in the order it was answered, capped so that a long benchmark or demo cannot
 * exhaust memory (the oldest records go first).
 */
final class CallLog {

  static final int CAPACITY = 200_000;

  private final Deque<CallRecord> calls = new ArrayDeque<>();

  synchronized void add(CallRecord call) {
    if (calls.size() == CAPACITY) {
      calls.removeFirst();
    }
    calls.addLast(call);
  }

  /** The calls, oldest first; a null filter matches everything. */
  synchronized List<CallRecord> find(String action, String instanceId) {
    return calls.stream()
        .filter(c -> action == null || action.equals(c.action()))
        .filter(c -> instanceId == null || c.instanceIds().contains(instanceId))
        .toList();
  }

  synchronized void clear() {
    calls.clear();
  }
}
