package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.report.Counts;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 10: what a sync does with delivery status, late matches and group texts; every run balances. */
class TextSemanticsSyncTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(60));
  private static final Duration LOOKBACK = Duration.ofMinutes(30);
  private static final ExtensionId ALYSSIA_EXT = ExtensionId.of("376557052");
  private static final ExtensionId KYLE_EXT = ExtensionId.of("376557074");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);

  /** With a counterparty field: each Note records the number it was exchanged with (a group text's, per record). */
  private final LitifySchema schema = LitifySchema.defaults().withCounterpartyField("RcSync_Counterparty__c");
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls)
      .add(ALYSSIA_EXT.value(), "104", "Alyssia").add(KYLE_EXT.value(), "107", "Kyle Haney");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA, KYLE));
  private final InMemorySyncStateStore state = new InMemorySyncStateStore();
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(ALYSSIA_EXT).extensionNumber("104").user(ALYSSIA).build(),
      Rosters.member("Kyle Haney").extension(KYLE_EXT).extensionNumber("107").user(KYLE).build());
  private TopicMap topics = TopicMap.defaults();
  private Duration retry = Duration.ofDays(30);
  private final List<RunReport> reports = new java.util.ArrayList<>();

  private final CaseRecord clientMatter = caseRecord(Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z"));
  private final CaseRecord otherMatter = caseRecord(Cases.matter().phone("(606) 555-0123").createdAt("2024-01-01T00:00:00Z"));

  private CaseRecord caseRecord(Cases.Builder b) {
    CaseRecord r = b.build();
    cases.add(r);
    notes.knowCases(List.of(r));
    return r;
  }

  private SyncService service() {
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"), topics, schema,
        LOOKBACK, SyncSettings.DEFAULT_CHUNK_SIZE, retry);
    return new SyncService(settings, source, Optional.of(directory), cases, notes, state, clock, calls);
  }

  private RunReport backfill() {
    return keep(service().sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false)));
  }

  private RunReport incremental() {
    return keep(service().sync(SyncCommand.incremental(Rosters.WAVE1, false)));
  }

  private RunReport keep(RunReport r) {
    reports.add(r);
    return r;
  }

  @AfterEach
  void everyRunBalancesPerExtensionAndInTotal() {
    for (RunReport r : reports) {
      assertThat(r.totals().balanced()).as("totals of %s", r.totals()).isTrue();
      r.extensions().forEach(e -> assertThat(e.counts().balanced()).as("row %s", e).isTrue());
    }
  }

  private SmsMessage outbound(String status, Instant at, String... to) {
    SmsMessage m = Messages.outbound().extension(ALYSSIA_EXT).to(to).text("status " + status).status(status).at(at).build();
    source.add(m);
    return m;
  }

  // item 2: delivery status

  @Test
  void anOutboundTextThatFailedIsWrittenWithTheFailedTopicAndCounted() {
    SmsMessage sendingFailed = outbound("SendingFailed", NOW.minusSeconds(300), "+15028138901");
    SmsMessage deliveryFailed = outbound("DeliveryFailed", NOW.minusSeconds(200), "+15028138901");
    SmsMessage delivered = outbound("Delivered", NOW.minusSeconds(100), "+15028138901");

    RunReport report = backfill();

    assertThat(report.totals().matchedMatter()).isEqualTo(3);
    assertThat(report.totals().deliveryFailed()).isEqualTo(2);
    assertThat(topic(sendingFailed)).isEqualTo("Text message failed");
    assertThat(topic(deliveryFailed)).isEqualTo("Text message failed");
    assertThat(topic(delivered)).isEqualTo("Text message sent");
  }

  @Test
  void theFailedTopicComesFromTopicMapFailed() {
    topics = new TopicMap("Text message sent", "Text message received", "SMS not delivered");
    SmsMessage failed = outbound("DeliveryFailed", NOW.minusSeconds(100), "+15028138901");

    backfill();

    assertThat(topic(failed)).isEqualTo("SMS not delivered");
  }

  @Test
  void aQueuedOrSendingTextIsHeldNotWrittenAndTheWatermarkStaysBeforeIt() {
    Instant mark = NOW.minus(Duration.ofHours(1));
    state.set(ALYSSIA_EXT, mark).set(KYLE_EXT, mark);
    SmsMessage queued = outbound("Queued", NOW.minusSeconds(600), "+15028138901");
    SmsMessage sending = outbound("Sending", NOW.minusSeconds(300), "+15028138901");
    SmsMessage sent = outbound("Sent", NOW.minusSeconds(100), "+15028138901");

    RunReport report = incremental();

    assertThat(report.totals().held()).isEqualTo(2);
    assertThat(report.totals().matchedMatter()).isEqualTo(1);
    assertThat(notes.forMessage(queued.id())).isEmpty();
    assertThat(notes.forMessage(sending.id())).isEmpty();
    assertThat(notes.forMessage(sent.id())).isPresent();
    assertThat(state.watermark(ALYSSIA_EXT)).contains(queued.creationTime());
    assertThat(state.watermark(KYLE_EXT)).contains(NOW);

    // RingCentral delivers it; the next incremental run reads it again and writes it
    source.remove(ALYSSIA_EXT, queued.id().value()).remove(ALYSSIA_EXT, sending.id().value());
    source.add(Messages.outbound().extension(ALYSSIA_EXT).id(queued.id()).to("+15028138901").text("status Queued")
        .status("Delivered").at(queued.creationTime()).build());
    source.add(Messages.outbound().extension(ALYSSIA_EXT).id(sending.id()).to("+15028138901").text("status Sending")
        .status("SendingFailed").at(sending.creationTime()).build());
    clock.advance(Duration.ofMinutes(5));

    RunReport next = incremental();

    assertThat(next.totals().held()).isZero();
    assertThat(topic(queued)).isEqualTo("Text message sent");
    assertThat(topic(sending)).isEqualTo("Text message failed");
    assertThat(next.totals().deliveryFailed()).isEqualTo(1);
    assertThat(state.watermark(ALYSSIA_EXT)).contains(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void anInboundTextIsNeverHeldWhateverItsStatus() {
    SmsMessage m = Messages.inbound().extension(ALYSSIA_EXT).from("+15028138901").status("Queued")
        .at(NOW.minusSeconds(60)).build();
    source.add(m);

    RunReport report = backfill();

    assertThat(report.totals().held()).isZero();
    assertThat(notes.forMessage(m.id())).isPresent();
  }

  // item 3: late matches

  @Test
  void aLeadWhoTextsBeforeTheirIntakeExistsGetsTheNoteOnALaterIncrementalRun() {
    state.set(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(10))).set(KYLE_EXT, NOW.minus(Duration.ofMinutes(10)));
    SmsMessage lead = Messages.inbound().extension(ALYSSIA_EXT).from("+18125550199").text("Hi, I was in a crash")
        .at(NOW.minusSeconds(120)).build();
    source.add(lead);

    RunReport first = incremental();

    assertThat(first.totals().unmatched()).isEqualTo(1);
    assertThat(state.pendingUnmatched()).extracting(UnmatchedText::id).containsExactly(lead.id());

    // the Intake is created an hour later; the text is long out of the incremental window
    CaseRecord intake = caseRecord(Cases.intake().phone("litify_pm__Phone__c", "812.555.0199"));
    clock.advance(Duration.ofHours(3));
    passedWatermarks();
    int findsBefore = cases.findCalls();

    RunReport later = incremental();

    assertThat(later.totals()).isEqualTo(new Counts(1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1));
    assertThat(row(later, ALYSSIA_EXT).matchedLate()).isEqualTo(1);
    assertThat(row(later, KYLE_EXT).matchedLate()).isZero();
    assertThat(cases.findCalls() - findsBefore).isEqualTo(1);
    assertThat(notes.forMessage(lead.id()).orElseThrow().fields())
        .containsEntry(schema.noteIntakeField(), intake.id().value())
        .containsEntry(schema.noteBodyField(), "Hi, I was in a crash");
    assertThat(state.pendingUnmatched()).isEmpty();
  }

  @Test
  void textsStillUnmatchedStayListedUncountedAndAreLookedUpInOneBatchedCall() {
    state.set(ALYSSIA_EXT, NOW.minus(Duration.ofMinutes(10))).set(KYLE_EXT, NOW.minus(Duration.ofMinutes(10)));
    for (int i = 0; i < 5; i++) {
      source.add(Messages.inbound().extension(i % 2 == 0 ? ALYSSIA_EXT : KYLE_EXT).from("+1812555010" + i)
          .at(NOW.minusSeconds(100 + i)).build());
    }
    incremental();
    clock.advance(Duration.ofHours(2));
    passedWatermarks();
    source.add(Messages.inbound().extension(ALYSSIA_EXT).from("+15028138901").at(clock.instant().minusSeconds(30)).build());
    int findsBefore = cases.findCalls();

    RunReport later = incremental();

    assertThat(later.totals().fetched()).isEqualTo(1);
    assertThat(later.totals().unmatched()).isZero();
    assertThat(later.unmatched()).isEmpty();
    assertThat(cases.findCalls() - findsBefore).as("new text and 5 listed texts in one lookup").isEqualTo(1);
    assertThat(state.pendingUnmatched()).hasSize(5);
  }

  @Test
  void shortCodesAndInternationalNumbersAreNotKeptForALateMatch() {
    source.add(Messages.inbound().extension(ALYSSIA_EXT).from("22395").at(NOW.minusSeconds(60)).build());
    source.add(Messages.inbound().extension(ALYSSIA_EXT).from("+447911123456").at(NOW.minusSeconds(50)).build());

    RunReport report = backfill();

    assertThat(report.totals().unmatched()).isEqualTo(2);
    assertThat(state.pendingUnmatched()).isEmpty();
  }

  @Test
  void aListedTextOlderThanUnmatchedRetryDaysIsDroppedWithAWarning() {
    retry = Duration.ofDays(2);
    SmsMessage lead = Messages.inbound().extension(ALYSSIA_EXT).from("+18125550199").at(NOW.minus(Duration.ofDays(1))).build();
    source.add(lead);
    backfill();
    assertThat(state.pendingUnmatched()).hasSize(1);
    caseRecord(Cases.intake().phone("litify_pm__Phone__c", "812.555.0199"));
    clock.advance(Duration.ofDays(2));
    state.set(ALYSSIA_EXT, clock.instant().minusSeconds(60)).set(KYLE_EXT, clock.instant().minusSeconds(60));

    RunReport later = incremental();

    assertThat(later.totals().fetched()).isZero();
    assertThat(notes.forMessage(lead.id())).isEmpty();
    assertThat(later.warnings()).anySatisfy(w -> assertThat(w).startsWith("1 unmatched text(s)").contains("2 days"));
    assertThat(state.pendingUnmatched()).isEmpty();
  }

  @Test
  void aDryRunReChecksTheListButSavesNothing() {
    state.set(ALYSSIA_EXT, NOW.minusSeconds(60)).set(KYLE_EXT, NOW.minusSeconds(60));
    SmsMessage lead = Messages.inbound().extension(ALYSSIA_EXT).from("+18125550199").at(NOW.minus(Duration.ofDays(1))).build();
    state.savePendingUnmatched(List.of(UnmatchedText.of(lead)));
    caseRecord(Cases.intake().phone("litify_pm__Phone__c", "812.555.0199"));

    RunReport dry = keep(service().sync(SyncCommand.incremental(Rosters.WAVE1, true)));

    assertThat(dry.totals().matchedLate()).isEqualTo(1);
    assertThat(notes.forMessage(lead.id())).isEmpty();
    assertThat(state.pendingUnmatched()).hasSize(1);
  }

  @Test
  void aLateNoteThatFailsStaysListedAndDoesNotPullTheWatermarkBack() {
    state.set(ALYSSIA_EXT, NOW.minusSeconds(60)).set(KYLE_EXT, NOW.minusSeconds(60));
    SmsMessage lead = Messages.inbound().extension(ALYSSIA_EXT).from("+18125550199").at(NOW.minus(Duration.ofDays(1))).build();
    state.savePendingUnmatched(List.of(UnmatchedText.of(lead)));
    caseRecord(Cases.intake().phone("litify_pm__Phone__c", "812.555.0199"));
    notes.failRecord(lead.id().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");

    RunReport report = incremental();

    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.totals().fetched()).isEqualTo(1);
    assertThat(state.watermark(ALYSSIA_EXT)).contains(NOW);
    assertThat(state.pendingUnmatched()).extracting(UnmatchedText::id).containsExactly(lead.id());
  }

  // item 5: group texts

  @Test
  void aGroupTextToClientsOnTwoMattersGetsANoteOnEachCountedOnce() {
    SmsMessage group = outbound("Delivered", NOW.minusSeconds(60), "+16065550123", "+15028138901", "+15028138901");

    RunReport report = backfill();

    // one text, two Notes: the group text and its one further Note are counted apart (fresh14 #6)
    assertThat(report.totals()).isEqualTo(new Counts(1, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1));
    assertThat(notes.forMessage(group.id()).orElseThrow().fields())
        .containsEntry(schema.noteMatterField(), clientMatter.id().value());
    String further = group.id().externalId(otherMatter.id());
    assertThat(notes.byExternalId(further).orElseThrow().fields())
        .containsEntry(schema.noteMatterField(), otherMatter.id().value());
    assertThat(notes.rcsyncNotes()).hasSize(2);
    assertThat(MessageId.fromExternalId(further)).contains(group.id());
    // each Note carries the number that matched its own Matter
    assertThat(notes.forMessage(group.id()).orElseThrow().fields()).containsEntry("RcSync_Counterparty__c", "5028138901");
    assertThat(notes.byExternalId(further).orElseThrow().fields()).containsEntry("RcSync_Counterparty__c", "6065550123");

    RunReport again = backfill();

    assertThat(notes.rcsyncNotes()).as("idempotent").hasSize(2);
    assertThat(again.totals().matchedMatter()).isEqualTo(1);
    assertThat(again.totals().created() + again.totals().updated() + again.totals().unchanged()).isEqualTo(2);
    assertThat(again.totals().notes()).isEqualTo(again.totals().matched() + again.totals().extraGroupNotes());
  }

  @Test
  void aRerunFillsTheCounterpartyOfNotesWrittenBeforeTheFieldAndPutsBackAnEditedOneLeavingTheRestAlone() {
    SmsMessage first = outbound("Delivered", NOW.minusSeconds(300), "+15028138901");
    SmsMessage second = outbound("Delivered", NOW.minusSeconds(200), "+15028138901");
    SmsMessage third = outbound("Delivered", NOW.minusSeconds(100), "+15028138901");
    backfill();
    notes.setCounterparty(first.id().externalId(), null).setCounterparty(second.id().externalId(), "6065550199");

    RunReport again = backfill();

    assertThat(again.totals().updated()).isEqualTo(2);
    assertThat(again.totals().unchanged()).isEqualTo(1);
    for (SmsMessage m : List.of(first, second, third)) {
      assertThat(notes.forMessage(m.id()).orElseThrow().fields()).containsEntry("RcSync_Counterparty__c", "5028138901");
    }
  }

  @Test
  void aGroupTextKeepsOneNotePerRecordWhenTheRankingChangesBetweenRuns() {
    SmsMessage group = outbound("Delivered", NOW.minusSeconds(60), "+15028138901", "+16065550123");
    backfill();
    assertThat(notes.rcsyncNotes()).hasSize(2);
    // a newer open Matter holding the other number now ranks first
    CaseRecord newer = caseRecord(Cases.matter().phone("(606) 555-0123").createdAt("2026-03-01T00:00:00Z"));

    RunReport again = backfill();

    assertThat(notesOn(clientMatter)).as("no second Note on the record that has one").isEqualTo(1);
    assertThat(notesOn(otherMatter)).isEqualTo(1);
    assertThat(notesOn(newer)).as("the new best record gets its Note").isEqualTo(1);
    assertThat(notes.forMessage(group.id()).orElseThrow().fields())
        .as("rc_msg_{id} stays on its record").containsEntry(schema.noteMatterField(), clientMatter.id().value());
    assertThat(notes.byExternalId(group.id().externalId(newer.id()))).isPresent();
    assertThat(again.totals().created()).isEqualTo(1);
    assertThat(again.totals().matchedMatter()).isEqualTo(1);
    assertThat(again.totals().failed()).isZero();
  }

  @Test
  void aGroupTextWhoseBareNoteRecordIsNoLongerMatchedGetsFurtherKeysOnlyAndNoDuplicate() {
    SmsMessage group = outbound("Delivered", NOW.minusSeconds(60), "+15028138901", "+16065550123");
    backfill();
    // a newer Matter takes over the number of the record holding rc_msg_{id}
    CaseRecord newer = caseRecord(Cases.matter().phone("(502) 813-8901").createdAt("2026-03-01T00:00:00Z"));

    RunReport again = backfill();

    assertThat(notesOn(clientMatter)).isEqualTo(1);
    assertThat(notesOn(otherMatter)).isEqualTo(1);
    assertThat(notesOn(newer)).isEqualTo(1);
    assertThat(notes.byExternalId(group.id().externalId(newer.id()))).isPresent();
    assertThat(again.totals().created()).isEqualTo(1);
    assertThat(again.totals().failed()).isZero();
  }

  private long notesOn(CaseRecord r) {
    return notes.rcsyncNotes().stream().filter(n -> r.id().value().equals(n.fields().get(schema.noteMatterField())))
        .count();
  }

  @Test
  void twoRecipientsOnTheSameMatterGiveOneNote() {
    CaseRecord family = caseRecord(Cases.matter().phone("(270) 555-0100").phone("Client_Phone__c", "(270) 555-0101")
        .createdAt("2025-02-01T00:00:00Z"));
    SmsMessage group = outbound("Delivered", NOW.minusSeconds(60), "+12705550100", "+12705550101");

    RunReport report = backfill();

    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(notes.rcsyncNotes()).hasSize(1);
    assertThat(notes.forMessage(group.id()).orElseThrow().fields()).containsEntry(schema.noteMatterField(), family.id().value());
  }

  @Test
  void whenOneNoteOfAGroupTextFailsTheTextIsFailedOnceAndRetried() {
    state.set(ALYSSIA_EXT, NOW.minus(Duration.ofHours(1))).set(KYLE_EXT, NOW.minus(Duration.ofHours(1)));
    SmsMessage group = outbound("Delivered", NOW.minusSeconds(60), "+15028138901", "+16065550123");
    notes.failRecord(group.id().externalId(otherMatter.id()), "FIELD_CUSTOM_VALIDATION_EXCEPTION");

    RunReport report = incremental();

    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.totals().matched()).isZero();
    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(report.failures()).extracting(MessageIssue::messageId).containsExactly(group.id().value());
    assertThat(state.watermark(ALYSSIA_EXT)).contains(group.creationTime());
  }

  /** As if the runs every five minutes since had moved the watermarks on: the listed texts are outside the window. */
  private void passedWatermarks() {
    state.set(ALYSSIA_EXT, clock.instant().minusSeconds(60)).set(KYLE_EXT, clock.instant().minusSeconds(60));
  }

  private String topic(SmsMessage m) {
    return (String) notes.forMessage(m.id()).orElseThrow().fields().get(schema.noteTopicField());
  }

  private static Counts row(RunReport report, ExtensionId ext) {
    return report.extensions().stream().filter(r -> r.extension().equals(ext.value())).findFirst().orElseThrow().counts();
  }
}
