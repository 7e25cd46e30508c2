package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteField;
import io.rcsync.core.domain.NoteFieldOwnership;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NoteSink} must do; Notes are read back through the backend's {@link NoteStore}. Besides writing,
 * a sink must let a re-run leave Notes alone: {@link NoteSink#findExisting} reports exactly what was written (so the
 * standard {@link NoteFieldOwnership} finds nothing to change) and {@link NoteSink#update} writes only the fields it
 * is given (so staff's owner and lookups survive).
 */
public abstract class NoteSinkContract extends NoteContractSupport {

  @Override
  protected abstract NoteBackend freshBackend(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users);

  private static Map<String, WriteOutcome> byExternalId(List<WriteOutcome> outcomes) {
    return outcomes.stream().collect(Collectors.toMap(WriteOutcome::externalId, Function.identity()));
  }

  private static NoteRecord readBack(NoteBackend backend, MessageId id) {
    List<NoteRecord> found = backend.store().find(
        new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(), Optional.of(id)));
    assertThat(found).as("Notes for message %s", id).hasSize(1);
    return found.get(0);
  }

  @Test
  public void createsANoteThenUpdatesItWhenUpsertedAgain() {
    NoteBackend backend = backend(LitifySchema.defaults());
    MessageId id = nextMessageId();
    NoteDraft first = draft(id, ALYSSIA, CaseKind.MATTER, openMatter.id(), T0, "first text", Direction.INBOUND);
    NoteDraft again = draft(id, ALYSSIA, CaseKind.MATTER, openMatter.id(), T0, "edited text", Direction.INBOUND);

    List<WriteOutcome> created = backend.sink().upsert(List.of(first));
    List<WriteOutcome> updated = backend.sink().upsert(List.of(again));

    assertThat(created).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(WriteOutcome.Status.CREATED);
      assertThat(o.externalId()).isEqualTo("rc_msg_" + id.value());
      assertThat(o.id()).isPresent();
    });
    assertThat(updated).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(WriteOutcome.Status.UPDATED);
      assertThat(o.id().orElseThrow().sameRecord(created.get(0).id().orElseThrow())).isTrue();
    });
    NoteRecord stored = readBack(backend, id);
    assertThat(stored.id().sameRecord(created.get(0).id().orElseThrow())).isTrue();
    assertThat(text(stored, LitifySchema.defaults().noteBodyField())).isEqualTo("edited text");
  }

  @Test
  public void returnsOneOutcomePerDraft() {
    NoteBackend backend = backend(LitifySchema.defaults());
    List<NoteDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      drafts.add(draft(i % 2 == 0 ? ALYSSIA : KYLE, i % 3 == 0 ? intake : openMatter, T0.plusSeconds(i), "text " + i));
    }

    List<WriteOutcome> outcomes = backend.sink().upsert(drafts);

    assertThat(outcomes).hasSize(drafts.size());
    assertThat(outcomes).extracting(WriteOutcome::externalId)
        .containsExactlyInAnyOrderElementsOf(drafts.stream().map(NoteDraft::externalId).toList());
    assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.CREATED));
  }

  @Test
  public void writesAFullBatchOfTwoHundred() {
    NoteBackend backend = backend(LitifySchema.defaults());
    assertThat(backend.sink().maxBatchSize()).isGreaterThanOrEqualTo(200);
    List<NoteDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      drafts.add(draft(i % 2 == 0 ? ALYSSIA : KYLE, List.of(openMatter, closedMatter, intake, convertedIntake).get(i % 4),
          T0.plusSeconds(60L * i), "batch text " + i));
    }

    List<WriteOutcome> outcomes = backend.sink().upsert(drafts);

    assertThat(outcomes).hasSize(200).allMatch(WriteOutcome::succeeded);
    assertThat(backend.store().find(NoteStore.Query.all())).hasSize(200);
  }

  @Test
  public void aDraftWithAnUnknownLookupFailsAloneAndTheOthersAreWritten() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteDraft good1 = draft(ALYSSIA, openMatter, T0, "good one");
    NoteDraft bad = draft(nextMessageId(), ALYSSIA, CaseKind.MATTER, unknownMatter, T0.plusSeconds(1), "bad lookup",
        Direction.INBOUND);
    NoteDraft good2 = draft(KYLE, intake, T0.plusSeconds(2), "good two");

    Map<String, WriteOutcome> outcomes = byExternalId(backend.sink().upsert(List.of(good1, bad, good2)));

    assertThat(outcomes).hasSize(3);
    assertThat(outcomes.get(bad.externalId()).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(outcomes.get(bad.externalId()).errorCode()).isNotBlank();
    assertThat(outcomes.get(good1.externalId()).status()).isEqualTo(WriteOutcome.Status.CREATED);
    assertThat(outcomes.get(good2.externalId()).status()).isEqualTo(WriteOutcome.Status.CREATED);
    assertThat(backend.store().find(NoteStore.Query.all())).extracting(NoteRecord::externalId)
        .containsExactlyInAnyOrder(good1.externalId(), good2.externalId());
  }

  @Test
  public void aDraftOwnedByAnUnknownUserFailsAlone() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteDraft good = draft(ALYSSIA, openMatter, T0, "good");
    NoteDraft bad = draft(STRANGER, openMatter, T0.plusSeconds(1), "owner is not a user");

    Map<String, WriteOutcome> outcomes = byExternalId(backend.sink().upsert(List.of(good, bad)));

    assertThat(outcomes.get(bad.externalId()).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(outcomes.get(good.externalId()).status()).isEqualTo(WriteOutcome.Status.CREATED);
  }

  @Test
  public void writesTheMatterLookupForMattersAndTheIntakeLookupForIntakes() {
    LitifySchema schema = LitifySchema.defaults();
    NoteBackend backend = backend(schema);
    NoteDraft onMatter = draft(ALYSSIA, closedMatter, T0, "about the matter");
    NoteDraft onIntake = draft(ALYSSIA, convertedIntake, T0.plusSeconds(5), "about the intake");

    assertThat(backend.sink().upsert(List.of(onMatter, onIntake))).allMatch(WriteOutcome::succeeded);

    NoteRecord m = readBack(backend, onMatter.messageId());
    NoteRecord i = readBack(backend, onIntake.messageId());
    assertThat(SalesforceId.of(text(m, schema.noteMatterField())).sameRecord(closedMatter.id())).isTrue();
    assertThat(text(m, schema.noteIntakeField())).isNull();
    assertThat(SalesforceId.of(text(i, schema.noteIntakeField())).sameRecord(convertedIntake.id())).isTrue();
    assertThat(text(i, schema.noteMatterField())).isNull();
  }

  @Test
  public void storesOwnerTopicBodyExternalIdAndMessageTime() {
    LitifySchema schema = withMessageTime();
    NoteBackend backend = backend(schema);
    String body = "Olá 👋 \"quoted\" it's a back\\slash\nand a second line — 100% _done_";
    Instant at = Instant.parse("2026-02-14T09:08:07Z");
    NoteDraft sent = draft(nextMessageId(), KYLE, CaseKind.INTAKE, intake.id(), at, body, Direction.OUTBOUND);

    assertThat(backend.sink().upsert(List.of(sent))).allMatch(WriteOutcome::succeeded);

    NoteRecord stored = readBack(backend, sent.messageId());
    assertThat(stored.externalId()).isEqualTo(sent.externalId());
    assertThat(stored.owner()).hasValueSatisfying(o -> assertThat(o.sameRecord(KYLE)).isTrue());
    assertThat(text(stored, schema.noteTopicField())).isEqualTo("Text message sent");
    assertThat(text(stored, schema.noteBodyField())).isEqualTo(body);
    assertThat(stored.messageTime()).contains(at);
    assertThat(stored.writtenByRcsync()).isTrue();
  }

  private static final NoteFieldOwnership OWNERSHIP = NoteFieldOwnership.standard(TopicMap.defaults());

  private static NoteDraft render(NoteSink sink, NoteDraft d) {
    return d.withBody(sink.bodyFormat().render(d.body()));
  }

  @Test
  public void findsACreatedNoteByExternalIdAndARerunOfTheSameDraftHasNothingToWrite() {
    LitifySchema schema = withMessageTime();
    NoteBackend backend = backend(schema);
    NoteSink sink = backend.sink();
    NoteDraft d = render(sink, draft(nextMessageId(), ALYSSIA, CaseKind.MATTER, openMatter.id(),
        Instant.parse("2026-02-14T09:08:07.250Z"), "Olá 👋 line one\nline <two> & \"three\"", Direction.OUTBOUND));
    NoteDraft never = draft(ALYSSIA, openMatter, T0, "never written");
    backend.foreign().insert("other_tool_" + d.messageId().value(), KYLE, "not ours");

    assertThat(sink.findExisting(List.of(d.externalId()))).as("before the first write").isEmpty();
    List<WriteOutcome> created = sink.create(List.of(d));
    Map<String, StoredNote> found = sink.findExisting(List.of(d.externalId(), never.externalId()));

    assertThat(created).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.CREATED));
    assertThat(found).containsOnlyKeys(d.externalId());
    StoredNote stored = found.get(d.externalId());
    assertThat(stored.id().sameRecord(created.get(0).id().orElseThrow())).isTrue();
    assertThat(stored.owner()).hasValueSatisfying(o -> assertThat(o.sameRecord(ALYSSIA)).isTrue());
    assertThat(stored.matter()).hasValueSatisfying(m -> assertThat(m.sameRecord(openMatter.id())).isTrue());
    assertThat(stored.intake()).isEmpty();
    assertThat(OWNERSHIP.changes(stored, d)).as("an unchanged Note needs no write").isEmpty();
  }

  /**
   * {@link NoteSink#expect} is a hint: whatever the sink does with it (look up ahead, or nothing), {@link
   * NoteSink#findExisting} answers exactly as without it, also for keys no hint named.
   */
  @Test
  public void theExpectHintChangesNoAnswerOfFindExisting() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteSink sink = backend.sink();
    NoteDraft written = draft(ALYSSIA, openMatter, T0, "written");
    NoteDraft never = draft(ALYSSIA, openMatter, T0, "never written");
    NoteDraft unnamed = draft(ALYSSIA, openMatter, T0, "written, not in the hint");
    sink.create(List.of(written, unnamed));

    sink.expect(List.of(written.messageId(), never.messageId()), List.of(never.messageId()));
    Map<String, StoredNote> found = sink.findExisting(List.of(written.externalId(), never.externalId(),
        unnamed.externalId()));

    assertThat(found).containsOnlyKeys(written.externalId(), unnamed.externalId());
    assertThat(found.get(written.externalId()).body()).isEqualTo(written.body());
  }

  /**
   * Issue 15: an imported SMS-Magic record's Note is written and found by its {@code smsmagic_{record Id}} key like a
   * RingCentral text's, with or without the hint (also when a caller names it a group text by mistake), and a re-run
   * of the same draft has nothing to write.
   */
  @Test
  public void anSmsMagicRecordsNoteIsCreatedAndFoundByItsKeyAndARerunHasNothingToWrite() {
    NoteBackend backend = backend(withMessageTime());
    NoteSink sink = backend.sink();
    NoteDraft rc = render(sink, draft(ALYSSIA, openMatter, T0, "via RingCentral"));
    NoteDraft history = render(sink, smsMagicDraft(KYLE, intake, T0.minusSeconds(3_600), "via SMS-Magic"));
    NoteDraft neverImported = smsMagicDraft(KYLE, intake, T0, "never imported");

    List<WriteOutcome> created = sink.create(List.of(rc, history));
    sink.expect(List.of(rc.messageId(), history.messageId(), neverImported.messageId()), List.of(history.messageId()));
    Map<String, StoredNote> found = sink.findExisting(List.of(rc.externalId(), history.externalId(),
        neverImported.externalId()));

    assertThat(history.externalId()).startsWith("smsmagic_");
    assertThat(created).extracting(WriteOutcome::externalId).containsExactlyInAnyOrder(rc.externalId(),
        history.externalId());
    assertThat(created).allSatisfy(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.CREATED));
    assertThat(found).containsOnlyKeys(rc.externalId(), history.externalId());
    StoredNote stored = found.get(history.externalId());
    assertThat(stored.owner()).hasValueSatisfying(o -> assertThat(o.sameRecord(KYLE)).isTrue());
    assertThat(stored.intake()).hasValueSatisfying(i -> assertThat(i.sameRecord(intake.id())).isTrue());
    assertThat(OWNERSHIP.changes(stored, history)).as("an unchanged Note needs no write").isEmpty();
    assertThat(readBack(backend, history.messageId()).writtenByRcsync()).isTrue();
  }

  @Test
  public void anUpdateWritesOnlyTheNamedFieldsSoAStaffCorrectionOfOwnerAndLookupSurvives() {
    LitifySchema schema = LitifySchema.defaults();
    NoteBackend backend = backend(schema);
    NoteSink sink = backend.sink();
    MessageId id = nextMessageId();
    NoteDraft first = render(sink, draft(id, ALYSSIA, CaseKind.MATTER, openMatter.id(), T0, "first text",
        Direction.INBOUND));
    SalesforceId noteId = sink.create(List.of(first)).get(0).id().orElseThrow();
    // a paralegal moves the Note to the right Intake and gives it to Kyle
    NoteDraft staff = draft(id, KYLE, CaseKind.INTAKE, intake.id(), T0, "first text", Direction.INBOUND);
    assertThat(sink.update(List.of(new NoteUpdate(noteId, staff, Set.of(NoteField.OWNER, NoteField.CASE_LINK)))))
        .singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.UPDATED));

    NoteDraft rerun = render(sink, draft(id, ALYSSIA, CaseKind.MATTER, openMatter.id(), T0, "edited in RingCentral",
        Direction.INBOUND));
    StoredNote stored = sink.findExisting(List.of(rerun.externalId())).get(rerun.externalId());
    // the standard policy leaves an existing body alone (staff's after creation); --relink names it
    assertThat(OWNERSHIP.changes(stored, rerun)).isEmpty();
    Set<NoteField> changes = OWNERSHIP.relinking().changes(stored, rerun);
    changes.retainAll(Set.of(NoteField.BODY));
    List<WriteOutcome> written = sink.update(List.of(new NoteUpdate(stored.id(), rerun, changes)));

    assertThat(changes).containsExactly(NoteField.BODY);
    assertThat(written).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(WriteOutcome.Status.UPDATED);
      assertThat(o.externalId()).isEqualTo(rerun.externalId());
    });
    NoteRecord after = readBack(backend, id);
    assertThat(text(after, schema.noteBodyField())).isEqualTo(sink.bodyFormat().render("edited in RingCentral"));
    assertThat(after.owner()).hasValueSatisfying(o -> assertThat(o.sameRecord(KYLE)).isTrue());
    assertThat(SalesforceId.of(text(after, schema.noteIntakeField())).sameRecord(intake.id())).isTrue();
    assertThat(text(after, schema.noteMatterField())).isNull();
    assertThat(text(after, schema.noteTopicField())).isEqualTo("Text message received");
  }

  @Test
  public void aStatusTopicIsRewrittenButATopicStaffChoseIsNot() {
    LitifySchema schema = LitifySchema.defaults();
    NoteBackend backend = backend(schema);
    NoteSink sink = backend.sink();
    MessageId id = nextMessageId();
    NoteDraft sent = render(sink, draft(id, ALYSSIA, CaseKind.MATTER, openMatter.id(), T0, "hi", Direction.OUTBOUND));
    SalesforceId noteId = sink.create(List.of(sent)).get(0).id().orElseThrow();
    NoteFieldOwnership withFailed = NoteFieldOwnership.standard(Set.of("Text message sent", "Text message received",
        "Text message failed"));
    NoteDraft failed = new NoteDraft(id, EXT, ALYSSIA, "Text message failed", sent.body(), CaseKind.MATTER,
        openMatter.id(), T0, Direction.OUTBOUND, sent.counterparty());

    Set<NoteField> statusChange = withFailed.changes(sink.findExisting(List.of(sent.externalId())).get(sent.externalId()),
        failed);
    NoteDraft staffTopic = new NoteDraft(id, EXT, ALYSSIA, "Call", sent.body(), CaseKind.MATTER, openMatter.id(), T0,
        Direction.OUTBOUND, sent.counterparty());
    sink.update(List.of(new NoteUpdate(noteId, staffTopic, Set.of(NoteField.TOPIC))));
    Set<NoteField> afterStaff = withFailed.changes(
        sink.findExisting(List.of(sent.externalId())).get(sent.externalId()), failed);

    assertThat(statusChange).containsExactly(NoteField.TOPIC);
    assertThat(afterStaff).isEmpty();
    assertThat(text(readBack(backend, id), schema.noteTopicField())).isEqualTo("Call");
  }

  @Test
  public void storesTheCounterpartysTenDigitsAndFindExistingReadsThemBack() {
    LitifySchema schema = withMessageTimeAndCounterparty();
    NoteBackend backend = backend(schema);
    NoteSink sink = backend.sink();
    NoteDraft d = render(sink, draft(ALYSSIA, openMatter, T0, "hi"));

    assertThat(sink.create(List.of(d))).allMatch(WriteOutcome::succeeded);
    StoredNote stored = sink.findExisting(List.of(d.externalId())).get(d.externalId());

    assertThat(text(readBack(backend, d.messageId()), COUNTERPARTY_FIELD)).isEqualTo("5028138900");
    assertThat(readBack(backend, d.messageId()).counterparty(schema)).contains(d.counterparty());
    assertThat(stored.counterpartyKept()).isTrue();
    assertThat(stored.counterparty()).contains(d.counterparty());
    assertThat(OWNERSHIP.changes(stored, d)).as("an unchanged Note needs no write").isEmpty();
  }

  /**
   * The counterparty is rcsync's (a fact of the text): a stored number that differs from the match's is put back by
   * an update of that field alone (body, owner and lookups untouched).
   */
  @Test
  public void aChangedCounterpartyIsWrittenBackByAnUpdateOfThatFieldAlone() {
    LitifySchema schema = withMessageTimeAndCounterparty();
    NoteBackend backend = backend(schema);
    NoteSink sink = backend.sink();
    NoteDraft first = render(sink, draft(ALYSSIA, openMatter, T0, "first"));
    SalesforceId noteId = sink.create(List.of(first)).get(0).id().orElseThrow();
    NoteDraft rerun = new NoteDraft(first.messageId(), EXT, ALYSSIA, first.topic(), first.body(), first.kind(),
        first.caseId(), first.messageTime(), first.direction(), io.rcsync.core.domain.PhoneNumber.of("8595550123"));

    StoredNote stored = sink.findExisting(List.of(first.externalId())).get(first.externalId());
    Set<NoteField> changes = OWNERSHIP.changes(stored, rerun);
    List<WriteOutcome> written = sink.update(List.of(new NoteUpdate(noteId, rerun, changes)));

    assertThat(changes).containsExactly(NoteField.COUNTERPARTY);
    assertThat(written).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.UPDATED));
    NoteRecord after = readBack(backend, first.messageId());
    assertThat(text(after, COUNTERPARTY_FIELD)).isEqualTo("8595550123");
    assertThat(text(after, schema.noteBodyField())).isEqualTo(first.body());
    assertThat(after.owner()).hasValueSatisfying(o -> assertThat(o.sameRecord(ALYSSIA)).isTrue());
    StoredNote again = sink.findExisting(List.of(first.externalId())).get(first.externalId());
    assertThat(OWNERSHIP.changes(again, rerun)).as("nothing left to write").isEmpty();
  }
}
