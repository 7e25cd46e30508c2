package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.report.Transcript;
import io.rcsync.core.report.Transcript.Conversation;
import io.rcsync.core.report.Transcript.Entry;
import io.rcsync.core.report.Transcript.FileLink;
import io.rcsync.core.report.Transcript.Side;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The transcript page's structure, order, escaping, time zone and print rules, read back with jsoup. */
class TranscriptHtmlTest {
  private static final SalesforceId MATTER = SalesforceId.of("a0LUV00000G5NHJ2A3");
  private static final Instant GENERATED = Instant.parse("2026-04-20T12:00:00Z");

  private static int notes;

  private static Entry entry(String id, Side side, String at, String staff, String text, FileLink... files) {
    return new Entry(SalesforceId.of("a0X00000000000" + id), id, side, "", Instant.parse(at), staff, text,
        List.of(files));
  }

  private static Transcript transcript(ZoneId zone, List<Conversation> conversations, List<String> caveats) {
    int in = 0;
    int out = 0;
    int failed = 0;
    int other = 0;
    for (Conversation c : conversations) {
      for (Entry e : c.entries()) {
        switch (e.side()) {
          case INBOUND -> in++;
          case OUTBOUND -> out++;
          case FAILED -> failed++;
          case OTHER -> other++;
        }
      }
    }
    notes = in + out + failed + other;
    return new Transcript(MATTER, CaseKind.MATTER, "MAT-26-000123", zone, GENERATED, conversations,
        new Transcript.Counts(notes, in, out, failed, other, 0, 0, 5), caveats);
  }

  private static Conversation conversation(String digits, Entry... entries) {
    PhoneNumber n = PhoneNumber.of(digits);
    return new Conversation(Optional.of(n), "(" + n.areaCode() + ") " + n.exchange() + "-" + n.line(), List.of(entries));
  }

  private static Document parse(Transcript t) {
    return Jsoup.parse(TranscriptHtml.render(t));
  }

  @Test
  void bubblesFollowMessageOrderReceivedOnTheLeftSentOnTheRight() {
    Document doc = parse(transcript(ZoneId.of("UTC"), List.of(conversation("5028138900",
        entry("1", Side.INBOUND, "2026-04-01T10:00:00Z", "Alyssia", "Hi, it's Maria"),
        entry("2", Side.OUTBOUND, "2026-04-01T10:05:00Z", "Alyssia", "Hi Maria, got it"),
        entry("3", Side.FAILED, "2026-04-02T09:00:00Z", "Kyle Haney", "Are you there?"))), List.of()));

    List<Element> msgs = doc.select("section.conversation > article.msg");
    assertThat(msgs).extracting(m -> m.attr("data-message-id")).containsExactly("1", "2", "3");
    assertThat(msgs.get(0).classNames()).contains("inbound").doesNotContain("outbound");
    assertThat(msgs.get(1).classNames()).contains("outbound").doesNotContain("inbound");
    assertThat(msgs.get(2).classNames()).contains("outbound", "failed");
    assertThat(msgs.get(2).selectFirst(".mark").text()).isEqualTo("Not delivered");
    assertThat(msgs.get(0).selectFirst("span.staff").text()).isEqualTo("to Alyssia");
    assertThat(msgs.get(1).selectFirst("span.staff").text()).isEqualTo("Alyssia");
    // a day separator before each new day
    assertThat(doc.select("section.conversation > div.day")).extracting(Element::text)
        .containsExactly("Wednesday, April 1, 2026", "Thursday, April 2, 2026");
    assertThat(doc.select("h1").text()).isEqualTo("Matter MAT-26-000123");
    assertThat(doc.select("p.record-id").text()).isEqualTo(MATTER.value());
    assertThat(doc.select("dl.summary").text()).contains("3 (1 received, 1 sent, 1 failed)");
  }

  @Test
  void eachCounterpartyIsItsOwnSectionWithItsCountAndSpan() {
    Document doc = parse(transcript(ZoneId.of("UTC"), List.of(
        conversation("5028138900", entry("1", Side.INBOUND, "2026-04-01T10:00:00Z", "A", "one"),
            entry("2", Side.OUTBOUND, "2026-04-03T10:00:00Z", "A", "two")),
        conversation("8595550123", entry("3", Side.INBOUND, "2026-04-02T10:00:00Z", "B", "three"))), List.of()));

    List<Element> sections = doc.select("section.conversation");
    assertThat(sections).extracting(s -> s.selectFirst("h2").text()).containsExactly("(502) 813-8900", "(859) 555-0123");
    assertThat(sections).extracting(s -> s.attr("data-counterparty")).containsExactly("5028138900", "8595550123");
    assertThat(sections.get(0).selectFirst("p.conversation-meta").text())
        .isEqualTo("2 texts · first Apr 1, 2026 10:00 AM UTC · last Apr 3, 2026 10:00 AM UTC");
    assertThat(sections.get(1).select("article.msg")).extracting(m -> m.attr("data-message-id")).containsExactly("3");
    assertThat(doc.select("dl.summary").text()).contains("Conversations 2");
  }

