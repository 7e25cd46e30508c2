package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.report.FileCounts;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.sync.FileCopier;
import io.rcsync.core.service.sync.UploadBatcher;
import io.rcsync.testkit.fake.InMemoryAttachmentSource;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryFiles;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.InMemorySyncStateStore;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 12: the sync copies MMS media into Salesforce Files, counts every file and retries the ones that failed. */
class FileCopySyncTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(60));
  private static final ExtensionId EXT = ExtensionId.of("376557052");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);

  private final LitifySchema schema = LitifySchema.defaults();
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls).add(EXT.value(), "104", "Alyssia");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA));
  private final InMemorySyncStateStore state = new InMemorySyncStateStore();
  private final InMemoryFiles files = new InMemoryFiles(calls, 2L * 1024 * 1024 * 1024);
  private AttachmentSource media = new InMemoryAttachmentSource(calls);
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(EXT).extensionNumber("104").user(ALYSSIA).build());
  private AttachmentPolicy policy = AttachmentPolicy.defaults();
  private boolean withPorts = true;
  private FileStore store = files;
  private final List<RunReport> reports = new ArrayList<>();

  private final CaseRecord matter = caseRecord(Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z"));
  private final CaseRecord otherMatter = caseRecord(Cases.matter().phone("(606) 555-0123").createdAt("2024-01-01T00:00:00Z"));

  private CaseRecord caseRecord(Cases.Builder b) {
    CaseRecord r = b.build();
    cases.add(r);
    notes.knowCases(List.of(r));
    return r;
  }

  private SyncService service() {
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE, Duration.ofDays(30), policy);
    return new SyncService(settings, source, Optional.of(directory), cases, notes, state, clock, calls,
        withPorts ? Optional.of(media) : Optional.empty(), withPorts ? Optional.of(store) : Optional.empty());
  }

  private RunReport backfill(boolean dryRun) {
    return keep(service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, dryRun)));
  }

  private RunReport incremental() {
    return keep(service().sync(SyncCommand.incremental(Rosters.WAVE1, false)));
  }

  private RunReport keep(RunReport r) {
    reports.add(r);
    return r;
  }

  @AfterEach
  void everyRunBalancesItsTextsAndItsFiles() {
    for (RunReport r : reports) {
      assertThat(r.totals().balanced()).as("texts of %s", r.totals()).isTrue();
      assertThat(r.fileTotals().balanced()).as("files of %s", r.fileTotals()).isTrue();
      assertThat(r.fileTotals().media()).isEqualTo(r.files().size());
      r.extensions().forEach(e -> assertThat(e.files().balanced()).isTrue());
    }
  }

  private static Attachment media(String id, String type, Long size, String name) {
    return new Attachment(id, "https://media.example.invalid/" + id, Attachment.MMS_ATTACHMENT, type, size, name);
  }

  private SmsMessage mms(Instant at, String to, Attachment... attachments) {
    Messages.Builder b = Messages.outbound().extension(EXT).to(to).text("the police report").status("Delivered").at(at);
    for (Attachment a : attachments) {
      b.attachment(a);
    }
    b.attachment(new Attachment("txt", "https://media.example.invalid/txt", "Text", "text/plain", 17L, null));
    SmsMessage m = b.build();
    source.add(m);
    return m;
  }

  private static String key(SmsMessage m, String attachmentId) {
    return "rc_att_" + m.id().value() + "_" + attachmentId;
  }

  private SalesforceId noteId(SmsMessage m) {
    return notes.forMessage(m.id()).orElseThrow().id();
  }

  @Test
  void anMmsPictureIsUploadedLinkedToTheNoteAndTheMatterAndCounted() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 3000L, "IMG_0042.jpg"));

    RunReport report = backfill(false);

    FileStore.StoredFile stored = files.stored(key(m, "a1")).orElseThrow();
    assertThat(stored.linkedTo()).containsExactlyInAnyOrder(noteId(m), matter.id());
    assertThat(stored.sizeBytes()).isEqualTo(3000);
    assertThat(files.describe(key(m, "a1")).orElseThrow()).containsExactly("IMG_0042.jpg", "IMG_0042.jpg", "image/jpeg");
    assertThat(report.fileTotals()).isEqualTo(new FileCounts(1, 1, 3000, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(report.extensions().get(0).files().copied()).isEqualTo(1);
    assertThat(report.files()).singleElement().satisfies(f -> {
      assertThat(f.outcome()).isEqualTo(FileIssue.Outcome.COPIED);
      assertThat(f.noteExternalId()).isEqualTo(m.id().externalId());
    });
    assertThat(report.totals().matchedMatter()).isEqualTo(1);
    assertThat(report.clean()).isTrue();
  }

  @Test
  void aFileWithoutNameIsNamedByItsIdAndContentType() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("6424569004", "application/pdf", 500L, null));

    backfill(false);

    assertThat(files.describe(key(m, "6424569004")).orElseThrow().get(1)).isEqualTo("6424569004.pdf");
  }

  @Test
  void aReRunUploadsNothingAndCountsTheFilesAlreadyStored() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 3000L, null),
        media("a2", "image/png", 1000L, null));
    backfill(false);
    int opens = ((InMemoryAttachmentSource) media).opens();

    RunReport again = backfill(false);

    assertThat(again.fileTotals().alreadyStored()).isEqualTo(2);
    assertThat(again.fileTotals().copied()).isZero();
    assertThat(again.fileTotals().failed()).isZero(); // InMemoryFiles refuses a second upload of a key: none happened
    assertThat(((InMemoryAttachmentSource) media).opens()).isEqualTo(opens);
    assertThat(files.rcsyncFiles()).hasSize(2);
    assertThat(files.stored(key(m, "a2")).orElseThrow().linkedTo()).contains(matter.id());
  }

  @Test
  void aStoredFileMissingItsMatterLinkIsRepairedByAShare() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    backfill(false);
    // stored by an earlier run but linked only to the Note (e.g. its share was refused)
    files.removeBehindTheBack(key(m, "a1"));
    files.upload(new FileStore.Upload(key(m, "a1"), "x", "x.jpg", "image/jpeg", List.of(noteId(m)),
        new AttachmentSource.Content(new ByteArrayInputStream(new byte[300]), "image/jpeg", OptionalLong.of(300))));

    RunReport again = backfill(false);

    assertThat(again.fileTotals().alreadyStored()).isEqualTo(1);
    assertThat(files.stored(key(m, "a1")).orElseThrow().linkedTo()).containsExactlyInAnyOrder(noteId(m), matter.id());
  }

  @Test
  void aFileListedOverMaxBytesIsRefusedWithoutDownloadListedAndDoesNotFailTheRun() {
    policy = new AttachmentPolicy(true, 1000, List.of("*/*"));
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("big", "video/mp4", 5000L, "clip.mp4"));

    RunReport report = backfill(false);

    assertThat(report.fileTotals().overLimit()).isEqualTo(1);
    assertThat(((InMemoryAttachmentSource) media).opens()).isZero();
    assertThat(files.rcsyncFiles()).isEmpty();
    assertThat(report.files().get(0).reason())
        .contains("clip.mp4", "5000 bytes", "attachments.maxBytes (1000)");
    assertThat(report.clean()).isTrue();
    assertThat(m.id()).isNotNull();
  }

  @Test
  void aFileThatStreamsPastMaxBytesIsRefusedWhenItsLengthIsUnknownOrLies() {
    policy = new AttachmentPolicy(true, 1000, List.of("*/*"));
    SmsMessage unknown = mms(NOW.minusSeconds(600), "+15028138901", media("u", "image/jpeg", null, null));
    SmsMessage lying = mms(NOW.minusSeconds(500), "+15028138901", media("l", "image/jpeg", 10L, null));
    media = (ext, message, a) -> new AttachmentSource.Content(new ByteArrayInputStream(new byte[4000]), "image/jpeg",
        a.id().equals("l") ? OptionalLong.of(10) : OptionalLong.empty());

    RunReport report = backfill(false);

    assertThat(report.fileTotals().overLimit()).isEqualTo(2);
    assertThat(report.fileTotals().failed()).isZero();
    assertThat(files.stored(key(unknown, "u"))).isEmpty();
    assertThat(files.stored(key(lying, "l"))).isEmpty();
    assertThat(report.files()).allSatisfy(f -> assertThat(f.reason()).contains("streamed more than attachments.maxBytes"));
  }

  @Test
  void aStoreThatRethrowsTheStreamsStopUncheckedStillGetsOverLimitNotACrash() {
    policy = new AttachmentPolicy(true, 1000, List.of("*/*"));
    mms(NOW.minusSeconds(600), "+15028138901", media("u", "image/jpeg", null, null));
    media = (ext, message, a) -> new AttachmentSource.Content(new ByteArrayInputStream(new byte[4000]), "image/jpeg",
        OptionalLong.empty());
    store = new FileStore() {
      @Override
      public java.util.Map<String, StoredFile> findByKeys(java.util.Collection<String> keys,
          java.util.Collection<SalesforceId> noteIds) {
        return files.findByKeys(keys, noteIds);
      }

      @Override
      public List<StoredFile> findByNotes(java.util.Collection<SalesforceId> noteIds) {
        return files.findByNotes(noteIds);
      }

      @Override
      public UploadOutcome upload(Upload upload) {
        try {
          upload.content().stream().readAllBytes();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("the stream should have stopped");
      }

      @Override
      public List<ShareOutcome> share(List<Share> shares) {
        return files.share(shares);
      }

      @Override
      public List<io.rcsync.core.domain.DeleteOutcome> delete(java.util.Collection<SalesforceId> ids) {
        return files.delete(ids);
      }
    };

    RunReport report = backfill(false);

    assertThat(report.fileTotals().overLimit()).isEqualTo(1);
    assertThat(report.totals().matchedMatter()).isEqualTo(1);
  }

  @Test
  void aContentLengthOverMaxBytesIsRefusedBeforeTheUpload() {
    policy = new AttachmentPolicy(true, 1000, List.of("*/*"));
    mms(NOW.minusSeconds(600), "+15028138901", media("u", "image/jpeg", null, null));
    media = (ext, message, a) -> new AttachmentSource.Content(new ByteArrayInputStream(new byte[4000]), "image/jpeg",
        OptionalLong.of(4000));
    int before = files.calls();

    RunReport report = backfill(false);

    assertThat(report.fileTotals().overLimit()).isEqualTo(1);
    assertThat(files.calls() - before).isEqualTo(2); // only the findByKeys
    assertThat(report.files().get(0).sizeBytes()).isEqualTo(4000L);
  }

  @Test
  void aContentTypeNotAllowedIsRefusedNamingTheConfigKey() {
    policy = new AttachmentPolicy(true, AttachmentPolicy.DEFAULT_MAX_BYTES, List.of("image/*"));
    mms(NOW.minusSeconds(600), "+15028138901", media("v", "text/vcard", 200L, "card.vcf"),
        media("p", "image/png", 200L, null));

    RunReport report = backfill(false);

    assertThat(report.fileTotals().typeRefused()).isEqualTo(1);
    assertThat(report.fileTotals().copied()).isEqualTo(1);
    assertThat(report.files()).filteredOn(f -> f.outcome() == FileIssue.Outcome.TYPE_REFUSED).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("card.vcf", "text/vcard", "attachments.contentTypes"));
  }

  @Test
  void copyingOffCountsTheMediaSkippedAndCallsNothing() {
    policy = new AttachmentPolicy(false, AttachmentPolicy.DEFAULT_MAX_BYTES, List.of("*/*"));
    mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));

    RunReport report = backfill(false);

    assertThat(report.fileTotals().skipped()).isEqualTo(1);
    assertThat(report.files().get(0).reason()).contains("attachments.enabled=false");
    assertThat(files.calls()).isZero();
    assertThat(report.clean()).isTrue();
  }

  @Test
  void withoutAFileStoreMediaIsSkippedWithOneWarning() {
    withPorts = false;
    mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    mms(NOW.minusSeconds(500), "+15028138901", media("a2", "image/jpeg", 300L, null));

    RunReport report = backfill(false);

    assertThat(report.fileTotals().skipped()).isEqualTo(2);
    assertThat(report.warnings()).filteredOn(w -> w.contains("MMS media is not copied")).hasSize(1);
  }

  @Test
  void aDownloadFailurePinsTheWatermarkKeepsTheTextMatchedAndTheNextRunCopiesIt() {
    Instant mark = NOW.minus(Duration.ofHours(1));
    state.set(EXT, mark);
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    ((InMemoryAttachmentSource) media).failWith(ExternalSystemException.Kind.RATE_LIMITED);

    RunReport first = incremental();

    assertThat(first.fileTotals().failed()).isEqualTo(1);
    assertThat(first.files().get(0).reason()).startsWith("download failed:");
    assertThat(first.totals().matchedMatter()).isEqualTo(1);
    assertThat(first.totals().failed()).isZero();
    assertThat(first.clean()).isFalse();
    assertThat(state.watermark(EXT).orElseThrow()).isEqualTo(m.creationTime());

    ((InMemoryAttachmentSource) media).failWith(null);
    clock.advance(Duration.ofMinutes(5));
    RunReport second = incremental();

    assertThat(second.fileTotals().copied()).isEqualTo(1);
    assertThat(files.stored(key(m, "a1"))).isPresent();
    assertThat(state.watermark(EXT).orElseThrow()).isAfter(m.creationTime());
  }

  @Test
  void aGoneMessageContentIsUnavailableForThatFileOnly() {
    SmsMessage gone = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    SmsMessage fine = mms(NOW.minusSeconds(500), "+15028138901", media("a2", "image/jpeg", 300L, null));
    ((InMemoryAttachmentSource) media).gone(gone.id());

    RunReport report = backfill(false);

    assertThat(report.fileTotals().unavailable()).isEqualTo(1);
    assertThat(report.fileTotals().failed()).isZero();
    assertThat(report.clean()).as("a lost file makes the run exit 1").isFalse();
    assertThat(report.fileTotals().copied()).isEqualTo(1);
    assertThat(files.stored(key(fine, "a2"))).isPresent();
    assertThat(report.aborted()).isEmpty();
  }

  @Test
  void anUploadRefusalFailsTheFileWithSalesforcesReason() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    files.refuse(key(m, "a1"), "STORAGE_LIMIT_EXCEEDED: storage limit exceeded");

    RunReport report = backfill(false);

    assertThat(report.fileTotals().failed()).isEqualTo(1);
    assertThat(report.files().get(0).reason()).isEqualTo("upload refused: STORAGE_LIMIT_EXCEEDED: storage limit exceeded");
    assertThat(report.totals().matchedMatter()).isEqualTo(1);
  }

  @Test
  void aQuotaErrorFromSalesforceFilesStopsTheRun() {
    mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    files.failCalls(ExternalSystemException.Kind.QUOTA_EXCEEDED);

    RunReport report = backfill(false);

    assertThat(report.aborted()).isPresent();
    assertThat(report.fileTotals().failed()).isEqualTo(1);
    assertThat(report.files().get(0).reason()).contains("QUOTA_EXCEEDED");
  }

  @Test
  void aDryRunCountsWhatWouldBeCopiedWithListedBytesAndCallsNoContentOrUpload() {
    SmsMessage stored = mms(NOW.minusSeconds(700), "+15028138901", media("s", "image/jpeg", 100L, null));
    backfill(false);
    mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 3000L, null),
        media("a2", "image/png", null, null));
    int opens = ((InMemoryAttachmentSource) media).opens();
    int filesBefore = files.rcsyncFiles().size();

    RunReport dry = backfill(true);

    assertThat(dry.fileTotals().wouldCopy()).isEqualTo(2);
    assertThat(dry.fileTotals().wouldCopyBytes()).isEqualTo(3000);
    assertThat(dry.fileTotals().sizeUnknown()).isEqualTo(1);
    assertThat(dry.fileTotals().alreadyStored()).isEqualTo(1);
    assertThat(dry.fileTotals().copied()).isZero();
    assertThat(((InMemoryAttachmentSource) media).opens()).isEqualTo(opens);
    assertThat(files.rcsyncFiles()).hasSize(filesBefore);
    assertThat(stored.id()).isNotNull();
  }

  @Test
  void aGroupTextGetsOneFileSharedWithEveryNoteAndEveryMatter() {
    SmsMessage g = Messages.outbound().extension(EXT).to("+15028138901", "+16065550123").text("hi all")
        .status("Delivered").at(NOW.minusSeconds(600)).attachment(media("a1", "image/jpeg", 300L, null)).build();
    source.add(g);

    RunReport report = backfill(false);

    assertThat(files.rcsyncFiles()).hasSize(1);
    FileStore.StoredFile file = files.stored(key(g, "a1")).orElseThrow();
    SalesforceId bare = notes.forMessage(g.id()).orElseThrow().id();
    SalesforceId further = notes.byExternalId(g.id().externalId(otherMatter.id())).orElseThrow().id();
    assertThat(file.linkedTo()).containsExactlyInAnyOrder(bare, further, matter.id(), otherMatter.id());
    assertThat(report.fileTotals().media()).isEqualTo(1);
    assertThat(report.fileTotals().copied()).isEqualTo(1);
  }

  @Test
  void aPushedMmsIsCopiedToo() {
    SmsMessage m = Messages.inbound().extension(EXT).from("+15028138901").text("photo").at(NOW.minusSeconds(30))
        .attachment(media("p1", "image/jpeg", 800L, "photo.jpg")).build();

    RunReport report = keep(service().ingest(List.of(m), false));

    assertThat(report.fileTotals().copied()).isEqualTo(1);
    assertThat(files.stored(key(m, "p1")).orElseThrow().linkedTo()).contains(noteId(m), matter.id());
  }

  @Test
  void theKeyIsRcAttMessageIdAttachmentId() {
    assertThat(FileCopier.key(MessageId.of("123"), media("9", "image/jpeg", 1L, null))).isEqualTo("rc_att_123_9");
  }

  @Test
  void smallFilesGoTogetherInOneUploadAllWhileAFileOverTheBatchableSizeStreamsAlone() {
    policy = new AttachmentPolicy(true, 10_000_000, List.of("*/*"));
    int big = UploadBatcher.BATCHABLE_BYTES + 1;
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("s1", "image/jpeg", 1_000L, null),
        media("big", "image/jpeg", (long) big, null), media("s2", "image/png", 2_000L, null),
        media("s3", "image/gif", null, null));
    int before = files.calls();

    RunReport report = backfill(false);

    assertThat(report.fileTotals().copied()).isEqualTo(4);
    // findByKeys 2 + uploadAll 1 (three small files) + upload 1 (the large one) + share 2
    assertThat(files.calls() - before).isEqualTo(6);
    assertThat(files.content(key(m, "big"))).hasValueSatisfying(b -> assertThat(b).hasSize(big));
    assertThat(files.content(key(m, "s2"))).hasValueSatisfying(b -> assertThat(b).hasSize(2_000));
    assertThat(files.stored(key(m, "s1")).orElseThrow().linkedTo()).contains(noteId(m));
  }

  @Test
  void callBudgetGrowsByOneDownloadPerFileAndOneUploadPerTwoHundredSmallFiles() {
    // issue 12 batching: was 2 + N + 2 per 200 (one upload call per file); now the N small files of the batch go in
    // ceil(N/200) uploadAll calls
    for (int n : new int[] {1, 10, 200}) {
      InMemoryFiles store = new InMemoryFiles();
      InMemoryAttachmentSource content = new InMemoryAttachmentSource();
      List<Attachment> as = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        as.add(media("n" + n + "_" + i, "image/jpeg", 100L, null));
      }
      InMemoryMessageSource texts = new InMemoryMessageSource();
      Messages.Builder b = Messages.outbound().extension(EXT).to("+15028138901").text("many").status("Delivered")
          .id("budget" + n).at(NOW.minusSeconds(100));
      as.forEach(b::attachment);
      texts.add(b.build());
      SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
          Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE, Duration.ofDays(30), policy);
      SyncService s = new SyncService(settings, texts, Optional.of(directory), cases, notes, state, clock, calls,
          Optional.of(content), Optional.of(store));

      keep(s.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false)));
      int first = store.calls();
      int downloads = content.opens();
      keep(s.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false)));

      // findByKeys 2 + uploadAll 1 per 200 + share 2 per 200 links; RingCentral N; a re-run 2 and 0
      assertThat(first).as("Salesforce calls for %d files", n).isEqualTo(2 + 3 * ((n + 199) / 200));
      assertThat(downloads).isEqualTo(n);
      assertThat(store.calls() - first).isEqualTo(2);
      assertThat(content.opens()).isEqualTo(n);
      System.out.printf("call budget: %d MMS attachment(s) in one batch: Salesforce Files %d, RingCentral %d;"
          + " re-run: Salesforce Files %d, RingCentral 0%n", n, first, downloads, store.calls() - first);
    }
  }

  @Test
  void newFilesOfTwoHundredKilobytesCostFarFewerSalesforceCallsBatchedThanOnePerFile() {
    StringBuilder table = new StringBuilder("Salesforce Files calls for N new 200 KB MMS files (one per text), backfill:\n"
        + "N, one upload call per file (before), batched uploadAll (after), RingCentral downloads\n");
    for (int n : new int[] {1, 10, 200, 1000}) {
      int[] before = filesCalls(n, false);
      int[] after = filesCalls(n, true);
      assertThat(after[1]).as("downloads").isEqualTo(n).isEqualTo(before[1]);
      assertThat(after[2]).as("files copied").isEqualTo(n).isEqualTo(before[2]);
      if (n == 1) {
        assertThat(after[0]).isEqualTo(before[0]);
      } else {
        assertThat(after[0] * 2).as("twice the batched calls for %d files", n).isLessThan(before[0]);
      }
      table.append(n).append(", ").append(before[0]).append(", ").append(after[0]).append(", ").append(after[1])
          .append('\n');
    }
    System.out.print(table);
  }

  /** {Salesforce Files calls, RingCentral opens, files copied} for a backfill of n texts with one 200 KB file each. */
  private int[] filesCalls(int n, boolean batched) {
    InMemoryFiles backing = new InMemoryFiles();
    FileStore one = new io.rcsync.testkit.fake.ForwardingFileStore(backing) {
      @Override
      public List<UploadOutcome> uploadAll(List<Upload> uploads) {
        // the port's default: one upload call per file, as before batching
        return uploads.stream().map(this::upload).toList();
      }
    };
    InMemoryAttachmentSource content = new InMemoryAttachmentSource();
    InMemoryMessageSource texts = new InMemoryMessageSource();
    for (int i = 0; i < n; i++) {
      texts.add(Messages.outbound().extension(EXT).to("+15028138901").text("photo " + i).status("Delivered")
          .id("kb" + (batched ? "b" : "o") + n + "_" + i).at(NOW.minusSeconds(100 + i)).attachment(media("p", "image/jpeg", 200_000L, null))
          .build());
    }
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE, Duration.ofDays(30),
        new AttachmentPolicy(true, 5_000_000, List.of("*/*")));
    SyncService s = new SyncService(settings, texts, Optional.of(directory), cases, notes, state, clock, calls,
        Optional.of(content), Optional.of(batched ? backing : one));
    RunReport report = keep(s.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false)));
    return new int[] {backing.calls(), content.opens(), (int) report.fileTotals().copied()};
  }

  @Test
  void purgedContentIsCountedUnavailableAndTheNextIncrementalRunMovesOn() {
    Instant mark = NOW.minus(Duration.ofHours(1));
    state.set(EXT, mark);
    // older than the incremental overlap (30 minutes), so a run whose watermark moved on does not read it again
    SmsMessage m = mms(NOW.minus(Duration.ofMinutes(50)), "+15028138901", media("a1", "image/jpeg", 300L, "IMG_1.jpg"));
    ((InMemoryAttachmentSource) media).gone(m.id());

    RunReport first = incremental();

    assertThat(first.fileTotals().unavailable()).isEqualTo(1);
    assertThat(first.files()).singleElement().satisfies(f -> {
      assertThat(f.outcome()).isEqualTo(FileIssue.Outcome.UNAVAILABLE);
      assertThat(f.reason()).startsWith("download refused:").contains("404");
    });
    assertThat(first.clean()).isFalse();
    assertThat(state.watermark(EXT).orElseThrow()).as("not pinned: no retry cures purged content")
        .isAfter(m.creationTime());

    clock.advance(Duration.ofMinutes(5));
    RunReport second = incremental();

    assertThat(second.fileTotals().media()).as("the text is not read again").isZero();
    assertThat(second.clean()).isTrue();
  }

  @Test
  void aPermanentSalesforceRefusalIsUnavailableAndDoesNotPin() {
    Instant mark = NOW.minus(Duration.ofHours(1));
    state.set(EXT, mark);
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    files.refuse(key(m, "a1"), "STRING_TOO_LONG: Title: data value too large");

    RunReport report = incremental();

    assertThat(report.fileTotals().unavailable()).isEqualTo(1);
    assertThat(report.files().get(0).reason()).isEqualTo("upload refused: STRING_TOO_LONG: Title: data value too large");
    assertThat(report.clean()).isFalse();
    assertThat(state.watermark(EXT).orElseThrow()).isAfter(m.creationTime());
  }

  @Test
  void aStoredFileIsAlreadyStoredEvenWhenTheCurrentPolicyWouldRefuseIt() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "video/mp4", 5000L, null));
    backfill(false);
    policy = new AttachmentPolicy(true, 1000, List.of("image/*"));

    RunReport again = backfill(false);

    assertThat(again.fileTotals().alreadyStored()).isEqualTo(1);
    assertThat(again.fileTotals().refused()).isZero();
    assertThat(again.warnings()).noneMatch(w -> w.contains("refused by attachments"));
    assertThat(files.stored(key(m, "a1"))).isPresent();
  }

  @Test
  void refusedFilesAddOneWarningPointingAtTheAttachmentsCsv() {
    policy = new AttachmentPolicy(true, 1000, List.of("image/*"));
    mms(NOW.minusSeconds(600), "+15028138901", media("a1", "video/mp4", 500L, null),
        media("a2", "image/jpeg", 5000L, null));

    RunReport report = backfill(false);

    assertThat(report.fileTotals().refused()).isEqualTo(2);
    assertThat(report.warnings()).containsOnlyOnce("2 MMS file(s) refused by attachments.*: see the attachments CSV");
    assertThat(report.clean()).isTrue();
  }

  @Test
  void aFileFollowsItsNoteThatStaffMovedToAnotherMatterAndLeavesTheOldOne() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    backfill(false);
    // staff: the text belongs to another client's Matter; they move the Note and unlink the file from the old Matter
    notes.moveToMatter(m.id().externalId(), otherMatter.id());

    RunReport again = backfill(false);

    assertThat(files.stored(key(m, "a1")).orElseThrow().linkedTo())
        .as("never re-shared to the Matter the Note left").containsExactlyInAnyOrder(noteId(m), otherMatter.id());
    assertThat(again.fileTotals().alreadyStored()).isEqualTo(1);
    assertThat(again.fileTotals().linksMoved()).isEqualTo(2);
    assertThat(notes.forMessage(m.id()).orElseThrow().fields().get(schema.noteMatterField()))
        .as("the Note stays where staff put it").isEqualTo(otherMatter.id().value());

    RunReport third = backfill(false);

    assertThat(third.fileTotals().linksMoved()).isZero();
    assertThat(files.stored(key(m, "a1")).orElseThrow().linkedTo()).containsExactlyInAnyOrder(noteId(m), otherMatter.id());
  }

  @Test
  void aFileOfAStaffMovedNoteIsNotRelinkedToTheOldMatterAfterStaffRemovedThatLink() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    backfill(false);
    notes.moveToMatter(m.id().externalId(), otherMatter.id());
    files.unlinkBehindTheBack(key(m, "a1"), matter.id());

    backfill(false);

    assertThat(files.stored(key(m, "a1")).orElseThrow().linkedTo()).containsExactlyInAnyOrder(noteId(m), otherMatter.id());
  }

  @Test
  void aLinkToAnotherKindOfRecordStaffAddedIsLeftAlone() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    backfill(false);
    SalesforceId account = SalesforceId.of("001000000000042AAA");
    files.share(List.of(new FileStore.Share(files.stored(key(m, "a1")).orElseThrow(), account)));

    RunReport again = backfill(false);

    assertThat(files.stored(key(m, "a1")).orElseThrow().linkedTo()).contains(account, matter.id());
    assertThat(again.fileTotals().linksMoved()).isZero();
  }

  @Test
  void aStoreAnsweringNullOrACloseThatThrowsDoesNotCrashTheRun() {
    SmsMessage m = mms(NOW.minusSeconds(600), "+15028138901", media("a1", "image/jpeg", 300L, null));
    AttachmentSource real = media;
    media = (ext, id, a) -> {
      AttachmentSource.Content c = real.open(ext, id, a);
      return new AttachmentSource.Content(new java.io.FilterInputStream(c.stream()) {
        @Override
        public void close() throws java.io.IOException {
          throw new java.io.IOException("socket reset on close");
        }
      }, c.contentType(), c.length());
    };
    store = new io.rcsync.testkit.fake.ForwardingFileStore(files) {
      @Override
      public List<UploadOutcome> uploadAll(List<Upload> uploads) {
        List<UploadOutcome> out = new ArrayList<>();
        uploads.forEach(u -> out.add(null));
        return out;
      }
    };

    RunReport report = backfill(false);

    assertThat(report.fileTotals().failed()).isEqualTo(1);
    assertThat(report.files().get(0).reason()).isEqualTo("upload refused: no result returned for this file");
    assertThat(m.id()).isNotNull();
  }
}
