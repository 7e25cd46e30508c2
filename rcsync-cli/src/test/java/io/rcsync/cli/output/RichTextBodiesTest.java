package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.NoteBodyFormat;
import org.junit.jupiter.api.Test;

/** A Rich Text Area body read back as the text it holds, for the transcript's bubbles. */
class RichTextBodiesTest {
  @Test
  void whatRcsyncWritesReadsBackAsTheTextItWasWrittenFrom() {
    String text = "Tom & Jerry <script>x</script>\nline two\r\nAttachment: a<b>.jpg (image/jpeg, 1.0 KB)";

    assertThat(RichTextBodies.toText(NoteBodyFormat.RICH_TEXT.render(text)))
        .isEqualTo("Tom & Jerry <script>x</script>\nline two\nAttachment: a<b>.jpg (image/jpeg, 1.0 KB)");
  }

  @Test
  void staffsParagraphsAndFormattingBecomeLinesOfPlainText() {
    assertThat(RichTextBodies.toText("<p>Called the <b>adjuster</b>&nbsp;today.</p><p>Sent&nbsp;the release.</p>"))
        .isEqualTo("Called the adjuster today.\nSent the release.");
    assertThat(RichTextBodies.toText(null)).isEmpty();
    assertThat(RichTextBodies.toText("")).isEmpty();
  }
}
