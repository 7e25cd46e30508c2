package io.rcsync.core.service.push;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The push service's timers (batch linger, safety-net sync, subscription check), behind an interface so tests drive
 * them by hand instead of sleeping. Timer tasks must be short: the service only queues work from them, except the
 * subscription check, which talks to RingCentral.
 */
public interface PushTimers {

  /** A scheduled task that can be called off. */
  interface Timer {
    void cancel();
  }

  /** Runs {@code task} once after {@code delay}. */
  Timer after(Duration delay, Runnable task);

  /** Runs {@code task} after {@code initialDelay}, then every {@code period}. */
  Timer every(Duration initialDelay, Duration period, Runnable task);

  /** Cancels every timer; tasks already running finish. */
  void shutdown();

  /**
   * Timers on two daemon threads named {@code threadName}: the subscription check may wait seconds on RingCentral
   * (and a create on RingCentral's validation request to this very service), and must not hold back a batch's linger
   * or a queued sync meanwhile. No task runs alongside itself ({@code every} uses a fixed delay).
   */
  static PushTimers onThread(String threadName) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return of(executor);
  }

  /** Timers on the given executor; {@link #shutdown()} shuts it down. */
  static PushTimers of(ScheduledExecutorService executor) {
    return new PushTimers() {
      @Override
      public Timer after(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public Timer every(Duration initialDelay, Duration period, Runnable task) {
        ScheduledFuture<?> f = executor.scheduleWithFixedDelay(task, initialDelay.toNanos(), period.toNanos(),
            TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public void shutdown() {
        executor.shutdown();
      }
    };
  }
}
