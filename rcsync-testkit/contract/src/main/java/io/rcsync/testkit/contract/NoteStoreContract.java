package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What every {@link NoteStore} must do; Notes are put in through the backend's sink. */
public abstract class NoteStoreContract extends NoteContractSupport {

  @Override
  protected abstract NoteBackend freshBackend(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users);

  private static NoteStore.Query query(Set<SalesforceId> owners, Instant since, Instant until) {
    return new NoteStore.Query(owners, Optional.ofNullable(since), Optional.ofNullable(until), Optional.empty());
  }

  private static void write(NoteBackend backend, NoteDraft... drafts) {
    assertThat(backend.sink().upsert(List.of(drafts))).allMatch(WriteOutcome::succeeded);
  }

  private static List<String> externalIds(List<NoteRecord> records) {
    return records.stream().map(NoteRecord::externalId).toList();
  }

  @Test
  public void findsEveryNoteOfTheGivenOwners() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteDraft a1 = draft(ALYSSIA, openMatter, T0, "a1");
    NoteDraft a2 = draft(ALYSSIA, intake, T0.plusSeconds(1), "a2");
    NoteDraft k1 = draft(KYLE, openMatter, T0.plusSeconds(2), "k1");
    write(backend, a1, a2, k1);

    assertThat(externalIds(backend.store().find(query(Set.of(ALYSSIA), null, null))))
        .containsExactlyInAnyOrder(a1.externalId(), a2.externalId());
    assertThat(externalIds(backend.store().find(query(Set.of(KYLE), null, null))))
        .containsExactly(k1.externalId());
    assertThat(externalIds(backend.store().find(query(Set.of(ALYSSIA, KYLE), null, null))))
        .containsExactlyInAnyOrder(a1.externalId(), a2.externalId(), k1.externalId());
    assertThat(backend.store().find(query(Set.of(STRANGER), null, null))).isEmpty();
  }

  @Test
  public void filtersOnTheMessageTimeFieldSinceInclusiveUntilExclusive() {
    NoteBackend backend = backend(withMessageTime());
    Instant t1 = Instant.parse("2026-01-05T10:00:00Z");
    Instant t2 = Instant.parse("2026-02-05T10:00:00Z");
    Instant t3 = Instant.parse("2026-03-05T10:00:00Z");
    NoteDraft n1 = draft(ALYSSIA, openMatter, t1, "one");
    NoteDraft n2 = draft(ALYSSIA, openMatter, t2, "two");
    NoteDraft n3 = draft(KYLE, intake, t3, "three");
    write(backend, n1, n2, n3);
    NoteStore store = backend.store();

    assertThat(externalIds(store.find(query(Set.of(), t2, null)))).containsExactlyInAnyOrder(n2.externalId(), n3.externalId());
    assertThat(externalIds(store.find(query(Set.of(), null, t2)))).containsExactly(n1.externalId());
    assertThat(externalIds(store.find(query(Set.of(), t1, t3)))).containsExactlyInAnyOrder(n1.externalId(), n2.externalId());
    assertThat(externalIds(store.find(query(Set.of(ALYSSIA), t2, t3.plusSeconds(1))))).containsExactly(n2.externalId());
  }

  @Test
  public void withoutAMessageTimeFieldFiltersOnCreatedDate() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteDraft n = draft(ALYSSIA, openMatter, Instant.parse("2020-01-01T00:00:00Z"), "old message, new Note");
    write(backend, n);
    NoteStore store = backend.store();
    Instant longAgo = Instant.parse("2021-01-01T00:00:00Z");
    Instant farFuture = Instant.now().plus(Duration.ofDays(3_650));

    assertThat(externalIds(store.find(query(Set.of(), longAgo, null)))).containsExactly(n.externalId());
    assertThat(store.find(query(Set.of(), null, longAgo))).isEmpty();
    assertThat(store.find(query(Set.of(), farFuture, null))).isEmpty();
  }

  @Test
  public void findsTheNoteOfOneMessage() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteDraft a = draft(ALYSSIA, openMatter, T0, "a");
    NoteDraft b = draft(ALYSSIA, openMatter, T0.plusSeconds(1), "b");
    write(backend, a, b);

    List<NoteRecord> found = backend.store().find(
        new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(), Optional.of(b.messageId())));

    assertThat(externalIds(found)).containsExactly(b.externalId());
  }

  @Test
  public void findsEveryNoteOnOneMatterOrIntakeAndNoOther() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteDraft m1 = draft(ALYSSIA, openMatter, T0, "on the Matter");
    NoteDraft m2 = draft(KYLE, openMatter, T0.plusSeconds(1), "on the Matter too, other owner");
    NoteDraft i1 = draft(ALYSSIA, intake, T0.plusSeconds(2), "on the Intake");
    write(backend, m1, m2, i1);
    NoteStore store = backend.store();

    assertThat(externalIds(store.find(NoteStore.Query.onRecord(openMatter.id()))))
        .containsExactlyInAnyOrder(m1.externalId(), m2.externalId());
    assertThat(externalIds(store.find(NoteStore.Query.onRecord(intake.id())))).containsExactly(i1.externalId());
    // the 15-character form of the id names the same record
    assertThat(externalIds(store.find(NoteStore.Query.onRecord(SalesforceId.of(intake.id().shortForm())))))
        .containsExactly(i1.externalId());
    assertThat(store.find(NoteStore.Query.onRecord(closedMatter.id()))).isEmpty();
  }

  @Test
  public void findReturnsEachNotesCounterpartyAndRestorePutsItBack() {
    LitifySchema schema = withMessageTimeAndCounterparty();
    NoteBackend backend = backend(schema);
    NoteDraft client = draft(ALYSSIA, openMatter, T0, "from the client");
    NoteDraft spouse = new NoteDraft(nextMessageId(), EXT, ALYSSIA, client.topic(), "from the spouse", client.kind(),
        client.caseId(), T0.plusSeconds(60), client.direction(), PhoneNumber.of("8595550123"));
    write(backend, client, spouse);

    List<NoteRecord> found = backend.store().find(NoteStore.Query.onRecord(openMatter.id()));
    backend.store().delete(found.stream().map(NoteRecord::id).toList());
    backend.store().restore(found);
    List<NoteRecord> restored = backend.store().find(NoteStore.Query.onRecord(openMatter.id()));

    Map<String, Optional<PhoneNumber>> byExternalId = found.stream()
        .collect(Collectors.toMap(NoteRecord::externalId, n -> n.counterparty(schema)));
    assertThat(byExternalId).containsEntry(client.externalId(), Optional.of(PhoneNumber.of("5028138900")))
        .containsEntry(spouse.externalId(), Optional.of(PhoneNumber.of("8595550123")));
    assertThat(restored).extracting(n -> n.counterparty(schema))
        .containsExactlyInAnyOrderElementsOf(byExternalId.values());
  }

  @Test
  public void neverReturnsNotesRcsyncDidNotWrite() {
    NoteBackend backend = backend(withMessageTime());
    NoteDraft ours = draft(ALYSSIA, openMatter, T0, "ours");
    write(backend, ours);
    backend.foreign().insert(null, ALYSSIA, "typed by a paralegal");
    backend.foreign().insert("legacy_42", ALYSSIA, "SMS-Magic import");
    backend.foreign().insert("RC_MSG_777", ALYSSIA, "upper-case look-alike");
    backend.foreign().insert("rcXmsgX778", ALYSSIA, "LIKE wildcard look-alike");
    backend.foreign().insert("xrc_msg_779", KYLE, "prefix not at the start");

    assertThat(externalIds(backend.store().find(NoteStore.Query.all()))).containsExactly(ours.externalId());
    assertThat(externalIds(backend.store().find(query(Set.of(ALYSSIA, KYLE), null, null))))
        .containsExactly(ours.externalId());
    assertThat(externalIds(backend.store().find(query(Set.of(), null, Instant.now().plus(Duration.ofDays(1))))))
        .containsExactly(ours.externalId());
  }

  /** Issue 15: imported SMS-Magic history Notes ({@code smsmagic_}) are found only by a query that names them. */
  @Test
  public void findsSmsMagicNotesOnlyWhenAskedForNeverByDefault() {
    NoteBackend backend = backend(withMessageTime());
    NoteDraft rc = draft(ALYSSIA, openMatter, T0, "from RingCentral");
    NoteDraft history = smsMagicDraft(ALYSSIA, openMatter, T0.minusSeconds(86_400), "from SMS-Magic");
    write(backend, rc, history);
    NoteStore store = backend.store();
    Set<TextSource> both = Set.of(TextSource.RINGCENTRAL, TextSource.SMS_MAGIC);

    assertThat(history.externalId()).startsWith("smsmagic_").hasSize("smsmagic_".length() + 18);
    assertThat(externalIds(store.find(NoteStore.Query.all()))).containsExactly(rc.externalId());
    assertThat(externalIds(store.find(query(Set.of(ALYSSIA), null, null)))).containsExactly(rc.externalId());
    assertThat(externalIds(store.find(NoteStore.Query.onRecord(openMatter.id())))).containsExactly(rc.externalId());
    assertThat(externalIds(store.find(NoteStore.Query.all(Set.of(TextSource.SMS_MAGIC)))))
        .containsExactly(history.externalId());
    assertThat(externalIds(store.find(NoteStore.Query.all(both))))
        .containsExactlyInAnyOrder(rc.externalId(), history.externalId());
    assertThat(externalIds(store.find(NoteStore.Query.onRecord(openMatter.id()).withSources(both))))
        .containsExactlyInAnyOrder(rc.externalId(), history.externalId());
    assertThat(externalIds(store.find(query(Set.of(ALYSSIA), T0.minusSeconds(90_000), T0).withSources(both))))
        .containsExactly(history.externalId());
    // by its key: an SMS-Magic record's one Note
    assertThat(externalIds(store.find(new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(),
        Optional.of(history.messageId()))))).containsExactly(history.externalId());
    assertThat(externalIds(store.find(new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(),
        Optional.of(rc.messageId())).withSources(both)))).containsExactly(rc.externalId());
  }

  /**
   * Issue 15: the period of the {@code rc_msg_} Notes (an SMS-Magic import's de-duplication skips history outside it):
   * their first and last message time, whatever the {@code smsmagic_} Notes hold; {@link NoteStore.Span#NONE} before
   * any exists. A store may answer {@link NoteStore.Span#UNKNOWN} (it cannot tell cheaply); one that knows must be
   * right.
   */
  @Test
  public void rcNoteSpanIsTheFirstAndLastMessageTimeOfTheRingCentralNotesOnly() {
    NoteBackend backend = backend(withMessageTime());
    NoteStore store = backend.store();
    NoteStore.Span empty = store.rcNoteSpan();
    Instant first = Instant.parse("2026-01-05T10:00:00Z");
    Instant last = Instant.parse("2026-03-05T10:00:00Z");
    write(backend, draft(ALYSSIA, openMatter, last, "last"), draft(KYLE, intake, first, "first"),
        draft(ALYSSIA, openMatter, first.plusSeconds(3_600), "between"),
        smsMagicDraft(ALYSSIA, openMatter, first.minus(Duration.ofDays(400)), "history, long before"),
        smsMagicDraft(KYLE, intake, last.plus(Duration.ofDays(1)), "history, after"));

    NoteStore.Span span = store.rcNoteSpan();

    if (!empty.known()) {
      assertThat(span.known()).as("a store that cannot tell says so every time").isFalse();
      return;
    }
    assertThat(empty).isEqualTo(NoteStore.Span.NONE);
    assertThat(span).isEqualTo(NoteStore.Span.of(first, last));
    assertThat(span.mayHold(first.minus(Duration.ofDays(2)), first.minus(Duration.ofDays(1)))).isFalse();
    assertThat(span.mayHold(last.minusSeconds(1), last.plus(Duration.ofDays(30)))).isTrue();
  }

  /**
   * Issue 15: a {@link NoteStore.Query.Parties} filter returns the Notes whose Matter lookup is one of the matters, or
   * Intake lookup one of the intakes, or counterparty one of the numbers (each Note once), within the other filters,
   * and no other; a filter no Note can meet returns nothing.
   */
  @Test
  public void findsOnlyTheNotesOfTheGivenMattersIntakesAndNumbers() {
    NoteBackend backend = backend(withMessageTimeAndCounterparty());
    NoteStore store = backend.store();
    PhoneNumber spouse = PhoneNumber.of("8595550123");
    NoteDraft onMatter = draft(ALYSSIA, openMatter, T0, "on the Matter");
    NoteDraft onIntake = draft(KYLE, intake, T0.plusSeconds(1), "on the Intake");
    NoteDraft otherMatter = draft(ALYSSIA, closedMatter, T0.plusSeconds(2), "another Matter, the client's number");
    NoteDraft spouseElsewhere = new NoteDraft(nextMessageId(), EXT, ALYSSIA, onMatter.topic(), "the spouse, elsewhere",
        closedMatter.kind(), closedMatter.id(), T0.plusSeconds(3), onMatter.direction(), spouse);
    NoteDraft late = new NoteDraft(nextMessageId(), EXT, ALYSSIA, onMatter.topic(), "the spouse, a day later",
        closedMatter.kind(), closedMatter.id(), T0.plus(Duration.ofDays(1)), onMatter.direction(), spouse);
    write(backend, onMatter, onIntake, otherMatter, spouseElsewhere, late);
    NoteStore.Query window = new NoteStore.Query(Set.of(), Optional.of(T0), Optional.of(T0.plusSeconds(60)),
        Optional.empty());

    assertThat(externalIds(store.find(window.withParties(
        new NoteStore.Query.Parties(Set.of(openMatter.id()), Set.of(), Set.of())))))
        .containsExactly(onMatter.externalId());
    // an Intake's id asked as an Intake; the Matter set does not reach the Intake lookup
    assertThat(externalIds(store.find(window.withParties(
        new NoteStore.Query.Parties(Set.of(intake.id()), Set.of(openMatter.id()), Set.of()))))).isEmpty();
    assertThat(externalIds(store.find(window.withParties(
        new NoteStore.Query.Parties(Set.of(SalesforceId.of(openMatter.id().shortForm())), Set.of(intake.id()),
            Set.of(spouse))))))
        .containsExactlyInAnyOrder(onMatter.externalId(), onIntake.externalId(), spouseElsewhere.externalId());
    // a Note on one of the Matters AND of one of the numbers comes back once; the Intake's Note by its number
    assertThat(externalIds(store.find(window.withParties(
        new NoteStore.Query.Parties(Set.of(openMatter.id(), closedMatter.id()), Set.of(),
            Set.of(PhoneNumber.of("5028138900"), spouse))))))
        .containsExactlyInAnyOrder(onMatter.externalId(), onIntake.externalId(), otherMatter.externalId(),
            spouseElsewhere.externalId());
    assertThat(store.find(window.withParties(new NoteStore.Query.Parties(Set.of(), Set.of(), Set.of())))).isEmpty();
  }

  /** Issue 15: look-alikes of either prefix (case, position, a bare prefix) are never rcsync's, whatever is asked. */
  @Test
  public void neverReturnsLookAlikesOfEitherPrefix() {
    NoteBackend backend = backend(withMessageTime());
    NoteDraft rc = draft(ALYSSIA, openMatter, T0, "ours");
    NoteDraft history = smsMagicDraft(KYLE, intake, T0, "ours, imported");
    write(backend, rc, history);
    backend.foreign().insert("SMSMAGIC_a1SUV000000FAKE", ALYSSIA, "upper-case look-alike");
    backend.foreign().insert("xsmsmagic_1", ALYSSIA, "prefix not at the start");
    backend.foreign().insert("smsmagic_", KYLE, "bare prefix");
    backend.foreign().insert("smsmagicX1", KYLE, "LIKE wildcard look-alike");
    backend.foreign().insert("RC_MSG_1", KYLE, "upper-case look-alike");
    backend.foreign().insert("sms_magic_1", KYLE, "another integration's key");

    assertThat(externalIds(backend.store().find(NoteStore.Query.all(Set.of(TextSource.RINGCENTRAL,
        TextSource.SMS_MAGIC))))).containsExactlyInAnyOrder(rc.externalId(), history.externalId());
    assertThat(externalIds(backend.store().find(NoteStore.Query.all(Set.of(TextSource.SMS_MAGIC)))))
        .containsExactly(history.externalId());
    assertThat(externalIds(backend.store().find(NoteStore.Query.all()))).containsExactly(rc.externalId());
  }

  /**
   * Issue 15: delete takes Notes of either prefix and refuses, for itself, a Note whose key is not rcsync's, whatever
   * the caller passed (the second guard). Skipped for a backend whose foreign writer cannot return ids.
   */
  @Test
  public void deleteTakesNotesOfBothSourcesAndRefusesAnyOtherKey() {
    NoteBackend backend = backend(LitifySchema.defaults());
    NoteDraft rc = draft(ALYSSIA, openMatter, T0, "ours");
    NoteDraft history = smsMagicDraft(ALYSSIA, openMatter, T0, "ours, imported");
    write(backend, rc, history);
    Optional<SalesforceId> upper = backend.foreign().insertReturningId("SMSMAGIC_1", ALYSSIA, "upper-case look-alike");
    org.junit.jupiter.api.Assumptions.assumeTrue(upper.isPresent(), "the backend's foreign writer returns no ids");
    SalesforceId notAtStart = backend.foreign().insertReturningId("xsmsmagic_1", ALYSSIA, "prefix not at start").orElseThrow();
    SalesforceId bare = backend.foreign().insertReturningId("smsmagic_", ALYSSIA, "bare prefix").orElseThrow();
    SalesforceId typed = backend.foreign().insertReturningId(null, ALYSSIA, "typed by a paralegal").orElseThrow();
    List<SalesforceId> ours = backend.store().find(NoteStore.Query.all(Set.of(TextSource.RINGCENTRAL,
        TextSource.SMS_MAGIC))).stream().map(NoteRecord::id).toList();
    List<SalesforceId> foreign = List.of(upper.get(), notAtStart, bare, typed);

    List<DeleteOutcome> outcomes = backend.store().delete(
        java.util.stream.Stream.concat(ours.stream(), foreign.stream()).toList());

    assertThat(outcomes).hasSize(6);
    Map<String, String> refusedWith = new java.util.HashMap<>();
    for (DeleteOutcome o : outcomes) {
      boolean isOurs = ours.stream().anyMatch(o.id()::sameRecord);
      assertThat(o.deleted()).as("delete of %s", o.id()).isEqualTo(isOurs);
      if (!isOurs) {
        assertThat(o.errorCode()).as("refusal code of %s", o.id()).isNotBlank();
        refusedWith.put(o.id().shortForm(), o.errorCode());
      }
    }
    assertThat(refusedWith).hasSize(4);
    assertThat(backend.store().find(NoteStore.Query.all(Set.of(TextSource.RINGCENTRAL, TextSource.SMS_MAGIC))))
        .isEmpty();
    // still there: refused again, for the same reason
    List<DeleteOutcome> again = backend.store().delete(foreign);
    assertThat(again).hasSize(4).allSatisfy(o -> {
      assertThat(o.deleted()).isFalse();
      assertThat(o.errorCode()).as("refusal code of %s", o.id()).isEqualTo(refusedWith.get(o.id().shortForm()));
    });
  }

  @Test
  public void deletedNotesAreNotFoundAgain() {
    NoteBackend backend = backend(LitifySchema.defaults());
    write(backend, draft(ALYSSIA, openMatter, T0, "a"), draft(KYLE, intake, T0.plusSeconds(1), "b"),
        draft(KYLE, closedMatter, T0.plusSeconds(2), "c"));
    List<SalesforceId> ids = backend.store().find(NoteStore.Query.all()).stream().map(NoteRecord::id).toList();

    List<DeleteOutcome> outcomes = backend.store().delete(ids);

    assertThat(outcomes).hasSize(3).allMatch(DeleteOutcome::deleted);
    assertThat(backend.store().find(NoteStore.Query.all())).isEmpty();
  }

  @Test
  public void deletingAnUnknownIdFailsForThatIdOnly() {
    NoteBackend backend = backend(LitifySchema.defaults());
    write(backend, draft(ALYSSIA, openMatter, T0, "a"), draft(KYLE, intake, T0.plusSeconds(1), "b"));
    List<SalesforceId> real = backend.store().find(NoteStore.Query.all()).stream().map(NoteRecord::id).toList();
    SalesforceId unknown = SalesforceIds.idFor(SalesforceIds.NOTE, 3_000_000_000L);

    List<DeleteOutcome> outcomes = backend.store().delete(List.of(real.get(0), unknown, real.get(1)));

    assertThat(outcomes).hasSize(3);
    for (DeleteOutcome o : outcomes) {
      if (o.id().sameRecord(unknown)) {
        assertThat(o.deleted()).isFalse();
        assertThat(o.errorCode()).isNotBlank();
      } else {
        assertThat(o.deleted()).as("delete of %s", o.id()).isTrue();
      }
    }
    assertThat(backend.store().find(NoteStore.Query.all())).isEmpty();
  }

  @Test
  public void restorePutsBackDeletedNotesWithTheirFields() {
    NoteBackend backend = backend(withMessageTime());
    write(backend,
        draft(ALYSSIA, openMatter, Instant.parse("2026-03-01T08:00:00Z"), "matter note with \"quotes\" and ümlauts 😀"),
        draft(KYLE, convertedIntake, Instant.parse("2026-03-02T09:30:00Z"), "intake note\nline two"),
        draft(KYLE, closedMatter, Instant.parse("2026-03-03T10:45:00Z"), "back\\slash"));
    List<NoteRecord> before = backend.store().find(NoteStore.Query.all());
    backend.store().delete(before.stream().map(NoteRecord::id).toList());
    assertThat(backend.store().find(NoteStore.Query.all())).isEmpty();

    List<WriteOutcome> restored = backend.store().restore(before);

    assertThat(restored).hasSize(3).allSatisfy(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.CREATED));
    Map<String, NoteRecord> after = backend.store().find(NoteStore.Query.all()).stream()
        .collect(Collectors.toMap(NoteRecord::externalId, Function.identity()));
    assertThat(after).hasSize(3);
    for (NoteRecord original : before) {
      NoteRecord back = after.get(original.externalId());
      assertThat(back).as("restored %s", original.externalId()).isNotNull();
      assertThat(back.owner().orElseThrow().sameRecord(original.owner().orElseThrow())).isTrue();
      assertThat(back.messageTime()).isEqualTo(original.messageTime());
      assertThat(back.fields()).isEqualTo(original.fields());
    }
  }
}
