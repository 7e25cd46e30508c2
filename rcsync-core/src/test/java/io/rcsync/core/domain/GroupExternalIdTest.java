package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupExternalIdTest {
  private static final SalesforceId MATTER = SalesforceId.of("a0LUV00000G5NHJ2A3");

  @Test
  void aGroupTextsFurtherNoteIsKeyedUnderTheMessagesExternalId() {
    assertThat(MessageId.of("1234567").externalId(MATTER)).isEqualTo("rc_msg_1234567_a0LUV00000G5NHJ2A3");
  }

  @Test
  void everyNoteOfAGroupTextParsesBackToItsMessage() {
    assertThat(MessageId.fromExternalId("rc_msg_1234567")).contains(MessageId.of("1234567"));
    assertThat(MessageId.fromExternalId("rc_msg_1234567_a0LUV00000G5NHJ2A3")).contains(MessageId.of("1234567"));
    assertThat(MessageId.fromExternalId("rc_msg_1234567_a0LUV00000G5NHJ")).contains(MessageId.of("1234567"));
    assertThat(MessageId.fromExternalId("rc_msg_abc_def")).contains(MessageId.of("abc_def"));
    assertThat(MessageId.fromExternalId("smsmagic_a0LUV00000G5NHJ2A3")).isEmpty();
  }

  @Test
  void aFurtherNoteDraftUsesTheCaseKeyAndTheBestMatchKeepsTheOldOne() {
    NoteDraft best = new NoteDraft(MessageId.of("42"), ExtensionId.of("376557052"), SalesforceId.of("005UV0000012345AAA"),
        "Text message sent", "hi", CaseKind.MATTER, MATTER, java.time.Instant.EPOCH, Direction.OUTBOUND,
        PhoneNumber.of("5028138901"));
    NoteDraft further = new NoteDraft(best.messageId(), best.extension(), best.owner(), best.topic(), best.body(),
        best.kind(), best.caseId(), best.messageTime(), best.direction(), best.counterparty(), true);
    assertThat(best.externalId()).isEqualTo("rc_msg_42");
    assertThat(further.externalId()).isEqualTo("rc_msg_42_a0LUV00000G5NHJ2A3");
  }

  @Test
  void onlyOutboundQueuedOrSendingTextsArePendingAndOnlyOutboundFailuresFail() {
    assertThat(DeliveryStatus.of(msg(Direction.OUTBOUND, "Queued"))).isEqualTo(DeliveryStatus.PENDING);
    assertThat(DeliveryStatus.of(msg(Direction.OUTBOUND, "Sending"))).isEqualTo(DeliveryStatus.PENDING);
    assertThat(DeliveryStatus.of(msg(Direction.OUTBOUND, "SendingFailed"))).isEqualTo(DeliveryStatus.FAILED);
    assertThat(DeliveryStatus.of(msg(Direction.OUTBOUND, "DeliveryFailed"))).isEqualTo(DeliveryStatus.FAILED);
    assertThat(DeliveryStatus.of(msg(Direction.OUTBOUND, "Delivered"))).isEqualTo(DeliveryStatus.FINAL);
    assertThat(DeliveryStatus.of(msg(Direction.OUTBOUND, null))).isEqualTo(DeliveryStatus.FINAL);
    assertThat(DeliveryStatus.of(msg(Direction.INBOUND, "Queued"))).isEqualTo(DeliveryStatus.FINAL);
    assertThat(DeliveryStatus.of(msg(Direction.INBOUND, "DeliveryFailed"))).isEqualTo(DeliveryStatus.FINAL);
  }

  private static SmsMessage msg(Direction d, String status) {
    return new SmsMessage(MessageId.of("1"), ExtensionId.of("376557052"), d, "+15025550100", java.util.List.of("+15028138901"),
        "hi", java.time.Instant.EPOCH, null, null, status, null);
  }
}
