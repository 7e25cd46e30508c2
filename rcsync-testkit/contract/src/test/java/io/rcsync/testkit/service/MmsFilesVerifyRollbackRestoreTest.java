package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.RollbackCommand;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.VerifyNotesUseCase.VerifyCommand;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.core.report.MissingFile;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.VerifyReport;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.VerifyService;
import io.rcsync.testkit.fake.InMemoryAttachmentSource;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryFiles;
import io.rcsync.testkit.fake.InMemoryManifestStore;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.InMemorySyncStateStore;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.service.RollbackService;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 on the in-memory fakes: verify finds Notes whose MMS files are missing, rollback takes rcsync's files with
 * their Notes, restore brings both back from the manifest (files re-downloaded from RingCentral).
 */
class MmsFilesVerifyRollbackRestoreTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(7));
  private static final ExtensionId EXT = ExtensionId.of("376557052");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);

  private final LitifySchema schema = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls).add(EXT.value(), "104", "Alyssia");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA));
  private final InMemoryFiles files = new InMemoryFiles(calls, 2L * 1024 * 1024 * 1024);
  private final InMemoryAttachmentSource content = new InMemoryAttachmentSource(calls);
  private final InMemoryManifestStore manifests = new InMemoryManifestStore();
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(EXT).extensionNumber("104").user(ALYSSIA).build());
  private final CaseRecord matter = Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z").build();

  MmsFilesVerifyRollbackRestoreTest() {
    cases.add(matter);
    notes.knowCases(List.of(matter));
  }

  private RcSync rcsync(AttachmentPolicy policy, boolean withFiles) {
    RcSync.Builder b = RcSync.builder()
        .settings(new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"), TopicMap.defaults(),
            schema, Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE, Duration.ofDays(30), policy))
        .messageSource(source)
        .extensionDirectory(directory)
        .caseDirectory(cases)
        .notes(notes)
        .manifestStore(manifests)
        .stateStore(new InMemorySyncStateStore())
        .clock(clock)
        .apiCalls(calls);
    if (withFiles) {
      b.fileStore(files).attachmentSource(content);
    }
    return b.build();
  }

  private RcSync rcsync() {
    return rcsync(AttachmentPolicy.defaults(), true);
  }

  private static Attachment media(String id, String type, long size, String name) {
    return new Attachment(id, "https://media.example.invalid/content/" + id, Attachment.MMS_ATTACHMENT, type, size, name);
  }

  private SmsMessage mms(Instant at, Attachment... attachments) {
    Messages.Builder b = Messages.inbound().extension(EXT).from("5028138901").text("see picture").at(at);
    b.attachment(new Attachment("t" + at.getEpochSecond(), "https://media.example.invalid/t", "Text", "text/plain"));
    for (Attachment a : attachments) {
      b.attachment(a);
    }
    SmsMessage m = b.build();
    source.add(m);
    return m;
  }

  /** Syncs the Notes; the sync copies each MMS's media (upload to the Note, share with the Matter). */
  private void syncWithFiles(List<SmsMessage> messages) {
    rcsync().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    for (SmsMessage m : messages) {
      for (Attachment a : m.attachments()) {
        if (a.isMedia()) {
          assertThat(files.stored(VerifyService.fileKey(m.id(), a.id()))).as("file of %s", a.id()).isPresent();
        }
      }
    }
  }

  private NoteRecord noteOf(SmsMessage m) {
    return notes.rcsyncNotes().stream().filter(r -> r.externalId().equals(m.id().externalId())).findFirst().orElseThrow();
  }

  private VerifyReport verify(RcSync rcsync) {
    return rcsync.verify(new VerifyCommand(Rosters.WAVE1, Optional.empty(), SINCE, Optional.empty()));
  }

  private static RollbackCommand confirmAll() {
    return new RollbackCommand(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        true, RollbackCommand.DEFAULT_MAX_DELETE);
  }

  /** Fresh-user run 2, finding 3: verify judges files by the Matter the Note points to now, not the matched one. */
  @Test
  void afterStaffMoveTheNoteVerifyExpectsTheFileOnTheNotesNewMatterAndTheSyncPutsItThere() {
    CaseRecord otherMatter = Cases.matter().phone("(606) 555-0199").createdAt("2025-01-01T00:00:00Z").build();
    cases.add(otherMatter);
    notes.knowCases(List.of(matter, otherMatter));
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)), media("5", "image/jpeg", 400, "scene.jpg"));
    syncWithFiles(List.of(m));
    notes.moveToMatter(m.id().externalId(), otherMatter.id());

    VerifyReport before = verify(rcsync());
    assertThat(before.missingFiles()).singleElement().satisfies(f -> assertThat(f.reason())
        .contains("not linked to its Matter/Intake " + otherMatter.id().value()));

    rcsync().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    VerifyReport after = verify(rcsync());

    assertThat(after.missingFiles()).isEmpty();
    assertThat(files.stored(VerifyService.fileKey(m.id(), "5")).orElseThrow().linkedTo())
        .anyMatch(otherMatter.id()::sameRecord).noneMatch(matter.id()::sameRecord);
  }

  @Test
  void verifyListsTheNoteWhoseFileWasDeletedBehindTheBackAndCallsTheWindowIncomplete() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage b = mms(NOW.minus(Duration.ofDays(1)), media("21", "application/pdf", 5000, "police-report.pdf"),
        media("22", "image/png", 100, "card.png"));
    syncWithFiles(List.of(a, b));

    VerifyReport whole = verify(rcsync());
    assertThat(whole.filesChecked()).isEqualTo(3);
    assertThat(whole.missingFiles()).isEmpty();
    assertThat(whole.fileCheck()).isEmpty();
    assertThat(whole.complete()).isTrue();

    files.removeBehindTheBack(VerifyService.fileKey(b.id(), "21"));
    VerifyReport report = verify(rcsync());

    assertThat(report.missingFiles()).singleElement().satisfies(f -> {
      assertThat(f).usingRecursiveComparison().ignoringFields("reason")
          .isEqualTo(new MissingFile(b.id().value(), b.id().externalId(), "21", "police-report.pdf"));
      assertThat(f.reason()).startsWith(MissingFile.NO_FILE).contains(VerifyService.fileKey(b.id(), "21"))
          .doesNotContain("listed no");
      assertThat(f.notLinked()).isFalse();
    });
    assertThat(report.missing()).isEmpty();
    assertThat(report.complete()).isFalse();
  }

  @Test
  void verifyLooksFilesUpByKeyInOneCallPerBatchNotPerNote() {
    List<SmsMessage> texts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      texts.add(mms(NOW.minus(Duration.ofHours(i + 1)), media("a" + i, "image/jpeg", 500, "p" + i + ".jpg")));
    }
    syncWithFiles(texts);
    int before = files.calls();

    VerifyReport report = verify(rcsync());

    assertThat(report.filesChecked()).isEqualTo(30);
    // InMemoryFiles counts a findByKeys as Salesforce's 2 calls (versions, then their links): one batch
    assertThat(files.calls() - before).isEqualTo(2);
  }

  @Test
  void verifyCountsFilesThePolicyRefusesApartAndNeverAsMissing() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)), media("1", "application/pdf", 500, "a.pdf"),
        media("2", "image/jpeg", 9_000, "big.jpg"), media("3", "image/jpeg", 500, "ok.jpg"));
    rcsync().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    files.removeBehindTheBack(VerifyService.fileKey(m.id(), "3"));
    AttachmentPolicy imagesUpTo1k = new AttachmentPolicy(true, 1_000, List.of("image/*"));

    VerifyReport report = verify(rcsync(imagesUpTo1k, true));

    assertThat(report.filesRefusedByPolicy()).isEqualTo(2);
    assertThat(report.missingFiles()).extracting(MissingFile::attachmentId).containsExactly("3");
    assertThat(report.missingFiles().get(0).messageId()).isEqualTo(m.id().value());

    VerifyReport off = verify(rcsync(new AttachmentPolicy(false, 1_000, List.of("*/*")), true));
    assertThat(off.filesRefusedByPolicy()).isEqualTo(3);
    assertThat(off.missingFiles()).isEmpty();
    assertThat(off.complete()).isTrue();
  }

  @Test
  void verifyReportsAFileThatExistsButIsNotLinkedToItsMatterAsAMissingFileRow() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)), media("1", "image/jpeg", 500, "a.jpg"));
    rcsync(new AttachmentPolicy(false, 1_000, List.of("*/*")), true)
        .sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    // a file under rcsync's key published to the Note only (the share with the Matter never happened)
    SalesforceId note = noteOf(m).id();
    assertThat(files.upload(new FileStore.Upload(VerifyService.fileKey(m.id(), "1"), "a.jpg", "a.jpg", "image/jpeg",
        List.of(note), content.open(EXT, m.id(), m.attachments().get(1)))).stored()).isPresent();

    VerifyReport report = verify(rcsync());

    assertThat(report.filesChecked()).isEqualTo(1);
    assertThat(report.missingFiles()).singleElement().satisfies(f -> {
      assertThat(f.notLinked()).isTrue();
      assertThat(f.noteExternalId()).isEqualTo(m.id().externalId());
      assertThat(f.reason()).startsWith("not linked to its matter " + matter.id().value());
    });
    assertThat(report.complete()).isFalse();
  }

  @Test
  void verifyReportsAFileLinkedToItsMatterButNotToItsNote() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)), media("1", "image/jpeg", 500, "a.jpg"));
    rcsync(new AttachmentPolicy(false, 1_000, List.of("*/*")), true)
        .sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    files.upload(new FileStore.Upload(VerifyService.fileKey(m.id(), "1"), "a.jpg", "a.jpg", "image/jpeg",
        List.of(matter.id()), content.open(EXT, m.id(), m.attachments().get(1))));

    VerifyReport report = verify(rcsync());

    assertThat(report.missingFiles()).singleElement()
        .satisfies(f -> assertThat(f.reason()).startsWith("not linked to its Note " + noteOf(m).id().value()));
    assertThat(report.complete()).isFalse();
  }

  @Test
  void verifyAppliesTheSyncsPolicyDecisionABlankListedTypeIsCheckedNotRefused() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)), media("1", "", 500, "a.bin"));
    syncWithFiles(List.of(m));

    VerifyReport report = verify(rcsync(new AttachmentPolicy(true, 1_000, List.of("image/*")), true));

    // the sync copied it (served type decided), so verify must look for it rather than count it refused
    assertThat(report.filesRefusedByPolicy()).isZero();
    assertThat(report.filesChecked()).isEqualTo(1);
    assertThat(report.missingFiles()).isEmpty();
  }

  @Test
  void aFileWithNoListedSizeThatTheSyncRefusedOverLimitIsMissingWithAReasonPointingAtMaxBytes() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)),
        new Attachment("1", "https://media.example.invalid/content/1", Attachment.MMS_ATTACHMENT, "image/jpeg", null,
            "big.jpg"));
    // served at InMemoryAttachmentSource.DEFAULT_SIZE (2048) bytes: over a 1,000-byte limit by Content-Length
    AttachmentPolicy upTo1k = new AttachmentPolicy(true, 1_000, List.of("*/*"));
    rcsync(upTo1k, true).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    assertThat(files.rcsyncFiles()).isEmpty();

    VerifyReport report = verify(rcsync(upTo1k, true));

    // verify never downloads, so it cannot know the size: missing, with the way out named
    assertThat(report.filesRefusedByPolicy()).isZero();
    assertThat(report.missingFiles()).singleElement().satisfies(f -> {
      assertThat(f.attachmentId()).isEqualTo("1");
      assertThat(f.reason()).startsWith(MissingFile.NO_FILE).contains("listed no size", "-attachments.csv",
          "over limit", "attachments.maxBytes");
    });
    assertThat(report.complete()).isFalse();
  }

  @Test
  void verifyWithoutAFileStoreSaysFilesWereNotChecked() {
    mms(NOW.minus(Duration.ofDays(1)), media("1", "image/jpeg", 500, "a.jpg"));
    rcsync().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    VerifyReport report = verify(rcsync(AttachmentPolicy.defaults(), false));

    assertThat(report.fileCheck()).contains(VerifyReport.FILES_NOT_CHECKED);
    assertThat(report.filesChecked()).isZero();
    assertThat(report.complete()).isTrue();
  }

  @Test
  void aDryRunCountsTheFilesARollbackWouldDelete() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)), media("1", "image/jpeg", 500, "a.jpg"),
        media("2", "image/jpeg", 700, "b.jpg"));
    syncWithFiles(List.of(m));

    RollbackReport report = rcsync().rollback(RollbackCommand.dryRunAll());

    assertThat(report.dryRun()).isTrue();
    assertThat(report.filesMatched()).isEqualTo(2);
    assertThat(report.filesDeleted()).isZero();
    assertThat(files.rcsyncFiles()).hasSize(2);
  }

  @Test
  void rollbackDeletesTheNotesWithTheirFilesAndLeavesAForeignFileAlone() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage b = mms(NOW.minus(Duration.ofDays(1)), media("21", "application/pdf", 5000, "report.pdf"));
    syncWithFiles(List.of(a, b));
    SalesforceId foreign = files.insertForeign("staff-scan.pdf", noteOf(a).id(), new byte[] {1, 2, 3});

    RollbackReport report = rcsync().rollback(confirmAll());

    assertThat(report.deleted()).isEqualTo(2);
    assertThat(report.filesMatched()).isEqualTo(2);
    assertThat(report.filesDeleted()).isEqualTo(2);
    assertThat(report.filesFailed()).isZero();
    assertThat(report.filesNotRestorable()).isEmpty();
    assertThat(notes.rcsyncNotes()).isEmpty();
    assertThat(files.rcsyncFiles()).isEmpty();
    assertThat(files.findByNotes(List.of(noteIdsGone()))).isEmpty();
    assertThat(files.delete(List.of(foreign))).singleElement()
        .satisfies(o -> assertThat(o.errorCode()).isEqualTo(InMemoryFiles.NOT_RCSYNC_FILE));
    ManifestStore.Manifest manifest = manifests.readManifest(report.manifest().orElseThrow());
    assertThat(manifest.notes()).hasSize(2);
    assertThat(manifest.files()).extracting(ManifestStore.ManifestFile::key)
        .containsExactlyInAnyOrder(VerifyService.fileKey(a.id(), "11"), VerifyService.fileKey(b.id(), "21"));
    assertThat(manifest.files()).allSatisfy(f -> {
      assertThat(f.uri()).isPresent();
      assertThat(f.extensionId()).contains(EXT.value());
      assertThat(f.sharedWith()).extracting(SalesforceId::shortForm).containsExactly(matter.id().shortForm());
    });
  }

  private SalesforceId noteIdsGone() {
    return SalesforceIds.idFor(SalesforceIds.NOTE, 999_999);
  }

  @Test
  void aNoteWhoseFilesCouldNotBeDeletedIsKeptAndTheManifestStillRecordsThem() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)), media("1", "image/jpeg", 500, "a.jpg"));
    syncWithFiles(List.of(m));
    // Salesforce fails from the moment the manifest is written: the file delete is the next call
    manifests.onWrite(location -> files.failCalls(ExternalSystemException.Kind.CONNECTION));

    RollbackReport report = rcsync().rollback(confirmAll());

    files.failCalls(null);
    assertThat(report.filesFailed()).isEqualTo(1);
    assertThat(report.deleted()).isZero();
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.failures()).anySatisfy(l -> assertThat(l).contains("Note kept"));
    assertThat(notes.rcsyncNotes()).hasSize(1);
    assertThat(files.rcsyncFiles()).hasSize(1);
  }

  @Test
  void restoreBringsBackTheNotesAndTheirFilesWithTheSameBytesLinkedToNoteAndMatter() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage b = mms(NOW.minus(Duration.ofDays(1)), media("21", "application/pdf", 5000, "report.pdf"),
        media("22", "image/png", 100, "card.png"));
    syncWithFiles(List.of(a, b));
    List<String> keys = List.of(VerifyService.fileKey(a.id(), "11"), VerifyService.fileKey(b.id(), "21"),
        VerifyService.fileKey(b.id(), "22"));
    List<String> shas = keys.stream().map(k -> files.sha256(k).orElseThrow()).toList();
    String manifest = rcsync().rollback(confirmAll()).manifest().orElseThrow();
    int opensBefore = content.opens();

    RestoreReport dry = rcsync().restore(manifest, true);
    assertThat(dry.files()).isEqualTo(3);
    assertThat(dry.filesRestored()).isZero();
    assertThat(files.rcsyncFiles()).isEmpty();

    RestoreReport report = rcsync().restore(manifest, false);

    assertThat(report.created()).isEqualTo(2);
    assertThat(report.filesRestored()).isEqualTo(3);
    assertThat(report.filesFailed()).isZero();
    assertThat(content.opens() - opensBefore).isEqualTo(3);
    assertThat(keys.stream().map(k -> files.sha256(k).orElseThrow()).toList()).isEqualTo(shas);
    SalesforceId newNote = noteOf(b).id();
    assertThat(files.stored(keys.get(1)).orElseThrow().linkedTo()).extracting(SalesforceId::shortForm)
        .containsExactly(newNote.shortForm(), matter.id().shortForm());
    assertThat(files.describe(keys.get(1)).orElseThrow()).containsExactly("report.pdf", "report.pdf", "application/pdf");
    assertThat(verify(rcsync()).complete()).isTrue();

    RestoreReport again = rcsync().restore(manifest, false);
    assertThat(again.filesPresent()).isEqualTo(3);
    assertThat(again.filesRestored()).isZero();
    assertThat(again.filesFailed()).isZero();
  }

  @Test
  void restoreReportsTheFileOfAMessageRingCentralPurgedAndRestoresTheRest() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage b = mms(NOW.minus(Duration.ofDays(1)), media("21", "application/pdf", 5000, "report.pdf"));
    syncWithFiles(List.of(a, b));
    String manifest = rcsync().rollback(confirmAll()).manifest().orElseThrow();
    content.gone(a.id());

    RestoreReport report = rcsync().restore(manifest, false);

    assertThat(report.created()).isEqualTo(2);
    assertThat(report.filesRestored()).isEqualTo(1);
    assertThat(report.filesFailed()).isEqualTo(1);
    assertThat(report.fileFailures()).singleElement().satisfies(l -> assertThat(l)
        .startsWith(VerifyService.fileKey(a.id(), "11")).contains("404"));
    assertThat(files.stored(VerifyService.fileKey(b.id(), "21"))).isPresent();
  }

  @Test
  void aManifestWithoutFilesStillRestoresItsNotes() {
    SmsMessage m = mms(NOW.minus(Duration.ofDays(1)));
    rcsync().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    String old = manifests.write(notes.rcsyncNotes());
    notes.delete(List.of(noteOf(m).id()));

    RestoreReport report = rcsync().restore(old, false);

    assertThat(report.created()).isEqualTo(1);
    assertThat(report.files()).isZero();
    assertThat(report.fileFailures()).isEmpty();
  }

  private static RollbackCommand confirmAll(boolean allowUnrestorable) {
    return new RollbackCommand(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        true, RollbackCommand.DEFAULT_MAX_DELETE, allowUnrestorable);
  }

  @Test
  void aFileRingCentralNoLongerListsIsKeptWithItsNoteListedByTheDryRunAndTheNoteReportedWithTheFix() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage b = mms(NOW.minus(Duration.ofDays(1)), media("21", "application/pdf", 5000, "report.pdf"));
    syncWithFiles(List.of(a, b));
    source.remove(EXT, a.id().value());
    String keyA = VerifyService.fileKey(a.id(), "11");

    RollbackReport dry = rcsync().rollback(RollbackCommand.dryRunAll());
    assertThat(dry.filesNotRestorable()).singleElement().satisfies(l -> assertThat(l).startsWith(keyA)
        .contains("not found at RingCentral").contains("kept with its Note").contains("--allow-unrestorable-files"));

    RollbackReport report = rcsync().rollback(confirmAll());

    assertThat(report.deleted()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.failures()).singleElement().satisfies(l -> assertThat(l).contains(a.id().externalId())
        .contains(keyA).contains("--allow-unrestorable-files"));
    assertThat(report.filesDeleted()).isEqualTo(1);
    assertThat(notes.rcsyncNotes()).extracting(NoteRecord::externalId).containsExactly(a.id().externalId());
    assertThat(files.stored(keyA)).isPresent();
    ManifestStore.Manifest manifest = manifests.readManifest(report.manifest().orElseThrow());
    assertThat(manifest.notes()).extracting(NoteRecord::externalId).containsExactly(b.id().externalId());
    assertThat(manifest.files()).extracting(ManifestStore.ManifestFile::key)
        .containsExactly(VerifyService.fileKey(b.id(), "21"));
  }

  @Test
  void withoutRingCentralEveryFileIsUnrestorableSoNothingWithFilesIsDeleted() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage plain = mms(NOW.minus(Duration.ofDays(1)));
    syncWithFiles(List.of(a, plain));
    RollbackService noRingCentral = new RollbackService(roster, notes, manifests, clock, calls, Optional.of(files),
        Optional.empty(), Optional.empty());

    RollbackReport report = noRingCentral.rollback(confirmAll());

    assertThat(report.deleted()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.filesNotRestorable()).singleElement().satisfies(l -> assertThat(l).contains("no credentials"));
    assertThat(notes.rcsyncNotes()).extracting(NoteRecord::externalId).containsExactly(a.id().externalId());
    assertThat(files.rcsyncFiles()).hasSize(1);
  }

  @Test
  void allowUnrestorableFilesDeletesThemAndTheRestoreDryRunSaysWhichAreRestorable() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage b = mms(NOW.minus(Duration.ofDays(1)), media("21", "application/pdf", 5000, "report.pdf"));
    syncWithFiles(List.of(a, b));
    source.remove(EXT, a.id().value());

    RollbackReport report = rcsync().rollback(confirmAll(true));

    assertThat(report.deleted()).isEqualTo(2);
    assertThat(report.failed()).isZero();
    assertThat(report.filesNotRestorable()).singleElement().satisfies(l -> assertThat(l).contains("deleted anyway"));
    assertThat(files.rcsyncFiles()).isEmpty();
    RestoreReport dry = rcsync().restore(report.manifest().orElseThrow(), true);
    assertThat(dry.files()).isEqualTo(2);
    assertThat(dry.filesFailed()).isEqualTo(1);
    assertThat(dry.fileFailures()).singleElement()
        .satisfies(l -> assertThat(l).startsWith(VerifyService.fileKey(a.id(), "11")).contains("not restorable"));
  }

  @Test
  void aGroupTextsFileIsRestoredToTheBareNoteAndLinkedToTheOtherRestoredNoteAndBothMatters() {
    CaseRecord otherMatter = Cases.matter().phone("(606) 555-0123").createdAt("2025-01-01T00:00:00Z").build();
    cases.add(otherMatter);
    notes.knowCases(List.of(matter, otherMatter));
    SmsMessage g = Messages.outbound().extension(EXT).to("+15028138901", "+16065550123").text("hi all")
        .status("Delivered").at(NOW.minus(Duration.ofDays(1))).attachment(media("g1", "image/jpeg", 300, "scene.jpg"))
        .build();
    source.add(g);
    syncWithFiles(List.of(g));
    String key = VerifyService.fileKey(g.id(), "g1");
    String furtherId = g.id().externalId(otherMatter.id());
    assertThat(files.stored(key).orElseThrow().linkedTo()).hasSize(4);

    RollbackReport report = rcsync().rollback(confirmAll());

    assertThat(report.deleted()).isEqualTo(2);
    assertThat(files.rcsyncFiles()).isEmpty();
    ManifestStore.ManifestFile f = manifests.readManifest(report.manifest().orElseThrow()).files().get(0);
    assertThat(f.noteExternalId()).isEqualTo(g.id().externalId());
    assertThat(f.linkedNotes()).containsExactly(furtherId);
    assertThat(f.sharedWith()).extracting(SalesforceId::shortForm)
        .containsExactlyInAnyOrder(matter.id().shortForm(), otherMatter.id().shortForm());

    RestoreReport restore = rcsync().restore(report.manifest().orElseThrow(), false);

    assertThat(restore.filesRestored()).isEqualTo(1);
    assertThat(restore.fileFailures()).isEmpty();
    SalesforceId bare = notes.forMessage(g.id()).orElseThrow().id();
    SalesforceId further = notes.byExternalId(furtherId).orElseThrow().id();
    assertThat(files.stored(key).orElseThrow().linkedTo()).extracting(SalesforceId::shortForm)
        .containsExactlyInAnyOrder(bare.shortForm(), further.shortForm(), matter.id().shortForm(),
            otherMatter.id().shortForm());
  }

  @Test
  void aFileAlsoLinkedToAnRcsyncNoteOutsideTheSelectionIsKeptAndRestoreLinksItToTheRestoredNote() {
    SmsMessage old = mms(NOW.minus(Duration.ofDays(6)));
    SmsMessage a = mms(NOW.minus(Duration.ofDays(1)), media("11", "image/jpeg", 3000, "injury.jpg"));
    syncWithFiles(List.of(old, a));
    String key = VerifyService.fileKey(a.id(), "11");
    SalesforceId stays = noteOf(old).id();
    files.share(List.of(new FileStore.Share(files.stored(key).orElseThrow(), stays)));
    RollbackCommand recent = new RollbackCommand(Optional.empty(), Optional.empty(),
        Optional.of(NOW.minus(Duration.ofDays(3))), Optional.empty(), Optional.empty(), true,
        RollbackCommand.DEFAULT_MAX_DELETE);

    RollbackReport report = rcsync().rollback(recent);

    assertThat(report.deleted()).isEqualTo(1);
    assertThat(report.filesDeleted()).isZero();
    assertThat(report.filesKept()).singleElement().satisfies(l -> assertThat(l).startsWith(key)
        .contains("shared with a Note that stays"));
    assertThat(files.stored(key)).isPresent();
    ManifestStore.ManifestFile f = manifests.readManifest(report.manifest().orElseThrow()).files().get(0);
    assertThat(f.kept()).isTrue();

    RestoreReport restore = rcsync().restore(report.manifest().orElseThrow(), false);

    assertThat(restore.filesPresent()).isEqualTo(1);
    assertThat(restore.filesRestored()).isZero();
    assertThat(restore.filesFailed()).isZero();
    assertThat(files.stored(key).orElseThrow().linkedTo()).extracting(SalesforceId::shortForm)
        .contains(noteOf(a).id().shortForm(), stays.shortForm());
  }

  @Test
  void aDownloadThatBlowsUpFailsOnlyItsFileClosesEveryStreamAndTheFiguresAddUp() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(2)), media("11", "image/jpeg", 3000, "injury.jpg"));
    SmsMessage b = mms(NOW.minus(Duration.ofDays(1)), media("21", "application/pdf", 5000, "report.pdf"),
        media("22", "image/png", 100, "card.png"));
    syncWithFiles(List.of(a, b));
    String manifest = rcsync().rollback(confirmAll()).manifest().orElseThrow();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    AttachmentSource exploding = (ext, message, att) -> {
      opened.incrementAndGet();
      AttachmentSource.Content real = content.open(ext, message, att);
      boolean bad = message.equals(b.id()) && att.id().equals("21");
      return new AttachmentSource.Content(new FilterInputStream(bad ? new ByteArrayInputStream(new byte[0]) : real.stream()) {
        @Override
        public int read(byte[] buf, int off, int len) throws java.io.IOException {
          if (bad) {
            throw new IllegalStateException("decoder bug");
          }
          return super.read(buf, off, len);
        }

        @Override
        public void close() throws java.io.IOException {
          closed.incrementAndGet();
          super.close();
        }
      }, real.contentType(), real.length());
    };
    RollbackService service = new RollbackService(roster, notes, manifests, clock, calls, Optional.of(files),
        Optional.of(exploding), Optional.of(source));

    RestoreReport report = service.restore(manifest, false);

    assertThat(report.created()).isEqualTo(2);
    assertThat(report.filesRestored()).isEqualTo(2);
    assertThat(report.filesFailed()).isEqualTo(1);
    assertThat(report.fileFailures()).singleElement().satisfies(l -> assertThat(l)
        .startsWith(VerifyService.fileKey(b.id(), "21")).contains("decoder bug"));
    assertThat(report.files()).isEqualTo(report.filesPresent() + report.filesRestored() + report.filesFailed());
    assertThat(closed.get()).isEqualTo(opened.get()).isEqualTo(3);
  }

  @Test
  void aLinkThatFailsMakesItsFileFailedNotAlsoRestored() {
    SmsMessage a = mms(NOW.minus(Duration.ofDays(1)), media("11", "image/jpeg", 3000, "injury.jpg"));
    syncWithFiles(List.of(a));
    String manifest = rcsync().rollback(confirmAll()).manifest().orElseThrow();
    FileStore failingShare = new io.rcsync.testkit.fake.ForwardingFileStore(files) {
      @Override
      public List<ShareOutcome> share(List<Share> shares) {
        throw new ExternalSystemException("salesforce", ExternalSystemException.Kind.CONNECTION, "connection reset");
      }
    };
    RollbackService service = new RollbackService(roster, notes, manifests, clock, calls, Optional.of(failingShare),
        Optional.of(content), Optional.of(source));

    RestoreReport report = service.restore(manifest, false);

    assertThat(report.filesRestored()).isZero();
    assertThat(report.filesFailed()).isEqualTo(1);
    assertThat(report.fileFailures()).singleElement().satisfies(l -> assertThat(l)
        .startsWith(VerifyService.fileKey(a.id(), "11")).contains("restored on its Note but not linked to"));
  }
}
