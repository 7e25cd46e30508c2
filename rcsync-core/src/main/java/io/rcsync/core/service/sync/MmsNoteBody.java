package io.rcsync.core.service.sync;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.SmsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of a NEW Note for a text (issue 12): the text, then one line per MMS media attachment
 * ({@link Attachment#isMedia()}; the {@code Text} part is the text, not an attachment line), e.g.
 *
 * <pre>
 * Here is the police report
 * Attachment: IMG_0042.jpg (image/jpeg, 1.2 MB)
 * Attachment: 6424569004.pdf (application/pdf, size unknown)
 * </pre>
 *
 * <p>The lines are plain ASCII apart from the file name (no emoji marker), with {@code \n} between them, so the same
 * value suits a Long Text Area and, once {@link io.rcsync.core.domain.NoteBodyFormat#RICH_TEXT} escaped it and turned
 * the line breaks into {@code <br>}, a Rich Text Area. A file name's control characters (a line break would split the
 * line) become spaces. Sizes are in binary units (1 KB = 1024 bytes), one decimal above a kilobyte. A file without a
 * name is shown as its attachment id plus an extension derived from its content type.
 *
 * <p>Only new Notes get this body: after creation the body is staff's
 * ({@link io.rcsync.core.domain.NoteFieldOwnership}), so Notes written with the former "(MMS with N attachment(s))"
 * body are never rewritten.
 */
public final class MmsNoteBody {
  /** The start of each attachment line. */
  public static final String PREFIX = "Attachment: ";

  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("image/jpeg", "jpg"), Map.entry("image/jpg", "jpg"), Map.entry("image/png", "png"),
      Map.entry("image/gif", "gif"), Map.entry("image/bmp", "bmp"), Map.entry("image/tiff", "tif"),
      Map.entry("image/svg+xml", "svg"), Map.entry("image/webp", "webp"), Map.entry("image/heic", "heic"),
      Map.entry("video/mp4", "mp4"), Map.entry("video/3gpp", "3gp"), Map.entry("video/mpeg", "mpg"),
      Map.entry("video/quicktime", "mov"), Map.entry("video/webm", "webm"), Map.entry("video/avi", "avi"),
      Map.entry("audio/mpeg", "mp3"), Map.entry("audio/mp4", "m4a"), Map.entry("audio/ogg", "oga"),
      Map.entry("audio/wav", "wav"), Map.entry("audio/amr", "amr"), Map.entry("audio/3gpp", "3gp"),
      Map.entry("text/vcard", "vcf"), Map.entry("text/x-vcard", "vcf"), Map.entry("text/plain", "txt"),
      Map.entry("text/html", "html"), Map.entry("text/csv", "csv"), Map.entry("text/calendar", "ics"),
      Map.entry("application/pdf", "pdf"), Map.entry("application/rtf", "rtf"), Map.entry("application/zip", "zip"),
      Map.entry("application/gzip", "gz"));

  private MmsNoteBody() {}

  /**
   * The body for a text: its text when it has no media; otherwise the text (when not blank) and one line per media
   * attachment, joined by {@code \n}. Never null.
   */
  public static String of(SmsMessage m) {
    List<String> lines = new ArrayList<>();
    String text = m.text() == null ? "" : m.text();
    for (Attachment a : m.attachments()) {
      if (a.isMedia()) {
        lines.add(line(a));
      }
    }
    if (lines.isEmpty()) {
      return text;
    }
    if (!text.isBlank()) {
      lines.add(0, text);
    }
    return String.join("\n", lines);
  }

  /** One attachment's line: {@code Attachment: NAME (TYPE, SIZE)}. */
  public static String line(Attachment a) {
    String type = a.contentType() == null || a.contentType().isBlank() ? "type unknown"
        : clean(a.contentType().split(";", 2)[0].strip());
    String size = a.sizeBytes().isPresent() ? humanSize(a.sizeBytes().getAsLong()) : "size unknown";
    return PREFIX + displayName(a) + " (" + type + ", " + size + ")";
  }

  /** The file name when the store gave one, else {@code {id}.{extension by content type}} ({@code .bin} if unknown). */
  public static String displayName(Attachment a) {
    if (a.fileName() != null && !a.fileName().isBlank()) {
      return clean(a.fileName().strip());
    }
    String type = a.contentType() == null ? "" : a.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    String id = a.id() == null || a.id().isBlank() ? "attachment" : clean(a.id().strip());
    return id + "." + EXTENSIONS.getOrDefault(type, "bin");
  }

  /**
   * An SMS-Magic MMS's media link (issue 15): {@code Attachment: URL}. SMS-Magic keeps no file of an MMS, only a URL
   * (Incoming SMS {@code MMS_Url__c}), so the Note names it instead of rcsync copying a file. The URL's whitespace is
   * percent-encoded ({@code %20}) and its control characters dropped, so the line holds no space: it can never read as
   * a file line ({@code Attachment: NAME (TYPE, SIZE)}, which the transcript turns into a file link).
   *
   * @throws IllegalArgumentException when {@code url} is blank
   */
  public static String linkLine(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("a media link line needs a URL");
    }
    StringBuilder sb = new StringBuilder(url.length());
    url.strip().codePoints().forEach(c -> {
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        sb.append("%20");
      } else if (!Character.isISOControl(c)) {
        sb.appendCodePoint(c);
      }
    });
    return PREFIX + sb;
  }

  /**
   * A history record's Note body: its text, then one {@link #linkLine} per media link, joined by {@code \n} (the text
   * alone when there is no link; the links alone when the text is blank).
   */
  public static String withLinks(String text, List<String> urls) {
    List<String> lines = new ArrayList<>();
    String t = text == null ? "" : text;
    for (String u : urls) {
      if (u != null && !u.isBlank()) {
        lines.add(linkLine(u));
      }
    }
    if (lines.isEmpty()) {
      return t;
    }
    if (!t.isBlank()) {
      lines.add(0, t);
    }
    return String.join("\n", lines);
  }

  /**
   * A byte count for people: {@code 1 byte}, {@code 900 bytes}, {@code 1.2 KB}, {@code 3.4 MB}, {@code 1.0 GB}
   * (binary units, one decimal, rounded half up).
   */
  public static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = bytes / 1024.0;
    int u = 0;
    // move up a unit when the value would round to 1024.0 or more
    while (Math.round(v * 10) >= 1024 * 10 && u < units.length - 1) {
      v /= 1024.0;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", Math.round(v * 10) / 10.0, units[u]);
  }

  private static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
    return sb.toString();
  }
}
