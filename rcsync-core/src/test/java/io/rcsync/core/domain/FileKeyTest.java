package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileKeyTest {

  @Test
  void formatsTheKeyAsMessageThenAttachmentUnderThePrefix() {
    assertThat(FileKey.format(MessageId.of("1204"), "3")).isEqualTo("rc_att_1204_3");
    assertThat(FileKey.of(MessageId.of("1204"), "3").value()).startsWith(FileKey.PREFIX);
  }

  @Test
  void parsesAKeyBackCuttingAtTheFirstUnderscoreAfterTheNumericMessageId() {
    assertThat(FileKey.parse("rc_att_1204_3")).contains(FileKey.of(MessageId.of("1204"), "3"));
    assertThat(FileKey.parse("rc_att_1204_a_b")).contains(FileKey.of(MessageId.of("1204"), "a_b"));
  }

  @Test
  void refusesToParseWhatIsNotAnRcsyncKey() {
    assertThat(FileKey.parse(null)).isEmpty();
    assertThat(FileKey.parse("other_1204_3")).isEmpty();
    assertThat(FileKey.parse("rc_att_1204")).isEmpty();
    assertThat(FileKey.parse("rc_att_1204_")).isEmpty();
    assertThat(FileKey.parse("rc_att__3")).isEmpty();
    assertThat(FileKey.parse("rc_att_12 04_3")).isEmpty();
    assertThat(FileKey.isRcsyncKey("rc_att_1")).isTrue();
    assertThat(FileKey.isRcsyncKey("rc_msg_1")).isFalse();
  }

  @Test
  void refusesABlankAttachmentId() {
    assertThatThrownBy(() -> FileKey.of(MessageId.of("1"), " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("message 1");
  }
}
