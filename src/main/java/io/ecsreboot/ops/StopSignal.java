package io.ecsreboot.ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a latch that the main thread waits on, so that the operator stops
 * on the main thread and the process exits 0, instead of stopping inside a JVM shutdown hook (where
 * any System.exit blocks forever and the exit status is 143). A watchdog bounds the stop: if it has
 * not finished {@code bound} after the signal, the process halts with status 1.
 */
public final class StopSignal {
  private static final Logger log = LoggerFactory.getLogger(StopSignal.class);

  private final CountDownLatch received = new CountDownLatch(1);
  private final Duration bound;

  private StopSignal(Duration bound) {
    this.bound = bound;
  }

  /** Installs the handlers; from now on SIGTERM and SIGINT only release {@link #await}. */
  public static StopSignal install(Duration bound) {
    StopSignal signal = new StopSignal(bound);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> signal.received(s.getName()));
    }
    return signal;
  }

  private void received(String name) {
    if (received.getCount() == 0) {
      return;
    }
    log.info("SIG{}: stopping (at most {} s)", name, bound.toSeconds());
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(bound.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              log.error("still stopping after {} s: exiting anyway", bound.toSeconds());
              Runtime.getRuntime().halt(1);
            },
            "stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    received.countDown();
  }

  /** Blocks until a stop signal arrives. */
  public void await() throws InterruptedException {
    received.await();
  }
}
