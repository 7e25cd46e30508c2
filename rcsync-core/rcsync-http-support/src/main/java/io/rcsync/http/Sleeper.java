package io.rcsync.http;

import java.time.Duration;

/**
 * Waits between attempts (rate-limit, back-off and lock-retry waits). Adapters take one in their config; tests inject
 * one that records the wait or advances a fake clock instead of sleeping, so no test waits for real seconds.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** Really sleeps the current thread; a zero or negative duration returns at once. */
  static Sleeper system() {
    return d -> {
      if (!d.isNegative() && !d.isZero()) {
        Thread.sleep(d.toMillis());
      }
    };
  }
}
