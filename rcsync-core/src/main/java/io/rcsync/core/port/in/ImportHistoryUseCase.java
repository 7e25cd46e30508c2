package io.rcsync.core.port.in;

import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.port.out.ReportRows;
import io.rcsync.core.report.RunReport;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Bring the retired SMS-Magic package's message history across as Notes (issue 15, {@code rcsync import-smsmagic}):
 * every record of the {@link HistorySource} becomes a Note exactly like a RingCentral text would (same match policy,
 * or the record's own Matter/Intake lookup; topic by direction; message time; owner = the sending user, else the
 * configured default), keyed {@code External_Id__c = smsmagic_{record Id}} so a re-run changes nothing; records that
 * duplicate an {@code rc_msg_} Note of the same text are counted and not written.
 */
public interface ImportHistoryUseCase {

  /**
   * One import run.
   *
   * @param source where the records come from (the org, or a Data Loader export)
   * @param since inclusive, on the record's creation time; empty = from the first record
   * @param until exclusive; empty = up to now
   * @param dryRun read, match and look up as a real run does, write nothing
   * @param progress told as pages are read and Notes written
   * @param rows where failure/unmatched/de-duplicated rows stream (the CLI's CSVs); empty = all kept in the report
   */
  record ImportCommand(HistorySource source, Optional<Instant> since, Optional<Instant> until, boolean dryRun,
      ProgressListener progress, Optional<ReportRows> rows) {
    public ImportCommand {
      Objects.requireNonNull(source, "source");
      since = since == null ? Optional.empty() : since;
      until = until == null ? Optional.empty() : until;
      progress = progress == null ? ProgressListener.NONE : progress;
      rows = rows == null ? Optional.empty() : rows;
    }
  }

  /**
   * Runs one import. Every record read is accounted for in the report: the categories add up to what was read.
   *
   * @return the run's report, verb {@code import-smsmagic}, naming the source ({@link RunReport#historySource()}) and
   *     holding the source's own warnings ({@code HistorySource.warnings()}) after the run's
   */
  RunReport importHistory(ImportCommand command);
}
