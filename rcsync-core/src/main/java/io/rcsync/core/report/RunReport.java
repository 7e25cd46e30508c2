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
 * @param files every MMS media attachment of the run with its outcome, in the order handled (the
 *     {@code -attachments.csv} rows)
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
    List<FileIssue> files) {

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
        && fileTotals.unavailable() == 0 && files.stream().noneMatch(f -> f.outcome() == FileIssue.Outcome.FAILED);
  }
}
