package io.rcsync.core.service.sync;

import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.SyncTokenRejectedException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads each target's window from the {@link MessageSource}, page by page, into a {@link TextPipeline}, and applies
 * the stop rules:
 *
 * <ul>
 *   <li>a failed fetch stops only that extension: its row gets the error and its watermark holds;
 *   <li>a fetch that fails with a quota or authentication error stops the run;
 *   <li>{@value #CONNECTION_FAILURES_TO_STOP} extensions in a row failing with a connection error stop the run
 *       (RingCentral is down; waiting out the adapter's retries for every remaining extension only delays the report);
 *   <li>once the run has stopped, the current page is still accounted for, no further page is requested and the
 *       remaining targets are not read.
 * </ul>
 *
 * <p>An incremental run on a source that serves Message Sync reads each target by {@link #syncAll} instead: the
 * same pages and stop rules, and a rejected token (RingCentral's answer to an expired or invalid one) is replaced,
 * once and in the same run, by the full sync the {@link MessageSyncPolicy.Plan} names, with a warning.
 *
 * <p>Malformed records count as fetched and failed. Reports each extension's start, pages and end to the
 * {@link ProgressListener}. Counts connection failures across targets: make one per run.
 *
 * <p>Everything read goes to the ledger and the pipeline through a {@link FetchHandoff}: at once on this thread, or
 * (overlap, issue 13 item 3) in order on the run's worker thread, so that this thread reads the next pages, and sits
 * out RingCentral's rate-limit pauses, while the worker looks up and writes. The stop rules are the same; a stop the
 * worker makes is seen after the page being read (or wakes a reader that is pausing), and the pages fetched until
 * then are counted.
 */
public final class MessageFetch {
  /** Extensions in a row whose fetch fails with a connection error before the run stops. */
  public static final int CONNECTION_FAILURES_TO_STOP = 2;

  private final MessageSource source;
  private final RunLedger ledger;
  private final TextPipeline pipeline;
  private final ProgressListener progress;
  private final FetchHandoff handoff;
  private int connectionFailuresInARow;

  /**
   * Holds per-run state (the connection failures in a row, and the run's ledger and pipeline): make one per run and
   * do not reuse it across runs.
   *
   * @param ledger the run's ledger; windows, errors, malformed records and stops are recorded there
   * @param pipeline the run's pipeline, accounting in the same ledger; the caller calls its {@code finish} after
   *     {@link #readAll}
   * @param progress told of each extension's start, pages and end ({@link ProgressListener#NONE} for none)
   */
  public MessageFetch(MessageSource source, RunLedger ledger, TextPipeline pipeline, ProgressListener progress) {
    this(source, ledger, pipeline, progress, FetchHandoff.inline(ledger));
  }

  /**
   * As {@link #MessageFetch(MessageSource, RunLedger, TextPipeline, ProgressListener)}, handing what it reads to the
   * ledger and the pipeline through {@code handoff} (overlapped: the caller {@link FetchHandoff#drain drains} it
   * before it finishes the pipeline, and closes it).
   */
  public MessageFetch(MessageSource source, RunLedger ledger, TextPipeline pipeline, ProgressListener progress,
      FetchHandoff handoff) {
    this.source = source;
    this.ledger = ledger;
    this.pipeline = pipeline;
    this.progress = progress;
    this.handoff = handoff;
  }

  /**
   * Reads every target in order in the window {@code windows} gives it; records each window and its warnings in the
   * ledger and skips a target whose window is empty.
   */
  public void readAll(List<SyncTarget> targets, Function<SyncTarget, WatermarkPolicy.Window> windows) {
    untilStopped(targets, t -> {
      WatermarkPolicy.Window w = windows.apply(t);
      Optional<TimeWindow> window = w.window();
      handoff.submit(() -> {
        w.warnings().forEach(ledger::warn);
        window.ifPresent(tw -> ledger.window(t, tw));
      });
      if (window.isPresent()) {
        read(t, window.get());
      }
    });
  }

  /**
   * Reads every target in order by Message Sync, as {@code plans} plans it: records each plan's warnings and report
   * text in the ledger, then the checkpoint and the span read ({@code [from, syncTime)}, when not empty) once the
   * sync has delivered every page.
   */
  public void syncAll(List<SyncTarget> targets, Function<SyncTarget, MessageSyncPolicy.Plan> plans) {
    untilStopped(targets, t -> {
      MessageSyncPolicy.Plan plan = plans.apply(t);
      handoff.submit(() -> {
        plan.warnings().forEach(ledger::warn);
        ledger.messageSyncRead(t, plan.read());
      });
      sync(t, plan);
    });
  }

  /** Reads each target in order; once the run has stopped, each remaining one is recorded as not read instead. */
  private void untilStopped(List<SyncTarget> targets, Consumer<SyncTarget> read) {
    for (SyncTarget t : targets) {
      if (handoff.stopped()) {
        handoff.submit(() -> ledger.error(t, "not read: the run stopped first"));
      } else {
        read.accept(t);
      }
    }
  }

  /** Reads one target's window to the end, or until the source fails or the run stops. */
  public void read(SyncTarget t, TimeWindow window) {
    guarded(t, () -> source.fetch(t.extension(), window, pages(t)));
  }

  /**
   * One target's Message Sync; a rejected token is warned about and replaced by the plan's full sync (a second
   * rejection is an ordinary fetch error: never a loop).
   */
  private void sync(SyncTarget t, MessageSyncPolicy.Plan plan) {
    guarded(t, () -> {
      MessageSyncCheckpoint checkpoint;
      Instant from = plan.from();
      try {
        checkpoint = source.messageSync(t.extension(), plan.request(), pages(t));
      } catch (SyncTokenRejectedException e) {
        if (!(plan.request() instanceof MessageSyncRequest.Incremental)) {
          throw e;
        }
        String warning = plan.rejectedWarning(t, e.getMessage());
        handoff.submit(() -> {
          ledger.warn(warning);
          ledger.messageSyncRead(t, plan.fallbackRead());
        });
        from = plan.fallbackFrom();
        checkpoint = source.messageSync(t.extension(), new MessageSyncRequest.Full(from), pages(t));
      }
      MessageSyncCheckpoint synced = checkpoint;
      Instant start = from;
      handoff.submit(() -> {
        if (ledger.stopped()) {
          return; // as in a sequential run, where the stop would have cut the last page's hand-over short
        }
        ledger.messageSynced(t, synced);
        if (start.isBefore(synced.syncTime())) {
          ledger.window(t, new TimeWindow(start, synced.syncTime()));
        }
      });
    });
  }

  private Consumer<MessageSource.Page> pages(SyncTarget t) {
    return page -> {
      handoff.uninterrupted(() -> {
        handoff.submit(() -> {
          for (MalformedMessage bad : page.malformed()) {
            ledger.malformed(t, bad);
          }
          for (SmsMessage m : page.messages()) {
            // an interrupted caller stops the run before the next text (overlap only; see FetchHandoff)
            handoff.heedInterrupt();
            // after a stop the rest of this page (and in overlap every page fetched until the reader saw it) is
            // still accounted for
            pipeline.accept(t, m);
          }
        });
        progress.messagesFetched(t.extension(), page.size());
      });
      if (handoff.stopped()) {
        throw new RunAborted(); // stop paging: no further call can succeed
      }
    };
  }

  /** Runs one target's read with the stop rules; marks it read completely when {@code read} returns. */
  private void guarded(SyncTarget t, Runnable read) {
    // progress may write files (the CLI's run lock): never with an interrupt pending (see FetchHandoff)
    handoff.uninterrupted(() -> progress.extensionStarted(t.extension(), t.staffName()));
    try {
      if (handoff.reading(read)) {
        // a stop the worker made after the last page was handed over still leaves the read incomplete, as in a
        // sequential run, where that stop would have cut the last page's hand-over short
        handoff.submit(() -> {
          if (!ledger.stopped()) {
            ledger.readCompletely(t);
          }
        });
        connectionFailuresInARow = 0;
      }
    } catch (RunAborted e) {
      // already recorded
    } catch (ExternalSystemException e) {
      String message = e.getMessage();
      handoff.submit(() -> ledger.error(t, "fetch stopped after " + ledger.fetched(t.extension()) + " messages: "
          + message));
      if (e.fatalToRun()) {
        handoff.abort(message);
      } else if (e.kind() == ExternalSystemException.Kind.CONNECTION
          && ++connectionFailuresInARow >= CONNECTION_FAILURES_TO_STOP) {
        // one extension failing may be its own problem; several in a row (each after the adapter's retries) mean
        // RingCentral is down
        handoff.abort("RingCentral stopped answering: " + connectionFailuresInARow
            + " extensions in a row could not be read (last: " + message + ")");
      }
    }
    handoff.uninterrupted(() -> progress.extensionFinished(t.extension()));
  }
}
