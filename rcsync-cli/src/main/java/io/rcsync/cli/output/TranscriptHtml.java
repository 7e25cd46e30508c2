package io.rcsync.cli.output;

import io.rcsync.core.report.Transcript;
import io.rcsync.core.report.Transcript.Conversation;
import io.rcsync.core.report.Transcript.Entry;
import io.rcsync.core.report.Transcript.FileLink;
import io.rcsync.core.report.Transcript.Side;
import io.rcsync.core.service.sync.MmsNoteBody;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Renders a {@link Transcript} as one self-contained HTML5 page (issue 14): inline CSS only, no script, font, image or
 * any other external resource, so the file can go into a client file and open anywhere, offline.
 *
 * <p>Structure (what the tests read): a {@code header} with the record ({@code h1}), its id, the counts, the time
 * span, the time zone and the generation time, and the caveats ({@code ul.caveats}); then one
 * {@code section.conversation} per counterparty ({@code h2} the number, {@code p.conversation-meta} count, first and
 * last time), holding a {@code div.day} before each new local day and one {@code article.msg} per text, in message
 * order, classed {@code inbound} (left) or {@code outbound} (right) plus {@code failed} or {@code other-topic}, with
 * {@code data-message-id} and {@code data-time} (ISO instant), its {@code div.bubble} holding {@code p.body} (line
 * breaks kept by {@code white-space: pre-wrap}) and {@code ul.files} of links, and {@code p.meta} with the staff name
 * ({@code span.staff}) and the local time ({@code time} with its ISO instant in {@code datetime}).
 *
 * <p>Every text that comes from Salesforce (bodies, names, topics, file names, URLs) is escaped by Apache Commons
 * Text's {@link StringEscapeUtils#escapeHtml4}, in element content and in double-quoted attributes alike. Print
 * rules: no background colours, each conversation on a new page, no bubble cut across pages, link targets printed.
 */
public final class TranscriptHtml {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MMM d, uuuu h:mm a z", Locale.US);

  private static final String CSS = """
      :root { color-scheme: light; }
      * { box-sizing: border-box; }
      body { margin: 0; background: #f3f4f6; color: #1f2328;
        font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
      main { max-width: 820px; margin: 0 auto; padding: 24px 20px 40px; }
      header.transcript { background: #fff; border: 1px solid #d8dee4; border-radius: 12px; padding: 18px 22px;
        margin-bottom: 22px; }
      header.transcript h1 { font-size: 22px; margin: 0 0 2px; }
      .record-id { color: #59636e; font-size: 13px; margin: 0 0 12px; font-family: ui-monospace, Menlo, Consolas, monospace; }
      dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; font-size: 14px; }
      dl.summary dt { color: #59636e; }
      dl.summary dd { margin: 0; }
      ul.caveats { margin: 12px 0 0; padding: 10px 14px 10px 30px; background: #fff8e5; border: 1px solid #f0d58c;
        border-radius: 8px; font-size: 13px; }
      section.conversation { background: #fff; border: 1px solid #d8dee4; border-radius: 12px; padding: 16px 18px 20px;
        margin-bottom: 22px; }
      section.conversation h2 { font-size: 18px; margin: 0; }
      .conversation-meta { color: #59636e; font-size: 13px; margin: 2px 0 10px; }
      .day { text-align: center; color: #59636e; font-size: 12px; font-weight: 600; margin: 18px 0 8px;
        text-transform: uppercase; letter-spacing: .04em; }
      article.msg { display: flex; flex-direction: column; margin: 6px 0; break-inside: avoid; page-break-inside: avoid; }
      article.msg.inbound { align-items: flex-start; }
      article.msg.outbound { align-items: flex-end; }
      .bubble { max-width: 72%; padding: 8px 13px; border-radius: 18px; overflow-wrap: anywhere; }
      .inbound .bubble { background: #e9e9eb; color: #1f2328; border-bottom-left-radius: 5px; }
      .outbound .bubble { background: #0b6bde; color: #fff; border-bottom-right-radius: 5px; }
      .outbound.failed .bubble { background: #fff; color: #1f2328; border: 2px solid #cf222e; }
      .outbound.other-topic .bubble { background: #fff; color: #1f2328; border: 1px dashed #59636e; }
      p.body { margin: 0; white-space: pre-wrap; }
      p.body.empty { font-style: italic; opacity: .8; }
      ul.files { list-style: none; margin: 6px 0 0; padding: 0; font-size: 13px; }
      ul.files li { margin: 3px 0; padding: 5px 8px; border-radius: 8px; background: rgba(255,255,255,.75); color: #1f2328; }
      ul.files a { color: #0550ae; font-weight: 600; text-decoration: none; }
      ul.files .file-meta { color: #59636e; }
      ul.files .missing { color: #cf222e; }
      .mark { display: block; font-size: 12px; font-weight: 700; color: #cf222e; margin-bottom: 2px; }
      .other-topic .mark { color: #59636e; }
      p.meta { margin: 3px 6px 0; font-size: 12px; color: #59636e; }
      footer { color: #59636e; font-size: 12px; text-align: center; }
      @media print {
        body { background: none; font-size: 11pt; }
        main { max-width: none; padding: 0; }
        header.transcript, section.conversation { border: none; padding: 0; }
        section.conversation + section.conversation { break-before: page; page-break-before: always; }
        .bubble, .inbound .bubble, .outbound .bubble, ul.files li, ul.caveats { background: none !important;
          color: #000 !important; border: 1px solid #777; }
        .outbound.failed .bubble { border: 2px solid #000; }
        .outbound.other-topic .bubble { border: 1px dashed #000; }
        ul.files a { color: #000; }
        ul.files a::after { content: " <" attr(href) ">"; font-weight: normal; font-size: 9pt; overflow-wrap: anywhere; }
        .mark { color: #000 !important; }
        .day, section.conversation h2, .conversation-meta { break-after: avoid; page-break-after: avoid; }
      }
      """;

