package io.rcsync.cli.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The report CSVs, written like Salesforce Data Loader's success/error files: RFC 4180 with a header row, CRLF after
 * every row (the last too), a field quoted only when it holds a comma, a quote, CR or LF, quotes doubled, no escape
 * character, a missing value as an empty field. Jackson's default loose check would also quote fields longer than 24
 * characters or holding a space, so the exact check ({@code STRICT_CHECK_FOR_QUOTING}) is on. Cells are written as
 * they are: like Data Loader, no prefix is added to values starting with {@code = + - @}.
 */
final class ReportCsv {
  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
  private static final ObjectWriter ISSUES = writer(IssueRow.class);
  private static final ObjectWriter ISSUE_ROWS = CSV.writer(CSV.schemaFor(IssueRow.class).withoutHeader()
      .withLineSeparator("\r\n"));
  private static final ObjectWriter RECORD_FAILURES = writer(RecordFailureRow.class);
  private static final ObjectWriter ATTACHMENTS = writer(AttachmentRow.class);

  private ReportCsv() {}

  /** A message that was not mirrored (sync failures and unmatched, verify missing and unchecked). */
  @JsonPropertyOrder({"message_id", "extension", "counterparty", "reason"})
  record IssueRow(@JsonProperty("message_id") String messageId, String extension, String counterparty, String reason) {}

  /**
   * A failed record operation (rollback delete, restore upsert): the record a failure names (Salesforce id or external
   * id, the text before its first ": ") and why; a failure of a whole batch has no record.
   */
  @JsonPropertyOrder({"record", "reason"})
  record RecordFailureRow(String record, String reason) {
    static RecordFailureRow of(String failure) {
      int colon = failure.indexOf(": ");
      String record = colon > 0 ? failure.substring(0, colon) : "";
      if (record.isEmpty() || record.chars().anyMatch(Character::isWhitespace)) {
        return new RecordFailureRow("", failure);
      }
      return new RecordFailureRow(record, failure.substring(colon + 2));
    }
  }

  /** One MMS media attachment of a sync and its outcome (issue 12); sizeBytes empty when unknown. */
  @JsonPropertyOrder({"messageId", "extension", "attachmentId", "fileName", "contentType", "sizeBytes",
      "noteExternalId", "outcome", "reason"})
  record AttachmentRow(String messageId, String extension, String attachmentId, String fileName, String contentType,
      String sizeBytes, String noteExternalId, String outcome, String reason) {}

  /** Every MMS media attachment of the run, one row each, in the order handled. */
  static String attachments(List<FileIssue> files, UnaryOperator<String> mask) {
    return write(ATTACHMENTS, files.stream()
        .map(f -> new AttachmentRow(f.messageId(), f.extension(), f.attachmentId(), f.fileName(), f.contentType(),
            f.sizeBytes() == null ? "" : Long.toString(f.sizeBytes()), f.noteExternalId(), f.outcome().label(),
            mask.apply(f.reason())))
        .toList());
  }

  static String issues(List<MessageIssue> issues, UnaryOperator<String> mask) {
    return write(ISSUES, issues.stream()
        .map(i -> new IssueRow(i.messageId(), i.extension(), i.counterparty(), mask.apply(i.reason())))
        .toList());
  }

  /** As {@link #issues}, without the header row: more rows for a file that has one (serve's daily failures file). */
  static String issueRows(List<MessageIssue> issues, UnaryOperator<String> mask) {
    return write(ISSUE_ROWS, issues.stream()
        .map(i -> new IssueRow(i.messageId(), i.extension(), i.counterparty(), mask.apply(i.reason())))
        .toList());
  }

  static String recordFailures(List<String> failures, UnaryOperator<String> mask) {
    return write(RECORD_FAILURES, failures.stream().map(mask).map(RecordFailureRow::of).toList());
  }

  private static ObjectWriter writer(Class<?> row) {
    return CSV.writer(CSV.schemaFor(row).withHeader().withLineSeparator("\r\n"));
  }

  private static String write(ObjectWriter writer, List<?> rows) {
    try {
      return writer.writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      // rows of strings into a string: nothing here can fail but a bug
      throw new IllegalStateException("cannot write report CSV: " + e.getMessage(), e);
    }
  }
}
