package io.rcsync.core.service.sync;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.DeliveryStatus;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ReportRows;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.DeduplicatedText;
import io.rcsync.core.report.FileCounts;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The account of one run: per extension, what happened to every fetched message (counters, failures, unmatched),
 * plus skipped staff, warnings, why the run stopped and the API calls it made; {@link #report} turns it into the
 * {@link RunReport}.
 *
 * <p>Every fetched message must land in exactly one of intakerFiltered, matchedMatter, matchedIntake, unmatched,
 * failed, purged, held or deduplicated, so that fetched = their sum per extension and in total; the steps call
 * {@link #fetched} once per message and then exactly one of {@link #intakerFiltered}, {@link #unmatched},
 * {@link #failed}, {@link #purged}, {@link #held}, {@link #matched} or (an SMS-Magic import's duplicates, issue 15)
 * {@link #noteDeduplicated} ({@link #malformed}, {@link #rejected}, {@link #copyInHistory} and
 * {@link #fetchedAfterStop} do both). A
 * text with several Notes (a group text on several records) is settled once, when its last Note is accounted for
 * through {@link #noteMatched}/{@link #noteFailed}: matched by its best match when every Note was written, else
 * failed. Created/updated count Notes. deliveryFailed and matchedLate are subsets of the matched counts.
 *
 * <p>A text re-checked from the late-match list ({@link #late}) is counted as fetched only when it matches or fails;
 * one still unmatched is kept for the next run without being counted again, and its failure does not hold the
 * watermark back (it is outside the window). The ledger also keeps what the watermark policy needs: each
 * extension's window, whether it was read to the end, and the earliest message time that was not written; and the
 * texts to keep for a late match ({@link #keepForLateMatch}). Not thread-safe: one run, one thread.
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
  private final List<FileIssue> files = new ArrayList<>();
  private final List<DeduplicatedText> deduplicatedRows = new ArrayList<>();
  private long dedupRows;
  private final List<String> skippedStaff = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<MessageId> late = new HashSet<>();
  private final Map<MessageId, UnmatchedText> keep = new LinkedHashMap<>();
  /** The kept texts by creation time, oldest first: the first to leave when the list is over its maximum. */
  private final TreeSet<Kept> keptByAge = new TreeSet<>();
  private int lateMatchMax = LATE_MATCH_LIST_MAX;
  private Instant keepSince = Instant.MIN;
  private long lateMatchDropped;
  private Instant lateMatchDroppedUpTo;
  private ReportRows rowSink;
  private long failureRows;
  private long unmatchedRows;
  private long fileRows;
  private long failedFileRows;
  private final Map<MessageId, GroupTally> groups = new HashMap<>();
  private long duplicates;
  private String aborted;
  private Instant finishedAt;

  /**
   * At most this many texts are kept on the late-match list by one run (issue 13 item 2: the list is held in memory
   * and saved whole). About 450 bytes each plus the text's body, so ~10 MB; 20,000 unmatched texts within
   * {@code unmatchedRetryDays} is several times what a 40-staff firm sees in 30 days. Over it the oldest leave the
   * list first, and {@link #finish} says how many left and up to which creation time.
   */
  public static final int LATE_MATCH_LIST_MAX = 20_000;

  /** A kept text's place in {@link #keptByAge}. */
  private record Kept(Instant creationTime, MessageId id) implements Comparable<Kept> {
    static Kept of(UnmatchedText t) {
      return new Kept(t.creationTime(), t.id());
    }

    @Override
    public int compareTo(Kept o) {
      int c = creationTime.compareTo(o.creationTime);
      return c != 0 ? c : id.externalId().compareTo(o.id.externalId());
    }
  }

  /**
   * Starts the run now: reads {@code clock} for the report's start and snapshots {@code apiCalls}, so the report
   * counts only the calls made from here on. The ledger has no rows until {@link #start} or {@link #add}.
   *
   * @param dryRun shown as the report's {@code dryRun}; the ledger itself writes nothing either way
   * @param clock read here and in {@link #finish}
   * @param apiCalls the counter the adapters increment; shared with the other runs of the process
   */
  public RunLedger(boolean dryRun, Clock clock, ApiCalls apiCalls) {
    this.dryRun = dryRun;
    this.clock = clock;
    this.apiCalls = apiCalls;
    this.startedAt = clock.instant();
    this.apiBefore = apiCalls.snapshot();
  }

  /**
   * Sends the run's failure, unmatched and file rows to {@code rows} as they are recorded (issue 13 item 2) instead of
   * keeping them all: the report then lists only the first {@link RunReport#STREAMED_SAMPLE} of each kind and counts
   * the rest ({@link RunReport.Rows}). Call before the first row is recorded.
   */
  public void streamRowsTo(ReportRows rows) {
    this.rowSink = java.util.Objects.requireNonNull(rows, "rows");
  }

  /**
   * Keeps on the late-match list only texts created at or after {@code oldest} (the run's
   * {@code now - unmatchedRetryDays}): older ones would be dropped when the list is saved anyway, so a long backfill
   * does not hold them. By default every text is kept.
   */
  public void keepLateMatchesSince(Instant oldest) {
    this.keepSince = java.util.Objects.requireNonNull(oldest, "oldest");
  }

  /** Changes {@link #LATE_MATCH_LIST_MAX} for this run (tests; at least 1). */
  public void lateMatchListMax(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the late-match list must hold at least one text, got " + max);
    }
    this.lateMatchMax = max;
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

  /**
   * Adds a line to the report's warnings, after those of {@link #start} and in call order (the duplicates summary of
   * {@link #finish} comes last). A warning does not make the run fail or stop.
   */
  public void warn(String warning) {
    warnings.add(warning);
  }

  /** Stops the run; the first reason is kept. */
  public void abort(String reason) {
    if (aborted == null) {
      aborted = reason;
    }
  }

  /**
   * True once {@link #abort} was called (quota spent, credentials rejected, RingCentral down, or resolving the
   * targets aborted). The steps then request nothing more from either system, and every text still delivered or
   * waiting is failed as "not processed" so the accounting stays balanced.
   */
  public boolean stopped() {
    return aborted != null;
  }

  /**
   * Records the window {@code [from, to)} the target is read in: shown in its report row, and the only span its
   * watermark may advance over (design.md §3). Call before reading; a second call replaces the first.
   *
   * @throws IllegalStateException when {@code t} is not a target of this run
   */
  public void window(SyncTarget t, TimeWindow window) {
    row(t).window = window;
  }

  /** The target's window was read to the last page (no fetch error, no stop): its watermark may advance. */
  public void readCompletely(SyncTarget t) {
    row(t).readCompletely = true;
  }

  /**
   * Records how the target was read by Message Sync ({@code read}, shown in its report row, e.g. "message sync:
   * incremental") before reading it.
   */
  public void messageSyncRead(SyncTarget t, String read) {
    row(t).syncRead = read;
  }

  /**
   * Records the checkpoint the target's Message Sync returned, once every page was delivered. It is kept for the
   * state store only, never shown (its token is a secret).
   */
  public void messageSynced(SyncTarget t, MessageSyncCheckpoint checkpoint) {
    row(t).checkpoint = checkpoint;
  }

  /** The checkpoint recorded by {@link #messageSynced}; empty when the extension was not read by Message Sync. */
  public Optional<MessageSyncCheckpoint> messageSyncCheckpoint(ExtensionId extension) {
    return Optional.ofNullable(row(extension).checkpoint);
  }

  /**
   * True when a text the extension's read delivered failed (lookup, write, owner, or not processed after a stop) or a
   * record could not be read. Held texts and late re-checks that failed do not count: a held text comes back in
   * the next incremental Message Sync when its status changes, and a late re-check stays on the late-match list.
   */
  public boolean leftUnwritten(ExtensionId extension) {
    return row(extension).leftUnwritten;
  }

  /** Why the target's row is incomplete (shown in the report). */
  public void error(SyncTarget t, String error) {
    row(t).error = error;
  }

  /** A message the source delivered a second time: counted once, summed up in a warning. */
  public void duplicate() {
    duplicates++;
  }

  /**
   * Counts one text of the target, the first time its message id is delivered in the run (a repeat goes to
   * {@link #duplicate} instead). The caller then records exactly one outcome for it: {@link #intakerFiltered},
   * {@link #unmatched}, {@link #failed} or {@link #matched}; otherwise fetched ≠ the sum of the outcomes.
   *
   * @throws IllegalStateException when {@code t} is not a target of this run
   */
  public void fetched(SyncTarget t) {
    row(t).fetched++;
  }

  /**
   * As {@link #fetched}, for a text of the late-match list that this run now counts (it matched or failed): the fetch
   * never delivered it, so the progress shown while reading left it out ({@link #lateFetched}).
   */
  public void fetchedLate(SyncTarget t) {
    ExtensionTally row = row(t);
    row.fetched++;
    row.lateFetched++;
  }

  /** How many of the extension's {@link #fetched(ExtensionId)} came from the late-match list ({@link #fetchedLate}). */
  public long lateFetched(ExtensionId extension) {
    return row(extension).lateFetched;
  }

  /**
   * Outcome of a fetched text whose body matches {@code intakerFilter.bodyPrefixRegex} (design.md §3): counted as
   * filtered, never written, and deliberately skipped, so it does not hold the watermark back.
   *
   * @throws IllegalStateException when {@code t} is not a target of this run
   */
  public void intakerFiltered(SyncTarget t) {
    row(t).intakerFiltered++;
  }

  /**
   * Outcome of a fetched text that belongs to no Matter or Intake: counted and listed in the report's unmatched
   * messages (the {@code -unmatched.csv} rows). Deliberately skipped, so it does not hold the watermark back.
   *
   * @param counterparty as shown in the report: the raw value that is not a US number ("22395", "" when the text
   *     has none), or the text's 10-digit numbers separated by spaces when none of them matched
   * @param reason why, e.g. "short code (5-6 digits), not a person" or "no Matter or Intake holds this number"
   * @throws IllegalStateException when {@code t} is not a target of this run
   */
  public void unmatched(SyncTarget t, SmsMessage m, String counterparty, String reason) {
    row(t).unmatched++;
    MessageIssue issue = new MessageIssue(m.id().value(), t.shown(), counterparty, reason);
    unmatchedRows++;
    if (rowSink == null) {
      unmatched.add(issue);
    } else {
      if (unmatched.size() < RunReport.STREAMED_SAMPLE) {
        unmatched.add(issue);
      }
      rowSink.unmatched(issue);
    }
  }

  private void failureRow(MessageIssue issue) {
    failureRows++;
    if (rowSink == null) {
      failures.add(issue);
    } else {
      if (failures.size() < RunReport.STREAMED_SAMPLE) {
        failures.add(issue);
      }
      rowSink.failure(issue);
    }
  }

  private void fileRow(FileIssue file) {
    fileRows++;
    if (file.outcome() == FileIssue.Outcome.FAILED) {
      failedFileRows++;
    }
    if (rowSink == null) {
      files.add(file);
    } else {
      if (files.size() < RunReport.STREAMED_SAMPLE) {
        files.add(file);
      }
      rowSink.file(file);
    }
  }

  /**
   * Puts the text on the late-match list unless it was created before {@link #keepLateMatchesSince}; when the list
   * is then over its maximum, the oldest text leaves it (counted, and named in {@link #finish}'s warning).
   */
  private void keep(UnmatchedText text) {
    if (text.creationTime().isBefore(keepSince)) {
      return;
    }
    if (keep.containsKey(text.id())) {
      keep.put(text.id(), text);
      return;
    }
    keep.put(text.id(), text);
    keptByAge.add(Kept.of(text));
    if (keep.size() > lateMatchMax) {
      Kept oldest = keptByAge.pollFirst();
      keep.remove(oldest.id()); // the id as kept: an SMS-Magic id is no RingCentral one (MessageId.of)
      lateMatchDropped++;
      if (lateMatchDroppedUpTo == null || oldest.creationTime().isAfter(lateMatchDroppedUpTo)) {
        lateMatchDroppedUpTo = oldest.creationTime();
      }
    }
  }

  /**
   * Outcome of a text no Matter or Intake holds a number of: {@link #unmatched} with the reason "no Matter or Intake
   * holds this number", and kept for a late match. A text re-checked from the late-match list ({@link #late}) that
   * still matches nothing is only kept: it was counted by the run that first read it.
   *
   * @param numbers the text's 10-digit numbers separated by spaces
   */
  public void noHolder(SyncTarget t, SmsMessage m, String numbers) {
    keep(UnmatchedText.of(m));
    if (!late.contains(m.id())) {
      unmatched(t, m, numbers, "no Matter or Intake holds this number");
    }
  }

  /**
   * Marks a text as re-checked from the late-match list: it is counted as fetched only when it gets an outcome other
   * than still unmatched (the caller then calls {@link #fetched}), counted in matchedLate when matched, and kept
   * for the next run when it fails.
   */
  public void late(MessageId id) {
    late.add(id);
  }

  /** True when the text was marked by {@link #late}. */
  public boolean isLate(MessageId id) {
    return late.contains(id);
  }

  /** Keeps a text on the late-match list without counting it (e.g. a re-check the run stopped before reaching). */
  public void keepForLateMatch(UnmatchedText text) {
    keep(text);
  }

  /**
   * The texts to keep on the late-match list after this run: those with no holder, late re-checks still unmatched
   * or failed, and those kept by {@link #keepForLateMatch}; in the order recorded. None created before
   * {@link #keepLateMatchesSince}, and at most {@link #LATE_MATCH_LIST_MAX} (the newest).
   */
  public List<UnmatchedText> keptForLateMatch() {
    return List.copyOf(keep.values());
  }

  /**
   * Outcome of a record RingCentral returned with {@code availability: Purged}: counted as purged; no Note, no
   * failure, and it does not hold the watermark back.
   */
  public void purged(SyncTarget t) {
    row(t).purged++;
  }

  /**
   * Outcome of an outbound text still {@code Queued} or {@code Sending}: counted as held, not written, and its time
   * keeps the watermark before it so the next run reads it again.
   */
  public void held(SyncTarget t, SmsMessage m) {
    ExtensionTally row = row(t);
    row.held++;
    row.unwritten(m);
  }

  /** A text that was not written (and, in an incremental run, keeps the watermark before its time). */
  public void failed(SyncTarget t, SmsMessage m, String counterparty, String reason) {
    if (late.contains(m.id())) {
      // outside the window: kept on the late-match list instead of holding the watermark back
      row(t).failed++;
      keep(UnmatchedText.of(m));
    } else {
      row(t).failed(m);
    }
    failureRow(new MessageIssue(m.id().value(), t.shown(), counterparty, reason));
  }

  /**
   * A record the source could not read: fetched and failed at once, reported with its id in the failures. It holds
   * neither the watermark nor the Message Sync checkpoint — re-reading cannot repair it, and a held checkpoint would
   * re-read (and fail) it on every run, exit 1, until the token expired; the failures CSV is its record.
   */
  public void malformed(SyncTarget t, MalformedMessage bad) {
    ExtensionTally row = row(t);
    row.fetched++;
    row.failed++;
    failureRow(new MessageIssue(bad.rawId(), t.shown(), "", "malformed record: " + bad.reason()));
  }

  /**
   * A row an SMS-Magic history source could not read (issue 15, {@code HistorySource.Page.rejected}): fetched and
   * failed at once, reported in the failures with its id or line and the source's one-line reason.
   */
  public void rejected(SyncTarget t, String rawId, String reason) {
    ExtensionTally row = row(t);
    row.fetched++;
    row.failed++;
    failureRow(new MessageIssue(rawId, t.shown(), "", reason));
  }

  /**
   * An SMS-Magic history record that is a migration copy of another history record (issue 15: an SMS History
   * {@code IN} record copying an Incoming SMS one): fetched and deduplicated at once, never written, and a row of the
   * de-duplicated CSV.
   */
  public void copyInHistory(SyncTarget t, DeduplicatedText row) {
    ExtensionTally r = row(t);
    r.fetched++;
    r.deduplicated++;
    dedupRow(row);
  }

  /**
   * Outcome of a history record whose Note was drafted but duplicates an {@code rc_msg_} Note (issue 15): counted as
   * deduplicated instead of matched, never written, and a row of the de-duplicated CSV. An import's texts have one
   * Note each, so the text is settled here.
   */
  public void noteDeduplicated(NoteBatches.Pending p, DeduplicatedText row) {
    row(p.target()).deduplicated++;
    dedupRow(row);
  }

  private void dedupRow(DeduplicatedText row) {
    dedupRows++;
    if (rowSink == null) {
      deduplicatedRows.add(row);
    } else {
      if (deduplicatedRows.size() < RunReport.STREAMED_SAMPLE) {
        deduplicatedRows.add(row);
      }
      rowSink.deduplicated(row);
    }
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

  /**
   * One Note of a text was written (or, in a dry run, would be). The text is settled when its last Note is accounted
   * for: as {@link #matched} under its best match's kind (plus deliveryFailed when RingCentral reports its delivery
   * failed, and matchedLate when it is a late match) if every Note was written, else as {@link #failed} with the
   * first Note's error.
   */
  public void noteMatched(NoteBatches.Pending p) {
    settle(p, null);
  }

  /** One Note of a text was not written, for {@code reason}; see {@link #noteMatched}. */
  public void noteFailed(NoteBatches.Pending p, String reason) {
    settle(p, reason == null ? "not written" : reason);
  }

  /** One Note of a text was waiting for its write when the run stopped; see {@link #noteMatched}. */
  public void noteNotProcessed(NoteBatches.Pending p) {
    settle(p, "not processed: run stopped (" + aborted + ")");
  }

  private static final class GroupTally {
    int remaining;
    String failure;
    String failedCounterparty;
  }

  private void settle(NoteBatches.Pending p, String failure) {
    SmsMessage m = p.message();
    String counterparty = p.draft().counterparty() == null ? "" : p.draft().counterparty().digits();
    if (p.notesOfText() > 1) {
      GroupTally g = groups.computeIfAbsent(m.id(), k -> {
        GroupTally n = new GroupTally();
        n.remaining = p.notesOfText();
        return n;
      });
      if (failure != null && g.failure == null) {
        g.failure = failure;
        g.failedCounterparty = counterparty;
      }
      if (--g.remaining > 0) {
        return;
      }
      groups.remove(m.id());
      failure = g.failure;
      counterparty = g.failedCounterparty;
    }
    if (failure != null) {
      failed(p.target(), m, counterparty, failure);
      return;
    }
    matched(p.target(), p.bestKind(), p.ambiguous());
    ExtensionTally row = row(p.target());
    if (p.notesOfText() > 1) {
      row.groupTexts++;
      row.extraGroupNotes += p.notesOfText() - 1;
    }
    if (DeliveryStatus.of(m) == DeliveryStatus.FAILED) {
      row.deliveryFailed++;
    }
    if (late.contains(m.id())) {
      row.matchedLate++;
    }
  }

  /**
   * One MMS media attachment of a text whose Note exists (issue 12) and what happened to it: counted in the
   * extension's {@link FileCounts} (media, plus the outcome; bytes from {@code sizeBytes} for copied and would-copy
   * files) and listed in the report's files. The text's own counts do not change: it stays matched (its Note exists).
   * A {@link FileIssue.Outcome#FAILED} file keeps the extension's watermark before the text and its Message Sync
   * checkpoint unsaved, as a failed text does, so the next run reads the text again and copies the file; a text
   * re-checked from the late-match list (outside the window) is kept on that list instead. Files refused by policy,
   * skipped or {@link FileIssue.Outcome#UNAVAILABLE unavailable} do not hold anything back: a retry cannot change
   * their outcome (an unavailable one still makes the run exit 1, like {@link #malformed}). A file that was only
   * re-linked in a later batch ({@link #fileLinkFailed}) is not recorded here.
   *
   * @throws IllegalStateException when {@code t} is not a target of this run
   */
  public void file(SyncTarget t, SmsMessage m, FileIssue file) {
    ExtensionTally row = row(t);
    long size = file.sizeBytes() == null ? 0 : file.sizeBytes();
    FileCounts delta = switch (file.outcome()) {
      case COPIED -> new FileCounts(1, 1, size, 0, 0, 0, 0, 0, 0, 0, 0);
      case ALREADY_STORED -> new FileCounts(1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
      case WOULD_COPY -> new FileCounts(1, 0, 0, 0, 0, 0, 0, 0, 1, size, file.sizeBytes() == null ? 1 : 0);
      case OVER_LIMIT -> new FileCounts(1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
      case TYPE_REFUSED -> new FileCounts(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
      case FAILED -> new FileCounts(1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
      case UNAVAILABLE -> new FileCounts(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
      case SKIPPED -> new FileCounts(1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
    };
    row.files = row.files.plus(delta);
    fileRow(file);
    if (file.outcome() == FileIssue.Outcome.FAILED) {
      pin(row, m);
    }
  }

  /**
   * A file counted by an earlier batch of this run (a group text whose Notes span batches) whose link to this
   * batch's Notes or Matters/Intakes failed: not counted again, but it holds the watermark / checkpoint back as a
   * failed file does, so the next run repairs the link; its reason is added to the report's files as a failed row.
   */
  public void fileLinkFailed(SyncTarget t, SmsMessage m, FileIssue file) {
    fileRow(file);
    pin(row(t), m);
  }

  /** Links to a Matter/Intake the file's Notes were moved to or away from (counted in {@link FileCounts#linksMoved}). */
  public void linksMoved(SyncTarget t, long n) {
    if (n > 0) {
      ExtensionTally row = row(t);
      row.files = row.files.plus(new FileCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n));
    }
  }

  private void pin(ExtensionTally row, SmsMessage m) {
    if (late.contains(m.id())) {
      keep(UnmatchedText.of(m));
    } else {
      row.leftUnwritten = true;
      row.unwritten(m);
    }
  }

  /** The reason a run stopped, for files left undone then ("not processed: run stopped (...)"). */
  public String stopReason() {
    return "not processed: run stopped (" + aborted + ")";
  }

  /** A matched text's Note was written: created or updated. */
  public void written(SyncTarget t, WriteOutcome.Status status) {
    if (status == WriteOutcome.Status.CREATED) {
      row(t).created++;
    } else {
      row(t).updated++;
    }
  }

  /** A matched text's Note already existed and needed no write (counted in {@code unchanged}, not {@code updated}). */
  public void unchanged(SyncTarget t) {
    row(t).unchanged++;
  }

  /**
   * The extension's fetched count so far: distinct texts, plus malformed records and texts delivered after a stop.
   *
   * @throws IllegalStateException when the extension is not a target of this run
   */
  public long fetched(ExtensionId extension) {
    return row(extension).fetched;
  }

  /**
   * The window recorded for the extension by {@link #window(SyncTarget, TimeWindow)}; empty when it was never read
   * (empty window, the run stopped first, or pushed messages, which have no window).
   *
   * @throws IllegalStateException when the extension is not a target of this run
   */
  public Optional<TimeWindow> window(ExtensionId extension) {
    return Optional.ofNullable(row(extension).window);
  }

  /**
   * True when the extension's window was read to the last page ({@link #readCompletely(SyncTarget)}); false when it
   * was not read, its fetch failed or the run stopped while reading it. Only then may its watermark advance.
   *
   * @throws IllegalStateException when the extension is not a target of this run
   */
  public boolean readCompletely(ExtensionId extension) {
    return row(extension).readCompletely;
  }

  /**
   * The RingCentral {@code creationTime} of the extension's earliest text recorded by {@link #failed} (including
   * texts not processed after a stop): the watermark must not pass it. Empty when none failed. Malformed records
   * are failed without a time and do not count here.
   *
   * @throws IllegalStateException when the extension is not a target of this run
   */
  public Optional<Instant> earliestUnwritten(ExtensionId extension) {
    return Optional.ofNullable(row(extension).earliestUnwritten);
  }

  /**
   * Ends the run: warns about MMS files refused by {@code attachments.*} ("N MMS file(s) refused by attachments.*:
   * see the attachments CSV"), about files that failed or are unavailable (they make the run exit 1 while the texts'
   * failures CSV may be empty: the line says where they are), and about duplicates, and reads the clock.
   */
  public void finish() {
    long refused = rows.values().stream().mapToLong(r -> r.files.refused()).sum();
    if (refused > 0) {
      warnings.add(refused + " MMS file(s) refused by attachments.*: see the attachments CSV");
    }
    long failedFiles = rows.values().stream().mapToLong(r -> r.files.failed() + r.files.unavailable()).sum();
    if (failedFiles > 0) {
      warnings.add(failedFiles + " MMS file(s) not copied (failed or unavailable): see the attachments CSV for each"
          + " reason; failed ones are retried by the next run");
    }
    if (duplicates > 0) {
      warnings.add(duplicates + " message(s) were delivered twice by the source and counted once");
    }
    if (lateMatchDropped > 0) {
      warnings.add(lateMatchDropped + " unmatched text(s) created up to " + lateMatchDroppedUpTo + " were not kept for a"
          + " late match: the late-match list keeps the newest " + lateMatchMax + "; each is a row of the unmatched"
          + " CSV of the run that first read it, and once its Matter or Intake exists a sync --backfill over its day"
          + " writes its Note");
    }
    finishedAt = clock.instant();
  }

  /**
   * The run's report: one row per target in the order they were added (counts, window, error), totals summed over
   * the rows, failures and unmatched texts in the order recorded, skipped staff, warnings, why the run stopped, and
   * the API calls per system made between the constructor and this call. Call after {@link #finish}: before it
   * the report has no {@code finishedAt} and its {@code duration()} throws. Each call builds a new report.
   *
   * @param verb "sync", "ingest", "verify" or "import-smsmagic", as the report file names it
   * @param mode "backfill", "incremental" or "push"
   * @param wave the wave read, or "-" for pushed messages
   */
  public RunReport report(String verb, String mode, String wave) {
    List<ExtensionSummary> summaries = new ArrayList<>();
    Counts total = Counts.ZERO;
    FileCounts fileTotal = FileCounts.ZERO;
    for (ExtensionTally r : rows.values()) {
      total = total.plus(r.counts());
      fileTotal = fileTotal.plus(r.files);
      summaries.add(r.summary());
    }
    return new RunReport(verb, mode, dryRun, wave, startedAt, finishedAt, summaries, total, failures, unmatched,
        skippedStaff, warnings, apiCalls.since(apiBefore), Optional.ofNullable(aborted), fileTotal, files,
        new RunReport.Rows(failureRows, unmatchedRows, fileRows, failedFileRows, rowSink != null, dedupRows),
        deduplicatedRows);
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
