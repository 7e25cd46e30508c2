package io.rcsync.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscriptVerbWordsTest {
  @Test
  void oneFileIsSingular() {
    assertThat(TranscriptVerb.filesLinked(1)).isEqualTo("1 file linked");
    assertThat(TranscriptVerb.filesLinked(0)).isEqualTo("0 files linked");
    assertThat(TranscriptVerb.filesLinked(3)).isEqualTo("3 files linked");
  }

  @Test
  void standardKeyPrefixesNameTheirObjectAndCustomOnesSayCustom() {
    assertThat(TranscriptVerb.keyPrefixHint("001UV00000ABCDE")).isEqualTo("; it is an Account's id (key prefix 001)");
    assertThat(TranscriptVerb.keyPrefixHint("a0YUV00000ABCDE")).contains("another custom object's");
    assertThat(TranscriptVerb.keyPrefixHint("0XXUV00000ABCDE")).isEmpty();
  }
}
