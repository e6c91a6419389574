package io.ecsreboot.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers signature nonces for as long as their request could still pass the timestamp check, so
 * that memory stays bounded by the call rate times the window.
 */
final class NonceCache {

  private static final int PURGE_EVERY = 4096;

  private final Duration window;
  private final ConcurrentHashMap<String, Instant> expiries = new ConcurrentHashMap<>();
  private final AtomicInteger sincePurge = new AtomicInteger();

  NonceCache(Duration window) {
    this.window = window;
  }

  /** Records the nonce; false when it was seen before (a replay). */
  boolean firstUse(String accessKeyId, String nonce, Instant requestTime, Instant now) {
    if (sincePurge.incrementAndGet() >= PURGE_EVERY) {
      sincePurge.set(0);
      expiries.values().removeIf(expiry -> expiry.isBefore(now));
    }
    // A replay after requestTime + window already fails on its timestamp.
    Instant expiry = requestTime.plus(window);
    return expiries.putIfAbsent(accessKeyId + "\n" + nonce, expiry) == null;
  }

  int size() {
    return expiries.size();
  }

  void clear() {
    expiries.clear();
  }
}
