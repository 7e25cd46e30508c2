package io.rcsync.core.service.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review 15 section 1: how {@link FetchHandoff} treats interrupts of the calling thread, a stop's interrupt that
 * nothing consumed, and a worker's exception when the reader fails first. Deterministic: latches and conditions on
 * the handoff's own state; the waits are generous bounds that only end early when the code works, never assertions.
 */
class FetchHandoffTest {
  private static final long WAIT_SECONDS = 60;

  private final RunLedger ledger =
      new RunLedger(false, Clock.fixed(Instant.parse("2026-04-20T12:00:00Z"), ZoneOffset.UTC), new ApiCalls());

  private final List<FetchHandoff> opened = new ArrayList<>();

  private FetchHandoff overlapped() {
    FetchHandoff handoff = FetchHandoff.overlapped(ledger, 4);
    opened.add(handoff);
    return handoff;
  }

  @AfterEach
  void noWorkerThreadOutlivesTheTest() {
    Thread.interrupted(); // never leak an interrupt into the next test
    for (FetchHandoff h : opened) {
      try {
        h.close(); // a test that failed early; a no-op after drain
      } catch (RuntimeException | Error e) {
        // the worker's exception, already asserted on or not the point here
      }
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
        t -> t.getName().equals(FetchHandoff.THREAD_NAME) && t.isAlive());
  }

  @Test
  void anInterruptOfTheCallerWaitingInDrainStopsTheRunBeforeTheWorkersNextTaskAndIsRestoredOnlyWhenAsked()
      throws InterruptedException {
    FetchHandoff handoff = overlapped();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean laterTaskSawTheStop = new AtomicBoolean();
    AtomicBoolean pendingAfterDrain = new AtomicBoolean(true);
    AtomicBoolean restored = new AtomicBoolean();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        handoff.submit(() -> {
          running.countDown();
          await(release);
        });
        handoff.submit(() -> laterTaskSawTheStop.set(ledger.stopped()));
        handoff.drain();
        pendingAfterDrain.set(Thread.currentThread().isInterrupted());
        handoff.restoreInterrupt();
        restored.set(Thread.currentThread().isInterrupted());
      } catch (Throwable t) {
        thrown.set(t);
      } finally {
        handoff.close();
      }
    }, "caller");
    caller.start();
    await(running);
    // the caller has handed everything over and waits for the worker in drain (its only wait with room in the queue)
    assertThat(waitFor(() -> caller.getState() == Thread.State.WAITING)).isTrue();

    caller.interrupt(); // e.g. serve's shutdownNow()
    assertThat(waitFor(handoff::stopped)).as("the interrupt cancelled the run").isTrue();
    release.countDown();
    caller.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isNull();
    assertThat(laterTaskSawTheStop).as("the worker stopped the run before its next task").isTrue();
    assertThat(ledger.stopped()).isTrue();
    assertThat(ledger.stopReason()).contains(FetchHandoff.INTERRUPTED);
    assertThat(pendingAfterDrain).as("no interrupt pending for the saves after the drain").isFalse();
    assertThat(restored).as("the caller's interrupt status is restored").isTrue();
  }

  @Test
  void anInterruptThatCameWhileNothingWaitedStopsTheRunAtTheDrainEvenWhenTheWorkerIsDone() {
    FetchHandoff handoff = overlapped();
    handoff.submit(() -> { });

    Thread.currentThread().interrupt(); // arrives while the caller does CPU work of its own
    handoff.drain();

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(ledger.stopReason()).contains(FetchHandoff.INTERRUPTED);
    handoff.restoreInterrupt();
    assertThat(Thread.interrupted()).isTrue();
    handoff.close();
  }

  @Test
  void aStopsInterruptThatNothingConsumedIsClearedBeforeTheReadersOwnPageHandling() {
    FetchHandoff handoff = overlapped();
    AtomicBoolean interruptedByTheStop = new AtomicBoolean();
    AtomicBoolean interruptedInTheBody = new AtomicBoolean(true);
    IllegalStateException bug = new IllegalStateException("a bug in a lookup");

    CountDownLatch parsing = new CountDownLatch(1);
    handoff.reading(() -> {
      handoff.submit(() -> {
        await(parsing);
        throw bug;
      });
      // the reader parses the next page (CPU work, which consumes no interrupt) while the worker's task throws
      parsing.countDown();
      interruptedByTheStop.set(spinUntil(() -> Thread.currentThread().isInterrupted()));
      handoff.uninterrupted(() -> {
        handoff.submit(() -> { }); // returns at once: the worker failed
        interruptedInTheBody.set(Thread.currentThread().isInterrupted()); // where the CLI's heartbeat writes
      });
    });

    assertThat(interruptedByTheStop).as("the worker's failure interrupted the reader").isTrue();
    assertThat(interruptedInTheBody).as("no interrupt pending in the page handling").isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThatThrownBy(handoff::drain).isSameAs(bug);
    handoff.restoreInterrupt();
    assertThat(Thread.interrupted()).as("a stop's interrupt is not the caller's").isFalse();
  }

  @Test
  void aCallersInterruptAfterAStopIsStillKeptAndRestored() {
    FetchHandoff handoff = overlapped();
    CountDownLatch reading = new CountDownLatch(1);
    AtomicBoolean woken = new AtomicBoolean();
    handoff.reading(() -> {
      handoff.submit(() -> {
        await(reading);
        ledger.abort("REQUEST_LIMIT_EXCEEDED");
      });
      reading.countDown();
      woken.set(spinUntil(() -> Thread.currentThread().isInterrupted())); // the stop wakes the reader
    });
    assertThat(woken).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).as("the stop's wake-up is cleared").isFalse();

    Thread.currentThread().interrupt(); // later, the caller's own interrupt
    handoff.submit(() -> { });
    assertThat(Thread.currentThread().isInterrupted()).as("taken off while the run ends").isFalse();
    handoff.drain();
    handoff.restoreInterrupt();

    assertThat(Thread.interrupted()).as("the caller's interrupt is not dropped after a stop").isTrue();
    assertThat(ledger.stopReason()).contains("REQUEST_LIMIT_EXCEEDED");
  }

  @Test
  void theWorkersExceptionIsAddedToTheReadersWhenTheReaderFailsFirst() {
    FetchHandoff handoff = overlapped();
    IllegalStateException workerBug = new IllegalStateException("a bug in a lookup");
    IllegalArgumentException readerBug = new IllegalArgumentException("the state file could not be read");

    assertThatThrownBy(() -> {
      try (handoff) {
        handoff.submit(() -> {
          throw workerBug;
        });
        assertThat(waitFor(handoff::stopped)).isTrue();
        throw readerBug; // e.g. windows.apply reading the state file, outside reading()
      }
    }).isSameAs(readerBug).hasSuppressedException(workerBug);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("a latch was never counted down");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls {@code condition} (sleeping between polls) until it holds or the generous bound passes. */
  private static boolean waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** As {@link #waitFor} without sleeping, so it consumes no interrupt of the polling thread. */
  private static boolean spinUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }
}
