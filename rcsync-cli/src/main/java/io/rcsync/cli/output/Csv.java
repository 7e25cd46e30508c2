package io.rcsync.cli.output;

import io.rcsync.core.report.MessageIssue;
import java.util.List;

/** RFC 4180 CSV: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes doubled. */
public final class Csv {
  public static final List<String> ISSUE_HEADER = List.of("message_id", "extension", "counterparty", "reason");

  private Csv() {}

  public static String field(String value) {
    String v = value == null ? "" : value;
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  public static String row(List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(values.get(i)));
    }
    return sb.append("\r\n").toString();
  }

  public static final List<String> RECORD_FAILURE_HEADER = List.of("record", "reason");

  /**
   * A Data Loader-style error file for record operations (rollback deletes, restore upserts): the record a failure
   * names (Salesforce id or external id, the text before its first ": ") and why; a failure of a whole batch has no
   * record.
   */
  public static String recordFailures(List<String> failures) {
    StringBuilder sb = new StringBuilder(row(RECORD_FAILURE_HEADER));
    for (String f : failures) {
      int colon = f.indexOf(": ");
      String record = colon > 0 ? f.substring(0, colon) : "";
      if (record.isEmpty() || record.chars().anyMatch(Character::isWhitespace)) {
        sb.append(row(List.of("", f)));
      } else {
        sb.append(row(List.of(record, f.substring(colon + 2))));
      }
    }
    return sb.toString();
  }

  public static String issues(List<MessageIssue> issues) {
    StringBuilder sb = new StringBuilder(row(ISSUE_HEADER));
    for (MessageIssue i : issues) {
      sb.append(row(List.of(i.messageId(), i.extension(), i.counterparty(), i.reason())));
    }
    return sb.toString();
  }
}
