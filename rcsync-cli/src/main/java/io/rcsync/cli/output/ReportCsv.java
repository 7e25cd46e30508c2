package io.rcsync.cli.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.rcsync.core.report.DeduplicatedText;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.MissingFile;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The report CSVs, written like Salesforce Data Loader's success/error files: RFC 4180 with a header row, CRLF after
 * every row (the last too), a field quoted only when it holds a comma, a quote, CR or LF, quotes doubled, no escape
 * character, a missing value as an empty field. Jackson's default loose check would also quote fields longer than 24
 * characters or holding a space, so the exact check ({@code STRICT_CHECK_FOR_QUOTING}) is on.
 *
 * <p><b>Formula injection</b> (review finding 8). Operators open these files in Excel or Sheets, and much of what they
 * hold comes from outside the firm: an SMS body quoted in a reason, an MMS file name chosen on the sender's phone,
 * an error text. A cell starting with {@code = + - @}, TAB or CR is read as a formula there ({@code =HYPERLINK(...)}
 * is live), so, as OWASP advises (https://owasp.org/www-community/attacks/CSV_Injection), such a cell is written with
 * a single quote in front ({@code '=HYPERLINK(...)}), which the spreadsheet shows as text. Which cells:
 * <ul>
 *   <li>free text, always ({@link #text}): reasons, file names, content types, outcomes, record names, external ids
 *       and ids (ids never start with those characters, so for them it is a no-op that costs nothing to keep);
 *   <li>number and phone columns ({@link #number}): {@code counterparty} and {@code sizeBytes}, only when the value is
 *       not a plain number or phone number. {@code +1 555 0100} or {@code -12} stay as they are (a sign, digits,
 *       spaces, dots, dashes and parentheses cannot call a function, and a quote would break scripts reading the
 *       number); {@code +1+cmd|' /c calc'!A0} is not plain, so it gets the quote.
 * </ul>
 * A script reading a neutralised cell sees the leading {@code '}; only values that were formulas get one.
 */
final class ReportCsv {
  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
  private static final ObjectWriter ISSUES = writer(IssueRow.class);
  private static final ObjectWriter ISSUE_ROWS = CSV.writer(CSV.schemaFor(IssueRow.class).withoutHeader()
      .withLineSeparator("\r\n"));
  /** An import's failures/unmatched header: the sync's, its extension column named owner. */
  private static final String OWNER_HEADER = write(ISSUES, List.of()).replace(",extension,", ",owner,");
  private static final ObjectWriter RECORD_FAILURES = writer(RecordFailureRow.class);
  private static final ObjectWriter ATTACHMENTS = writer(AttachmentRow.class);
  private static final ObjectWriter ATTACHMENT_ROWS = CSV.writer(CSV.schemaFor(AttachmentRow.class).withoutHeader()
      .withLineSeparator("\r\n"));
  private static final ObjectWriter MISSING_FILES = writer(MissingFileRow.class);
  private static final ObjectWriter DEDUPLICATED = writer(DeduplicatedRow.class);
  private static final ObjectWriter DEDUPLICATED_ROWS = CSV.writer(CSV.schemaFor(DeduplicatedRow.class).withoutHeader()
      .withLineSeparator("\r\n"));

  private ReportCsv() {}

  /** A plain number or phone number: an optional sign, then digits, spaces, dots, dashes and parentheses only. */
  private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[+-]?[0-9 ().\\-]*");

  /**
   * A free-text cell, neutralised: a value starting with {@code = + - @}, TAB or CR gets a {@code '} in front (OWASP
   * CSV injection advice, see the class comment); anything else, and null, as it is.
   */
  static String text(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    char c = value.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
  }

  /** A number or phone cell: as it is when a plain number or phone number, else neutralised as {@link #text}. */
  static String number(String value) {
    return value == null || PLAIN_NUMBER.matcher(value).matches() ? value : text(value);
  }

  /** A message that was not mirrored (sync failures and unmatched, verify missing and unchecked). */
  @JsonPropertyOrder({"message_id", "extension", "counterparty", "reason"})
  record IssueRow(@JsonProperty("message_id") String messageId, String extension, String counterparty, String reason) {
    IssueRow {
      messageId = text(messageId);
      extension = text(extension);
      counterparty = number(counterparty);
      reason = text(reason);
    }
  }

  /**
   * A failed record operation (rollback delete, restore upsert): the record a failure names (Salesforce id or external
   * id, the text before its first ": ") and why; a failure of a whole batch has no record.
   */
  @JsonPropertyOrder({"record", "reason"})
  record RecordFailureRow(String record, String reason) {
    RecordFailureRow {
      record = text(record);
      reason = text(reason);
    }

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
      String sizeBytes, String noteExternalId, String outcome, String reason) {
    AttachmentRow {
      messageId = text(messageId);
      extension = text(extension);
      attachmentId = text(attachmentId);
      fileName = text(fileName);
      contentType = text(contentType);
      sizeBytes = number(sizeBytes);
      noteExternalId = text(noteExternalId);
      outcome = text(outcome);
      reason = text(reason);
    }
  }

  /**
   * An MMS file verify found missing or not linked (issue 12, {@code -verify-missing-files.csv}); the columns of
   * {@code -attachments.csv} it shares keep their names there.
   */
  @JsonPropertyOrder({"messageId", "noteExternalId", "attachmentId", "fileName", "reason"})
  record MissingFileRow(String messageId, String noteExternalId, String attachmentId, String fileName, String reason) {
    MissingFileRow {
      messageId = text(messageId);
      noteExternalId = text(noteExternalId);
      attachmentId = text(attachmentId);
      fileName = text(fileName);
      reason = text(reason);
    }
  }

  /**
   * An SMS-Magic history record an import did not write because it is the same text as a Note or record that wins
   * (issue 15, {@code -import-smsmagic-deduplicated.csv}): its Note key, the key of what it duplicates
   * ({@code rc_msg_...}, or the Incoming SMS record's {@code smsmagic_...} for a migration copy), the counterparty and
   * why.
   */
  @JsonPropertyOrder({"history_key", "kept_key", "counterparty", "reason"})
  record DeduplicatedRow(@JsonProperty("history_key") String historyKey, @JsonProperty("kept_key") String keptKey,
      String counterparty, String reason) {
    DeduplicatedRow {
      historyKey = text(historyKey);
      keptKey = text(keptKey);
      counterparty = number(counterparty);
      reason = text(reason);
    }
  }

  /** One de-duplicated CSV row, masked. */
  static DeduplicatedRow deduplicatedRow(DeduplicatedText d, UnaryOperator<String> mask) {
    return new DeduplicatedRow(d.historyKey(), d.keptKey(), d.counterparty(), mask.apply(d.reason()));
  }

  /** An import's de-duplicated records, one row each (header row first, as every report CSV). */
  static String deduplicated(List<DeduplicatedText> rows, UnaryOperator<String> mask) {
    return write(DEDUPLICATED, rows.stream().map(d -> deduplicatedRow(d, mask)).toList());
  }

  /** As {@link #issueStream}, for the de-duplicated CSV ({@link DeduplicatedRow}s; same bytes as {@link #deduplicated}). */
  static SequenceWriter deduplicatedStream(Writer out) throws IOException {
    out.write(deduplicated(List.of(), s -> s));
    return DEDUPLICATED_ROWS.writeValues(out);
  }

  /** Verify's missing files, one row each, masked file names and reasons. */
  static String missingFiles(List<MissingFile> files, UnaryOperator<String> mask) {
    return write(MISSING_FILES, files.stream()
        .map(f -> new MissingFileRow(f.messageId(), f.noteExternalId(), f.attachmentId(), mask.apply(f.fileName()),
            mask.apply(f.reason())))
        .toList());
  }

  /** One attachments CSV row, masked. */
  static AttachmentRow attachmentRow(FileIssue f, UnaryOperator<String> mask) {
    return new AttachmentRow(f.messageId(), f.extension(), f.attachmentId(), f.fileName(), f.contentType(),
        f.sizeBytes() == null ? "" : Long.toString(f.sizeBytes()), f.noteExternalId(), f.outcome().label(),
        mask.apply(f.reason()));
  }

  /** One failures/unmatched CSV row, masked. */
  static IssueRow issueRow(MessageIssue i, UnaryOperator<String> mask) {
    return new IssueRow(i.messageId(), i.extension(), i.counterparty(), mask.apply(i.reason()));
  }

  /**
   * Starts a failures/unmatched CSV on {@code out} (issue 13 item 2): writes the header row now and returns the writer
   * of the rows that follow, one {@link IssueRow} per {@code write}; the file is byte for byte what {@link #issues}
   * writes for the same rows.
   */
  static SequenceWriter issueStream(Writer out) throws IOException {
    out.write(issues(List.of(), s -> s));
    return ISSUE_ROWS.writeValues(out);
  }

  /**
   * As {@link #issueStream}, for an SMS-Magic import's failures/unmatched CSV: the same columns, the second named
   * {@code owner} (it holds the owner's Salesforce User Id, not a RingCentral extension; fresh16 #9).
   */
  static SequenceWriter ownerIssueStream(Writer out) throws IOException {
    out.write(OWNER_HEADER);
    return ISSUE_ROWS.writeValues(out);
  }

  /** As {@link #issues}, with the header of {@link #ownerIssueStream}. */
  static String ownerIssues(List<MessageIssue> issues, UnaryOperator<String> mask) {
    return OWNER_HEADER + issueRows(issues, mask);
  }

  /** As {@link #issueStream}, for the attachments CSV ({@link AttachmentRow}s; same bytes as {@link #attachments}). */
  static SequenceWriter attachmentStream(Writer out) throws IOException {
    out.write(write(ATTACHMENTS, List.of()));
    return ATTACHMENT_ROWS.writeValues(out);
  }

  /** Every MMS media attachment of the run, one row each, in the order handled. */
  static String attachments(List<FileIssue> files, UnaryOperator<String> mask) {
    return write(ATTACHMENTS, files.stream().map(f -> attachmentRow(f, mask)).toList());
  }

  static String issues(List<MessageIssue> issues, UnaryOperator<String> mask) {
    return write(ISSUES, issues.stream().map(i -> issueRow(i, mask)).toList());
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
