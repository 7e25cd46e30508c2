package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.report.ExtensionSummary;
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

/** Incremental runs by RingCentral Message Sync (issue 11 item 1), on the in-memory fakes. */
class MessageSyncRunTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Duration LOOKBACK = Duration.ofMinutes(30);
  private static final ExtensionId ALYSSIA_EXT = ExtensionId.of("376557052");
  private static final ExtensionId KYLE_EXT = ExtensionId.of("376557074");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);
  private static final String MATTER_PHONE = "+15028138901";

  private final LitifySchema schema = LitifySchema.defaults();
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls).withMessageSync(clock);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls)
      .add(ALYSSIA_EXT.value(), "104", "Alyssia").add(KYLE_EXT.value(), "107", "Kyle Haney");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA, KYLE));
  private final InMemorySyncStateStore state = new InMemorySyncStateStore();
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(ALYSSIA_EXT).extensionNumber("104").user(ALYSSIA).build(),
      Rosters.member("Kyle Haney").extension(KYLE_EXT).extensionNumber("107").user(KYLE).build());

  MessageSyncRunTest() {
    CaseRecord matter = Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z").build();
    cases.add(matter);
    notes.knowCases(List.of(matter));
  }

  private RunReport run(InMemoryMessageSource from, boolean dryRun) {
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, LOOKBACK, SyncSettings.DEFAULT_CHUNK_SIZE);
    RunReport report = new SyncService(settings, from, Optional.of(directory), cases, notes, state, clock, calls)
        .sync(SyncCommand.incremental(Rosters.WAVE1, dryRun));
    assertThat(report.totals().balanced()).as("fetched = sum of outcomes").isTrue();
    report.extensions().forEach(e -> assertThat(e.counts().balanced()).as("row %s balanced", e.extension()).isTrue());
    return report;
  }

  private RunReport run() {
    return run(source, false);
  }

  private SmsMessage inbound(ExtensionId ext, Instant at) {
    SmsMessage m = Messages.inbound().extension(ext).from(MATTER_PHONE).text("text at " + at).at(at).build();
    source.add(m);
    return m;
  }

  private SmsMessage outbound(ExtensionId ext, Instant at, String status) {
    SmsMessage m = Messages.outbound().extension(ext).to(MATTER_PHONE).text("sent at " + at).at(at).status(status)
        .build();
    source.add(m);
    return m;
  }

  private static ExtensionSummary row(RunReport report, ExtensionId ext) {
    return report.extensions().stream().filter(r -> r.extension().equals(ext.value())).findFirst().orElseThrow();
  }

  private List<MessageSyncRequest> requestsOf(ExtensionId ext) {
    return source.syncRequests().stream().filter(r -> r.extension().equals(ext)).map(r -> r.request()).toList();
  }

  private String topicOf(SmsMessage m) {
    return String.valueOf(notes.forMessage(m.id()).orElseThrow().fields().get(schema.noteTopicField()));
  }

  /** Both extensions have a watermark from before Message Sync, and a run has migrated them. */
  private RunReport migrated() {
    Instant mark = NOW.minus(Duration.ofHours(2));
    state.set(ALYSSIA_EXT, mark).set(KYLE_EXT, mark);
    return run();
  }

  @Test
  void theFirstRunMigratesAWatermarkToAFullSyncFromItMinusTheLookbackAndSavesTheCheckpoint() {
    Instant mark = NOW.minus(Duration.ofHours(2));
    state.set(ALYSSIA_EXT, mark).set(KYLE_EXT, mark);
    SmsMessage tooOld = inbound(ALYSSIA_EXT, mark.minus(LOOKBACK).minusSeconds(1));
    SmsMessage inOverlap = inbound(ALYSSIA_EXT, mark.minus(LOOKBACK));
    SmsMessage newer = inbound(KYLE_EXT, NOW.minus(Duration.ofMinutes(10)));

    RunReport report = run();

    assertThat(requestsOf(ALYSSIA_EXT)).containsExactly(new MessageSyncRequest.Full(mark.minus(LOOKBACK)));
    assertThat(requestsOf(KYLE_EXT)).containsExactly(new MessageSyncRequest.Full(mark.minus(LOOKBACK)));
    assertThat(source.requests()).as("no creation-time window is listed").isEmpty();
    assertThat(notes.forMessage(tooOld.id())).isEmpty();
    assertThat(notes.forMessage(inOverlap.id())).isPresent();
    assertThat(notes.forMessage(newer.id())).isPresent();
    assertThat(report.totals().created()).isEqualTo(2);
    assertThat(row(report, ALYSSIA_EXT).read()).isEqualTo("message sync: full from " + mark.minus(LOOKBACK));
    assertThat(row(report, ALYSSIA_EXT).windowFrom()).isEqualTo(mark.minus(LOOKBACK));
    assertThat(row(report, ALYSSIA_EXT).windowTo()).isEqualTo(NOW);
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).hasValueSatisfying(c -> assertThat(c.syncTime()).isEqualTo(NOW));
    assertThat(state.syncCheckpoint(KYLE_EXT)).isPresent();
    assertThat(state.watermark(ALYSSIA_EXT)).as("watermark moves to the sync time").contains(NOW);
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void withNeitherCheckpointNorWatermarkTheFirstRunSyncsTheLastLookbackAndSaysToBackfill() {
    SmsMessage recent = inbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(5)));

    RunReport report = run();

    assertThat(requestsOf(ALYSSIA_EXT)).containsExactly(new MessageSyncRequest.Full(NOW.minus(LOOKBACK)));
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains(ALYSSIA_EXT.value())
        .contains("no watermark yet").contains("run a backfill"));
    assertThat(notes.forMessage(recent.id())).isPresent();
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).isPresent();
  }

  @Test
  void aSecondRunSyncsIncrementallyAndReadsOnlyTheChanges() {
    inbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(50)));
    inbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(40)));
    migrated();
    MessageSyncCheckpoint first = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage arrived = inbound(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(2)));
    int upsertsBefore = notes.upsertCalls();

    RunReport report = run();

    assertThat(requestsOf(ALYSSIA_EXT)).last().isEqualTo(new MessageSyncRequest.Incremental(first.syncToken()));
    assertThat(row(report, ALYSSIA_EXT).counts().fetched()).isEqualTo(1);
    assertThat(row(report, KYLE_EXT).counts().fetched()).isZero();
    assertThat(row(report, ALYSSIA_EXT).read()).isEqualTo("message sync: incremental");
    assertThat(row(report, ALYSSIA_EXT).windowFrom()).isEqualTo(first.syncTime());
    assertThat(notes.forMessage(arrived.id())).isPresent();
    assertThat(notes.upsertCalls() - upsertsBefore).isEqualTo(1);
    MessageSyncCheckpoint second = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    assertThat(second.syncToken()).isNotEqualTo(first.syncToken());
    assertThat(second.syncTime()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(state.watermark(ALYSSIA_EXT)).contains(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void aTextCreatedLongBeforeTheWatermarkThatBecomesVisibleLateIsStillSynced() {
    migrated();
    SmsMessage restored = inbound(ALYSSIA_EXT, NOW.minus(Duration.ofDays(3)));

    run();

    assertThat(notes.forMessage(restored.id())).as("a creation-time window would have missed it").isPresent();
  }

  @Test
  void aLateStatusChangeWritesTheHeldTextAndThenTurnsItsTopicToFailed() {
    SmsMessage queued = outbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(20)), "Queued");
    RunReport first = migrated();
    assertThat(row(first, ALYSSIA_EXT).counts().held()).isEqualTo(1);
    assertThat(notes.forMessage(queued.id())).isEmpty();
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).as("a held text does not pin the checkpoint").isPresent();

    clock.advance(Duration.ofMinutes(5));
    source.setStatus(ALYSSIA_EXT, queued.id().value(), "Sent", clock.instant());
    RunReport sent = run();

    assertThat(sent.totals().created()).isEqualTo(1);
    assertThat(topicOf(queued)).isEqualTo("Text message sent");

    clock.advance(Duration.ofMinutes(5));
    source.setStatus(ALYSSIA_EXT, queued.id().value(), "DeliveryFailed", clock.instant());
    RunReport failed = run();

    assertThat(failed.totals().updated()).isEqualTo(1);
    assertThat(failed.totals().deliveryFailed()).isEqualTo(1);
    assertThat(topicOf(queued)).isEqualTo("Text message failed");
  }

  @Test
  void aDeletionKeepsItsNoteAndAPurgeIsCountedWhenRingCentralReportsThem() {
    SmsMessage deleted = inbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(50)));
    SmsMessage purged = inbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(40)));
    migrated();
    assertThat(notes.size()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(5));
    source.delete(ALYSSIA_EXT, deleted.id().value());
    source.purge(ALYSSIA_EXT, purged.id().value());
    int upsertsBefore = notes.upsertCalls();

    RunReport report = run();

    assertThat(row(report, ALYSSIA_EXT).counts().fetched()).isEqualTo(2);
    assertThat(row(report, ALYSSIA_EXT).counts().purged()).isEqualTo(1);
    assertThat(row(report, ALYSSIA_EXT).counts().unchanged()).isEqualTo(1);
    assertThat(notes.forMessage(deleted.id())).as("a Note is never deleted because its text was").isPresent();
    assertThat(notes.forMessage(purged.id())).isPresent();
    assertThat(notes.upsertCalls()).isEqualTo(upsertsBefore);
  }

  @Test
  void aRejectedTokenFallsBackOnceToAFullSyncFromTheLastGoodSyncTimeAndSaysSo() {
    migrated();
    MessageSyncCheckpoint good = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage arrived = inbound(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(1)));
    source.rejectTokensOf(ALYSSIA_EXT);

    RunReport report = run();

    Instant from = good.syncTime().minus(LOOKBACK);
    assertThat(requestsOf(ALYSSIA_EXT)).endsWith(new MessageSyncRequest.Incremental(good.syncToken()),
        new MessageSyncRequest.Full(from));
    assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w).contains(ALYSSIA_EXT.value())
        .contains("rejected its Message Sync token").contains("full sync from " + from)
        .doesNotContain(good.syncToken()));
    assertThat(row(report, ALYSSIA_EXT).read()).isEqualTo("message sync: full from " + from + " after a rejected token");
    assertThat(row(report, KYLE_EXT).read()).isEqualTo("message sync: incremental");
    assertThat(notes.forMessage(arrived.id())).isPresent();
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).hasValueSatisfying(c ->
        assertThat(c.syncToken()).isNotEqualTo(good.syncToken()));
  }

  @Test
  void aWriteFailureKeepsTheOldCheckpointSoTheNextRunAsksForTheSameChangesAgain() {
    migrated();
    MessageSyncCheckpoint good = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    MessageSyncCheckpoint kyleBefore = state.syncCheckpoint(KYLE_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage blocked = inbound(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(1)));
    notes.failRecord(blocked.id().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");

    RunReport failed = run();

    assertThat(failed.totals().failed()).isEqualTo(1);
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).contains(good);
    assertThat(state.syncCheckpoint(KYLE_EXT)).as("the other extension moves on").isNotEqualTo(Optional.of(kyleBefore));
    assertThat(state.watermark(ALYSSIA_EXT)).as("the watermark stops at the failed text").contains(blocked.creationTime());

    notes.clearRecordFailures();
    clock.advance(Duration.ofMinutes(5));
    RunReport retried = run();

    assertThat(requestsOf(ALYSSIA_EXT)).last().isEqualTo(new MessageSyncRequest.Incremental(good.syncToken()));
    assertThat(retried.totals().created()).isEqualTo(1);
    assertThat(notes.forMessage(blocked.id())).isPresent();
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).isNotEqualTo(Optional.of(good));
  }

  @Test
  void aRejectedTokenAfterAFailedWriteFallsBackFarEnoughToCoverTheFailedText() {
    migrated();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage old = inbound(ALYSSIA_EXT, NOW.minus(Duration.ofDays(2)));
    notes.failRecord(old.id().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");
    run();
    notes.clearRecordFailures();
    source.rejectTokensOf(ALYSSIA_EXT);

    run();

    assertThat(requestsOf(ALYSSIA_EXT)).last().isEqualTo(new MessageSyncRequest.Full(old.creationTime().minus(LOOKBACK)));
    assertThat(notes.forMessage(old.id())).isPresent();
  }

  @Test
  void aDryRunSyncsButSavesNoCheckpointAndNoWatermark() {
    inbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(5)));
    state.set(ALYSSIA_EXT, NOW.minus(Duration.ofHours(1)));

    RunReport report = run(source, true);

    assertThat(report.totals().matched()).isEqualTo(1);
    assertThat(source.syncRequests()).isNotEmpty();
    assertThat(state.checkpointSaves()).isEmpty();
    assertThat(state.saves()).isEmpty();
    assertThat(notes.size()).isZero();
  }

  @Test
  void aSourceWithoutMessageSyncStillReadsTheCreationTimeWindow() {
    InMemoryMessageSource plain = new InMemoryMessageSource(calls);
    plain.add(Messages.inbound().extension(ALYSSIA_EXT).from(MATTER_PHONE).at(NOW.minus(Duration.ofMinutes(10))).build());
    state.set(ALYSSIA_EXT, NOW.minus(Duration.ofHours(1)));

    RunReport report = run(plain, false);

    assertThat(plain.requests()).extracting(r -> r.window().from()).contains(NOW.minus(Duration.ofHours(1)).minus(LOOKBACK));
    assertThat(plain.syncRequests()).isEmpty();
    assertThat(row(report, ALYSSIA_EXT).read()).isNull();
    assertThat(state.checkpointSaves()).isEmpty();
    assertThat(report.totals().created()).isEqualTo(1);
  }

  @Test
  void aBackfillKeepsThePagedListEvenWhenTheSourceServesMessageSync() {
    inbound(ALYSSIA_EXT, NOW.minus(Duration.ofDays(3)));
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        LOOKBACK, SyncSettings.DEFAULT_CHUNK_SIZE);

    RunReport report = new SyncService(settings, source, Optional.of(directory), cases, notes, state, clock, calls)
        .sync(SyncCommand.backfill(Rosters.WAVE1, NOW.minus(Duration.ofDays(7)), null, false));

    assertThat(source.syncRequests()).isEmpty();
    assertThat(source.requests()).isNotEmpty();
    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(state.checkpointSaves()).isEmpty();
  }

  @Test
  void theSyncTokenAppearsInNoReport() {
    migrated();
    String token = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow().syncToken();
    source.rejectTokensOf(ALYSSIA_EXT);

    RunReport report = run();

    assertThat(report.toString()).doesNotContain(token);
    assertThat(state.syncCheckpoint(ALYSSIA_EXT).orElseThrow().toString())
        .doesNotContain(state.syncCheckpoint(ALYSSIA_EXT).orElseThrow().syncToken());
  }

  // ---- error paths: no checkpoint passes a text that was not written, and every row still balances --------------

  @Test
  void aConnectionFailureWhileSyncingKeepsThatExtensionsCheckpointAndWatermarkAndTheNextRunAsksAgain() {
    migrated();
    MessageSyncCheckpoint good = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    Instant mark = state.watermark(ALYSSIA_EXT).orElseThrow();
    MessageSyncCheckpoint kyleBefore = state.syncCheckpoint(KYLE_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage arrived = inbound(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(1)));
    source.failFetchesOf(ALYSSIA_EXT, ExternalSystemException.Kind.CONNECTION);

    RunReport failed = run();

    assertThat(row(failed, ALYSSIA_EXT).error()).hasValueSatisfying(e -> assertThat(e).contains("fetch stopped"));
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).contains(good);
    assertThat(state.watermark(ALYSSIA_EXT)).contains(mark);
    assertThat(state.syncCheckpoint(KYLE_EXT)).as("the other extension moves on").isNotEqualTo(Optional.of(kyleBefore));

    source.stopFailing();
    run();

    assertThat(requestsOf(ALYSSIA_EXT)).last().isEqualTo(new MessageSyncRequest.Incremental(good.syncToken()));
    assertThat(notes.forMessage(arrived.id())).isPresent();
  }

  @Test
  void aFullSyncAfterARejectedTokenThatFailsTooKeepsTheOldCheckpointAndTheNextRunFallsBackFromTheSamePlace() {
    migrated();
    MessageSyncCheckpoint good = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    Instant mark = state.watermark(ALYSSIA_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage arrived = inbound(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(1)));
    source.rejectTokensOf(ALYSSIA_EXT).failFetchesOf(ALYSSIA_EXT, ExternalSystemException.Kind.CONNECTION);

    RunReport failed = run();

    Instant from = good.syncTime().minus(LOOKBACK);
    assertThat(requestsOf(ALYSSIA_EXT)).endsWith(new MessageSyncRequest.Incremental(good.syncToken()),
        new MessageSyncRequest.Full(from));
    assertThat(row(failed, ALYSSIA_EXT).error()).isPresent();
    assertThat(row(failed, ALYSSIA_EXT).read()).endsWith("after a rejected token");
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).as("still the rejected one: the next run falls back again")
        .contains(good);
    assertThat(state.watermark(ALYSSIA_EXT)).contains(mark);

    source.stopFailing();
    clock.advance(Duration.ofMinutes(5));
    run();

    assertThat(requestsOf(ALYSSIA_EXT)).endsWith(new MessageSyncRequest.Incremental(good.syncToken()),
        new MessageSyncRequest.Full(from));
    assertThat(notes.forMessage(arrived.id())).isPresent();
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).isNotEqualTo(Optional.of(good));
  }

  @Test
  void anAuthenticationFailureStopsTheRunAndNoExtensionWithATextNotWrittenGetsANewCheckpoint() {
    migrated();
    MessageSyncCheckpoint alyssia = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    MessageSyncCheckpoint kyle = state.syncCheckpoint(KYLE_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage read = inbound(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(1)));
    SmsMessage unread = inbound(KYLE_EXT, NOW.plus(Duration.ofMinutes(2)));
    source.failFetchesOf(KYLE_EXT, ExternalSystemException.Kind.AUTHENTICATION);

    RunReport stopped = run();

    assertThat(stopped.aborted()).isPresent();
    assertThat(row(stopped, ALYSSIA_EXT).counts().failed()).as("read, then not processed").isEqualTo(1);
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).as("its text was read but not written").contains(alyssia);
    assertThat(state.syncCheckpoint(KYLE_EXT)).contains(kyle);
    assertThat(state.watermark(ALYSSIA_EXT)).as("held before the text not written").contains(read.creationTime());

    source.stopFailing();
    run();

    assertThat(notes.forMessage(read.id())).isPresent();
    assertThat(notes.forMessage(unread.id())).isPresent();
  }

  @Test
  void aSalesforceQuotaStopWhileWritingKeepsTheCheckpointsOfTheTextsNotWritten() {
    migrated();
    MessageSyncCheckpoint alyssia = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    MessageSyncCheckpoint kyle = state.syncCheckpoint(KYLE_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    SmsMessage a = inbound(ALYSSIA_EXT, NOW.plus(Duration.ofMinutes(1)));
    SmsMessage k = inbound(KYLE_EXT, NOW.plus(Duration.ofMinutes(2)));
    notes.failAfterCalls(0);

    RunReport stopped = run();

    assertThat(stopped.aborted()).hasValueSatisfying(r -> assertThat(r).isNotBlank());
    assertThat(stopped.totals().failed()).isEqualTo(2);
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).contains(alyssia);
    assertThat(state.syncCheckpoint(KYLE_EXT)).contains(kyle);

    notes.stopFailing();
    run();

    assertThat(requestsOf(ALYSSIA_EXT)).last().isEqualTo(new MessageSyncRequest.Incremental(alyssia.syncToken()));
    assertThat(notes.forMessage(a.id())).isPresent();
    assertThat(notes.forMessage(k.id())).isPresent();
  }

  @Test
  void aMalformedRecordIsCountedFailedAndReportedButHoldsNeitherCheckpointNorWatermark() {
    migrated();
    MessageSyncCheckpoint good = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    source.addMalformed(new MalformedMessage("999", ALYSSIA_EXT, "no creationTime"), NOW.plus(Duration.ofMinutes(1)));

    RunReport report = run();

    assertThat(row(report, ALYSSIA_EXT).counts().fetched()).isEqualTo(1);
    assertThat(row(report, ALYSSIA_EXT).counts().failed()).isEqualTo(1);
    assertThat(report.failures()).anySatisfy(f -> assertThat(f.reason()).contains("malformed record"));
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).as("re-reading cannot repair it: not asked for again")
        .isPresent().get().isNotEqualTo(good);

    clock.advance(Duration.ofMinutes(5));
    RunReport next = run();
    assertThat(row(next, ALYSSIA_EXT).counts().failed()).as("not failed again on every run").isZero();
    assertThat(state.watermark(ALYSSIA_EXT)).as("a record without a time cannot hold a watermark")
        .contains(clock.instant());
  }

  @Test
  void aHeldTextKeepsTheWatermarkSoTheFullSyncAfterARejectedTokenStillReadsIt() {
    SmsMessage queued = outbound(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(20)), "Queued");
    migrated();
    assertThat(state.watermark(ALYSSIA_EXT)).contains(queued.creationTime());
    clock.advance(Duration.ofDays(1));
    source.setStatus(ALYSSIA_EXT, queued.id().value(), "Sent", clock.instant());
    source.rejectTokensOf(ALYSSIA_EXT);

    RunReport report = run();

    assertThat(requestsOf(ALYSSIA_EXT)).last().isEqualTo(new MessageSyncRequest.Full(queued.creationTime().minus(LOOKBACK)));
    assertThat(row(report, ALYSSIA_EXT).counts().held()).isZero();
    assertThat(notes.forMessage(queued.id())).isPresent();
    assertThat(state.watermark(ALYSSIA_EXT)).contains(clock.instant());
  }

  @Test
  void anUnmatchedTextReadByMessageSyncIsMatchedLateByALaterIncrementalRun() {
    String leadPhone = "+15025550177";
    SmsMessage lead = Messages.inbound().extension(ALYSSIA_EXT).from(leadPhone).text("Hi, about my accident")
        .at(NOW.minus(Duration.ofMinutes(10))).build();
    source.add(lead);
    RunReport first = migrated();
    assertThat(row(first, ALYSSIA_EXT).counts().unmatched()).isEqualTo(1);
    assertThat(state.pendingUnmatched()).extracting(u -> u.id()).containsExactly(lead.id());
    MessageSyncCheckpoint afterFirst = state.syncCheckpoint(ALYSSIA_EXT).orElseThrow();

    CaseRecord intake = Cases.intake().phone("502-555-0177").createdAt("2026-04-20T12:03:00Z").build();
    cases.add(intake);
    notes.knowCases(List.of(intake));
    clock.advance(Duration.ofMinutes(5));
    RunReport second = run();

    assertThat(requestsOf(ALYSSIA_EXT)).last().isEqualTo(new MessageSyncRequest.Incremental(afterFirst.syncToken()));
    assertThat(row(second, ALYSSIA_EXT).counts().matchedLate()).isEqualTo(1);
    assertThat(row(second, ALYSSIA_EXT).counts().fetched()).isEqualTo(1);
    assertThat(notes.forMessage(lead.id())).isPresent();
    assertThat(state.pendingUnmatched()).isEmpty();
    assertThat(state.syncCheckpoint(ALYSSIA_EXT)).isNotEqualTo(Optional.of(afterFirst));
  }

  /**
   * RingCentral answers again what changed in the 5 seconds before a token's sync time: the next run reads such a
   * text again, and its report counts it as fetched, matched and unchanged (a re-read, like the window path's
   * overlap), with no write.
   */
  @Test
  void aTextRepeatedByRingCentralsFiveSecondOverlapIsReadAgainAsUnchangedAndNeverWrittenTwice() {
    source.withSyncOverlap(Duration.ofSeconds(5));
    SmsMessage justBefore = inbound(ALYSSIA_EXT, NOW.minusSeconds(2));
    RunReport first = migrated();
    assertThat(row(first, ALYSSIA_EXT).counts().created()).isEqualTo(1);
    int upserts = notes.upsertCalls();

    clock.advance(Duration.ofMinutes(5));
    RunReport repeat = run();

    assertThat(row(repeat, ALYSSIA_EXT).counts().fetched()).isEqualTo(1);
    assertThat(row(repeat, ALYSSIA_EXT).counts().matchedMatter()).isEqualTo(1);
    assertThat(row(repeat, ALYSSIA_EXT).counts().unchanged()).isEqualTo(1);
    assertThat(repeat.totals().created() + repeat.totals().updated()).isZero();
    assertThat(notes.upsertCalls()).isEqualTo(upserts);
    assertThat(notes.forMessage(justBefore.id())).isPresent();

    clock.advance(Duration.ofMinutes(5));
    assertThat(row(run(), ALYSSIA_EXT).counts().fetched()).as("repeated once, not forever").isZero();
  }

  /**
   * A long-running service runs many syncs and ingests on one case directory: each run tells the directory it starts,
   * so a caching directory (Salesforce's) drops its lookups and a lead's Intake created since the last run is found.
   */
  @Test
  void everySyncAndIngestRunTellsTheCaseDirectoryItStartsSoCachedLookupsDoNotOutliveARun() {
    java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
    io.rcsync.core.port.out.CaseDirectory counting = new io.rcsync.core.port.out.CaseDirectory() {
      @Override
      public List<CaseRecord> findByPhones(java.util.Collection<io.rcsync.core.domain.PhoneNumber> numbers) {
        return cases.findByPhones(numbers);
      }

      @Override
      public void startRun() {
        starts.incrementAndGet();
      }
    };
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, LOOKBACK, SyncSettings.DEFAULT_CHUNK_SIZE);
    SyncService service = new SyncService(settings, source, Optional.of(directory), counting, notes, state, clock, calls);

    service.sync(SyncCommand.incremental(Rosters.WAVE1, false));
    service.ingest(List.of(inbound(ALYSSIA_EXT, NOW.minusSeconds(5))), false);
    service.ingest(List.of(inbound(ALYSSIA_EXT, NOW.minusSeconds(4))), false);

    assertThat(starts).hasValue(3);
  }
}
