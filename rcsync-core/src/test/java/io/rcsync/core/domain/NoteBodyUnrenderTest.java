package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.service.sync.HistoryDedup;
import org.junit.jupiter.api.Test;

/** Issue 15: a stored body read back as the text it holds, and bodies compared after normalising. */
class NoteBodyUnrenderTest {
  @Test
  void aRichTextBodyReadsBackAsTheTextThatWasRendered() {
    String text = "Tom & Jerry <3\r\nsee \"you\"\nbye";
    String stored = NoteBodyFormat.RICH_TEXT.render(text);

    assertThat(NoteBodyFormat.RICH_TEXT.unrender(stored)).isEqualTo("Tom & Jerry <3\nsee \"you\"\nbye");
  }

  @Test
  void tagsAnEditorAddsAndEntitiesItWritesAreReadAsText() {
    assertThat(NoteBodyFormat.RICH_TEXT.unrender("<p>a&nbsp;b<BR/>c&#39;s &quot;d&quot; &amp;lt;</p>"))
        .isEqualTo("a b\nc's \"d\" &lt;\n");
  }

  @Test
  void plainTextIsReadAsStored() {
    assertThat(NoteBodyFormat.PLAIN_TEXT.unrender("a <b> &amp;")).isEqualTo("a <b> &amp;");
    assertThat(NoteBodyFormat.PLAIN_TEXT.unrender(null)).isEmpty();
  }

  @Test
  void bodiesAreComparedWithLineBreaksAndWhitespaceRunsFolded() {
    assertThat(HistoryDedup.normalise("  See you\r\n\r\nat  3\t")).isEqualTo("See you at 3");
    assertThat(HistoryDedup.normalise("See you\rat 3")).isEqualTo(HistoryDedup.normalise("See you at 3"));
    assertThat(HistoryDedup.normalise(null)).isEmpty();
  }
}
