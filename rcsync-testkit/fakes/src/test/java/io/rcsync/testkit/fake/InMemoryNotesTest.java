package io.rcsync.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.RcIds;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryNotesTest {
  private static final SalesforceId OWNER = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private final ApiCalls calls = new ApiCalls();
  private final MutableClock clock = MutableClock.at("2026-04-20T12:00:00Z");
  private final LitifySchema schema = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  private final CaseRecord matter = Cases.matter().phone("5028138900").build();
  private final CaseRecord intake = Cases.intake().phone("5028138901").build();
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(OWNER))
      .knowCases(List.of(matter, intake));
  private final RcIds ids = RcIds.startingAt(1);

  private NoteDraft draft(CaseKind kind, SalesforceId caseId) {
    return new NoteDraft(ids.nextMessageId(), ExtensionId.of("1"), OWNER, "Text message sent", "body", kind, caseId,
        Instant.parse("2026-04-01T10:00:00.250Z"), Direction.OUTBOUND, PhoneNumber.of("5028138900"));
  }

  private NoteDraft draft() {
    return draft(CaseKind.MATTER, matter.id());
  }

  @Test
  void assignsValid18CharacterNoteIdsAndStoresSalesforceShapedFields() {
    NoteDraft d = draft();

    WriteOutcome o = notes.upsert(List.of(d)).get(0);

    SalesforceId id = o.id().orElseThrow();
    assertThat(id.value()).hasSize(18).startsWith("a0X");
    assertThat(SalesforceIds.validChecksum(id.value())).isTrue();
    NoteRecord r = notes.forMessage(d.messageId()).orElseThrow();
    assertThat(r.createdDate()).isEqualTo(clock.instant());
    assertThat(r.fields()).containsEntry("External_Id__c", d.externalId()).containsEntry("OwnerId", OWNER.value())
        .containsEntry("Message_Time__c", "2026-04-01T10:00:00.250+0000")
        .containsEntry(schema.noteIntakeField(), null);
    assertThat(r.messageTime()).contains(d.messageTime());
  }

  @Test
  void aMatterLookupToAnIntakeIsRefused() {
    WriteOutcome o = notes.upsert(List.of(draft(CaseKind.MATTER, intake.id()))).get(0);

    assertThat(o.status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(o.errorCode()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
    assertThat(o.fields()).containsExactly(schema.noteMatterField());
  }

  @Test
  void anUnknownOwnerIsAnInvalidField() {
    NoteDraft d = draft();
    NoteDraft stranger = new NoteDraft(d.messageId(), d.extension(), SalesforceIds.idFor(SalesforceIds.USER, 9), d.topic(),
        d.body(), d.kind(), d.caseId(), d.messageTime(), d.direction(), d.counterparty());

    assertThat(notes.upsert(List.of(stranger)).get(0).errorCode()).isEqualTo("INVALID_FIELD");
  }

  @Test
  void injectedRecordFailuresCanBeTransient() {
    NoteDraft d = draft();
    notes.failRecord(d.externalId(), "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", 1);

    WriteOutcome first = notes.upsert(List.of(d)).get(0);
    WriteOutcome second = notes.upsert(List.of(d)).get(0);

    assertThat(first.errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(second.status()).isEqualTo(WriteOutcome.Status.CREATED);
  }

  @Test
  void aSpentQuotaFailsWholeCallsAfterTheAllowance() {
    notes.failAfterCalls(1);
    notes.upsert(List.of(draft()));

    assertThatThrownBy(() -> notes.upsert(List.of(draft())))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.QUOTA_EXCEEDED);
          assertThat(e.fatalToRun()).isTrue();
          assertThat(e.system()).isEqualTo(ApiCalls.SALESFORCE);
        });
    assertThatThrownBy(() -> notes.find(NoteStore.Query.all())).isInstanceOf(ExternalSystemException.class);
    assertThat(notes.upsertCalls()).isEqualTo(2);
    assertThat(calls.count(ApiCalls.SALESFORCE)).isEqualTo(3);
    assertThat(notes.rcsyncNotes()).hasSize(1);
  }

  @Test
  void refusesBatchesLargerThanSalesforceAccepts() {
    List<NoteDraft> tooMany = new ArrayList<>();
    for (int i = 0; i < 201; i++) {
      tooMany.add(draft());
    }

    assertThatThrownBy(() -> notes.upsert(tooMany)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200");
  }

  @Test
  void aDuplicateExternalIdInOneBatchFailsTheRepeat() {
    NoteDraft d = draft();

    List<WriteOutcome> out = notes.upsert(List.of(d, d));

    assertThat(out).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.CREATED, WriteOutcome.Status.FAILED);
  }

  @Test
  void deletingTwiceReportsTheRecordAsDeleted() {
    NoteDraft d = draft();
    SalesforceId id = notes.upsert(List.of(d)).get(0).id().orElseThrow();
    notes.delete(List.of(id));

    assertThat(notes.delete(List.of(id)).get(0).errorCode()).isEqualTo("ENTITY_IS_DELETED");
  }
}
