package io.rcsync.core.service.sync;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Where {@link MessageFetch} hands what it reads (each page's texts and malformed records, windows, warnings, errors,
 * the end of each extension's read): to the run's {@link RunLedger} and {@link TextPipeline} either at once on the
 * reading thread ({@link #inline}), or, overlapped (issue 13 item 3), in order on one worker thread
 * ({@value #THREAD_NAME}), so that Salesforce lookups, Note writes and file copies of one extension run while the
 * next is read and while RingCentral's rate-limit pauses run ({@link #overlapped}).
 *
 * <p>Accounting stays single-threaded and in order: every ledger and pipeline call of the fetch is a task, and the
 * worker runs the tasks one at a time in the order they were handed over, so the report is the one a sequential run
 * makes of the same pages. The reader only reads and hands over; it asks {@link #stopped()} after each page.
 *
 * <p>Back-pressure: at most {@code aheadPages} pages (and the events between them) wait for the worker; a reader
 * further ahead blocks. A Light rate-limit window is 50 pages, and the RingCentral adapter pauses a whole window once
 * one is spent, counted from the answer that spent it; a reader held back within a window only spends it later and so
 * waits longer, which is why the default lets it run a whole window ahead ({@value #DEFAULT_AHEAD_PAGES} pages of at
 * most 1,000 texts: tens of MB, whatever the run's size).
 *
 * <p>Stops: when the worker's work stops the run (quota reserve, credentials: the ledger's stopped state) or throws,
 * {@link #stopped()} turns true and a reader inside {@link #reading} is interrupted (only inside the message source:
 * never while it handles a page, see {@link #uninterrupted}), so it does not sit out a rate-limit pause or fetch
 * another page; the pages it had already fetched are still handed over and counted (fetched
 * and failed as not processed), as the ledger does after any stop. An exception thrown by a task is kept, later tasks
 * are dropped, and {@link #drain} rethrows it to the caller. {@link #close} ends the worker in every case: no thread
 * outlives the run.
 *
 * <p>Not for reuse: one per run, created, used and closed by the run's calling thread.
 */
public final class FetchHandoff implements AutoCloseable {
  /** The worker thread's name. */
  public static final String THREAD_NAME = "rcsync-sync-worker";
  /** Pages the reader may be ahead of the worker by default: one RingCentral Light window (50 requests a minute). */
  public static final int DEFAULT_AHEAD_PAGES = 50;

  private static final Runnable END = () -> { };

  private final RunLedger ledger;
  private final BlockingQueue<Runnable> queue;
  private final Thread worker;
  private final Object readingLock = new Object();
  private Thread readingThread;
  private boolean shielded;
  private volatile boolean readerStopped;
  private volatile boolean workerSawStop;
  private volatile Throwable failure;
  private volatile boolean interruptedByStop;
  private boolean ended;

  private FetchHandoff(RunLedger ledger, int aheadPages) {
    this.ledger = ledger;
    if (aheadPages <= 0) {
      this.queue = null;
      this.worker = null;
    } else {
      // page tasks plus the few events between pages (window, warnings, end of an extension)
      this.queue = new ArrayBlockingQueue<>(aheadPages + 16);
      this.workerSawStop = ledger.stopped(); // e.g. the extension directory could not be reached
      this.worker = new Thread(this::work, THREAD_NAME);
      this.worker.setDaemon(true);
      this.worker.start();
    }
  }

  /** Runs every task at once on the calling thread: the sequential run ({@code sync.overlap: false}). */
  public static FetchHandoff inline(RunLedger ledger) {
    return new FetchHandoff(ledger, 0);
  }

  /**
   * Starts the worker thread; tasks run on it in order.
   *
   * @param aheadPages how many pages the reader may be ahead of the worker (at least 1; 0 or less is {@link #inline})
   */
  public static FetchHandoff overlapped(RunLedger ledger, int aheadPages) {
    return new FetchHandoff(ledger, aheadPages);
  }

  /** Whether tasks run on a worker thread. */
  public boolean isOverlapped() {
    return worker != null;
  }

  /**
   * Runs {@code task} (ledger and pipeline calls for one event of the fetch) now, or queues it behind the earlier
   * ones, blocking while the reader is {@code aheadPages} ahead. After a task has thrown, further tasks are dropped.
   */
  public void submit(Runnable task) {
    if (worker == null) {
      task.run();
      return;
    }
    if (ended) {
      throw new IllegalStateException("the run's worker has ended");
    }
    if (failure != null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(task);
        break;
      } catch (InterruptedException e) {
        // the worker stopped the run and woke the reader: the task is still handed over, so what was fetched is counted
        interrupted = true;
      }
    }
    if (interrupted && !interruptedByStop) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether the run has stopped, as the reader sees it: the ledger's stop (inline), or in overlap a stop the reader
   * made ({@link #abort}), one the worker's tasks made, or a task that threw.
   */
  public boolean stopped() {
    if (worker == null) {
      return ledger.stopped();
    }
    return readerStopped || workerSawStop || failure != null;
  }

  /** The reader stops the run (a fatal fetch error): recorded in the ledger in order; no further page is read. */
  public void abort(String reason) {
    if (worker != null) {
      readerStopped = true;
    }
    submit(() -> ledger.abort(reason));
  }

  /**
   * Runs {@code read} (one extension's fetch) so that a stop on the worker interrupts it.
   *
   * @return true when {@code read} returned normally; false when the run had stopped before it or a stop on the
   *     worker cut it short, whatever it threw then (the stop is already recorded). Any other exception of
   *     {@code read} propagates. The stop's interrupt is cleared before this returns.
   */
  public boolean reading(Runnable read) {
    if (worker == null) {
      read.run();
      return true;
    }
    synchronized (readingLock) {
      readingThread = Thread.currentThread();
    }
    try {
      if (stopped()) {
        return false;
      }
      read.run();
      return true;
    } catch (RuntimeException e) {
      if (!interruptedByStop) {
        throw e;
      }
      return false;
    } finally {
      synchronized (readingLock) {
        readingThread = null;
        if (interruptedByStop) {
          Thread.interrupted(); // the stop's wake-up, not the caller's
        }
      }
    }
  }

  /**
   * Runs {@code body} (the reader's own handling of a page: the hand-over, progress) where a stop does not interrupt
   * it: an interrupt could land in a progress listener's file I/O (closing, say, the CLI's run-lock channel). A stop
   * that comes meanwhile is seen by the {@link #stopped()} check after the page.
   */
  public void uninterrupted(Runnable body) {
    if (worker == null) {
      body.run();
      return;
    }
    synchronized (readingLock) {
      shielded = true;
    }
    try {
      body.run();
    } finally {
      synchronized (readingLock) {
        shielded = false;
      }
    }
  }

  /**
   * Waits until the worker has run every task handed over, ends it, and rethrows the first exception a task threw
   * (as thrown: a {@link RuntimeException} or an {@link Error}). Call once after the fetch; inline it does nothing.
   */
  public void drain() {
    if (worker == null || ended) {
      return;
    }
    submitEnd();
    joinWorker();
    ended = true;
    Throwable f = failure;
    if (f instanceof RuntimeException r) {
      throw r;
    }
    if (f instanceof Error e) {
      throw e;
    }
    if (f != null) {
      throw new IllegalStateException(f);
    }
  }

  /**
   * Ends the worker if {@link #drain} did not: drops the tasks still queued and waits for the thread to end after the
   * task it is running (the caller is leaving with an exception of its own). The worker is not interrupted: an
   * interrupt could land anywhere in a Salesforce call or a listener's file I/O. Idempotent.
   */
  @Override
  public void close() {
    if (worker == null || ended) {
      return;
    }
    ended = true;
    failure = failure == null ? new RunAborted() : failure; // drop whatever is still queued
    queue.clear();
    submitEnd();
    joinWorker();
  }

  private void submitEnd() {
    boolean interrupted = false;
    while (!queue.offer(END)) {
      // full only while the worker is still running tasks; it takes one at a time
      try {
        queue.put(END);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void joinWorker() {
    boolean interrupted = false;
    while (true) {
      try {
        worker.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    while (true) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        if (failure != null) {
          return; // closed
        }
        continue;
      }
      if (task == END) {
        return;
      }
      if (failure != null) {
        continue;
      }
      try {
        task.run();
      } catch (Throwable t) {
        failure = t;
        wakeReader();
        continue;
      }
      if (!workerSawStop && ledger.stopped()) {
        workerSawStop = true;
        wakeReader();
      }
    }
  }

  /**
   * Interrupts the reader if it is inside {@link #reading} and not in its own page handling ({@link #uninterrupted}):
   * in a rate-limit pause or a request of the message source.
   */
  private void wakeReader() {
    synchronized (readingLock) {
      if (readingThread != null && !shielded && !readerStopped) {
        interruptedByStop = true;
        readingThread.interrupt();
      }
    }
  }
}
