package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.VerifyNotesUseCase.VerifyCommand;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.VerifyReport;
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

/**
 * The verify use case on the in-memory ports: it reads the window through the sync's own steps and compares the
 * texts that should have a Note with the Notes Salesforce holds. (Until now verify was only tested through the CLI.)
 */
class VerifyServiceTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(7));
  private static final ExtensionId ALYSSIA_EXT = ExtensionId.of("376557052");
  private static final ExtensionId KYLE_EXT = ExtensionId.of("376557074");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);
  /** A paralegal in no wave. */
  private static final SalesforceId OUTSIDER = SalesforceIds.idFor(SalesforceIds.USER, 9);

  private final LitifySchema schema = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls)
      .add(ALYSSIA_EXT.value(), "104", "Alyssia").add(KYLE_EXT.value(), "107", "Kyle Haney");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA, KYLE));
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(ALYSSIA_EXT).extensionNumber("104").user(ALYSSIA).build(),
      Rosters.member("Kyle Haney").extension(KYLE_EXT).extensionNumber("107").user(KYLE).build());
  private final RcSync rcsync = rcsync(SyncSettings.DEFAULT_CHUNK_SIZE);

  VerifyServiceTest() {
    CaseRecord matter = Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z").build();
    cases.add(matter);
    notes.knowCases(List.of(matter));
  }

  /** @param chunkSize texts gathered before their numbers are looked up in one call */
  private RcSync rcsync(int chunkSize) {
    return RcSync.builder()
        .settings(new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"), TopicMap.defaults(),
            schema, Duration.ofMinutes(30), chunkSize))
        .messageSource(source)
        .extensionDirectory(directory)
        .caseDirectory(cases)
        .notes(notes)
        .stateStore(new InMemorySyncStateStore())
        .clock(clock)
        .apiCalls(calls)
        .build();
  }

  private SmsMessage text(ExtensionId ext, String counterparty, Instant at) {
    SmsMessage m = Messages.inbound().extension(ext).from(counterparty).text("text at " + at).at(at).build();
    source.add(m);
    return m;
  }

  private void backfill() {
    rcsync.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
  }

  private VerifyReport verify() {
    return rcsync.verify(new VerifyCommand(Rosters.WAVE1, Optional.empty(), SINCE, Optional.empty()));
  }

  @Test
  void aSyncedWindowIsProvenComplete() {
    text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    text(KYLE_EXT, "502.813.8901", NOW.minus(Duration.ofDays(1)));
    text(KYLE_EXT, "22395", NOW.minus(Duration.ofHours(5))); // a short code: no Note expected
    backfill();

    VerifyReport report = verify();

    assertThat(report.fetched()).isEqualTo(3);
    assertThat(report.expected()).isEqualTo(2);
    assertThat(report.notesFound()).isEqualTo(2);
    assertThat(report.missing()).isEmpty();
    assertThat(report.orphaned()).isEmpty();
    assertThat(report.complete()).isTrue();
  }

  @Test
  void aTextThatArrivedAfterTheSyncIsListedAsMissingWithItsCase() {
    text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    backfill();
    SmsMessage late = text(KYLE_EXT, "+15028138901", NOW.minus(Duration.ofHours(1)));

    VerifyReport report = verify();

    assertThat(report.expected()).isEqualTo(2);
    assertThat(report.missing()).extracting(MessageIssue::messageId).containsExactly(late.id().value());
    assertThat(report.missing().get(0).extension()).isEqualTo(KYLE_EXT.value());
    assertThat(report.missing().get(0).reason()).startsWith("should have a Note on matter ");
    assertThat(report.complete()).isFalse();
  }

  @Test
  void aNoteWhoseTextIsGoneIsListedAsAnOrphanButLeavesTheWindowComplete() {
    SmsMessage kept = text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    SmsMessage gone = text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(1)));
    backfill();
    source.remove(ALYSSIA_EXT, gone.id().value());

    VerifyReport report = verify();

    assertThat(report.orphaned()).containsExactly(gone.id().externalId());
    assertThat(report.orphaned()).doesNotContain(kept.id().externalId());
    assertThat(report.complete()).as("kept on purpose: no sync could fill it").isTrue();
  }

  @Test
  void anExtensionThatCannotBeReadLeavesTheWindowUnproven() {
    text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    text(KYLE_EXT, "+15028138901", NOW.minus(Duration.ofDays(1)));
    backfill();
    source.failFetchesOf(KYLE_EXT, ExternalSystemException.Kind.RATE_LIMITED);

    VerifyReport report = verify();

    assertThat(report.missing()).isEmpty();
    assertThat(report.problems()).singleElement().asString().startsWith(KYLE_EXT.value() + " (Kyle Haney): ");
    assertThat(report.orphanCheck()).contains("skipped: not every extension could be read completely");
    assertThat(report.checkedEverything()).isFalse();
    assertThat(report.complete()).isFalse();
  }

  @Test
  void everyKindOfTextIsReadButOnlyTextsOnAMatterOrIntakeAreExpected() {
    CaseRecord intake = Cases.intake().phone("812-555-0102").createdAt("2025-02-01T00:00:00Z").build();
    CaseRecord older = Cases.matter().phone("(317) 555-0103").createdAt("2025-01-01T00:00:00Z").build();
    CaseRecord newer = Cases.matter().phone("317.555.0103").createdAt("2025-03-01T00:00:00Z").build();
    cases.add(intake, older, newer);
    notes.knowCases(List.of(intake, older, newer));
    text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(3))); // a Matter
    text(ALYSSIA_EXT, "+18125550102", NOW.minus(Duration.ofDays(2))); // an Intake
    text(KYLE_EXT, "+13175550103", NOW.minus(Duration.ofDays(2))); // two open Matters: ambiguous
    source.add(Messages.inbound().extension(KYLE_EXT).from("+15028138901").text("New lead from Intaker: Jane")
        .at(NOW.minus(Duration.ofDays(1))).build());
    text(KYLE_EXT, "22395", NOW.minus(Duration.ofHours(5))); // a short code
    backfill();

    VerifyReport report = verify();

    assertThat(report.fetched()).isEqualTo(5);
    assertThat(report.expected()).isEqualTo(3);
    assertThat(report.notesFound()).isEqualTo(3);
    assertThat(report.missing()).isEmpty();
    assertThat(report.unchecked()).isEmpty();
    assertThat(report.problems()).isEmpty();
    assertThat(report.orphanCheck()).isEmpty();
    assertThat(report.complete()).isTrue();
  }

  @Test
  void aCheckStoppedByTheQuotaLeavesTheTextsItHadNotFinishedUnchecked() {
    SmsMessage first = text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    SmsMessage second = text(KYLE_EXT, "+15028138902", NOW.minus(Duration.ofDays(1)));
    backfill();
    // one text per lookup: the first is matched and waits for its Note batch, the second's lookup hits the quota
    cases.failAfterCalls(1, ExternalSystemException.Kind.QUOTA_EXCEEDED);

    VerifyReport report = rcsync(1).verify(new VerifyCommand(Rosters.WAVE1, Optional.empty(), SINCE, Optional.empty()));

    assertThat(report.fetched()).isEqualTo(2);
    assertThat(report.expected()).as("a matched text still waiting for its batch is not counted").isZero();
    assertThat(report.unchecked()).extracting(MessageIssue::messageId)
        .containsExactlyInAnyOrder(first.id().value(), second.id().value());
    assertThat(report.unchecked()).filteredOn(i -> i.messageId().equals(first.id().value())).singleElement()
        .satisfies(i -> assertThat(i.reason()).startsWith("not processed: run stopped ("));
    assertThat(report.unchecked()).filteredOn(i -> i.messageId().equals(second.id().value())).singleElement()
        .satisfies(i -> assertThat(i.reason()).startsWith("Matter/Intake lookup failed: "));
    assertThat(report.problems()).singleElement().asString().startsWith("the check stopped early: ");
    assertThat(report.orphanCheck()).contains("skipped: not every extension could be read completely");
    assertThat(report.complete()).isFalse();
  }

  @Test
  void aGroupTextsFurtherNotesAreExpectedFoundAndNeverOrphans() {
    CaseRecord other = Cases.matter().phone("(606) 555-0123").createdAt("2024-01-01T00:00:00Z").build();
    cases.add(other);
    notes.knowCases(List.of(other));
    SmsMessage group = Messages.outbound().extension(ALYSSIA_EXT).to("+15028138901", "+16065550123")
        .at(NOW.minus(Duration.ofDays(1))).build();
    source.add(group);
    backfill();

    VerifyReport report = verify();

    assertThat(report.expected()).isEqualTo(2);
    assertThat(report.notesFound()).isEqualTo(2);
    assertThat(report.missing()).isEmpty();
    assertThat(report.orphaned()).isEmpty();
    assertThat(report.complete()).isTrue();

    notes.delete(List.of(notes.byExternalId(group.id().externalId(other.id())).orElseThrow().id()));

    VerifyReport after = verify();

    assertThat(after.missing()).extracting(MessageIssue::messageId).containsExactly(group.id().value());
    assertThat(after.missing().get(0).reason()).contains(other.id().value());
  }

  @Test
  void aNoteReassignedToAUserOutsideTheWaveStillCountsAsPresent() {
    SmsMessage moved = text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    text(KYLE_EXT, "+15028138901", NOW.minus(Duration.ofDays(1)));
    backfill();
    // a paralegal gives the Note to a colleague who is in no wave; rcsync never rewrites OwnerId
    notes.reassign(moved.id().externalId(), OUTSIDER);
    int lookupsBefore = notes.findExistingCalls();
    long salesforceBefore = calls.count(ApiCalls.SALESFORCE);

    VerifyReport report = verify();

    assertThat(report.expected()).isEqualTo(2);
    assertThat(report.missing()).isEmpty();
    assertThat(report.notesFound()).as("the wave's Note and the reassigned one").isEqualTo(2);
    assertThat(report.orphaned()).isEmpty();
    assertThat(report.complete()).isTrue();
    assertThat(notes.findExistingCalls() - lookupsBefore).as("one lookup for the Note the owner query missed")
        .isEqualTo(1);
    assertThat(report.apiCalls().get(ApiCalls.SALESFORCE)).as("the lookup is a Salesforce call, counted")
        .isEqualTo(calls.count(ApiCalls.SALESFORCE) - salesforceBefore);

    // and a backfill agrees: it finds the Note by external id and leaves it with its new owner
    backfill();
    assertThat(notes.byExternalId(moved.id().externalId()).orElseThrow().owner()).contains(OUTSIDER);
    assertThat(verify().complete()).isTrue();
  }

  @Test
  void aWindowWhoseNotesAllKeepTheirOwnersNeedsNoLookupByExternalId() {
    text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    text(KYLE_EXT, "+15028138901", NOW.minus(Duration.ofDays(1)));
    backfill();
    int lookupsBefore = notes.findExistingCalls();

    VerifyReport report = verify();

    assertThat(report.complete()).isTrue();
    assertThat(notes.findExistingCalls()).isEqualTo(lookupsBefore);
  }

  @Test
  void reassignedNotesAreLookedUpInBatchesOfTheSinksLookupSize() {
    SmsMessage first = text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(3)));
    SmsMessage second = text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    SmsMessage gone = text(KYLE_EXT, "+15028138901", NOW.minus(Duration.ofDays(1)));
    backfill();
    notes.reassign(first.id().externalId(), OUTSIDER).reassign(second.id().externalId(), OUTSIDER);
    notes.delete(List.of(notes.byExternalId(gone.id().externalId()).orElseThrow().id()));
    notes.lookupSize(2);
    int lookupsBefore = notes.findExistingCalls();

    VerifyReport report = verify();

    assertThat(notes.findExistingCalls() - lookupsBefore).as("3 unseen ids, 2 per lookup").isEqualTo(2);
    assertThat(report.missing()).extracting(MessageIssue::messageId).containsExactly(gone.id().value());
    assertThat(report.notesFound()).isEqualTo(2);
  }

  @Test
  void aSinkThatCannotFindExistingNotesKeepsTheOwnerScopedComparison() {
    SmsMessage moved = text(ALYSSIA_EXT, "+15028138901", NOW.minus(Duration.ofDays(2)));
    // a sink with only upsert: findExisting finds nothing (the NoteSink default)
    NoteSink upsertOnly = new NoteSink() {
      @Override
      public List<WriteOutcome> upsert(List<NoteDraft> drafts) {
        return notes.upsert(drafts);
      }
    };
    RcSync withUpsertOnly = RcSync.builder()
        .settings(new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"), TopicMap.defaults(),
            schema, Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE))
        .messageSource(source)
        .extensionDirectory(directory)
        .caseDirectory(cases)
        .noteSink(upsertOnly)
        .noteStore(notes)
        .stateStore(new InMemorySyncStateStore())
        .clock(clock)
        .apiCalls(calls)
        .build();
    withUpsertOnly.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
    notes.reassign(moved.id().externalId(), OUTSIDER);

    VerifyReport report = withUpsertOnly.verify(new VerifyCommand(Rosters.WAVE1, Optional.empty(), SINCE, Optional.empty()));

    assertThat(report.missing()).extracting(MessageIssue::messageId).containsExactly(moved.id().value());
    assertThat(report.notesFound()).isZero();
  }
}
