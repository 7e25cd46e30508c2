package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 15: an SMS-Magic record's Note key, {@code smsmagic_{18-char record Id}}, next to RingCentral's. */
class SmsMagicNoteKeyTest {
  private static final String ID15 = "a1SUV000000abcd";
  private static final SalesforceId RECORD = SalesforceId.of(ID15 + SalesforceId.checksum(ID15));
  private static final SalesforceId MATTER = SalesforceId.of("a0LUV00000G5NHJ2A3");

  private static NoteDraft draft(MessageId id, boolean further) {
    return new NoteDraft(id, ExtensionId.of("376557052"), SalesforceId.of("005UV0000012345AAA"), "Text message received",
        "hi", CaseKind.MATTER, MATTER, Instant.parse("2024-01-01T00:00:00Z"), Direction.INBOUND,
        PhoneNumber.of("5028138900"), further);
  }

  @Test
  void anSmsMagicNoteKeyParsesBackToItsRecordAndARingCentralKeyToItsMessage() {
    MessageId history = MessageId.smsMagic(RECORD);

    assertThat(MessageId.ofNoteKey("smsmagic_" + RECORD.value())).contains(history);
    assertThat(MessageId.ofNoteKey("rc_msg_123")).contains(MessageId.of("123"));
    assertThat(MessageId.ofNoteKey("rc_msg_123_" + MATTER.value())).contains(MessageId.of("123"));
    assertThat(MessageId.ofNoteKey("smsmagic_not-an-id")).isEmpty();
    assertThat(MessageId.ofNoteKey("SMSMAGIC_" + RECORD.value())).isEmpty();
    assertThat(MessageId.fromExternalId("smsmagic_" + RECORD.value())).as("RingCentral only").isEmpty();
  }

  @Test
  void anSmsMagicRecordHasOneNoteAndNeverAGroupTextsFurtherNote() {
    MessageId history = MessageId.smsMagic(RECORD);

    assertThat(history.mayBeGroupText()).isFalse();
    assertThat(MessageId.of("123").mayBeGroupText()).isTrue();
    assertThat(draft(history, false).externalId()).isEqualTo("smsmagic_" + RECORD.value());
    assertThat(draft(history, false).keyedAsFurther(false).externalId()).isEqualTo("smsmagic_" + RECORD.value());
    assertThatThrownBy(() -> draft(history, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smsmagic_" + RECORD.value()).hasMessageContaining("one Note");
    assertThatThrownBy(() -> draft(history, false).keyedAsFurther(true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> history.externalId(MATTER)).isInstanceOf(IllegalStateException.class);
    assertThat(draft(MessageId.of("123"), true).externalId()).isEqualTo("rc_msg_123_" + MATTER.value());
  }

  @Test
  void aNoteRecordsSourceFollowsItsKey() {
    NoteRecord r = new NoteRecord(SalesforceId.of("a0XUV000000abcdAAA"), "smsmagic_" + RECORD.value(), Optional.empty(),
        Instant.EPOCH, Optional.empty(), java.util.Map.of());

    assertThat(r.source()).contains(TextSource.SMS_MAGIC);
    assertThat(r.writtenByRcsync()).isTrue();
    assertThat(TextSource.allPrefixes()).isEqualTo("rc_msg_ or smsmagic_");
  }
}
