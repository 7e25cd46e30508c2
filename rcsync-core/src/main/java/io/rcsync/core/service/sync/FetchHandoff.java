package io.rcsync.core.service.sync;

import io.rcsync.core.port.out.ExternalSystemException;
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
 * <p>Interrupts: the reader's own page handling ({@link #uninterrupted}, every {@link #submit}) never runs with an
 * interrupt pending: a stop's interrupt that came while the reader was busy is cleared, so it cannot reach a progress
 * listener's file I/O (the CLI's run lock: an interrupt on a thread writing to a {@code FileChannel} closes the channel
 * and releases the lock). An interrupt of the calling thread by anyone else (e.g. {@code serve} shutting down) means
 * "stop soon", as it did before overlap: it is taken off the thread when seen and cancels the run: the reader reads no
 * further page, the worker stops the run in the ledger before its next task or text ({@value #INTERRUPTED}), so
 * whatever is still queued is counted as fetched and not processed without a Salesforce call, and {@link #drain}
 * stops the run too if the worker had already finished. A call the worker has already begun finishes (the worker is
 * never interrupted: that could land in a Salesforce call or a listener's file I/O). {@link #restoreInterrupt} puts
 * the interrupt back for the caller once the run's state is saved. An interrupt that comes while a stop's interrupt
 * is pending cannot be told from it and only stops the run.
 *
 * <p>Not for reuse: one per run, created, used and closed by the run's calling thread.
 */
public final class FetchHandoff implements AutoCloseable {
  /** The worker thread's name. */
  public static final String THREAD_NAME = "rcsync-sync-worker";
  /** Pages the reader may be ahead of the worker by default: one RingCentral Light window (50 requests a minute). */
  public static final int DEFAULT_AHEAD_PAGES = 50;

  /** The reason a run stops when its calling thread is interrupted (see the class comment). */
  public static final String INTERRUPTED = "interrupted (Ctrl-C, SIGTERM or the service shutting down)";

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
  /** The calling thread was interrupted by someone other than a stop: the run is to stop soon (see the class). */
  private volatile boolean cancelled;
  /** The caller's interrupt was taken off its thread; {@link #restoreInterrupt} puts it back. Caller thread only. */
  private boolean callerInterrupted;
  /** The worker has stopped the run for {@link #cancelled}. Worker thread only. */
  private boolean cancelSeen;
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
    // shielded: a stop does not interrupt the put, and a stop's interrupt still pending is cleared first, so an
    // interrupt here is the caller's
    uninterrupted(() -> put(task));
  }

  /**
   * Hands the task to the worker, waiting while the queue is full; an interrupt meanwhile cancels the run and is kept
   * for {@link #restoreInterrupt} ({@link #interruptedByCaller}), and the task is still handed over, so what was
   * fetched is counted.
   */
  private void put(Runnable task) {
    while (true) {
      try {
        queue.put(task);
        return;
      } catch (InterruptedException e) {
        interruptedByCaller();
      }
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
    return readerStopped || workerSawStop || failure != null || cancelled;
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
   *     worker cut it short, whatever it threw then (the stop is already recorded), or an interrupt of the calling
   *     thread did (the run is cancelled, see the class comment: a failed call or the page check's stop). Any other
   *     exception of {@code read} propagates. No interrupt is pending when this returns: a stop's is cleared, the
   *     caller's is kept for {@link #restoreInterrupt}.
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
      boolean byStop = endReading();
      // the interrupt of a cancelled run ends a request as a failed call (or the page check as RunAborted)
      boolean byCancel = cancelled && (e instanceof ExternalSystemException || e instanceof RunAborted);
      if (!byStop && !byCancel) {
        throw e;
      }
      return false;
    } finally {
      endReading();
    }
  }

  /**
   * Ends {@link #reading} (idempotent): no stop interrupts the thread after this, a pending interrupt is cleared
   * (the stop's) or taken as the caller's, and the next reading starts with no stop's interrupt remembered.
   *
   * @return whether a stop interrupted this reading
   */
  private boolean endReading() {
    synchronized (readingLock) {
      if (readingThread == null) {
        return false;
      }
      readingThread = null;
      boolean byStop = interruptedByStop;
      interruptedByStop = false;
      if (Thread.interrupted() && !byStop) {
        interruptedByCaller();
      }
      return byStop;
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
    boolean outer;
    synchronized (readingLock) {
      outer = shielded;
      shielded = true;
      // an interrupt that came while the reader was busy (e.g. parsing the page) and that nothing consumed: the
      // stop's is cleared (its stop is seen by the stopped() check after the page), the caller's cancels the run
      if (Thread.interrupted() && !interruptedByStop) {
        interruptedByCaller();
      }
    }
    try {
      body.run();
    } finally {
      synchronized (readingLock) {
        shielded = outer;
      }
    }
  }

  /**
   * On the worker, inside a task: when the calling thread has been interrupted (see the class comment), stops the run
   * in the ledger ({@value #INTERRUPTED}) once, so that this task's further texts are counted as fetched and not
   * processed without a Salesforce call. Inline it does nothing (the interrupt reaches the calls themselves).
   */
  public void heedInterrupt() {
    if (worker == null || !cancelled || cancelSeen) {
      return;
    }
    cancelSeen = true;
    ledger.abort(INTERRUPTED);
    workerSawStop = true;
  }

  /**
   * Puts back on the calling thread an interrupt this handoff took off it (see the class comment). Call once the run
   * is over (after its state is saved), on the calling thread.
   */
  public void restoreInterrupt() {
    if (callerInterrupted) {
      callerInterrupted = false;
      Thread.currentThread().interrupt();
    }
  }

  /** Records an interrupt of the calling thread that was not a stop's: the run is to stop soon. Caller thread. */
  private void interruptedByCaller() {
    callerInterrupted = true;
    cancelled = true;
  }

  /**
   * Waits until the worker has run every task handed over, ends it, and rethrows the first exception a task threw
   * (as thrown: a {@link RuntimeException} or an {@link Error}). Call once after the fetch; inline it does nothing.
   */
  public void drain() {
    if (worker == null || ended) {
      return;
    }
    if (Thread.interrupted()) {
      interruptedByCaller(); // outside reading no stop interrupts the caller: this one is the caller's own
    }
    submitEnd();
    joinWorker();
    ended = true;
    if (cancelled && failure == null && !ledger.stopped()) {
      // the worker had run every task before it saw the interrupt: the caller's steps after the drain (late matches,
      // the pipeline's finish) must not call Salesforce either (the worker has ended, so the ledger is ours again)
      ledger.abort(INTERRUPTED);
    }
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
   * interrupt could land anywhere in a Salesforce call or a listener's file I/O; an interrupt of the caller meanwhile
   * is kept for {@link #restoreInterrupt}. Idempotent.
   *
   * @throws RuntimeException the exception a task threw, if one did (an {@link Error} as thrown, any other
   *     throwable wrapped in {@link IllegalStateException}), once the worker has ended: only when {@link #drain} did
   *     not run, i.e. while the caller's own exception propagates, to which try-with-resources adds it as suppressed
   *     so that neither is lost
   */
  @Override
  public void close() {
    if (worker == null || ended) {
      return;
    }
    ended = true;
    Throwable earlier = failure;
    failure = earlier == null ? new RunAborted() : earlier; // drop whatever is still queued
    queue.clear();
    submitEnd();
    joinWorker();
    Throwable f = earlier != null ? earlier : failure instanceof RunAborted ? null : failure;
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
   * Queues the worker's end behind every task. An interrupt meanwhile cancels the run (the worker then stops it before
   * its next task, and the queue drains without Salesforce calls) and is kept for {@link #restoreInterrupt}.
   */
  private void submitEnd() {
    put(END);
  }

  /** Waits for the worker to end; an interrupt meanwhile is handled as in {@link #submitEnd}. */
  private void joinWorker() {
    while (true) {
      try {
        worker.join();
        break;
      } catch (InterruptedException e) {
        interruptedByCaller();
      }
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
        heedInterrupt();
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
