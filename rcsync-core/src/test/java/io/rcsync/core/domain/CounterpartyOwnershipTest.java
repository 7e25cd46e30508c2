package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The counterparty field under {@link NoteFieldOwnership}: rcsync's, like the message time (a fact of the text), so
 * a re-run fills it in on Notes written before it was configured and puts back a changed number; never cleared.
 */
class CounterpartyOwnershipTest {
  private static final SalesforceId NOTE = SalesforceId.of("a0NUV0000000001AAA");
  private static final SalesforceId USER = SalesforceId.of("005UV0000012345AAA");
  private static final SalesforceId MATTER = SalesforceId.of("a0LUV0000000001AAA");
  private static final Instant AT = Instant.parse("2026-04-01T10:00:00Z");
  private static final PhoneNumber CLIENT = PhoneNumber.of("5028138900");
  private static final NoteFieldOwnership OWNERSHIP = NoteFieldOwnership.standard(TopicMap.defaults());

  private static NoteDraft draft(PhoneNumber counterparty) {
    return new NoteDraft(MessageId.of("1"), ExtensionId.of("2"), USER, "Text message received", "hi", CaseKind.MATTER,
        MATTER, AT, Direction.INBOUND, counterparty);
  }

  private static StoredNote stored(Optional<PhoneNumber> counterparty, boolean kept) {
    return new StoredNote(NOTE, "rc_msg_1", Optional.of(USER), "Text message received", "hi", Optional.of(MATTER),
        Optional.empty(), Optional.of(AT), true, counterparty, kept);
  }

  @Test
  void theCounterpartyIsOwnedByRcsyncWithTheMessageTime() {
    assertThat(OWNERSHIP.ownedByRcsync()).contains(NoteField.COUNTERPARTY, NoteField.MESSAGE_TIME);
    assertThat(OWNERSHIP.onCreate()).contains(NoteField.COUNTERPARTY);
  }

  @Test
  void anEmptyFieldIsFilledAndAChangedNumberPutBackButAnEqualOneLeftAlone() {
    assertThat(OWNERSHIP.changes(stored(Optional.empty(), true), draft(CLIENT))).containsExactly(NoteField.COUNTERPARTY);
    assertThat(OWNERSHIP.changes(stored(Optional.of(PhoneNumber.of("8595550123")), true), draft(CLIENT)))
        .containsExactly(NoteField.COUNTERPARTY);
    assertThat(OWNERSHIP.changes(stored(Optional.of(CLIENT), true), draft(CLIENT))).isEmpty();
  }

  @Test
  void withoutAConfiguredFieldOrAKnownNumberNothingIsWritten() {
    assertThat(OWNERSHIP.changes(stored(Optional.empty(), false), draft(CLIENT))).isEmpty();
    assertThat(OWNERSHIP.changes(stored(Optional.of(CLIENT), true), draft(null))).isEmpty();
  }

  @Test
  void aNoteRecordReadsItsCounterpartyNormalizedFromTheConfiguredField() {
    LitifySchema schema = LitifySchema.defaults().withCounterpartyField("RcSync_Counterparty__c");
    NoteRecord formatted = new NoteRecord(NOTE, "rc_msg_1", Optional.of(USER), AT, Optional.empty(),
        Map.of("rcsync_counterparty__c", "(502) 813-8900"));
    NoteRecord empty = new NoteRecord(NOTE, "rc_msg_1", Optional.of(USER), AT, Optional.empty(),
        Map.of("RcSync_Counterparty__c", ""));

    assertThat(formatted.counterparty(schema)).contains(CLIENT);
    assertThat(empty.counterparty(schema)).isEmpty();
    assertThat(formatted.counterparty(LitifySchema.defaults())).isEmpty();
    assertThat(Set.of(schema.withPhoneFields(LitifySchema.DEFAULT_PHONE_FIELDS).counterpartyField()))
        .containsExactly(Optional.of("RcSync_Counterparty__c"));
  }
}
