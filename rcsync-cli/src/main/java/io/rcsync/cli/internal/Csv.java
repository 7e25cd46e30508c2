package io.rcsync.cli.internal;

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

  public static String issues(List<MessageIssue> issues) {
    StringBuilder sb = new StringBuilder(row(ISSUE_HEADER));
    for (MessageIssue i : issues) {
      sb.append(row(List.of(i.messageId(), i.extension(), i.counterparty(), i.reason())));
    }
    return sb.toString();
  }
}
