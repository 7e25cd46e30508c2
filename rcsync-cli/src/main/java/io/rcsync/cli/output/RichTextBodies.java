package io.rcsync.cli.output;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * The text of a Note body stored in a Rich Text Area (issue 14, for {@code rcsync transcript}): Salesforce keeps such
 * a body as HTML, and rcsync writes a text there escaped with each line break as {@code <br>}
 * ({@link io.rcsync.core.domain.NoteBodyFormat#RICH_TEXT}); staff editing it in Lightning may add paragraphs and
 * formatting. Parsed with jsoup, never by hand: entities decoded ({@code &amp;} → {@code &}), each {@code <br>} and
 * each end of a paragraph, div or list item a line break, every other tag dropped with its text kept.
 */
public final class RichTextBodies {
  private RichTextBodies() {}

  /** The text of a stored rich-text body; {@code null} reads as empty. */
  public static String toText(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    Document doc = Jsoup.parseBodyFragment(html);
    // wholeText() already gives each <br> as a line break (jsoup 1.15.4+); blocks need one after them
    for (Element block : doc.body().select("p, div, li")) {
      if (block.nextSibling() != null) {
        block.after(new TextNode("\n"));
      }
    }
    return doc.body().wholeText().replace('\u00a0', ' ');
  }
}
