package io.rcsync.core.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account of one sync (or ingest) run: per extension and in total, with every message that was not
 * mirrored listed with its reason.
 *
 * @param skippedStaff roster members who were not synced and why (e.g. "Sara Collins: no RingCentral extension")
 * @param apiCalls calls made to each external system during the run
 * @param aborted why the run stopped before the end, when it did
 * @param fileTotals what happened to the MMS media of the run's texts (issue 12), summed over the extensions
 * @param failures the texts that failed, in the order recorded: all of them, or the first
 *     {@link #STREAMED_SAMPLE} when the rows were streamed ({@link Rows#streamed()}); {@link Rows#failures()} counts them
 * @param unmatched the unmatched texts, likewise (all, or the first {@link #STREAMED_SAMPLE})
 * @param files every MMS media attachment of the run with its outcome, in the order handled (the
 *     {@code -attachments.csv} rows), or the first {@link #STREAMED_SAMPLE} when streamed
 * @param rows how many rows of each kind the run recorded, and whether they went to a
 *     {@link io.rcsync.core.port.out.ReportRows} as they happened (then the lists above are only their start)
 * @param deduplicated an SMS-Magic import's records not written as duplicates (issue 15; the de-duplicated CSV's
 *     rows), all or the first {@link #STREAMED_SAMPLE} when streamed; empty for a sync
 * @param historySource what an SMS-Magic import read ({@code HistorySource.description()}, e.g. "org: SMS History
 *     (smagicinteract__smsMagic__c), Incoming SMS (...)" or "file: exports/h.csv (...)"); empty for a sync
 */
public record RunReport(
    String verb,
    String mode,
    boolean dryRun,
    String wave,
    Instant startedAt,
    Instant finishedAt,
    List<ExtensionSummary> extensions,
    Counts totals,
    List<MessageIssue> failures,
    List<MessageIssue> unmatched,
    List<String> skippedStaff,
    List<String> warnings,
    Map<String, Long> apiCalls,
    Optional<String> aborted,
    FileCounts fileTotals,
    List<FileIssue> files,
    Rows rows,
    List<DeduplicatedText> deduplicated,
    Optional<String> historySource) {

  /** Rows of each kind kept in the report when they were streamed to a {@code ReportRows}: the console's sample. */
  public static final int STREAMED_SAMPLE = 20;

  /**
   * The number of report rows of each kind (issue 13 item 2), whether or not the report lists them all.
   *
   * @param failures rows of the failures CSV (equals {@code totals.failed()})
   * @param unmatched rows of the unmatched CSV (equals {@code totals.unmatched()})
   * @param files rows of the attachments CSV: every media attachment, plus a failed row per later link failure
   * @param failedFiles those of {@code files} with the outcome failed
   * @param streamed true when the rows went to a {@code ReportRows} as they happened and the lists hold only the first
   *     {@link #STREAMED_SAMPLE} of each kind
   * @param deduplicated rows of an import's de-duplicated CSV (equals {@code totals.deduplicated()}; issue 15)
   */
  public record Rows(long failures, long unmatched, long files, long failedFiles, boolean streamed, long deduplicated) {
    /** The rows of a sync (no de-duplicated rows). */
    public Rows(long failures, long unmatched, long files, long failedFiles, boolean streamed) {
      this(failures, unmatched, files, failedFiles, streamed, 0);
    }

    /** The counts of lists that hold every row. */
    public static Rows of(List<MessageIssue> failures, List<MessageIssue> unmatched, List<FileIssue> files) {
      return new Rows(failures.size(), unmatched.size(), files.size(),
          files.stream().filter(f -> f.outcome() == FileIssue.Outcome.FAILED).count(), false);
    }
  }

  /** A report without a history source (a sync's, or an import's before {@link #withHistorySource}). */
  public RunReport(String verb, String mode, boolean dryRun, String wave, Instant startedAt, Instant finishedAt,
      List<ExtensionSummary> extensions, Counts totals, List<MessageIssue> failures, List<MessageIssue> unmatched,
      List<String> skippedStaff, List<String> warnings, Map<String, Long> apiCalls, Optional<String> aborted,
      FileCounts fileTotals, List<FileIssue> files, Rows rows, List<DeduplicatedText> deduplicated) {
    this(verb, mode, dryRun, wave, startedAt, finishedAt, extensions, totals, failures, unmatched, skippedStaff,
        warnings, apiCalls, aborted, fileTotals, files, rows, deduplicated, Optional.empty());
  }

  /** A sync's report: no de-duplicated rows. */
  public RunReport(String verb, String mode, boolean dryRun, String wave, Instant startedAt, Instant finishedAt,
      List<ExtensionSummary> extensions, Counts totals, List<MessageIssue> failures, List<MessageIssue> unmatched,
      List<String> skippedStaff, List<String> warnings, Map<String, Long> apiCalls, Optional<String> aborted,
      FileCounts fileTotals, List<FileIssue> files, Rows rows) {
    this(verb, mode, dryRun, wave, startedAt, finishedAt, extensions, totals, failures, unmatched, skippedStaff,
        warnings, apiCalls, aborted, fileTotals, files, rows, List.of());
  }

  /** A report whose lists hold every row (none streamed). */
  public RunReport(String verb, String mode, boolean dryRun, String wave, Instant startedAt, Instant finishedAt,
      List<ExtensionSummary> extensions, Counts totals, List<MessageIssue> failures, List<MessageIssue> unmatched,
      List<String> skippedStaff, List<String> warnings, Map<String, Long> apiCalls, Optional<String> aborted,
      FileCounts fileTotals, List<FileIssue> files) {
    this(verb, mode, dryRun, wave, startedAt, finishedAt, extensions, totals, failures, unmatched, skippedStaff,
        warnings, apiCalls, aborted, fileTotals, files, Rows.of(failures, unmatched, files == null ? List.of() : files));
  }

  /** A report of a run without MMS media figures (before issue 12): no files. */
  public RunReport(String verb, String mode, boolean dryRun, String wave, Instant startedAt, Instant finishedAt,
      List<ExtensionSummary> extensions, Counts totals, List<MessageIssue> failures, List<MessageIssue> unmatched,
      List<String> skippedStaff, List<String> warnings, Map<String, Long> apiCalls, Optional<String> aborted) {
    this(verb, mode, dryRun, wave, startedAt, finishedAt, extensions, totals, failures, unmatched, skippedStaff, warnings,
        apiCalls, aborted, FileCounts.ZERO, List.of());
  }

  public RunReport {
    fileTotals = fileTotals == null ? FileCounts.ZERO : fileTotals;
    files = files == null ? List.of() : List.copyOf(files);
    extensions = List.copyOf(extensions);
    failures = List.copyOf(failures);
    unmatched = List.copyOf(unmatched);
    skippedStaff = List.copyOf(skippedStaff);
    warnings = List.copyOf(warnings);
    apiCalls = Map.copyOf(apiCalls);
    aborted = aborted == null ? Optional.empty() : aborted;
    rows = rows == null ? Rows.of(failures, unmatched, files) : rows;
    deduplicated = deduplicated == null ? List.of() : List.copyOf(deduplicated);
    historySource = historySource == null ? Optional.empty() : historySource;
  }

  /**
   * This report naming the history source an import read, with the source's own warnings (fields the org lacks,
   * CSV date-times read in a zone, rows outside the window) after the run's, each once.
   */
  public RunReport withHistorySource(String description, List<String> sourceWarnings) {
    List<String> all = new java.util.ArrayList<>(warnings);
    sourceWarnings.stream().filter(w -> !all.contains(w)).forEach(all::add);
    return new RunReport(verb, mode, dryRun, wave, startedAt, finishedAt, extensions, totals, failures, unmatched,
        skippedStaff, all, apiCalls, aborted, fileTotals, files, rows, deduplicated,
        Optional.of(java.util.Objects.requireNonNull(description, "description")));
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /**
   * True when every message was accounted for and none failed, and no MMS file failed to copy or was found
   * unavailable (a file refused by {@code attachments.*} policy is a warning, not a failure). A group text's file
   * whose later link failed is a failed row in {@code files} without a count (it was counted once already): it makes
   * the run unclean too.
   */
  public boolean clean() {
    return aborted.isEmpty() && totals.failed() == 0 && totals.balanced() && fileTotals.failed() == 0
        && fileTotals.unavailable() == 0 && rows.failedFiles() == 0;
  }
}
