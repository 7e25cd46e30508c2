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
 * ({@link #finished}). The process then exits 130 (SIGINT) or 143 (SIGTERM), as the JVM sets it, and the report's
 * {@code exitCode} says the same ({@link #exitCode}, fresh17 #8: monitoring reading the JSON and cron reading {@code $?}
 * agree). A hook that runs after {@link #finished} (the normal exit) returns at once.
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

  /** The number of the last SIGINT/SIGTERM/SIGHUP the JVM received (0: none), set by {@link #watchSignals}. */
  private static volatile int lastSignal;
  private static boolean watching;

  private final PrintWriter err;
  private final java.util.function.IntSupplier signals;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean requested;
  /** The number of the signal that stopped the run (0: unknown); read by the hook before it asks the run to stop. */
  private volatile int signal;
  /** The thread inside {@link #during}, to be interrupted on a signal; guarded by {@code this}. */
  private Thread running;

  private RunInterrupt(PrintWriter err, java.util.function.IntSupplier signals) {
    this.err = err;
    this.signals = signals;
  }

  /** A stop request for one run, its hook registered with the environment (a JVM shutdown hook outside tests). */
  static RunInterrupt register(CliEnvironment env, PrintWriter err) {
    if (env.shutdownSignal().isPresent()) {
      return register(env, err, env.shutdownSignal().get());
    }
    watchSignals();
    return register(env, err, () -> lastSignal);
  }

  /**
   * As {@link #register(CliEnvironment, PrintWriter)}, the signal's number read from {@code signals} when the hook runs
   * (tests stand in for the JVM's signal handling).
   */
  private static RunInterrupt register(CliEnvironment env, PrintWriter err, java.util.function.IntSupplier signals) {
    RunInterrupt r = new RunInterrupt(err, signals);
    env.onShutdown(r::onSignal);
    return r;
  }

  /**
   * Notes which signal reaches the JVM, then hands it on to the JVM's own handler (which runs the shutdown hooks and
   * exits 128 + the signal's number), so the hook knows whether the process will exit 130 or 143. The JDK offers no
   * public API for this; {@code sun.misc.Signal} (module jdk.unsupported) is the supported-in-practice one. Installed
   * once per JVM; a platform that refuses a signal (e.g. one the JVM reserves) leaves it unwatched.
   */
  @SuppressWarnings("restriction")
  private static synchronized void watchSignals() {
    if (watching) {
      return;
    }
    watching = true;
    for (String name : List.of("INT", "TERM", "HUP")) {
      try {
        sun.misc.Signal sig = new sun.misc.Signal(name);
        sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
        previous[0] = sun.misc.Signal.handle(sig, s -> {
          lastSignal = s.getNumber();
          sun.misc.SignalHandler chained = previous[0];
          if (chained == null || chained == sun.misc.SignalHandler.SIG_DFL) {
            // the JVM's own handler was not installed (e.g. -Xrs), or the signal came before it was stored: exit as
            // the default action (and the JVM's handler, which runs the shutdown hooks) would
            Runtime.getRuntime().exit(128 + s.getNumber());
          } else {
            chained.handle(s);
          }
        });
        if (previous[0] == sun.misc.SignalHandler.SIG_IGN) {
          sun.misc.Signal.handle(sig, sun.misc.SignalHandler.SIG_IGN); // e.g. SIGHUP under nohup stays ignored
        }
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // not on this platform, or reserved: the report then keeps the run's own exit code for this signal
      }
    }
  }

  /**
   * The exit code the report states and the verb returns: the run's own ({@link ExitCodes#forRun}) unless a signal
   * stopped it, then 128 + the signal's number (130 SIGINT, 143 SIGTERM), which is what the JVM exits with after the
   * shutdown hooks, whether or not the run had read its last page ({@link #summary} says which).
   *
   * @param runCode the run's exit code from its report
   */
  int exitCode(int runCode) {
    return requested && signal > 0 ? 128 + signal : runCode;
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
    signal = signals.getAsInt();
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
