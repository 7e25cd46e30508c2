package io.rcsync.core.port.out;

import io.rcsync.core.report.DeduplicatedText;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;

/**
 * Receives a sync run's per-text report rows as they happen (issue 13 item 2: memory that does not grow with the
 * window): the texts that failed, the unmatched texts and the MMS media attachments with their outcome, in the order
 * the run records them. The CLI writes each row to its CSV at once ({@code -failures.csv}, {@code -unmatched.csv},
 * {@code -attachments.csv}); the run's {@link io.rcsync.core.report.RunReport} then keeps only the first rows of
 * each kind (for the console) and the number of rows ({@link io.rcsync.core.report.RunReport.Rows}), so a
 * million-text backfill holds no row per text in memory. Without one (embedders, tests, {@code ingest}) the report
 * keeps every row.
 *
 * <p>Called from the thread that accounts for the run, once per row; a row is never withdrawn. An exception thrown
 * here (the disk is full, say) ends the run with it: the rows are the run's record, so it must not go on without it.
 */
public interface ReportRows {
  /** A text (or a malformed record) that was not written, with why: a row of the failures CSV. */
  void failure(MessageIssue row);

  /** A text no Matter or Intake holds a number of, a short code, or no number: a row of the unmatched CSV. */
  void unmatched(MessageIssue row);

  /** An MMS media attachment and its outcome (issue 12): a row of the attachments CSV. */
  void file(FileIssue row);

  /**
   * An SMS-Magic history record an import did not write because it duplicates another text (issue 15): a row of the
   * import's de-duplicated CSV. A sync never calls it.
   *
   * @throws UnsupportedOperationException by default, so rows given to an implementation made only for a sync are
   *     never lost silently: the import stops with this message; implement it to stream the import's rows
   */
  default void deduplicated(DeduplicatedText row) {
    throw new UnsupportedOperationException(getClass().getName() + " does not take de-duplicated rows: implement "
        + "ReportRows.deduplicated to stream an import's de-duplicated CSV");
  }

  /**
   * True when this implementation takes an import's de-duplicated rows: by default, when it overrides
   * {@link #deduplicated} (read from its class, no call made). The import asks before it reads anything, so a
   * sync-only implementation is refused up front instead of failing the run after Notes were written.
   */
  default boolean takesDeduplicated() {
    try {
      return getClass().getMethod("deduplicated", DeduplicatedText.class).getDeclaringClass() != ReportRows.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
