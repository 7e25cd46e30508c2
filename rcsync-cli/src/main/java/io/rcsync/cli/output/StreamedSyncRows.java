package io.rcsync.cli.output;

import com.fasterxml.jackson.databind.SequenceWriter;
import io.rcsync.cli.store.LocalFileException;
import io.rcsync.core.port.out.ReportRows;
import io.rcsync.core.report.DeduplicatedText;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A sync run's failure, unmatched and attachment rows written to their CSVs as they happen (issue 13 item 2), so a
 * run of any size holds no row per text in memory; an SMS-Magic import's (issue 15) also its de-duplicated rows,
 * renamed to {@code -deduplicated.csv} by
 * {@link ReportWriter#importHistory(io.rcsync.core.report.RunReport, int, ReportWriter.ImportRun, SalesforceApiUsage, StreamedSyncRows)}. Opened by {@link ReportWriter#streamSyncRows()} before the run,
 * handed to the run as its {@link ReportRows}, then given to
 * {@link ReportWriter#sync(io.rcsync.core.report.RunReport, int, String, SalesforceApiUsage, StreamedSyncRows)},
 * which renames the finished files to the report's {@code -failures.csv}, {@code -unmatched.csv} and
 * {@code -attachments.csv} (the last only when the run had MMS media). The files are byte for byte what the in-memory
 * path writes for the same rows ({@link ReportCsv}: header row, CRLF, formula cells neutralised, secrets masked).
 *
 * <p>Until then each CSV is a hidden {@code .rcsync-sync-*.csv.part} file beside the reports, readable by the owner
 * only (a temporary file's default permissions, 0600 on POSIX). {@link #close()} deletes the part files that were not
 * renamed: a run that ends in an exception leaves no half report, as before. Not thread-safe: the run's accounting
 * thread writes the rows.
 */
public final class StreamedSyncRows implements ReportRows, AutoCloseable {
  private static final String FAILURES = "failures";
  private static final String UNMATCHED = "unmatched";
  private static final String ATTACHMENTS = "attachments";
  private static final String DEDUPLICATED = "deduplicated";

  private final UnaryOperator<String> mask;
  private final Function<Path, String> display;
  private final Map<String, Path> parts = new LinkedHashMap<>();
  private final Map<String, Writer> writers = new LinkedHashMap<>();
  private final SequenceWriter failures;
  private final SequenceWriter unmatched;
  private final SequenceWriter attachments;
  private final SequenceWriter deduplicated;
  private boolean finished;

  /**
   * @param ownerColumn an SMS-Magic import's files: the failures/unmatched CSVs' second column is named owner (the
   *     owner's User Id), not extension
   */
  StreamedSyncRows(Path dir, UnaryOperator<String> mask, Function<Path, String> display, boolean ownerColumn) {
    this.mask = mask;
    this.display = display;
    try {
      Files.createDirectories(dir);
      failures = ownerColumn ? ReportCsv.ownerIssueStream(open(dir, FAILURES))
          : ReportCsv.issueStream(open(dir, FAILURES));
      unmatched = ownerColumn ? ReportCsv.ownerIssueStream(open(dir, UNMATCHED))
          : ReportCsv.issueStream(open(dir, UNMATCHED));
      attachments = ReportCsv.attachmentStream(open(dir, ATTACHMENTS));
      deduplicated = ReportCsv.deduplicatedStream(open(dir, DEDUPLICATED));
    } catch (IOException e) {
      close();
      throw new LocalFileException("cannot write reports to " + display.apply(dir) + " (" + e.getMessage()
          + "): pass --report-dir DIR to write elsewhere; nothing was done", e);
    }
  }

  private Writer open(Path dir, String kind) throws IOException {
    Path part = Files.createTempFile(dir, ".rcsync-sync-", "-" + kind + ".csv.part");
    parts.put(kind, part);
    Writer w = new BufferedWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8), 1 << 16);
    writers.put(kind, w);
    return w;
  }

  @Override
  public void failure(MessageIssue row) {
    write(FAILURES, failures, ReportCsv.issueRow(row, mask));
  }

  @Override
  public void unmatched(MessageIssue row) {
    write(UNMATCHED, unmatched, ReportCsv.issueRow(row, mask));
  }

  @Override
  public void file(FileIssue row) {
    write(ATTACHMENTS, attachments, ReportCsv.attachmentRow(row, mask));
  }

  /** An import's de-duplicated record (issue 15): a row of the {@code -deduplicated.csv}. A sync writes none. */
  @Override
  public void deduplicated(DeduplicatedText row) {
    write(DEDUPLICATED, deduplicated, ReportCsv.deduplicatedRow(row, mask));
  }

  private void write(String kind, SequenceWriter to, Object row) {
    try {
      to.write(row);
    } catch (IOException e) {
      throw new LocalFileException("cannot write report " + display.apply(parts.get(kind)) + " (" + e.getMessage()
          + "): free space there or pass --report-dir DIR; the run stopped, and what it wrote is re-checked by the"
          + " next run", e);
    }
  }

  /**
   * Flushes and closes the CSVs and returns them by kind ("failures", "unmatched", "attachments", "deduplicated"): the caller
   * renames them into place. After this, rows are refused.
   */
  Map<String, Path> finish() {
    try {
      for (SequenceWriter w : new SequenceWriter[] {failures, unmatched, attachments, deduplicated}) {
        w.close();
      }
      for (Writer w : writers.values()) {
        w.close();
      }
    } catch (IOException e) {
      throw new LocalFileException("cannot write reports beside " + display.apply(parts.get(FAILURES)) + " ("
          + e.getMessage() + ")", e);
    }
    finished = true;
    return Map.copyOf(parts);
  }

  /** Closes the CSVs and deletes the part files still here (those not renamed into place); never throws. */
  @Override
  public void close() {
    if (!finished) {
      for (Writer w : writers.values()) {
        try {
          w.close();
        } catch (IOException e) {
          // deleting it next
        }
      }
    }
    for (Path p : parts.values()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a hidden .part file left in the reports directory; nothing reads it
      }
    }
  }
}
