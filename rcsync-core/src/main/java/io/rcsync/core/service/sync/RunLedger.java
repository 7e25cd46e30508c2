package io.rcsync.core.service.sync;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account of one run: per extension, what happened to every fetched message (counters, failures, unmatched),
 * plus skipped staff, warnings, why the run stopped and the API calls it made; {@link #report} turns it into the
 * {@link RunReport}.
 *
 * <p>Every fetched message must land in exactly one of intakerFiltered, matchedMatter, matchedIntake, unmatched or
 * failed, so that fetched = their sum per extension and in total; the steps call {@link #fetched} once per message
 * and then exactly one of {@link #intakerFiltered}, {@link #unmatched}, {@link #failed} or {@link #matched}
 * ({@link #malformed} and {@link #fetchedAfterStop} do both). Created/updated count matched messages again. The
 * ledger also keeps what the watermark policy needs: each extension's window, whether it was read to the end, and
 * the earliest message time that was not written. Not thread-safe: one run, one thread.
 */
public final class RunLedger {
  private final boolean dryRun;
  private final Clock clock;
  private final ApiCalls apiCalls;
  private final Instant startedAt;
  private final Map<String, Long> apiBefore;
  private final Map<ExtensionId, ExtensionTally> rows = new LinkedHashMap<>();
  private final List<MessageIssue> failures = new ArrayList<>();
  private final List<MessageIssue> unmatched = new ArrayList<>();
  private final List<String> skippedStaff = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private long duplicates;
  private String aborted;
  private Instant finishedAt;

  /** Starts the run now: reads the clock and snapshots {@code apiCalls}. */
  public RunLedger(boolean dryRun, Clock clock, ApiCalls apiCalls) {
    this.dryRun = dryRun;
    this.clock = clock;
    this.apiCalls = apiCalls;
    this.startedAt = clock.instant();
    this.apiBefore = apiCalls.snapshot();
  }

  /** Takes the resolved targets (one report row each, in order) and what resolving them found. */
  public void start(SyncTargets.Resolution resolved) {
    resolved.targets().forEach(this::add);
    skippedStaff.addAll(resolved.skippedStaff());
    warnings.addAll(resolved.warnings());
    resolved.abort().ifPresent(this::abort);
  }

  /** Adds a report row for the target unless its extension has one already. */
  public void add(SyncTarget target) {
    rows.putIfAbsent(target.extension(), new ExtensionTally(target));
  }

  public void warn(String warning) {
    warnings.add(warning);
  }

  /** Stops the run; the first reason is kept. */
  public void abort(String reason) {
    if (aborted == null) {
      aborted = reason;
    }
  }

  public boolean stopped() {
    return aborted != null;
  }

  public void window(SyncTarget t, TimeWindow window) {
    row(t).window = window;
  }

  /** The target's window was read to the end. */
  public void readCompletely(SyncTarget t) {
    row(t).readCompletely = true;
  }

  /** Why the target's row is incomplete (shown in the report). */
  public void error(SyncTarget t, String error) {
    row(t).error = error;
  }

  /** A message the source delivered a second time: counted once, summed up in a warning. */
  public void duplicate() {
    duplicates++;
  }

  public void fetched(SyncTarget t) {
    row(t).fetched++;
  }

  public void intakerFiltered(SyncTarget t) {
    row(t).intakerFiltered++;
  }

  public void unmatched(SyncTarget t, SmsMessage m, String counterparty, String reason) {
    row(t).unmatched++;
    unmatched.add(new MessageIssue(m.id().value(), t.extension().value(), counterparty, reason));
  }

  /** A text that was not written (and, in an incremental run, keeps the watermark before its time). */
  public void failed(SyncTarget t, SmsMessage m, String counterparty, String reason) {
    row(t).failed(m);
    failures.add(new MessageIssue(m.id().value(), t.extension().value(), counterparty, reason));
  }

  /** A record the source could not read: fetched and failed at once. */
  public void malformed(SyncTarget t, MalformedMessage bad) {
    ExtensionTally row = row(t);
    row.fetched++;
    row.failed++;
    failures.add(new MessageIssue(bad.rawId(), t.extension().value(), "", "malformed record: " + bad.reason()));
  }

  /** A text delivered after the run stopped: fetched, and failed as not processed. */
  public void fetchedAfterStop(SyncTarget t, SmsMessage m) {
    fetched(t);
    failedAfterStop(t, m, String.join(" ", m.counterparties()));
  }

  /** A text that was waiting for its lookup or its write when the run stopped. */
  public void failedAfterStop(SyncTarget t, SmsMessage m, String counterparty) {
    failed(t, m, counterparty, "not processed: run stopped (" + aborted + ")");
  }

  /** A text that has (or, in a dry run, would have) a Note on a Matter or Intake. */
  public void matched(SyncTarget t, CaseKind kind, boolean ambiguous) {
    ExtensionTally c = row(t);
    if (kind == CaseKind.MATTER) {
      c.matchedMatter++;
    } else {
      c.matchedIntake++;
    }
    if (ambiguous) {
      c.ambiguous++;
    }
  }

  /** A matched text's Note was written: created or updated. */
  public void written(SyncTarget t, WriteOutcome.Status status) {
    if (status == WriteOutcome.Status.CREATED) {
      row(t).created++;
    } else {
      row(t).updated++;
    }
  }

  public long fetched(ExtensionId extension) {
    return row(extension).fetched;
  }

  public Optional<TimeWindow> window(ExtensionId extension) {
    return Optional.ofNullable(row(extension).window);
  }

  public boolean readCompletely(ExtensionId extension) {
    return row(extension).readCompletely;
  }

  public Optional<Instant> earliestUnwritten(ExtensionId extension) {
    return Optional.ofNullable(row(extension).earliestUnwritten);
  }

  /** Ends the run: warns about duplicates and reads the clock. */
  public void finish() {
    if (duplicates > 0) {
      warnings.add(duplicates + " message(s) were delivered twice by the source and counted once");
    }
    finishedAt = clock.instant();
  }

  public RunReport report(String verb, String mode, String wave) {
    List<ExtensionSummary> summaries = new ArrayList<>();
    Counts total = Counts.ZERO;
    for (ExtensionTally r : rows.values()) {
      total = total.plus(r.counts());
      summaries.add(r.summary());
    }
    return new RunReport(verb, mode, dryRun, wave, startedAt, finishedAt, summaries, total, failures, unmatched,
        skippedStaff, warnings, apiCalls.since(apiBefore), Optional.ofNullable(aborted));
  }

  private ExtensionTally row(SyncTarget t) {
    return row(t.extension());
  }

  private ExtensionTally row(ExtensionId extension) {
    ExtensionTally r = rows.get(extension);
    if (r == null) {
      throw new IllegalStateException("extension " + extension + " is not a target of this run");
    }
    return r;
  }
}
