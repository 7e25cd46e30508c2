package io.rcsync.testkit.service.push;

import io.rcsync.core.service.push.PushTimers;
import io.rcsync.testkit.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Timers a test fires by moving a {@link MutableClock}: no sleeping. Runs tasks on the test's thread. */
final class ManualTimers implements PushTimers {
  private final class Task implements Timer {
    Instant due;
    final Duration period;
    final Runnable body;
    boolean cancelled;

    Task(Instant due, Duration period, Runnable body) {
      this.due = due;
      this.period = period;
      this.body = body;
    }

    @Override
    public void cancel() {
      if (!lateCancels) {
        cancelled = true;
      }
    }
  }

  private final MutableClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private boolean shutdown;
  private volatile boolean lateCancels;

  ManualTimers(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Timer after(Duration delay, Runnable task) {
    Task t = new Task(clock.instant().plus(delay), null, task);
    tasks.add(t);
    return t;
  }

  @Override
  public synchronized Timer every(Duration initialDelay, Duration period, Runnable task) {
    Task t = new Task(clock.instant().plus(initialDelay), period, task);
    tasks.add(t);
    return t;
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
    tasks.clear();
  }

  /**
   * From now on a cancel comes too late: the task still fires, as a real timer's does when it had already started
   * (waiting for the service's lock) when it was cancelled.
   */
  ManualTimers cancelsComeTooLate() {
    lateCancels = true;
    return this;
  }

  /** Runs every task due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock forward, firing each task at its due time in order. */
  void advance(Duration by) {
    Instant end = clock.instant().plus(by);
    while (true) {
      Task next;
      synchronized (this) {
        tasks.removeIf(t -> t.cancelled);
        next = tasks.stream().filter(t -> !t.due.isAfter(end)).min(Comparator.comparing(t -> t.due)).orElse(null);
        if (next == null || shutdown) {
          break;
        }
        if (next.due.isAfter(clock.instant())) {
          clock.set(next.due);
        }
        if (next.period == null) {
          tasks.remove(next);
        } else {
          next.due = next.due.plus(next.period);
        }
      }
      next.body.run();
    }
    if (clock.instant().isBefore(end)) {
      clock.set(end);
    }
  }
}
