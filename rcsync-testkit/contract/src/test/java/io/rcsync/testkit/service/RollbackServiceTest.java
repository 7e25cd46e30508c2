package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.RollbackCommand;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.service.RollbackService;
import io.rcsync.testkit.fake.InMemoryManifestStore;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.RcIds;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RollbackServiceTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);
  private static final SalesforceId NATHANIEL = SalesforceIds.idFor(SalesforceIds.USER, 3);
  private static final ExtensionId EXT = ExtensionId.of("376557052");

  private final LitifySchema schema = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final CaseRecord matter = Cases.matter().phone("5028138900").build();
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls)
      .knowUsers(List.of(ALYSSIA, KYLE, NATHANIEL)).knowCases(List.of(matter));
  private final InMemoryManifestStore manifests = new InMemoryManifestStore();
  private final Roster roster = Rosters.of(
      Rosters.wave("wave1_intake", Rosters.member("Alyssia").extension(EXT).user(ALYSSIA).build(),
          Rosters.member("Kyle Haney").extension("376557074").user(KYLE).build(),
          Rosters.member("Sara Collins").user(SalesforceIds.idFor(SalesforceIds.USER, 4)).build()),
      Rosters.wave("wave2_case_managers", Rosters.member("Nathaniel").extension("376558001").user(NATHANIEL).build()),
      Rosters.wave("wave3_empty", Rosters.member("Nobody").extension("376559999").build()));
  private final RcIds ids = RcIds.startingAt(5_000_000_001L);

  private RollbackService service(NoteStore store) {
    return new RollbackService(roster, store, manifests, clock, calls);
  }

  private RollbackService service() {
    return service(notes);
  }

  private List<NoteDraft> write(SalesforceId owner, int count, Instant firstMessageAt) {
    List<NoteDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(new NoteDraft(ids.nextMessageId(), EXT, owner, "Text message received", "text " + i, matter.kind(),
          matter.id(), firstMessageAt.plus(Duration.ofMinutes(i)), Direction.INBOUND, PhoneNumber.of("5028138900")));
    }
    for (int i = 0; i < drafts.size(); i += 200) {
      assertThat(notes.upsert(drafts.subList(i, Math.min(drafts.size(), i + 200)))).allMatch(WriteOutcome::succeeded);
    }
    return drafts;
  }

  private static RollbackCommand confirm(int maxDelete) {
    return new RollbackCommand(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        true, maxDelete);
  }

  private static RollbackCommand confirmWave(String wave) {
    return new RollbackCommand(Optional.of(wave), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        true, RollbackCommand.DEFAULT_MAX_DELETE);
  }

  @Test
  void aDryRunDeletesNothingAndShowsASample() {
    write(ALYSSIA, 15, NOW.minus(Duration.ofDays(1)));

    RollbackReport report = service().rollback(RollbackCommand.dryRunAll());

    assertThat(report.dryRun()).isTrue();
    assertThat(report.matched()).isEqualTo(15);
    assertThat(report.deleted()).isZero();
    assertThat(report.sample()).hasSize(10).allSatisfy(line -> assertThat(line).contains("rc_msg_").contains(ALYSSIA.value()));
    assertThat(report.manifest()).isEmpty();
    assertThat(notes.deleteCalls()).isZero();
    assertThat(manifests.writes()).isZero();
    assertThat(notes.rcsyncNotes()).hasSize(15);
  }

  @Test
  void confirmWritesTheManifestBeforeTheFirstDelete() {
    write(ALYSSIA, 30, NOW.minus(Duration.ofDays(1)));
    List<NoteRecord> before = notes.rcsyncNotes();
    AtomicInteger deletesWhenManifestWritten = new AtomicInteger(-1);
    AtomicInteger notesWhenManifestWritten = new AtomicInteger(-1);
    manifests.onWrite(location -> {
      deletesWhenManifestWritten.set(notes.deleteCalls());
      notesWhenManifestWritten.set(notes.rcsyncNotes().size());
    });

    RollbackReport report = service().rollback(confirm(100));

    assertThat(deletesWhenManifestWritten.get()).isZero();
    assertThat(notesWhenManifestWritten.get()).isEqualTo(30);
    assertThat(notes.callLog()).containsExactly("upsert", "find", "delete");
    assertThat(report.manifest()).contains(manifests.locations().get(0));
    assertThat(manifests.read(report.manifest().orElseThrow())).containsExactlyInAnyOrderElementsOf(before);
    assertThat(report.deleted()).isEqualTo(30);
    assertThat(notes.rcsyncNotes()).isEmpty();
  }

  @Test
  void deletesInBatchesOfTwoHundred() {
    write(KYLE, 450, NOW.minus(Duration.ofDays(5)));

    RollbackReport report = service().rollback(confirm(1_000));

    assertThat(notes.deleteCalls()).isEqualTo(3);
    assertThat(report.deleted()).isEqualTo(450);
    assertThat(report.failed()).isZero();
    assertThat(notes.rcsyncNotes()).isEmpty();
  }

  /**
   * A store whose query forgot every filter (it answers every Note), recording each id asked to be deleted in
   * {@code deleteRequests}: the service alone must keep to its source's Notes.
   */
  private NoteStore leakyStore(List<SalesforceId> deleteRequests) {
    return new NoteStore() {
      @Override
      public List<NoteRecord> find(Query query) {
        return notes.all();
      }

      @Override
      public List<DeleteOutcome> delete(List<SalesforceId> idsToDelete) {
        deleteRequests.addAll(idsToDelete);
        return notes.delete(idsToDelete);
      }

      @Override
      public List<WriteOutcome> restore(List<NoteRecord> records) {
        return notes.restore(records);
      }
    };
  }

  @Test
  void neverDeletesANoteRcsyncDidNotWriteEvenWhenTheStoreReturnsIt() {
    write(ALYSSIA, 3, NOW.minus(Duration.ofDays(1)));
    SalesforceId typed = notes.insertForeign(null, ALYSSIA, "typed by a paralegal");
    SalesforceId legacy = notes.insertForeign("legacy_42", ALYSSIA, "SMS-Magic import");
    SalesforceId lookAlike = notes.insertForeign("RC_MSG_77", ALYSSIA, "upper-case look-alike");
    List<SalesforceId> deleteRequests = new ArrayList<>();
    // a store whose query forgot the rc_msg_ filter: the service must still refuse the foreign records
    NoteStore leaky = leakyStore(deleteRequests);

    RollbackReport report = service(leaky).rollback(confirm(100));

    assertThat(report.refused()).isEqualTo(3);
    assertThat(report.deleted()).isEqualTo(3);
    assertThat(deleteRequests).hasSize(3).doesNotContain(typed, legacy, lookAlike);
    assertThat(notes.all()).extracting(NoteRecord::id).containsExactlyInAnyOrder(typed, legacy, lookAlike);
    assertThat(manifests.read(report.manifest().orElseThrow())).allMatch(NoteRecord::writtenByRcsync);
  }

  @Test
  void refusesToDeleteMoreThanTheLimitWithoutAnExplicitMaxDelete() {
    write(ALYSSIA, 30, NOW.minus(Duration.ofDays(1)));

    RollbackReport report = service().rollback(confirm(20));

    assertThat(report.blocked()).hasValueSatisfying(why -> assertThat(why).contains("30").contains("--max-delete 30"));
    assertThat(report.deleted()).isZero();
    assertThat(notes.deleteCalls()).isZero();
    assertThat(manifests.writes()).isZero();
    assertThat(notes.rcsyncNotes()).hasSize(30);
    assertThat(service().rollback(confirm(30)).deleted()).isEqualTo(30);
  }

  @Test
  void aWaveFilterDeletesOnlyNotesOwnedByThatWavesStaff() {
    write(ALYSSIA, 4, NOW.minus(Duration.ofDays(1)));
    write(KYLE, 3, NOW.minus(Duration.ofDays(1)));
    List<NoteDraft> nathaniels = write(NATHANIEL, 5, NOW.minus(Duration.ofDays(1)));

    RollbackReport report = service().rollback(confirmWave("wave1_intake"));

    assertThat(report.deleted()).isEqualTo(7);
    assertThat(notes.rcsyncNotes()).extracting(NoteRecord::externalId)
        .containsExactlyInAnyOrderElementsOf(nathaniels.stream().map(NoteDraft::externalId).toList());
  }

  @Test
  void anOwnerFilterDeletesOnlyThatOwnersNotes() {
    write(ALYSSIA, 4, NOW.minus(Duration.ofDays(1)));
    write(KYLE, 3, NOW.minus(Duration.ofDays(1)));

    RollbackReport report = service().rollback(new RollbackCommand(Optional.empty(), Optional.of(KYLE), Optional.empty(),
        Optional.empty(), Optional.empty(), true, 100));

    assertThat(report.deleted()).isEqualTo(3);
    assertThat(notes.rcsyncNotes()).hasSize(4).allSatisfy(r -> assertThat(r.owner()).contains(ALYSSIA));
  }

  @Test
  void anOwnerOutsideTheChosenWaveIsAUsageError() {
    assertThatThrownBy(() -> service().rollback(new RollbackCommand(Optional.of("wave1_intake"), Optional.of(NATHANIEL),
        Optional.empty(), Optional.empty(), Optional.empty(), false, 100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a member of wave wave1_intake");
    assertThatThrownBy(() -> service().rollback(confirmWave("wave3_empty")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no member with an sfUserId");
    assertThatThrownBy(() -> service().rollback(confirmWave("wave9")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown wave");
  }

  @Test
  void dateAndMessageFiltersSelectOnTheMessageTime() {
    Instant start = NOW.minus(Duration.ofDays(10));
    List<NoteDraft> drafts = write(ALYSSIA, 10, start); // one a minute from start
    Instant since = start.plus(Duration.ofMinutes(3));
    Instant until = start.plus(Duration.ofMinutes(7));

    RollbackReport window = service().rollback(new RollbackCommand(Optional.empty(), Optional.empty(), Optional.of(since),
        Optional.of(until), Optional.empty(), false, 100));
    MessageId one = drafts.get(8).messageId();
    RollbackReport single = service().rollback(new RollbackCommand(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(one), true, 100));

    assertThat(window.matched()).isEqualTo(4);
    assertThat(single.deleted()).isEqualTo(1);
    assertThat(notes.forMessage(one)).isEmpty();
    assertThat(notes.rcsyncNotes()).hasSize(9);
  }

  @Test
  void aRecordThatCannotBeDeletedIsReportedAndTheOthersGo() {
    List<NoteDraft> drafts = write(ALYSSIA, 5, NOW.minus(Duration.ofDays(1)));
    notes.failRecord(drafts.get(2).externalId(), "ENTITY_IS_LOCKED");

    RollbackReport report = service().rollback(confirm(100));

    assertThat(report.deleted()).isEqualTo(4);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.failures()).singleElement().asString().contains("ENTITY_IS_LOCKED");
    assertThat(notes.rcsyncNotes()).extracting(NoteRecord::externalId).containsExactly(drafts.get(2).externalId());
  }

  @Test
  void restorePutsBackEveryNoteARollbackDeleted() {
    write(ALYSSIA, 120, NOW.minus(Duration.ofDays(3)));
    write(KYLE, 130, NOW.minus(Duration.ofDays(2)));
    Map<String, NoteRecord> before = notes.rcsyncNotes().stream()
        .collect(Collectors.toMap(NoteRecord::externalId, Function.identity()));
    RollbackReport rollback = service().rollback(confirm(1_000));
    String manifest = rollback.manifest().orElseThrow();

    RestoreReport dry = service().restore(manifest, true);
    assertThat(dry.records()).isEqualTo(250);
    assertThat(notes.rcsyncNotes()).isEmpty();

    RestoreReport restored = service().restore(manifest, false);

    assertThat(restored.created()).isEqualTo(250);
    assertThat(restored.failed()).isZero();
    assertThat(notes.restoreCalls()).isEqualTo(2);
    Map<String, NoteRecord> after = notes.rcsyncNotes().stream()
        .collect(Collectors.toMap(NoteRecord::externalId, Function.identity()));
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((ext, original) -> {
      NoteRecord back = after.get(ext);
      assertThat(back.fields()).isEqualTo(original.fields());
      assertThat(back.owner()).isEqualTo(original.owner());
      assertThat(back.messageTime()).isEqualTo(original.messageTime());
    });
  }

  @Test
  void restoreRefusesAManifestHoldingAForeignRecord() {
    SalesforceId foreignId = notes.insertForeign("legacy_1", ALYSSIA, "not ours");
    NoteRecord foreign = notes.all().stream().filter(r -> r.id().equals(foreignId)).findFirst().orElseThrow();
    String manifest = manifests.write(List.of(foreign));

    assertThatThrownBy(() -> service().restore(manifest, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("legacy_1");
    assertThat(notes.restoreCalls()).isZero();
  }

  @Test
  void rollingBackAGroupTextsMessageIdDeletesEveryNoteOfItAndNoOther() {
    CaseRecord other = Cases.matter().phone("6065550123").build();
    notes.knowCases(List.of(other));
    List<NoteDraft> written = write(ALYSSIA, 2, NOW.minus(Duration.ofDays(1)));
    NoteDraft best = written.get(0);
    NoteDraft further = new NoteDraft(best.messageId(), best.extension(), best.owner(), best.topic(), best.body(),
        other.kind(), other.id(), best.messageTime(), best.direction(), PhoneNumber.of("6065550123"), true);
    assertThat(notes.upsert(List.of(further))).allMatch(WriteOutcome::succeeded);

    RollbackReport report = service().rollback(new RollbackCommand(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(best.messageId()), true, RollbackCommand.DEFAULT_MAX_DELETE));

    assertThat(report.deleted()).isEqualTo(2);
    assertThat(notes.rcsyncNotes()).extracting(r -> r.externalId()).containsExactly(written.get(1).externalId());
  }

  // ---- issue 15: rollback and restore by source ----------------------------------------------------------------

  private long smsMagicRecords = 9_001;

  /** Notes of imported SMS-Magic history records ({@code smsmagic_{18-char record Id}}). */
  private List<NoteDraft> writeSmsMagic(SalesforceId owner, int count, Instant firstMessageAt) {
    List<NoteDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(new NoteDraft(MessageId.smsMagic(SalesforceIds.idFor("a1S", smsMagicRecords++)), EXT, owner,
          "Text message received", "history " + i, matter.kind(), matter.id(), firstMessageAt.plus(Duration.ofMinutes(i)),
          Direction.INBOUND, PhoneNumber.of("5028138900")));
    }
    assertThat(notes.upsert(drafts)).allMatch(WriteOutcome::succeeded);
    return drafts;
  }

  private static RollbackCommand confirmSource(TextSource source) {
    return confirm(RollbackCommand.DEFAULT_MAX_DELETE).withSource(source);
  }

  private static List<String> keys(List<NoteDraft> drafts) {
    return drafts.stream().map(NoteDraft::externalId).toList();
  }

  @Test
  void aRollbackWithoutASourceDeletesOnlyRingCentralNotesNeverAnImportedHistoryNote() {
    List<NoteDraft> rc = write(ALYSSIA, 3, NOW.minus(Duration.ofDays(1)));
    List<NoteDraft> history = writeSmsMagic(ALYSSIA, 2, NOW.minus(Duration.ofDays(400)));

    RollbackReport dry = service().rollback(RollbackCommand.dryRunAll());
    RollbackReport report = service().rollback(confirm(100));

    assertThat(dry.matched()).isEqualTo(3);
    assertThat(dry.sample()).allSatisfy(line -> assertThat(line).contains("rc_msg_").doesNotContain("smsmagic_"));
    assertThat(report.deleted()).isEqualTo(3);
    assertThat(report.refused()).isZero();
    assertThat(notes.rcsyncNotes()).extracting(NoteRecord::externalId).containsExactlyInAnyOrderElementsOf(keys(history));
    var manifest = manifests.readManifest(report.manifest().orElseThrow());
    assertThat(manifest.source()).contains(TextSource.RINGCENTRAL);
    assertThat(manifest.notes()).extracting(NoteRecord::externalId).containsExactlyInAnyOrderElementsOf(keys(rc));
  }

  @Test
  void aRollbackOfSmsMagicDeletesOnlyTheImportedHistoryNotesAndRecordsTheSourceInTheManifest() {
    List<NoteDraft> rc = write(ALYSSIA, 3, NOW.minus(Duration.ofDays(1)));
    List<NoteDraft> history = writeSmsMagic(ALYSSIA, 4, NOW.minus(Duration.ofDays(400)));
    writeSmsMagic(KYLE, 2, NOW.minus(Duration.ofDays(400)));

    RollbackReport dry = service().rollback(RollbackCommand.dryRunAll().withSource(TextSource.SMS_MAGIC));
    RollbackReport report = service().rollback(new RollbackCommand(Optional.empty(), Optional.of(ALYSSIA),
        Optional.empty(), Optional.empty(), Optional.empty(), true, 100, false, TextSource.SMS_MAGIC));

    assertThat(dry.matched()).isEqualTo(6);
    assertThat(dry.sample()).allSatisfy(line -> assertThat(line).contains("smsmagic_"));
    assertThat(report.matched()).isEqualTo(4);
    assertThat(report.deleted()).isEqualTo(4);
    assertThat(notes.rcsyncNotes()).extracting(NoteRecord::externalId).containsAll(keys(rc))
        .doesNotContainAnyElementsOf(keys(history)).hasSize(5);
    var manifest = manifests.readManifest(report.manifest().orElseThrow());
    assertThat(manifest.source()).contains(TextSource.SMS_MAGIC);
    assertThat(manifest.notes()).extracting(NoteRecord::externalId).containsExactlyInAnyOrderElementsOf(keys(history));
  }

  @Test
  void anSmsMagicRecordsNoteIsRolledBackByItsKeyOnlyWithItsSource() {
    writeSmsMagic(ALYSSIA, 3, NOW.minus(Duration.ofDays(400)));
    MessageId one = MessageId.smsMagic(SalesforceIds.idFor("a1S", 9_002));

    assertThatThrownBy(() -> new RollbackCommand(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(one), true, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(one.externalId())
        .hasMessageContaining("add --source smsmagic");
    RollbackReport report = service().rollback(new RollbackCommand(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(one), true, 100, false, TextSource.SMS_MAGIC));

    assertThat(report.deleted()).isEqualTo(1);
    assertThat(notes.byExternalId(one.externalId())).isEmpty();
    assertThat(notes.rcsyncNotes()).hasSize(2);
  }

  @Test
  void aRollbackOfOneSourceRefusesTheOtherSourcesNotesAndLookAlikesEvenWhenTheStoreReturnsThem() {
    List<NoteDraft> rc = write(ALYSSIA, 2, NOW.minus(Duration.ofDays(1)));
    List<NoteDraft> history = writeSmsMagic(ALYSSIA, 3, NOW.minus(Duration.ofDays(400)));
    notes.insertForeign("SMSMAGIC_a1SUV0000000001AAA", ALYSSIA, "upper-case look-alike");
    notes.insertForeign("xsmsmagic_1", ALYSSIA, "prefix not at the start");
    notes.insertForeign("smsmagic_", ALYSSIA, "bare prefix");
    List<SalesforceId> deleteRequests = new ArrayList<>();
    // a store whose query forgot the source filter: the service must still delete only the asked source's Notes
    NoteStore leaky = leakyStore(deleteRequests);

    RollbackReport report = service(leaky).rollback(confirmSource(TextSource.SMS_MAGIC));

    assertThat(report.deleted()).isEqualTo(3);
    assertThat(report.refused()).as("2 RingCentral Notes and 3 look-alikes").isEqualTo(5);
    assertThat(deleteRequests).hasSize(3);
    assertThat(notes.all()).extracting(NoteRecord::externalId).containsAll(keys(rc))
        .doesNotContainAnyElementsOf(keys(history)).hasSize(5);
  }

  @Test
  void restorePutsBackAnSmsMagicRollbackAndLeavesRingCentralNotesAlone() {
    List<NoteDraft> rc = write(ALYSSIA, 2, NOW.minus(Duration.ofDays(1)));
    writeSmsMagic(ALYSSIA, 3, NOW.minus(Duration.ofDays(400)));
    Map<String, NoteRecord> before = notes.rcsyncNotes().stream().filter(r -> r.externalId().startsWith("smsmagic_"))
        .collect(Collectors.toMap(NoteRecord::externalId, Function.identity()));
    String manifest = service().rollback(confirmSource(TextSource.SMS_MAGIC)).manifest().orElseThrow();

    RestoreReport dry = service().restore(manifest, true);
    RestoreReport restored = service().restore(manifest, false);

    assertThat(dry.records()).isEqualTo(3);
    assertThat(restored.created()).isEqualTo(3);
    assertThat(restored.failed()).isZero();
    Map<String, NoteRecord> after = notes.rcsyncNotes().stream()
        .collect(Collectors.toMap(NoteRecord::externalId, Function.identity()));
    assertThat(after.keySet()).containsAll(keys(rc)).containsAll(before.keySet()).hasSize(5);
    before.forEach((ext, original) -> assertThat(after.get(ext).fields()).isEqualTo(original.fields()));
  }

  @Test
  void restoreRefusesALookAlikeOfEitherPrefixAndARecordOfAnotherSourceThanTheManifests() {
    List<NoteDraft> rc = write(ALYSSIA, 1, NOW.minus(Duration.ofDays(1)));
    List<NoteDraft> history = writeSmsMagic(ALYSSIA, 1, NOW.minus(Duration.ofDays(400)));
    SalesforceId lookAlikeId = notes.insertForeign("SMSMAGIC_1", ALYSSIA, "not ours");
    NoteRecord lookAlike = notes.all().stream().filter(r -> r.id().equals(lookAlikeId)).findFirst().orElseThrow();
    NoteRecord rcNote = notes.byExternalId(rc.get(0).externalId()).orElseThrow();
    NoteRecord historyNote = notes.byExternalId(history.get(0).externalId()).orElseThrow();
    String foreign = manifests.write(List.of(lookAlike));
    String edited = manifests.write(new io.rcsync.core.port.out.ManifestStore.Manifest(List.of(historyNote, rcNote),
        List.of(), Optional.of(TextSource.SMS_MAGIC)));

    assertThatThrownBy(() -> service().restore(foreign, false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SMSMAGIC_1").hasMessageContaining("rc_msg_ or smsmagic_");
    assertThatThrownBy(() -> service().restore(edited, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rcNote.externalId()).hasMessageContaining("smsmagic Notes").hasMessageContaining("edited");
    assertThat(notes.restoreCalls()).isZero();
  }
}