  private TranscriptHtml() {}

  /** The page for a transcript with at least one text (the verb says so when there is none). */
  public static String render(Transcript t) {
    StringBuilder h = new StringBuilder(16_384);
    String title = t.kindLabel() + " " + (t.recordName().isBlank() ? t.recordId().value() : t.recordName());
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"rcsync transcript\">\n")
        .append("<title>Texts: ").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
        .append("</head>\n<body>\n<main>\n");
    header(h, t, title);
    for (Conversation c : t.conversations()) {
      conversation(h, t, c);
    }
    h.append("<footer>Generated by rcsync from the ").append(esc(t.kindLabel()))
        .append("'s Notes in Salesforce. Times in ").append(esc(t.zone().getId())).append(".</footer>\n")
        .append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, Transcript t, String title) {
    Transcript.Counts n = t.counts();
    h.append("<header class=\"transcript\">\n<h1>").append(esc(title)).append("</h1>\n")
        .append("<p class=\"record-id\">").append(esc(t.recordId().value())).append("</p>\n")
        .append("<dl class=\"summary\">\n");
    List<String> parts = new ArrayList<>();
    parts.add(n.inbound() + " received");
    parts.add(n.outbound() + " sent");
    if (n.failed() > 0) {
      parts.add(n.failed() + " failed");
    }
    if (n.otherTopic() > 0) {
      parts.add(n.otherTopic() + " with another topic");
    }
    item(h, "Texts", n.notes() + " (" + String.join(", ", parts) + ")");
    item(h, "Conversations", String.valueOf(t.conversations().size()));
    if (n.withoutCounterparty() > 0) {
      // Notes written before salesforce.note.counterpartyField: placed by the record's numbers (see the caveats)
      item(h, "Number not recorded", n.withoutCounterparty() + " of " + n.notes() + " texts");
    }
    if (n.files() + n.filesMissing() > 0) {
      item(h, "Files", n.files() + " linked" + (n.filesMissing() > 0 ? ", " + n.filesMissing() + " not in Salesforce Files" : ""));
    }
    t.first().ifPresent(f -> item(h, "From", dateTime(t, f)));
    t.last().ifPresent(l -> item(h, "To", dateTime(t, l)));
    item(h, "Time zone", t.zone().getId());
    item(h, "Generated", dateTime(t, t.generatedAt()));
    h.append("</dl>\n");
    if (!t.caveats().isEmpty()) {
      h.append("<ul class=\"caveats\">\n");
      t.caveats().forEach(c -> h.append("<li>").append(esc(c)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("</header>\n");
  }

  private static void item(StringBuilder h, String term, String value) {
    h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static void conversation(StringBuilder h, Transcript t, Conversation c) {
    h.append("<section class=\"conversation\" data-counterparty=\"")
        .append(esc(c.counterparty().map(p -> p.digits()).orElse(""))).append("\">\n")
        .append("<h2>").append(esc(c.label())).append("</h2>\n")
        .append("<p class=\"conversation-meta\">").append(c.entries().size()).append(c.entries().size() == 1 ? " text" : " texts");
    c.first().ifPresent(f -> h.append(" · first ").append(esc(dateTime(t, f))));
    c.last().ifPresent(l -> h.append(" · last ").append(esc(dateTime(t, l))));
    h.append("</p>\n");
    LocalDate day = null;
    for (Entry e : c.entries()) {
      ZonedDateTime local = e.time().atZone(t.zone());
      if (!local.toLocalDate().equals(day)) {
        day = local.toLocalDate();
        h.append("<div class=\"day\">").append(esc(DAY.format(local))).append("</div>\n");
      }
      entry(h, e, local);
    }
    h.append("</section>\n");
  }

  private static void entry(StringBuilder h, Entry e, ZonedDateTime local) {
    String classes = switch (e.side()) {
      case INBOUND -> "msg inbound";
      case OUTBOUND -> "msg outbound";
      case FAILED -> "msg outbound failed";
      case OTHER -> "msg outbound other-topic";
    };
    h.append("<article class=\"").append(classes).append("\" data-message-id=\"").append(esc(e.messageId()))
        .append("\" data-time=\"").append(esc(e.time().toString())).append("\">\n<div class=\"bubble\">");
    if (e.side() == Side.FAILED) {
      h.append("<span class=\"mark\">Not delivered</span>");
    } else if (e.side() == Side.OTHER) {
      h.append("<span class=\"mark\">").append(esc(e.topic().isBlank() ? "No topic" : "Topic: " + e.topic()))
          .append("</span>");
    }
    if (e.text().isEmpty()) {
      h.append("<p class=\"body empty\">").append(e.files().isEmpty() ? "(no text)" : "(picture or file only)").append("</p>");
    } else {
      h.append("<p class=\"body\">").append(esc(e.text())).append("</p>");
    }
    if (!e.files().isEmpty()) {
      h.append("<ul class=\"files\">");
      for (FileLink f : e.files()) {
        file(h, f);
      }
      h.append("</ul>");
    }
    h.append("</div>\n<p class=\"meta\"><span class=\"staff\">")
        .append(esc(e.side() == Side.INBOUND ? "to " + e.staff() : e.staff())).append("</span> · <time datetime=\"")
        .append(esc(e.time().toString())).append("\">").append(esc(TIME.format(local))).append("</time></p>\n")
        .append("</article>\n");
  }

  private static void file(StringBuilder h, FileLink f) {
    List<String> meta = new ArrayList<>();
    if (!f.contentType().isBlank()) {
      meta.add(f.contentType());
    }
    if (f.sizeBytes().isPresent()) {
      meta.add(MmsNoteBody.humanSize(f.sizeBytes().getAsLong()));
    } else if (!f.sizeLabel().isBlank()) {
      meta.add(f.sizeLabel());
    }
    h.append("<li>");
    if (f.url().isPresent()) {
      h.append("<a href=\"").append(esc(f.url().get())).append("\">").append(esc(f.name())).append("</a>");
    } else {
      h.append("<span class=\"file-name\">").append(esc(f.name())).append("</span>");
    }
    if (!meta.isEmpty()) {
      h.append(" <span class=\"file-meta\">(").append(esc(String.join(", ", meta))).append(")</span>");
    }
    if (!f.stored()) {
      h.append(" <span class=\"missing\">not in Salesforce Files</span>");
    }
    h.append("</li>");
  }

  private static String dateTime(Transcript t, Instant i) {
    return DATE_TIME.format(i.atZone(t.zone()));
  }

  private static String esc(String s) {
    return StringEscapeUtils.escapeHtml4(s);
  }
}
