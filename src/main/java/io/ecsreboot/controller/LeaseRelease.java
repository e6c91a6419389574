package io.ecsreboot.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Gives up this replica's leader-election Lease on a clean stop, so that a standby takes over at
 * its next retry (about 2 s) rather than after the lease expires. JOSDK 5.2.3 cancels its elector
 * without releasing (it builds fabric8's LeaderElectionConfig with releaseOnCancel=false), so this
 * does what fabric8's own release means to do: empty holder, 1 s duration, written with the
 * resourceVersion just read (a replica that has already taken the Lease is never overwritten). The
 * holder is "", not null: the lock writes a merge patch, in which a null field is left out and so
 * changes nothing (seen on a real API server: the Lease kept its holder).
 */
final class LeaseRelease {
  private LeaseRelease() {}

  /**
   * @return true when the Lease was ours and is now released; false when another holds it (or no
   *     one), in which case it is left untouched
   */
  static boolean release(KubernetesClient client, String namespace, String name, String identity) {
    LeaseLock lock = new LeaseLock(namespace, name, identity);
    LeaderElectionRecord held = lock.get(client);
    if (held == null || !identity.equals(held.getHolderIdentity())) {
      return false;
    }
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    lock.update(
        client,
        new LeaderElectionRecord("", Duration.ofSeconds(1), now, now, held.getLeaderTransitions()));
    return true;
  }
}
