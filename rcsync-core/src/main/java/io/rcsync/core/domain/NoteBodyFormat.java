package io.rcsync.core.domain;

/**
 * How a text becomes the Note body, by the body field's type.
 *
 * <ul>
 *   <li>{@link #PLAIN_TEXT}: a Long Text Area (describe {@code type: textarea}, no {@code extraTypeInfo}) keeps the
 *       text as sent, newlines included.
 *   <li>{@link #RICH_TEXT}: a Rich Text Area (describe {@code type: textarea}, {@code extraTypeInfo: richtextarea},
 *       {@code htmlFormatted: true}) holds HTML, so a raw {@code <} would start a tag and a raw newline collapses to a
 *       space when shown. The text is HTML-escaped ({@code & < >} only, the characters HTML needs escaped in text
 *       content, so the stored value compares equal on the next run) and each line break ({@code \r\n}, {@code \r} or
 *       {@code \n}) becomes {@code <br>}.
 * </ul>
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm">DescribeSObjectResult: Field (extraTypeInfo, htmlFormatted)</a>
 */
public enum NoteBodyFormat {
  PLAIN_TEXT,
  RICH_TEXT;

  /** The body value to store for a text ({@code null} is treated as empty). */
  public String render(String text) {
    String t = text == null ? "" : text;
    if (this == PLAIN_TEXT) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length() + 16);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\r' -> {
          sb.append("<br>");
          if (i + 1 < t.length() && t.charAt(i + 1) == '\n') {
            i++;
          }
        }
        case '\n' -> sb.append("<br>");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * The text a stored body holds, as near as can be told (issue 15: comparing an {@code rc_msg_} Note's body with an
   * SMS-Magic record's text): plain text as stored; for rich text each {@code <br>} (any case, {@code <br/>}) and each
   * paragraph end becomes {@code \n}, other tags are dropped and the entities {@code &amp; &lt; &gt; &quot; &#39;
   * &nbsp;} are decoded. {@code null} reads as empty.
   */
  public String unrender(String stored) {
    String s = stored == null ? "" : stored;
    if (this == PLAIN_TEXT) {
      return s;
    }
    s = s.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p\\s*>", "\n").replaceAll("<[^>]*>", "");
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&nbsp;", " ").replace("&amp;", "&");
  }

  /** For reports and {@code doctor}: "plain text (Long Text Area)" or "rich text (HTML)". */
  public String describe() {
    return this == PLAIN_TEXT ? "plain text (Long Text Area): texts stored as sent"
        : "rich text (Rich Text Area): texts HTML-escaped, line breaks as <br>";
  }
}
