package io.ecsreboot.reboot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this operator has seen StartTime do on reboots it proved, per region. Whether ECS moves
 * StartTime on a reboot is undocumented, so nothing is assumed: an unchanged StartTime counts as
 * evidence only in a region where a proven reboot moved it, and never again once a proven reboot
 * left it unchanged. Kept in memory, and seeded at start from the finished requests' status ({@link
 * FinishedRequestLessons}): a restarted operator knows what its predecessors proved; with no such
 * request in the cache it starts cautious (an ambiguous call then ends RebootUnconfirmed rather
 * than being repeated) until it has proven a reboot again.
 */
public final class StartTimeLessons {
  private enum Lesson {
    MOVES,
    STAYS
  }

  private final Map<String, Lesson> byRegion = new ConcurrentHashMap<>();

  public boolean movesOnReboot(String regionId) {
    return byRegion.get(regionId) == Lesson.MOVES;
  }

  /** The lessons by region, for the log. */
  @Override
  public String toString() {
    return new java.util.TreeMap<>(byRegion).toString();
  }

  /** Records one proven reboot; a reboot that left StartTime unchanged wins for good. */
  public void learn(String regionId, boolean startTimeMoved) {
    byRegion.merge(
        regionId,
        startTimeMoved ? Lesson.MOVES : Lesson.STAYS,
        (old, now) -> old == Lesson.STAYS ? old : now);
  }
}
