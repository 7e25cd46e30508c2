package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneRejection;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.InMemorySyncStateStore;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncServiceTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(60));
  private static final Duration LOOKBACK = Duration.ofMinutes(30);
  private static final ExtensionId ALYSSIA_EXT = ExtensionId.of("376557052");
  private static final ExtensionId KYLE_EXT = ExtensionId.of("376557074");
  private static final ExtensionId TIMMERA_EXT = ExtensionId.of("376557083");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);
  private static final SalesforceId TIMMERA = SalesforceIds.idFor(SalesforceIds.USER, 3);
  private static final SalesforceId SARA = SalesforceIds.idFor(SalesforceIds.USER, 4);

  private final LitifySchema schema = LitifySchema.defaults();
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls)
      .add(ALYSSIA_EXT.value(), "104", "Alyssia").add(KYLE_EXT.value(), "107", "Kyle Haney")
      .add(TIMMERA_EXT.value(), "108", "Timmera");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA, KYLE, TIMMERA, SARA));
  private final InMemorySyncStateStore state = new InMemorySyncStateStore();
  private Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(ALYSSIA_EXT).extensionNumber("104").user(ALYSSIA).build(),
      Rosters.member("Kyle Haney").extension(KYLE_EXT).extensionNumber("107").user(KYLE).build());

  private final CaseRecord clientMatter = caseRecord(Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z"));
  private final CaseRecord leadIntake = caseRecord(Cases.intake().phone("litify_pm__Phone__c", "812.555.0102"));

  private CaseRecord caseRecord(Cases.Builder b) {
    CaseRecord r = b.build();
    cases.add(r);
    notes.knowCases(List.of(r));
    return r;
  }

  private SyncService service() {
    return service(SyncSettings.DEFAULT_CHUNK_SIZE);
  }

  private SyncService service(int chunkSize) {
    return service(chunkSize, true);
  }

  /** {@code overlap} false: every step on the calling thread ({@code sync.overlap: false}). */
  private SyncService service(int chunkSize, boolean overlap) {
    return service(chunkSize, overlap, SyncSettings.DEFAULT_WRITE_LANES);
  }

  /** With {@code lanes} write lanes ({@code sync.writeLanes}; 1 writes batches of {@code notes.lookupSize()}). */
  private SyncService service(int chunkSize, boolean overlap, int lanes) {
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, LOOKBACK, chunkSize).withOverlapPages(overlap ? 4 : 0).withWriteLanes(lanes);
    return new SyncService(settings, source, Optional.of(directory), cases, notes, state, clock, calls);
  }

  private RunReport backfill() {
    return service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
  }

  private SmsMessage text(ExtensionId ext, String counterparty, Instant at) {
    SmsMessage m = Messages.inbound().extension(ext).from(counterparty).text("text at " + at).at(at).build();
    source.add(m);
    return m;
  }

  private static ExtensionSummary row(RunReport report, ExtensionId ext) {
    return report.extensions().stream().filter(r -> r.extension().equals(ext.value())).findFirst().orElseThrow();
  }

  /** A mix of every outcome on two extensions. */
  private void mixedTexts() {
    Instant t = NOW.minus(Duration.ofDays(3));
    for (int i = 0; i < 5; i++) {
      text(ALYSSIA_EXT, "+15028138901", t.plusSeconds(i));
    }
    source.add(Messages.outbound().extension(ALYSSIA_EXT).to("812-555-0102").at(t.plusSeconds(10)).build());
    source.add(Messages.inbound().extension(ALYSSIA_EXT).from("+18335550147")
        .text("New lead from Intaker: Jane D. — car accident").at(t.plusSeconds(11)).build());
    text(ALYSSIA_EXT, "22395", t.plusSeconds(12));
    text(ALYSSIA_EXT, "+447911123456", t.plusSeconds(13));
    text(ALYSSIA_EXT, "+13125550100", t.plusSeconds(14));
    text(KYLE_EXT, "(502) 813-8901", t.plusSeconds(20));
    text(KYLE_EXT, "+18125550102", t.plusSeconds(21));
    source.add(Messages.inbound().extension(KYLE_EXT).from("+18335550147")
        .text("  Intaker: chat lead asked about a dog bite").at(t.plusSeconds(22)).build());
    source.addMalformed(new MalformedMessage("999", KYLE_EXT, "no creationTime"), t.plusSeconds(23));
  }

  @Test
  void everyFetchedMessageIsAccountedForPerExtensionAndInTotal() {
    mixedTexts();

    RunReport report = backfill();

    Counts a = row(report, ALYSSIA_EXT).counts();
    Counts k = row(report, KYLE_EXT).counts();
    assertThat(a).isEqualTo(new Counts(10, 1, 5, 1, 3, 0, 6, 0, 0));
    assertThat(k).isEqualTo(new Counts(4, 1, 1, 1, 0, 1, 2, 0, 0));
    assertThat(a.balanced()).isTrue();
    assertThat(k.balanced()).isTrue();
    assertThat(report.totals()).isEqualTo(a.plus(k));
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.totals().matchRate()).isEqualTo(8.0 / 14.0);
    assertThat(report.failures()).extracting(MessageIssue::messageId).containsExactly("999");
  }

  @Test
  void intakerLeadsAreFilteredAndNeverWritten() {
    SmsMessage lead = source.add(Messages.inbound().extension(ALYSSIA_EXT).from("+18125550102")
        .text("New lead from Intaker: Maria G. — slip and fall").at(NOW.minusSeconds(600)).build())
        .messagesOf(ALYSSIA_EXT).get(0);

    RunReport report = backfill();

    assertThat(report.totals().intakerFiltered()).isEqualTo(1);
    assertThat(report.totals().matched()).isZero();
    assertThat(notes.forMessage(lead.id())).isEmpty();
    assertThat(notes.upsertCalls()).isZero();
  }

  @Test
  void shortCodesAndInternationalNumbersAreUnmatchedWithTheirReason() {
    SmsMessage shortCode = text(ALYSSIA_EXT, "22395", NOW.minusSeconds(100));
    SmsMessage sixDigits = text(ALYSSIA_EXT, "839363", NOW.minusSeconds(90));
    SmsMessage abroad = text(ALYSSIA_EXT, "+447911123456", NOW.minusSeconds(80));
    SmsMessage unknown = text(ALYSSIA_EXT, "+13125550100", NOW.minusSeconds(70));

    RunReport report = backfill();

    assertThat(report.totals().unmatched()).isEqualTo(4);
    assertThat(report.unmatched()).extracting(MessageIssue::messageId, MessageIssue::reason).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(shortCode.id().value(), PhoneRejection.SHORT_CODE.description()),
        org.assertj.core.groups.Tuple.tuple(sixDigits.id().value(), PhoneRejection.SHORT_CODE.description()),
        org.assertj.core.groups.Tuple.tuple(abroad.id().value(), PhoneRejection.INTERNATIONAL.description()),
        org.assertj.core.groups.Tuple.tuple(unknown.id().value(), "no Matter or Intake holds this number"));
    assertThat(report.unmatched()).filteredOn(i -> i.messageId().equals(shortCode.id().value()))
        .extracting(MessageIssue::counterparty).containsExactly("22395");
    assertThat(notes.size()).isZero();
  }

  @Test
  void writesOneNotePerMatchedTextWithOwnerTopicBodyAndLookup() {
    SmsMessage in = text(KYLE_EXT, "+15028138901", NOW.minusSeconds(500));
    SmsMessage out = source.add(Messages.outbound().extension(ALYSSIA_EXT).to("+18125550102").text("Hola 👋 \"hi\"")
        .at(NOW.minusSeconds(400)).build()).messagesOf(ALYSSIA_EXT).get(0);

    RunReport report = backfill();

    assertThat(report.totals().created()).isEqualTo(2);
    NoteRecord onMatter = notes.forMessage(in.id()).orElseThrow();
    assertThat(onMatter.owner()).contains(KYLE);
    assertThat(onMatter.fields()).containsEntry(schema.noteTopicField(), "Text message received")
        .containsEntry(schema.noteMatterField(), clientMatter.id().value())
        .containsEntry(schema.noteBodyField(), in.text());
    NoteRecord onIntake = notes.forMessage(out.id()).orElseThrow();
    assertThat(onIntake.owner()).contains(ALYSSIA);
    assertThat(onIntake.fields()).containsEntry(schema.noteTopicField(), "Text message sent")
        .containsEntry(schema.noteIntakeField(), leadIntake.id().value())
        .containsEntry(schema.noteBodyField(), "Hola 👋 \"hi\"");
  }

  @Test
  void aDryRunWritesNothingButReportsWhatWouldHappen() {
    mixedTexts();

    RunReport report = service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, true));

    assertThat(report.dryRun()).isTrue();
    assertThat(report.totals().matched()).isEqualTo(8);
    // a dry run now looks the Notes up and reports the 8 it would create (it reported created 0 before)
    assertThat(report.totals().created()).isEqualTo(8);
    assertThat(notes.size()).isZero();
    assertThat(notes.upsertCalls()).isZero();
    assertThat(notes.updateCalls()).isZero();
    assertThat(state.saves()).isEmpty();
  }

  @Test
  void aDryRunAfterABackfillReportsEveryNoteUnchangedAndSendsNoWrite() {
    mixedTexts();
    backfill();
    int upserts = notes.upsertCalls();
    int lookups = notes.findExistingCalls();

    RunReport dry = service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, true));

    assertThat(dry.totals().unchanged()).isEqualTo(8);
    assertThat(dry.totals().created()).isZero();
    assertThat(dry.totals().updated()).isZero();
    assertThat(dry.totals().balanced()).isTrue();
    assertThat(notes.upsertCalls()).isEqualTo(upserts);
    assertThat(notes.updateCalls()).isZero();
    assertThat(notes.findExistingCalls()).isEqualTo(lookups + 1);
  }

  @Test
  void aDryRunWithOneNewTextReportsItAsTheOnlyNoteCreated() {
    mixedTexts();
    backfill();
    text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofHours(1)));

    RunReport dry = service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, true));

    assertThat(dry.totals().created()).isEqualTo(1);
    assertThat(dry.totals().unchanged()).isEqualTo(8);
    assertThat(notes.size()).isEqualTo(8);
    assertThat(notes.updateCalls()).isZero();
  }

  @Test
  void aDryRunWithRelinkPreviewsTheStaffCorrectionItWouldOverwriteAndWritesNothing() {
    mixedTexts();
    backfill();
    String corrected = notes.rcsyncNotes().get(0).externalId();
    notes.reassign(corrected, SARA);
    int upserts = notes.upsertCalls();

    RunReport dry = service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, true).withRelink(true));

    assertThat(dry.totals().updated()).isEqualTo(1);
    assertThat(dry.totals().unchanged()).isEqualTo(7);
    assertThat(dry.warnings()).contains("--relink would rewrite the owner or Matter/Intake of 1 existing Note(s)");
    assertThat(notes.upsertCalls()).isEqualTo(upserts);
    assertThat(notes.updateCalls()).isZero();
    assertThat(notes.byExternalId(corrected).orElseThrow().owner()).contains(SARA);
  }

  @Test
  void aSecondSyncOfTheSameWindowWritesNothingAndCountsEveryNoteUnchanged() {
    mixedTexts();
    RunReport first = backfill();
    int notesAfterFirst = notes.size();
    int upsertsAfterFirst = notes.upsertCalls();

    RunReport second = backfill();

    assertThat(first.totals().created()).isEqualTo(8);
    assertThat(second.totals().created()).isZero();
    assertThat(second.totals().updated()).isZero();
    assertThat(second.totals().unchanged()).isEqualTo(8);
    assertThat(second.totals().balanced()).isTrue();
    assertThat(notes.upsertCalls()).isEqualTo(upsertsAfterFirst);
    assertThat(notes.updateCalls()).isZero();
    assertThat(notes.size()).isEqualTo(notesAfterFirst);
  }

  @Test
  void anIncrementalRunReadsFromTheWatermarkMinusTheLookbackAndAdvancesIt() {
    Instant mark = NOW.minus(Duration.ofHours(2));
    state.set(ALYSSIA_EXT, mark).set(KYLE_EXT, mark.minus(Duration.ofHours(1)));
    SmsMessage inOverlap = text(ALYSSIA_EXT, "+15028138901", mark.minus(Duration.ofMinutes(10)));
    SmsMessage tooOld = text(ALYSSIA_EXT, "+15028138901", mark.minus(Duration.ofMinutes(31)));
    SmsMessage fresh = text(ALYSSIA_EXT, "+15028138901", NOW.minusSeconds(5));

    RunReport report = service().sync(SyncCommand.incremental(Rosters.WAVE1, false));

    assertThat(source.requests()).extracting(r -> r.extension(), r -> r.window().from(), r -> r.window().to())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ALYSSIA_EXT, mark.minus(LOOKBACK), NOW),
            org.assertj.core.groups.Tuple.tuple(KYLE_EXT, mark.minus(Duration.ofHours(1)).minus(LOOKBACK), NOW));
    assertThat(notes.forMessage(inOverlap.id())).isPresent();
    assertThat(notes.forMessage(fresh.id())).isPresent();
    assertThat(notes.forMessage(tooOld.id())).isEmpty();
    assertThat(report.totals().fetched()).isEqualTo(2);
    assertThat(state.all()).containsEntry(ALYSSIA_EXT, NOW).containsEntry(KYLE_EXT, NOW);

    clock.advance(Duration.ofMinutes(5));
    service().sync(SyncCommand.incremental(Rosters.WAVE1, false));
    assertThat(source.requests().get(source.requests().size() - 1).window().from()).isEqualTo(NOW.minus(LOOKBACK));
  }

  @Test
  void aBackfillEndingInTheFutureReadsUpToNowAndNeverMovesTheWatermarkPastNow() {
    SmsMessage recent = text(ALYSSIA_EXT, "+15028138901", NOW.minusSeconds(60));

    service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, NOW.plus(Duration.ofDays(30)), false));

    assertThat(source.requests()).allSatisfy(r -> assertThat(r.window().to()).isEqualTo(NOW));
    assertThat(notes.forMessage(recent.id())).isPresent();
    assertThat(state.all()).containsEntry(ALYSSIA_EXT, NOW).containsEntry(KYLE_EXT, NOW);

    // a text that arrives after the backfill is picked up by the next incremental run
    clock.advance(Duration.ofMinutes(5));
    SmsMessage later = text(ALYSSIA_EXT, "+15028138901", NOW.plus(Duration.ofMinutes(2)));
    service().sync(SyncCommand.incremental(Rosters.WAVE1, false));
    assertThat(notes.forMessage(later.id())).isPresent();
  }

  @Test
  void aRecordLevelWriteFailureIsCountedListedAndHoldsThatExtensionsWatermark() {
    Instant mark = NOW.minus(Duration.ofHours(2));
    state.set(ALYSSIA_EXT, mark).set(KYLE_EXT, mark);
    SmsMessage ok1 = text(ALYSSIA_EXT, "+15028138901", mark.plus(Duration.ofMinutes(5)));
    SmsMessage broken = text(ALYSSIA_EXT, "+15028138901", mark.plus(Duration.ofMinutes(10)));
    SmsMessage ok2 = text(ALYSSIA_EXT, "+15028138901", mark.plus(Duration.ofMinutes(20)));
    text(KYLE_EXT, "+15028138901", mark.plus(Duration.ofMinutes(15)));
    notes.failRecord(broken.id().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");

    RunReport report = service().sync(SyncCommand.incremental(Rosters.WAVE1, false));

    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.totals().created()).isEqualTo(3);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.clean()).isFalse();
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.messageId()).isEqualTo(broken.id().value());
      assertThat(f.extension()).isEqualTo(ALYSSIA_EXT.value());
      assertThat(f.reason()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    });
    assertThat(notes.forMessage(ok1.id())).isPresent();
    assertThat(notes.forMessage(ok2.id())).isPresent();
    assertThat(state.all()).containsEntry(ALYSSIA_EXT, broken.creationTime()).containsEntry(KYLE_EXT, NOW);

    // once the record is fixed, the next run picks the failed text up again
    notes.clearRecordFailures();
    clock.advance(Duration.ofMinutes(5));
    RunReport retry = service().sync(SyncCommand.incremental(Rosters.WAVE1, false));
    assertThat(notes.forMessage(broken.id())).isPresent();
    assertThat(retry.totals().failed()).isZero();
    assertThat(state.all()).containsEntry(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void aSpentQuotaStopsTheRunCleanlyAndReportsTheRestAsFailed() {
    Instant t = NOW.minus(Duration.ofDays(1));
    for (int i = 0; i < 700; i++) {
      text(ALYSSIA_EXT, "+15028138901", t.plusSeconds(i));
    }
    for (int i = 0; i < 50; i++) {
      text(KYLE_EXT, "+18125550102", t.plusSeconds(i));
    }
    text(KYLE_EXT, "22395", t.plusSeconds(1_000));
    notes.failAfterCalls(3); // the existence lookup, then two upserts succeed

    // one write lane, so "no call after the quota error" is exact; with lanes a call already in flight in another
    // lane still ends (WriteLanesTest)
    RunReport report = service(SyncSettings.DEFAULT_CHUNK_SIZE, true, 1)
        .sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(report.aborted()).hasValueSatisfying(why -> assertThat(why).contains("REQUEST_LIMIT_EXCEEDED"));
    assertThat(notes.upsertCalls()).as("no call after the quota error").isEqualTo(3);
    assertThat(report.totals().fetched()).isEqualTo(751);
    assertThat(report.totals().matched()).isEqualTo(400);
    assertThat(report.totals().unmatched()).isEqualTo(1);
    assertThat(report.totals().failed()).isEqualTo(350);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.failures()).hasSize(350);
    assertThat(notes.size()).isEqualTo(400);
    // nothing past a failed text is marked done
    Instant earliestFailed = report.failures().stream()
        .map(f -> source.messagesOf(ALYSSIA_EXT).stream().filter(m -> m.id().value().equals(f.messageId())).findFirst()
            .or(() -> source.messagesOf(KYLE_EXT).stream().filter(m -> m.id().value().equals(f.messageId())).findFirst())
            .orElseThrow().creationTime())
        .min(Instant::compareTo).orElseThrow();
    assertThat(state.all().values()).allSatisfy(w -> assertThat(w).isBeforeOrEqualTo(earliestFailed));
  }

  @Test
  void aQuotaSpentWhileAPageIsProcessedStillAccountsForTheRestOfThatPage() {
    Instant t = NOW.minus(Duration.ofDays(1));
    for (int i = 0; i < 700; i++) {
      text(ALYSSIA_EXT, "+15028138901", t.plusSeconds(i));
    }
    text(KYLE_EXT, "+15028138901", t);
    notes.lookupSize(200).failAfterCalls(2); // batches of 200: the first lookup and upsert succeed, mid-page

    // sequential, so that "no further page is requested" is deterministic; the overlapped run, whose reader may be
    // ahead of the stop, is the next test. One write lane: batches of 200 (lanes take 4 × 195; WriteLanesTest)
    RunReport report = service(250, false, 1).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(report.aborted()).isPresent();
    assertThat(row(report, ALYSSIA_EXT).counts().fetched()).as("every delivered text is in the report").isEqualTo(700);
    assertThat(report.totals().matched()).isEqualTo(200);
    assertThat(report.totals().failed()).isEqualTo(500);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.failures()).hasSize(500);
    assertThat(notes.callLog()).containsExactly("findExisting", "upsert", "findExisting");
    assertThat(source.requests()).extracting(r -> r.extension()).containsExactly(ALYSSIA_EXT);
    assertThat(state.all()).doesNotContainKey(ALYSSIA_EXT);
  }

  @Test
  void aQuotaSpentOnTheWorkerStopsTheOverlappedReaderAndCountsEveryTextItHadFetched() {
    Instant t = NOW.minus(Duration.ofDays(1));
    for (int i = 0; i < 700; i++) {
      text(ALYSSIA_EXT, "+15028138901", t.plusSeconds(i));
    }
    text(KYLE_EXT, "+15028138901", t);
    notes.lookupSize(200).failAfterCalls(2);

    // one write lane: batches of 200, as the call log below counts them (lanes take 4 × 195; WriteLanesTest)
    RunReport report = service(250, true, 1).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    boolean kyleRead = source.requests().stream().anyMatch(r -> r.extension().equals(KYLE_EXT));
    assertThat(report.aborted()).isPresent();
    assertThat(row(report, ALYSSIA_EXT).counts().fetched()).isEqualTo(700);
    assertThat(row(report, KYLE_EXT).counts().fetched()).as("Kyle's text counted exactly when it was fetched")
        .isEqualTo(kyleRead ? 1 : 0);
    assertThat(report.totals().matched()).isEqualTo(200);
    assertThat(report.totals().failed()).isEqualTo(500 + (kyleRead ? 1 : 0));
    assertThat(report.totals().balanced()).isTrue();
    assertThat(notes.callLog()).containsExactly("findExisting", "upsert", "findExisting");
    assertThat(state.all()).isEmpty();
  }

  @Test
  void aSourceFailureStopsOnlyThatExtensionAndHoldsItsWatermark() {
    source.failFetchesOf(ALYSSIA_EXT, ExternalSystemException.Kind.CONNECTION);
    text(ALYSSIA_EXT, "+15028138901", NOW.minusSeconds(100));
    SmsMessage kyles = text(KYLE_EXT, "+15028138901", NOW.minusSeconds(100));

    RunReport report = backfill();

    assertThat(row(report, ALYSSIA_EXT).error()).hasValueSatisfying(e -> assertThat(e).contains("fetch stopped"));
    assertThat(row(report, KYLE_EXT).error()).isEmpty();
    assertThat(report.aborted()).isEmpty();
    assertThat(notes.forMessage(kyles.id())).isPresent();
    assertThat(state.all()).doesNotContainKey(ALYSSIA_EXT).containsEntry(KYLE_EXT, NOW);
  }

  @Test
  void anUnreachableRingCentralStopsTheRunAtTheDirectoryInsteadOfRetryingEveryExtension() {
    directory.failWith(new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
        "connection to platform.ringcentral.com failed for 1m 2s (6 attempts)"));
    text(ALYSSIA_EXT, "+15028138901", NOW.minusSeconds(100));

    RunReport report = backfill();

    assertThat(source.requests()).isEmpty();
    assertThat(report.aborted()).hasValueSatisfying(why -> assertThat(why).contains("RingCentral could not be reached"));
    assertThat(report.extensions()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.error()).hasValueSatisfying(err -> assertThat(err).contains("not read")));
    assertThat(report.clean()).isFalse();
    assertThat(report.warnings()).noneMatch(w -> w.contains("unchecked"));
    assertThat(state.all()).isEmpty();
  }

  @Test
  void aDirectoryThatOnlyRefusesTheRequestLeavesTheConfiguredExtensionsToBeRead() {
    directory.failWith(new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
        "HTTP 403 InsufficientPermissions"));
    SmsMessage m = text(ALYSSIA_EXT, "+15028138901", NOW.minusSeconds(100));

    RunReport report = backfill();

    assertThat(report.aborted()).isEmpty();
    assertThat(notes.forMessage(m.id())).isPresent();
    assertThat(report.warnings()).anyMatch(w -> w.contains("unchecked"));
  }

  @Test
  void extensionsFailingToConnectOneAfterAnotherStopTheRunAndLeaveTheRestUnread() {
    roster = Rosters.singleWave(
        Rosters.member("Alyssia").extension(ALYSSIA_EXT).user(ALYSSIA).build(),
        Rosters.member("Kyle Haney").extension(KYLE_EXT).user(KYLE).build(),
        Rosters.member("Timmera").extension(TIMMERA_EXT).user(TIMMERA).build());
    source.failFetchesOf(ALYSSIA_EXT, ExternalSystemException.Kind.CONNECTION);
    source.failFetchesOf(KYLE_EXT, ExternalSystemException.Kind.CONNECTION);
    text(TIMMERA_EXT, "+15028138901", NOW.minusSeconds(100));

    RunReport report = backfill();

    assertThat(source.requests()).extracting(r -> r.extension()).containsExactly(ALYSSIA_EXT, KYLE_EXT);
    assertThat(report.aborted()).hasValueSatisfying(why -> assertThat(why).contains("RingCentral stopped answering"));
    assertThat(row(report, TIMMERA_EXT).error()).hasValueSatisfying(e -> assertThat(e).contains("not read"));
    assertThat(state.all()).isEmpty();
  }

  @Test
  void failingAfterSomePagesKeepsWhatWasDeliveredAndHoldsTheWatermark() {
    InMemoryMessageSource paged = new InMemoryMessageSource(calls, 10);
    for (int i = 0; i < 25; i++) {
      paged.add(Messages.inbound().extension(ALYSSIA_EXT).from("+15028138901").at(NOW.minusSeconds(1000 + i)).build());
    }
    paged.failAfterPages(2);
    roster = Rosters.singleWave(Rosters.member("Alyssia").extension(ALYSSIA_EXT).user(ALYSSIA).build());
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema, LOOKBACK,
        SyncSettings.DEFAULT_CHUNK_SIZE);
    SyncService service = new SyncService(settings, paged, Optional.of(directory), cases, notes, state, clock, calls);

    RunReport report = service.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(paged.pagesServed()).isEqualTo(2);
    assertThat(report.totals().fetched()).isEqualTo(20);
    assertThat(report.totals().created()).isEqualTo(20);
    assertThat(row(report, ALYSSIA_EXT).error()).isPresent();
    assertThat(state.all()).doesNotContainKey(ALYSSIA_EXT);
  }

  @Test
  void staffWithoutAnExtensionAreFlaggedAndSkipped() {
    roster = Rosters.singleWave(
        Rosters.member("Alyssia").extension(ALYSSIA_EXT).user(ALYSSIA).build(),
        Rosters.member("Sara Collins").user(SARA).build(),
        Rosters.member("Timmera").extensionNumber("108").user(TIMMERA).build(),
        Rosters.member("Ghost").extensionNumber("999").user(SARA).build());
    text(TIMMERA_EXT, "+15028138901", NOW.minusSeconds(50));

    RunReport report = backfill();

    assertThat(report.skippedStaff()).anySatisfy(s -> assertThat(s).startsWith("Sara Collins").contains("no RingCentral extension"));
    assertThat(report.skippedStaff()).anySatisfy(s -> assertThat(s).startsWith("Ghost").contains("999"));
    assertThat(report.extensions()).extracting(ExtensionSummary::staffName).containsExactly("Alyssia", "Timmera");
    assertThat(row(report, TIMMERA_EXT).counts().matchedMatter()).isEqualTo(1);
    assertThat(source.requests()).extracting(r -> r.extension()).containsExactlyInAnyOrder(ALYSSIA_EXT, TIMMERA_EXT);
    assertThat(report.totals().failed()).isZero();
  }

  @Test
  void aMemberWithoutSalesforceUserHasTheirMatchedTextsFailed() {
    roster = Rosters.singleWave(Rosters.member("Dana").extension(KYLE_EXT).build());
    text(KYLE_EXT, "+15028138901", NOW.minusSeconds(50));
    text(KYLE_EXT, "22395", NOW.minusSeconds(40));

    RunReport report = backfill();

    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.totals().unmatched()).isEqualTo(1);
    assertThat(report.failures()).singleElement().extracting(MessageIssue::reason).asString().contains("sfUserId");
    assertThat(notes.size()).isZero();
  }

  @Test
  void likeFalsePositivesFromTheDirectoryAreDroppedByConfirmation() {
    cases.likeFalsePositives(true);
    CaseRecord lookAlike = caseRecord(Cases.matter().phone("1502-813-89001"));
    SmsMessage m = text(ALYSSIA_EXT, "+15028138900", NOW.minusSeconds(50));

    RunReport report = backfill();

    assertThat(cases.findByPhones(List.of(io.rcsync.core.domain.PhoneNumber.of("5028138900"))))
        .as("the directory does return the look-alike").contains(lookAlike);
    assertThat(report.totals().unmatched()).isEqualTo(1);
    assertThat(report.unmatched()).extracting(MessageIssue::messageId).containsExactly(m.id().value());
  }

  @Test
  void aGroupTextGoesToTheRecordOfTheBestRecipient() {
    SmsMessage group = source.add(Messages.outbound().extension(ALYSSIA_EXT).to("+13125550100", "+15028138901")
        .text("Group update").at(NOW.minusSeconds(30)).build()).messagesOf(ALYSSIA_EXT).get(0);

    RunReport report = backfill();

    assertThat(report.totals().matchedMatter()).isEqualTo(1);
    assertThat(notes.forMessage(group.id()).orElseThrow().fields()).containsEntry(schema.noteMatterField(), clientMatter.id().value());
  }

  @Test
  void ambiguousMatchesAreCountedAndTheNewestRecordWins() {
    CaseRecord older = caseRecord(Cases.matter().phone("Client_Phone__c", "606.555.0111").createdAt("2024-01-01T00:00:00Z"));
    CaseRecord newer = caseRecord(Cases.matter().phone("606-555-0111 x12").createdAt("2025-06-01T00:00:00Z"));
    SmsMessage m = text(ALYSSIA_EXT, "+16065550111", NOW.minusSeconds(30));

    RunReport report = backfill();

    assertThat(report.totals().ambiguous()).isEqualTo(1);
    assertThat(notes.forMessage(m.id()).orElseThrow().fields()).containsEntry(schema.noteMatterField(), newer.id().value())
        .doesNotContainValue(older.id().value());
  }

  @Test
  void lookupsAreBatchedAndCachedForTheRun() {
    Instant t = NOW.minus(Duration.ofDays(2));
    for (int i = 0; i < 300; i++) {
      text(i % 2 == 0 ? ALYSSIA_EXT : KYLE_EXT, i % 3 == 0 ? "+18125550102" : "+15028138901", t.plusSeconds(i));
    }

    // one write lane: the two upserts one after the other, in the order asserted (lanes send them at once)
    service(SyncSettings.DEFAULT_CHUNK_SIZE, true, 1).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(cases.findCalls()).isEqualTo(1);
    assertThat(cases.batchSizes()).containsExactly(2);
    assertThat(notes.upsertBatchSizes()).containsExactly(200, 100);
  }

  @Test
  void anIngestedWebhookMessageIsWrittenLikeAPolledOne() {
    SmsMessage pushed = Messages.inbound().extension(ALYSSIA_EXT).from("+15028138901").text("pushed by webhook")
        .at(NOW.minusSeconds(2)).build();

    RunReport report = service().ingest(List.of(pushed), false);

    assertThat(report.verb()).isEqualTo("ingest");
    assertThat(report.totals().fetched()).isEqualTo(1);
    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(notes.forMessage(pushed.id()).orElseThrow().owner()).contains(ALYSSIA);
    assertThat(notes.upsertCalls()).isEqualTo(1);
    assertThat(cases.findCalls()).isEqualTo(1);
    assertThat(source.requests()).isEmpty();

    RunReport again = service().ingest(List.of(pushed), false);
    assertThat(again.totals().unchanged()).isEqualTo(1);
    assertThat(notes.upsertCalls()).isEqualTo(1);
  }

  @Test
  void anIngestedIntakerLeadOrDryRunWritesNothing() {
    SmsMessage lead = Messages.inbound().extension(ALYSSIA_EXT).from("+15028138901")
        .text("Intaker: new chat lead").build();
    SmsMessage normal = Messages.inbound().extension(ALYSSIA_EXT).from("+15028138901").text("hi").build();

    RunReport filtered = service().ingest(List.of(lead), false);
    RunReport dry = service().ingest(List.of(normal), true);

    assertThat(filtered.totals().intakerFiltered()).isEqualTo(1);
    assertThat(dry.totals().matchedMatter()).isEqualTo(1);
    assertThat(notes.size()).isZero();
  }
}