  @Test
  void textsWhoseNumberIsNotRecordedAreCountedInTheSummaryAndTheirSectionNamesTheRecordsNumbers() {
    Transcript base = transcript(ZoneId.of("UTC"), List.of(
        conversation("8595550123", entry("1", Side.INBOUND, "2026-04-01T10:00:00Z", "A", "spouse")),
        new Conversation(Optional.empty(), "(502) 555-0199 or (859) 555-0123",
            List.of(entry("2", Side.INBOUND, "2026-04-02T10:00:00Z", "A", "old note")))),
        List.of("1 of 2 Notes does not record the other party's number"));
    Transcript t = new Transcript(base.recordId(), base.kind(), base.recordName(), base.zone(), base.generatedAt(),
        base.conversations(), new Transcript.Counts(2, 2, 0, 0, 0, 0, 0, 5, 1), base.caveats());

    Document doc = parse(t);

    List<Element> sections = doc.select("section.conversation");
    assertThat(sections).extracting(s -> s.attr("data-counterparty")).containsExactly("8595550123", "");
    assertThat(sections.get(1).selectFirst("h2").text()).isEqualTo("(502) 555-0199 or (859) 555-0123");
    assertThat(doc.select("dl.summary").text()).contains("Number not recorded 1 of 2 texts");
    assertThat(doc.select("ul.caveats li").text()).startsWith("1 of 2 Notes does not record");
    assertThat(parse(transcript(ZoneId.of("UTC"), List.of(conversation("5028138900",
        entry("3", Side.INBOUND, "2026-04-01T10:00:00Z", "A", "hi"))), List.of())).select("dl.summary").text())
        .doesNotContain("Number not recorded");
  }

  @Test
  void everyBodyNameAndFileNameIsEscapedAndBodiesKeepTheirLineBreaks() {
    String body = "<script>alert('x')</script> Tom & Jerry's \"deal\"\nline two";
    FileLink file = new FileLink("a\"b<c>.jpg", "image/jpeg", OptionalLong.of(2048), "",
        Optional.of("https://acme.my.salesforce.com/lightning/r/ContentDocument/069000000000001AAA/view?x=1&y=2"),
        Optional.of(SalesforceId.of("069000000000001AAA")));
    Transcript t = transcript(ZoneId.of("UTC"), List.of(conversation("5028138900",
        entry("1", Side.INBOUND, "2026-04-01T10:00:00Z", "<b>Bob</b> & Co", body, file))),
        List.of("caveat with <i>markup</i>"));
    String html = TranscriptHtml.render(t);
    Document doc = Jsoup.parse(html);

    assertThat(doc.select("script, b, i")).isEmpty();
    assertThat(html).contains("&lt;script&gt;", "Tom &amp; Jerry", "&lt;b&gt;Bob&lt;/b&gt; &amp; Co");
    Element p = doc.selectFirst("p.body");
    assertThat(p.wholeText()).isEqualTo(body);
    assertThat(doc.selectFirst("span.staff").text()).isEqualTo("to <b>Bob</b> & Co");
    Element a = doc.selectFirst("ul.files a");
    assertThat(a.text()).isEqualTo("a\"b<c>.jpg");
    assertThat(a.attr("href")).endsWith("/view?x=1&y=2");
    assertThat(doc.selectFirst("ul.files .file-meta").text()).isEqualTo("(image/jpeg, 2.0 KB)");
    assertThat(doc.selectFirst("ul.caveats li").text()).isEqualTo("caveat with <i>markup</i>");
    // line breaks are kept on screen and in print
    assertThat(doc.selectFirst("style").data()).contains("white-space: pre-wrap");
  }

  @Test
  void timesAreShownInTheFirmsTimeZone() {
    // 01:30 UTC on April 2 is still April 1 in Chicago (CDT, UTC-5)
    Entry e = entry("1", Side.OUTBOUND, "2026-04-02T01:30:00Z", "A", "late text");
    Document chicago = parse(transcript(ZoneId.of("America/Chicago"), List.of(conversation("5028138900", e)), List.of()));
    Document utc = parse(transcript(ZoneId.of("UTC"), List.of(conversation("5028138900", e)), List.of()));

    assertThat(chicago.selectFirst("article.msg time").text()).isEqualTo("8:30 PM");
    assertThat(chicago.selectFirst("article.msg time").attr("datetime")).isEqualTo("2026-04-02T01:30:00Z");
    assertThat(chicago.selectFirst("div.day").text()).isEqualTo("Wednesday, April 1, 2026");
    assertThat(chicago.select("dl.summary").text()).contains("America/Chicago", "Apr 1, 2026 8:30 PM CDT");
    assertThat(utc.selectFirst("article.msg time").text()).isEqualTo("1:30 AM");
    assertThat(utc.selectFirst("div.day").text()).isEqualTo("Thursday, April 2, 2026");
  }

  @Test
  void thePageIsSelfContainedAndPrintFriendly() {
    FileLink missing = new FileLink("lost.pdf", "application/pdf", OptionalLong.empty(), "1.2 MB", Optional.empty(),
        Optional.empty());
    String html = TranscriptHtml.render(transcript(ZoneId.of("UTC"), List.of(conversation("5028138900",
        entry("1", Side.OTHER, "2026-04-01T10:00:00Z", "A", "", missing))), List.of()));
    Document doc = Jsoup.parse(html);

    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(doc.select("meta[charset]").attr("charset")).isEqualToIgnoringCase("utf-8");
    // no script, stylesheet, image, font or any other resource from outside the file
    assertThat(doc.select("script, link, img, iframe, object, embed, video, audio, [src]")).isEmpty();
    String css = doc.select("style").html();
    assertThat(css).doesNotContain("url(", "@import", "@font-face");
    assertThat(css).contains("@media print", "break-before: page", "break-inside: avoid");
    assertThat(doc.select("a")).isEmpty();
    assertThat(doc.selectFirst("ul.files li").text()).isEqualTo("lost.pdf (application/pdf, 1.2 MB) not in Salesforce Files");
    assertThat(doc.selectFirst("article.msg").classNames()).contains("outbound", "other-topic");
    assertThat(doc.selectFirst("p.body").text()).isEqualTo("(picture or file only)");
  }
}
