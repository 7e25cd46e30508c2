package io.rcsync.ringcentral;

import java.time.Duration;

/**
 * Waits between attempts (rate-limit and back-off waits). Tests inject one that advances a fake clock instead of
 * sleeping, so no test waits for real seconds.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** Really sleeps the current thread. */
  static Sleeper system() {
    return d -> {
      if (!d.isNegative() && !d.isZero()) {
        Thread.sleep(d.toMillis());
      }
    };
  }
}
