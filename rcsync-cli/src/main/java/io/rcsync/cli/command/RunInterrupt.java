package io.rcsync.cli.command;

import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.report.RunReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT) or SIGTERM does to a {@code sync} or {@code import-smsmagic} run: the JVM runs its shutdown
 * hooks and halts when they return, so without one the run left no report, no summary and its run lock in place.
 * Registered before the run starts ({@link CliEnvironment#onShutdown}), the hook instead asks the run to stop, then
 * waits at most {@link #WAIT} until the verb has written the report, printed the summary and released the lock
 * ({@link #finished}). The process then exits 130 (SIGINT) or 143 (SIGTERM), as the JVM sets it. A hook that runs
 * after {@link #finished} (the normal exit) returns at once.
 *
 * <ul>
 *   <li>An import stops before its next history page ({@link #guard}: the page read throws, core's import stops with
 *       {@link #REASON} and counts every record read so far; those not yet written are failed "not processed").
 *   <li>A sync is interrupted while it runs inside {@link #during} (core's {@code SyncService} stops before its next
 *       page and its next Salesforce call, counts every text fetched and saves watermarks only for what was done);
 *       the interrupt is cleared once the sync returns, so the report and the lock release write their files.
 * </ul>
 *
 * <p>Threads: {@link #onSignal} runs on the JVM's shutdown thread. Outside {@link #during} the run's thread sees the
 * request only through a volatile flag, never through {@link Thread#interrupt}, which would close the run lock's or a
 * report's file channel.
 */
final class RunInterrupt {
  /** How long the hook waits for the page in flight, the report and the lock release before the JVM halts. */
  static final Duration WAIT = Duration.ofSeconds(15);

  /** The stop reason core records (report {@code aborted}, console "Run stopped early: ..."). */
  static final String REASON = "interrupted (Ctrl-C or SIGTERM) before the next page";

  private final PrintWriter err;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean requested;
  /** The thread inside {@link #during}, to be interrupted on a signal; guarded by {@code this}. */
  private Thread running;

  private RunInterrupt(PrintWriter err) {
    this.err = err;
  }

  /** A stop request for one run, its hook registered with the environment (a JVM shutdown hook outside tests). */
  static RunInterrupt register(CliEnvironment env, PrintWriter err) {
    RunInterrupt r = new RunInterrupt(err);
    env.onShutdown(r::onSignal);
    return r;
  }

  /** True once SIGINT/SIGTERM asked the run to stop. */
  boolean requested() {
    return requested;
  }

  /** The shutdown hook: asks the run to stop, says so on stderr, waits for {@link #finished} (at most {@link #WAIT}). */
  void onSignal() {
    if (done.getCount() == 0) {
      return;
    }
    synchronized (this) {
      requested = true;
      if (running != null) {
        running.interrupt();
      }
    }
    synchronized (err) {
      err.println("interrupted: stopping before the next page, then writing the report (at most " + WAIT.toSeconds()
          + " s)");
      err.flush();
    }
    try {
      if (!done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        synchronized (err) {
          err.println("interrupted: the run did not stop within " + WAIT.toSeconds() + " s, so no report was written"
              + " and the lock file stays (the next run takes it over); re-run the same command: it is idempotent");
          err.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs {@code run} (a sync) on this thread so that a signal interrupts it (also one that came before); the
   * interrupt status is cleared when it returns or throws.
   */
  <T> T during(java.util.function.Supplier<T> run) {
    synchronized (this) {
      running = Thread.currentThread();
      if (requested) {
        running.interrupt();
      }
    }
    try {
      return run.get();
    } finally {
      synchronized (this) {
        running = null;
      }
      // core sets the interrupt again when it stopped for one: the report and the lock release must not see it
      Thread.interrupted();
    }
  }

  /** The run has written its report and released its lock (or never started): a later hook returns at once. */
  void finished() {
    done.countDown();
  }

  /**
   * The one line after an interrupted run's summary: how many Notes it wrote and how to finish (or that it had finished
   * all the same: the signal came after its last page); empty when the run was not interrupted.
   */
  Optional<String> summary(RunReport report) {
    if (!requested) {
      return Optional.empty();
    }
    if (report.aborted().isEmpty()) {
      return Optional.of("interrupted after the last page was read: the run finished, its report above is complete");
    }
    if (report.dryRun()) {
      return Optional.of("interrupted: a dry run, nothing was written; the report above covers the "
          + report.totals().fetched() + " record(s) read");
    }
    long written = report.totals().created() + report.totals().updated();
    long failed = report.totals().failed();
    return Optional.of("interrupted after writing " + count(written) + " Note(s)"
        + (failed == 0 ? "" : "; " + count(failed) + (report.verb().equals("sync") ? " text(s)" : " record(s)")
            + " not written are in the failures CSV")
        + "; re-run the same command to finish (it is idempotent: Notes already written stay as they are)");
  }

  private static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }

  /** The source, whose next page read after a stop request fails with {@link #REASON} (core then stops the run). */
  HistorySource guard(HistorySource source) {
    return new HistorySource() {
      @Override
      public Page read(Query query, Optional<String> cursor) {
        if (requested) {
          throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.REJECTED, REASON);
        }
        return source.read(query, cursor);
      }

      @Override
      public List<String> warnings() {
        return source.warnings();
      }

      @Override
      public boolean fixedInboundFirst() {
        return source.fixedInboundFirst();
      }

      @Override
      public String description() {
        return source.description();
      }
    };
  }
}
