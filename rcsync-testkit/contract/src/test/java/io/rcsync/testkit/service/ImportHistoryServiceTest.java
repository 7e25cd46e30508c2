package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.ImportHistoryUseCase.ImportCommand;
import io.rcsync.core.port.out.ConfigMismatchException;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import io.rcsync.core.report.DeduplicatedText;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.ImportHistoryService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryHistory;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.InMemoryStaffDirectory;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.fixtures.SmsMagicRecords;
import io.rcsync.core.domain.ExtensionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15: the SMS-Magic import on fakes: Notes as a sync writes them, de-duplication, accounting. */
class ImportHistoryServiceTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");
  private static final String TIME_FIELD = "RcSync_Message_Time__c";
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);
  /** Active in the org, not in the roster. */
  private static final SalesforceId PAT = SalesforceIds.idFor(SalesforceIds.USER, 3);
  /** Named by old records; no longer an active user. */
  private static final SalesforceId GONE = SalesforceIds.idFor(SalesforceIds.USER, 4);
  /** The integration user rcsync runs as. */
  private static final SalesforceId INTEGRATION = SalesforceIds.idFor(SalesforceIds.USER, 5);
  private static final SalesforceId DEFAULT_OWNER = SalesforceIds.idFor(SalesforceIds.USER, 9);

  private LitifySchema schema = LitifySchema.defaults().withMessageTimeField(TIME_FIELD);
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private InMemoryCaseDirectory cases;
  private InMemoryNotes notes;
  private final InMemoryStaffDirectory staff = InMemoryStaffDirectory.holding(List.of(
      user(ALYSSIA, "Alyssia"), user(KYLE, "Kyle Haney"), user(PAT, "Pat Doe"), user(INTEGRATION, "Integration"),
      user(DEFAULT_OWNER, "Office Manager")));
  private final InMemoryHistory history = new InMemoryHistory(calls);
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(ExtensionId.of("376557052")).user(ALYSSIA).build(),
      Rosters.member("Kyle Haney").extension(ExtensionId.of("376557074")).user(KYLE).build());
  private SmsMagicSettings smsMagic = SmsMagicSettings.defaults().withDefaultOwner(DEFAULT_OWNER);
  private final List<RunReport> reports = new ArrayList<>();
  private CaseRecord matter;
  private CaseRecord intake;
  private CaseRecord otherMatter;

  ImportHistoryServiceTest() {
    org(schema);
  }

  private void org(LitifySchema s) {
    schema = s;
    cases = new InMemoryCaseDirectory(schema, calls);
    notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA, KYLE, PAT, GONE, INTEGRATION,
        DEFAULT_OWNER));
    matter = known(Cases.matter().phone("(502) 813-8901").build());
    intake = known(Cases.intake().phone("(606) 555-0123").build());
    otherMatter = known(Cases.matter().phone("(859) 555-0199").build());
  }

  private CaseRecord known(CaseRecord r) {
    cases.add(r);
    notes.knowCases(List.of(r));
    return r;
  }

  private static SalesforceUser user(SalesforceId id, String name) {
    return new SalesforceUser(id, name, null, name, null, name.replace(' ', '.') + "@firm.test");
  }

  private ImportHistoryService service() {
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
    return new ImportHistoryService(settings, smsMagic, cases, notes, notes, Optional.of(staff),
        Optional.of(INTEGRATION), clock, calls);
  }

  private RunReport run(boolean dryRun) {
    return run(history, dryRun);
  }

  private RunReport run(InMemoryHistory source, boolean dryRun) {
    RunReport r = service().importHistory(new ImportCommand(source, Optional.empty(), Optional.empty(), dryRun, null,
        Optional.empty()));
    reports.add(r);
    return r;
  }

  private RunReport run() {
    return run(false);
  }

  @AfterEach
  void everyRunsCategoriesAddUpToWhatWasRead() {
    for (RunReport r : reports) {
      assertThat(r.totals().balanced()).as("totals %s", r.totals()).isTrue();
      r.extensions().forEach(e -> assertThat(e.counts().balanced()).as("row %s", e).isTrue());
      assertThat(r.rows().deduplicated()).isEqualTo(r.totals().deduplicated());
    }
  }

  private NoteRecord note(SmsMagicRecord r) {
    return notes.byExternalId("smsmagic_" + r.id().value()).orElseThrow();
  }

  private static Object field(NoteRecord n, String f) {
    return n.fields().get(f);
  }

  /** An rc_msg_ Note as a sync writes it: on {@code on}, at {@code at}, with the direction's topic. */
  private void rcNote(String id, Direction direction, String body, Instant at, CaseRecord on, String number) {
    TopicMap topics = TopicMap.defaults();
    notes.upsert(List.of(new NoteDraft(MessageId.of(id), ExtensionId.of("376557052"), ALYSSIA,
        topics.topicFor(direction), body, on.kind(), on.id(), at, direction, PhoneNumber.of(number))));
  }

  // writing

  @Test
  void importWritesEachRecordAsANoteKeyedSmsmagicWithOwnerTopicMessageTimeAndParent() {
    SmsMagicRecord sent = SmsMagicRecords.outgoing().counterparty("(502) 813-8901").body("Your hearing is Monday")
        .sender(ALYSSIA).at(T).build();
    SmsMagicRecord received = SmsMagicRecords.incoming().counterparty("+1 606-555-0123").body("Thanks")
        .at(T.plusSeconds(60)).build();
    history.add(sent, received);

    RunReport report = run();

    NoteRecord out = note(sent);
    assertThat(out.externalId()).isEqualTo("smsmagic_" + sent.id().value()).hasSize("smsmagic_".length() + 18);
    assertThat(out.owner()).contains(ALYSSIA);
    assertThat(field(out, schema.noteTopicField())).isEqualTo("Text message sent");
    assertThat(field(out, schema.noteBodyField())).isEqualTo("Your hearing is Monday");
    assertThat(field(out, schema.noteMatterField())).isEqualTo(matter.id().value());
    assertThat(out.messageTime()).contains(T);
    NoteRecord in = note(received);
    assertThat(in.owner()).as("Incoming SMS names no sender").contains(DEFAULT_OWNER);
    assertThat(field(in, schema.noteTopicField())).isEqualTo("Text message received");
    assertThat(field(in, schema.noteIntakeField())).isEqualTo(intake.id().value());
    assertThat(report.verb()).isEqualTo("import-smsmagic");
    assertThat(report.totals().fetched()).isEqualTo(2);
    assertThat(report.totals().matchedMatter()).isEqualTo(1);
    assertThat(report.totals().matchedIntake()).isEqualTo(1);
    assertThat(report.totals().created()).isEqualTo(2);
    assertThat(report.clean()).isTrue();
  }

  @Test
  void theReportNamesTheHistorySourceAndCarriesItsWarningsOnce() {
    history.describedAs("file: exports/h.csv (smagicinteract__smsMagic__c)")
        .warn("exports/h.csv: 1 date-time without a zone read in America/Chicago")
        .warn("exports/h.csv: 1 date-time without a zone read in America/Chicago")
        .add(SmsMagicRecords.outgoing().at(T).build());

    RunReport report = run();

    assertThat(report.historySource()).contains("file: exports/h.csv (smagicinteract__smsMagic__c)");
    assertThat(report.warnings()).containsOnlyOnce("exports/h.csv: 1 date-time without a zone read in America/Chicago");
  }

  @Test
  void anMmsWhoseMediaAreALinkGetsAnAttachmentLineAndTheRunCountsSuchRecordsInAWarning() {
    SmsMagicRecord photo = SmsMagicRecords.incoming().counterparty("(502) 813-8901").body("Photo of the car")
        .mms("https://mms.sms-magic.example/media/a1.jpg").at(T).build();
    SmsMagicRecord bare = SmsMagicRecords.outgoing().counterparty("(502) 813-8901").body("See attached")
        .mms(null).at(T.plusSeconds(60)).build();
    history.add(photo, bare);

    RunReport report = run();

    assertThat(field(note(photo), schema.noteBodyField()))
        .isEqualTo("Photo of the car\nAttachment: https://mms.sms-magic.example/media/a1.jpg");
    assertThat(field(note(bare), schema.noteBodyField())).isEqualTo("See attached");
    assertThat(report.warnings())
        .anyMatch(w -> w.startsWith("1 SMS-Magic MMS record(s) keep their media only as a link"))
        .anyMatch(w -> w.startsWith("1 SMS-Magic MMS record(s) name no media link"));
    assertThat(report.totals().created()).isEqualTo(2);
  }

  @Test
  void aMediaLinkIsWarnedOfEvenWhenTheRecordsTypeFieldDoesNotSayMms() {
    SmsMagicRecord linked = SmsMagicRecords.incoming().counterparty("(502) 813-8901").body("Photo attached")
        .mediaLinkOnly("https://media.sms-magic.example/abc.jpg").at(T).build();
    history.add(linked);

    RunReport report = run();

    assertThat(field(note(linked), schema.noteBodyField()))
        .isEqualTo("Photo attached\nAttachment: https://media.sms-magic.example/abc.jpg");
    assertThat(report.warnings()).filteredOn(w -> w.contains("MMS")).singleElement().asString()
        .startsWith("1 SMS-Magic MMS record(s) keep their media only as a link");
  }

  @Test
  void reportRowsAreByOwnerShowingTheUserIdAndNameNeverAnExtension() {
    history.add(SmsMagicRecords.outgoing().sender(KYLE).build(), SmsMagicRecords.incoming().build());

    RunReport report = run();

    assertThat(report.extensions()).extracting(e -> e.extension() + " " + e.staffName())
        .containsExactly(DEFAULT_OWNER.value() + " default owner (smsmagic.defaultOwner)", KYLE.value() + " Kyle Haney");
  }

  @Test
  void theRecordsOwnMatterOrIntakeLookupBeatsThePhoneMatch() {
    SmsMagicRecord onIntake = SmsMagicRecords.outgoing().counterparty("(502) 813-8901").intake(intake.id()).build();
    SmsMagicRecord noNumber = SmsMagicRecords.outgoing().counterparty("").matter(otherMatter.id()).body("no number")
        .build();
    history.add(onIntake, noNumber);

    RunReport report = run();

    assertThat(field(note(onIntake), schema.noteIntakeField())).isEqualTo(intake.id().value());
    assertThat(field(note(onIntake), schema.noteMatterField())).isNull();
    assertThat(field(note(noNumber), schema.noteMatterField())).isEqualTo(otherMatter.id().value());
    assertThat(report.totals().matchedIntake()).isEqualTo(1);
    assertThat(report.totals().matchedMatter()).isEqualTo(1);
  }

  /**
   * fresh16 #2: a record's own lookup that names no Matter/Intake of the org (a deleted Matter, a User's 005 Id) fell
   * through to the write and failed there with a raw Salesforce error per record, though the dry run had counted it
   * created.
   */
  @Test
  void aRecordsOwnLookupThatIsNoMatterOrIntakeOfTheOrgFallsBackToThePhoneMatchWithOneWarning() {
    SalesforceId deleted = SalesforceIds.idFor(SalesforceIds.MATTER, 999);
    SmsMagicRecord onDeleted = SmsMagicRecords.outgoing().counterparty("(502) 813-8901").matter(deleted).build();
    SmsMagicRecord onUser = SmsMagicRecords.outgoing().counterparty("(606) 555-0123").matter(KYLE).build();
    SmsMagicRecord noNumber = SmsMagicRecords.outgoing().counterparty("").matter(deleted).body("no number").build();
    SmsMagicRecord intakeInMatterField = SmsMagicRecords.outgoing().counterparty("(212) 555-0100")
        .matter(intake.id()).build();
    SmsMagicRecord fine = SmsMagicRecords.outgoing().counterparty("(212) 555-0100").matter(otherMatter.id()).build();
    history.add(onDeleted, onUser, noNumber, intakeInMatterField, fine);

    RunReport dry = run(true);
    assertThat(dry.totals().failed()).isZero();
    assertThat(dry.totals().created()).isEqualTo(4);
    RunReport report = run();

    assertThat(report.totals().failed()).isZero();
    assertThat(field(note(onDeleted), schema.noteMatterField())).as("by phone").isEqualTo(matter.id().value());
    assertThat(field(note(onUser), schema.noteIntakeField())).as("by phone").isEqualTo(intake.id().value());
    assertThat(field(note(intakeInMatterField), schema.noteIntakeField())).as("the org says it is an Intake")
        .isEqualTo(intake.id().value());
    assertThat(field(note(intakeInMatterField), schema.noteMatterField())).isNull();
    assertThat(field(note(fine), schema.noteMatterField())).isEqualTo(otherMatter.id().value());
    assertThat(report.unmatched()).singleElement().satisfies(u -> assertThat(u.reason())
        .contains("names no Matter or Intake of the org"));
    for (RunReport r : List.of(dry, report)) {
      assertThat(r.warnings()).filteredOn(w -> w.contains("not one of the org")).singleElement().asString()
          .startsWith("3 record(s) name a Matter/Intake that is not one of the org (deleted, or another object's"
              + " Id), e.g. smsmagic_" + onDeleted.id().value() + " (matter lookup " + deleted.value() + ")")
          .contains("smsmagic_" + onUser.id().value() + " (matter lookup " + KYLE.value() + ")")
          .doesNotContain("INVALID_CROSS_REFERENCE_KEY");
    }
    assertThat(cases.idLookups()).as("one batched check per chunk and run").isEqualTo(2);
  }

  @Test
  void aRecordNoMatterOrIntakeHoldsIsAnUnmatchedRowAndNoNote() {
    SmsMagicRecord stray = SmsMagicRecords.outgoing().counterparty("(212) 555-0100").build();
    SmsMagicRecord shortCode = SmsMagicRecords.incoming().counterparty("22395").build();
    history.add(stray, shortCode);

    RunReport report = run();

    assertThat(report.totals().unmatched()).isEqualTo(2);
    assertThat(notes.size()).isZero();
    assertThat(report.unmatched()).extracting(i -> i.messageId() + " " + i.counterparty() + ": " + i.reason())
        .containsExactlyInAnyOrder(stray.id().value() + " 2125550100: no Matter or Intake holds this number",
            shortCode.id().value() + " 22395: short code (5-6 digits), not a person");
  }

  @Test
  void aFailedStatusIsWrittenWithTheFailedTopicAndCountedAsRingCentralsFailedTextsAre() {
    SmsMagicRecord error = SmsMagicRecords.outgoing().status("error").build();
    SmsMagicRecord undelivered = SmsMagicRecords.outgoing().status(" UNDELIVERED ").build();
    SmsMagicRecord queued = SmsMagicRecords.outgoing().status("QUEUED").build();
    history.add(error, undelivered, queued);

    RunReport report = run();

    assertThat(field(note(error), schema.noteTopicField())).isEqualTo(TopicMap.DEFAULT_FAILED);
    assertThat(field(note(undelivered), schema.noteTopicField())).isEqualTo(TopicMap.DEFAULT_FAILED);
    assertThat(field(note(queued), schema.noteTopicField())).as("history never changes: nothing is held")
        .isEqualTo("Text message sent");
    assertThat(report.totals().deliveryFailed()).isEqualTo(2);
    assertThat(report.totals().held()).isZero();
    assertThat(report.totals().matchedMatter()).isEqualTo(3);
  }

  @Test
  void anIntakerLeadInTheHistoryIsFilteredAsASyncFiltersIt() {
    history.add(SmsMagicRecords.incoming().body("New lead from Intaker: Jane").build());

    RunReport report = run();

    assertThat(report.totals().intakerFiltered()).isEqualTo(1);
    assertThat(notes.size()).isZero();
  }

  // idempotency and ownership

  @Test
  void aReRunChangesNothing() {
    history.add(SmsMagicRecords.outgoing().sender(ALYSSIA).build(), SmsMagicRecords.incoming().at(T.plusSeconds(5))
        .build());
    run();
    int writes = notes.upsertCalls() + notes.updateCalls();

    RunReport again = run();

    assertThat(again.totals().created()).isZero();
    assertThat(again.totals().updated()).isZero();
    assertThat(again.totals().unchanged()).isEqualTo(2);
    assertThat(notes.upsertCalls() + notes.updateCalls()).isEqualTo(writes);
    assertThat(notes.size()).isEqualTo(2);
  }

  @Test
  void aReImportFromAThinnerSourceKeepsTheStoredMessageTimeAndCountsSuchNotesInOneWarning() {
    // fresh17 #7: the org import took Sent_On (20:24:00); a CSV export without SENT_ON__C falls back to CreatedDate
    SalesforceId id = SalesforceIds.idFor("a3S", 7);
    SmsMagicRecord fromOrg = SmsMagicRecords.outgoing().id(id).sender(ALYSSIA).at(T).build();
    SmsMagicRecord other = SmsMagicRecords.incoming().at(T.plusSeconds(60)).build();
    history.add(fromOrg, other);
    run();
    int writes = notes.upsertCalls() + notes.updateCalls();
    InMemoryHistory thinnerExport = new InMemoryHistory(calls)
        .add(SmsMagicRecords.outgoing().id(id).sender(ALYSSIA).at(T.minusSeconds(6)).build(), other);

    RunReport dry = run(thinnerExport, true);
    RunReport again = run(thinnerExport, false);

    for (RunReport r : List.of(dry, again)) {
      assertThat(r.totals().updated()).isZero();
      assertThat(r.totals().unchanged()).isEqualTo(2);
      assertThat(r.warnings()).containsOnlyOnce("1 existing Note(s) keep their stored message time: this source gives"
          + " another (e.g. an export without SENT_ON__C)");
    }
    assertThat(note(fromOrg).messageTime()).contains(T);
    assertThat(notes.upsertCalls() + notes.updateCalls()).isEqualTo(writes);
  }

  @Test
  void aReImportGivingTheSameMessageTimesWarnsOfNoKeptTime() {
    history.add(SmsMagicRecords.outgoing().sender(ALYSSIA).build());
    run();

    RunReport again = run();

    assertThat(again.warnings()).noneMatch(w -> w.contains("keep their stored message time"));
  }

  @Test
  void aStaffCorrectionOfOwnerAndMatterSurvivesAReRun() {
    SmsMagicRecord r = SmsMagicRecords.outgoing().sender(ALYSSIA).build();
    history.add(r);
    run();
    String key = "smsmagic_" + r.id().value();
    notes.reassign(key, KYLE).moveToMatter(key, otherMatter.id());

    RunReport again = run();

    assertThat(note(r).owner()).contains(KYLE);
    assertThat(field(note(r), schema.noteMatterField())).isEqualTo(otherMatter.id().value());
    assertThat(again.totals().unchanged()).isEqualTo(1);
  }

  @Test
  void recordsWithoutTextAreWrittenAsEmptyNotesAndCountedInOneWarningNamingTheFirstKeys() {
    SmsMagicRecord empty = SmsMagicRecords.outgoing().body("").build();
    SmsMagicRecord blank = SmsMagicRecords.outgoing().body("   ").build();
    SmsMagicRecord linkOnly = SmsMagicRecords.incoming().counterparty("(502) 813-8901").body("")
        .mms("https://media.sms-magic.example/a.jpg").build();
    history.add(empty, blank, linkOnly, SmsMagicRecords.outgoing().body("See you at 3").build());

    for (boolean dryRun : new boolean[] {true, false}) {
      RunReport report = run(dryRun);

      assertThat(report.warnings()).filteredOn(w -> w.contains("no text")).singleElement().asString()
          .startsWith("2 SMS-Magic record(s) have no text (an empty or whitespace-only body) and no media link, e.g. "
              + "smsmagic_" + empty.id().value() + ", smsmagic_" + blank.id().value() + ":");
      assertThat(report.totals().failed()).isZero();
    }
    assertThat(note(empty)).as("the text happened: its Note is written").isNotNull();
    assertThat(note(blank)).isNotNull();
  }

  @Test
  void aSourceWithNoRecordsInTheWindowIsWarnedOfInOneLineAndFailsNothing() {
    RunReport all = run();
    RunReport windowed = service().importHistory(new ImportCommand(history, Optional.of(T), Optional.empty(), true,
        null, Optional.empty()));
    reports.add(windowed);

    assertThat(all.warnings()).filteredOn(w -> w.startsWith("no SMS-Magic records read")).singleElement().asString()
        .doesNotContain("--since");
    assertThat(windowed.warnings()).filteredOn(w -> w.startsWith("no SMS-Magic records read")).singleElement()
        .asString().contains("check --since/--until");
    assertThat(all.totals().fetched()).isZero();
    assertThat(all.clean()).isTrue();
  }

  @Test
  void aSourceThatHoldsOnlyRejectedRowsIsNotCalledEmpty() {
    history.reject("line 2", "export.csv line 2: CREATEDDATE '' is empty; fix or remove the row");

    assertThat(run().warnings()).noneMatch(w -> w.startsWith("no SMS-Magic records read"));
  }

  @Test
  void aRunWhoseRecordsAllHaveTextWarnsOfNone() {
    history.add(SmsMagicRecords.outgoing().body("See you at 3").build());

    assertThat(run().warnings()).noneMatch(w -> w.contains("no text"));
  }

  @Test
  void aDryRunWritesNothingAndCountsWhatItWouldDo() {
    history.add(SmsMagicRecords.outgoing().build(), SmsMagicRecords.incoming().counterparty("(212) 555-0100").build());

    RunReport report = run(true);

    assertThat(notes.size()).isZero();
    assertThat(notes.upsertCalls()).isZero();
    assertThat(report.dryRun()).isTrue();
    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(report.totals().unmatched()).isEqualTo(1);
  }

  // owners

  @Test
  void theSenderOwnsTheNoteOnlyWhenAnActiveUserElseTheDefaultOwnerNeverTheIntegrationUser() {
    SmsMagicRecord byPat = SmsMagicRecords.outgoing().sender(PAT).build();
    SmsMagicRecord byGone = SmsMagicRecords.outgoing().sender(GONE).build();
    SmsMagicRecord byIntegration = SmsMagicRecords.outgoing().sender(INTEGRATION).build();
    SmsMagicRecord byNobody = SmsMagicRecords.outgoing().build();
    history.add(byPat, byGone, byIntegration, byNobody);

    run();

    assertThat(note(byPat).owner()).contains(PAT);
    assertThat(note(byGone).owner()).contains(DEFAULT_OWNER);
    assertThat(note(byIntegration).owner()).contains(DEFAULT_OWNER);
    assertThat(note(byNobody).owner()).contains(DEFAULT_OWNER);
  }

  @Test
  void theOrgsActiveUsersAreReadOnceARunEvenWhenNoRecordNamesASender() {
    ApiCalls staffCalls = new ApiCalls();
    InMemoryStaffDirectory counted = new InMemoryStaffDirectory(staffCalls).add(user(PAT, "Pat Doe"))
        .add(user(DEFAULT_OWNER, "Office Manager"));
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
    ImportHistoryService s = new ImportHistoryService(settings, smsMagic, cases, notes, notes, Optional.of(counted),
        Optional.empty(), clock, calls);
    history.add(SmsMagicRecords.incoming().build());
    reports.add(s.importHistory(new ImportCommand(history, null, null, false, null, null)));
    assertThat(staffCalls.snapshot().get(ApiCalls.SALESFORCE)).as("the default owner is checked").isEqualTo(1L);

    history.add(SmsMagicRecords.outgoing().sender(PAT).build(), SmsMagicRecords.outgoing().sender(GONE).build(),
        SmsMagicRecords.outgoing().sender(PAT).build());
    reports.add(s.importHistory(new ImportCommand(history, null, null, false, null, null)));

    assertThat(staffCalls.snapshot().get(ApiCalls.SALESFORCE)).as("one read per run").isEqualTo(2L);
  }

  @Test
  void aDefaultOwnerThatIsNotAnActiveUserOfTheOrgStopsTheRunAndItsDryRunBeforeAnythingIsRead() {
    smsMagic = smsMagic.withDefaultOwner(GONE);
    history.add(SmsMagicRecords.outgoing().build(), SmsMagicRecords.incoming().build());

    for (boolean dryRun : new boolean[] {true, false}) {
      assertThatThrownBy(() -> service().importHistory(new ImportCommand(history, null, null, dryRun, null, null)))
          .isInstanceOf(ConfigMismatchException.class)
          .hasMessageStartingWith("smsmagic.defaultOwner: " + GONE.value() + " is not an active standard User of the"
              + " org")
          .satisfies(e -> assertThat(((ConfigMismatchException) e).key()).isEqualTo("smsmagic.defaultOwner"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(history.reads()).isZero();
    assertThat(notes.upsertCalls()).isZero();
  }

  @Test
  void withoutAStaffDirectoryTheDefaultOwnerIsNotCheckedAndOwnsWhatNoRosterUserSent() {
    smsMagic = smsMagic.withDefaultOwner(GONE);
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
    ImportHistoryService s = new ImportHistoryService(settings, smsMagic, cases, notes, notes, Optional.empty(),
        Optional.empty(), clock, calls);
    SmsMagicRecord r = SmsMagicRecords.outgoing().build();
    history.add(r);

    reports.add(s.importHistory(new ImportCommand(history, null, null, false, null, null)));

    assertThat(note(r).owner()).contains(GONE);
  }

  @Test
  void anImportWithoutADefaultOwnerRefusesToStartNamingTheKey() {
    smsMagic = SmsMagicSettings.defaults();
    history.add(SmsMagicRecords.outgoing().build());

    assertThatThrownBy(() -> service().importHistory(new ImportCommand(history, null, null, false, null, null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("smsmagic.defaultOwner");
    assertThat(history.reads()).isZero();
  }

  // accounting

  @Test
  void aRejectedRowIsCountedAsFailedWithItsLine() {
    history.add(SmsMagicRecords.outgoing().build());
    history.reject("line 3", "export.csv line 3 field CREATEDDATE: 'yesterday' is not a date-time; fix or remove the row");
    history.add(SmsMagicRecords.incoming().build());

    RunReport report = run();

    assertThat(report.totals().fetched()).isEqualTo(3);
    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.messageId()).isEqualTo("line 3");
      assertThat(f.reason()).contains("export.csv line 3 field CREATEDDATE");
    });
  }

  @Test
  void everyPageIsReadAndCounted() {
    for (int i = 0; i < 7; i++) {
      history.add(SmsMagicRecords.outgoing().body("text " + i).at(T.plusSeconds(i)).build());
    }
    history.pageSize(3);

    RunReport report = run();

    assertThat(history.reads()).isEqualTo(3);
    assertThat(report.totals().fetched()).isEqualTo(7);
    assertThat(report.totals().created()).isEqualTo(7);
  }

  @Test
  void aFailedReadStopsTheRunWithWhatWasReadAccounted() {
    history.add(SmsMagicRecords.outgoing().build(), SmsMagicRecords.outgoing().body("second").build()).pageSize(1)
        .failRead(2, new ExternalSystemException("Salesforce",
            ExternalSystemException.Kind.CONNECTION, "503 Service Unavailable"));

    RunReport report = run();

    assertThat(report.aborted()).hasValueSatisfying(a -> assertThat(a).contains("memory").contains("503"));
    assertThat(report.totals().fetched()).isEqualTo(1);
    assertThat(report.clean()).isFalse();
  }

  // de-duplication against rc_msg_ Notes

  @Test
  void aRecordWithAnRcNoteOfTheSameTextInsideTheWindowIsDeduplicatedAndNotWritten() {
    rcNote("9001", Direction.OUTBOUND, "See you at 3", T.plusSeconds(90), matter, "5028138901");
    SmsMagicRecord dup = SmsMagicRecords.outgoing().body("See  you at 3\r\n").at(T).build();
    history.add(dup);

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isEqualTo(1);
    assertThat(report.totals().created()).isZero();
    assertThat(notes.byExternalId("smsmagic_" + dup.id().value())).isEmpty();
    assertThat(report.deduplicated()).singleElement().satisfies(d -> {
      assertThat(d.historyKey()).isEqualTo("smsmagic_" + dup.id().value());
      assertThat(d.keptKey()).isEqualTo("rc_msg_9001");
      assertThat(d.reason()).contains("90 s apart");
    });
  }

  @Test
  void aRecordOutsideTheWindowIsWritten() {
    rcNote("9001", Direction.OUTBOUND, "See you at 3", T.plus(Duration.ofMinutes(6)), matter, "5028138901");
    history.add(SmsMagicRecords.outgoing().body("See you at 3").at(T).build());

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isZero();
    assertThat(report.totals().created()).isEqualTo(1);
  }

  @Test
  void twoIdenticalTextsAgainstOneRcNoteLeaveTheFartherOneToBeWritten() {
    rcNote("9001", Direction.OUTBOUND, "ok", T.plusSeconds(30), matter, "5028138901");
    SmsMagicRecord far = SmsMagicRecords.outgoing().body("ok").at(T.minusSeconds(60)).build();
    SmsMagicRecord close = SmsMagicRecords.outgoing().body("ok").at(T).build();
    history.add(far, close);

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isEqualTo(1);
    assertThat(report.deduplicated()).singleElement()
        .extracting(DeduplicatedText::historyKey).isEqualTo("smsmagic_" + close.id().value());
    assertThat(notes.byExternalId("smsmagic_" + far.id().value())).isPresent();
  }

  @Test
  void theSameTextInTheOtherDirectionIsNotADuplicate() {
    rcNote("9001", Direction.INBOUND, "ok", T, matter, "5028138901");
    history.add(SmsMagicRecords.outgoing().body("ok").at(T).build());

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isZero();
    assertThat(report.totals().created()).isEqualTo(1);
  }

  @Test
  void theSameTextOnAnotherMatterIsNotADuplicate() {
    rcNote("9001", Direction.OUTBOUND, "ok", T, otherMatter, "8595550199");
    history.add(SmsMagicRecords.outgoing().body("ok").at(T).build());

    assertThat(run().totals().deduplicated()).isZero();
  }

  @Test
  void withACounterpartyFieldTheNumberDecidesNotTheMatter() {
    org(LitifySchema.defaults().withMessageTimeField(TIME_FIELD).withCounterpartyField("RcSync_Counterparty__c"));
    // staff moved the rc Note to another Matter: the number still says it is the same conversation
    rcNote("9001", Direction.OUTBOUND, "ok", T, otherMatter, "5028138901");
    history.add(SmsMagicRecords.outgoing().counterparty("502-813-8901").body("ok").at(T).build());

    assertThat(run().totals().deduplicated()).isEqualTo(1);
  }

  @Test
  void aRichTextBodyIsComparedAsTheTextItHolds() {
    notes.bodyFormat(NoteBodyFormat.RICH_TEXT);
    rcNote("9001", Direction.INBOUND, NoteBodyFormat.RICH_TEXT.render("Tom & Jerry <3\nbye"), T, matter,
        "5028138901");
    history.add(SmsMagicRecords.historyInbound().body("Tom & Jerry <3\r\nbye").at(T).build());

    assertThat(run().totals().deduplicated()).isEqualTo(1);
  }

  @Test
  void aReRunReportsARecordImportedBeforeItsRcNoteExistedAndLeavesItsNote() {
    SmsMagicRecord r = SmsMagicRecords.outgoing().body("ok").at(T).build();
    history.add(r);
    run();
    rcNote("9001", Direction.OUTBOUND, "ok", T.plusSeconds(10), matter, "5028138901");

    RunReport again = run();

    assertThat(again.totals().deduplicated()).isEqualTo(1);
    assertThat(again.deduplicated().get(0).reason()).contains("already imported");
    assertThat(again.warnings()).anyMatch(w -> w.contains("1 SMS-Magic record(s) imported earlier"));
    assertThat(notes.byExternalId("smsmagic_" + r.id().value())).isPresent();
  }

  @Test
  void batchesOutsideThePeriodOfTheRcNotesCostNoLookup() {
    rcNote("9001", Direction.OUTBOUND, "ok", T.plus(Duration.ofDays(400)), matter, "5028138901");
    history.add(SmsMagicRecords.outgoing().body("ok").at(T).build());
    NoteStore spanned = new NoteStore() {
      @Override
      public List<NoteRecord> find(Query query) {
        return notes.find(query);
      }

      @Override
      public List<io.rcsync.core.domain.DeleteOutcome> delete(List<SalesforceId> ids) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<io.rcsync.core.domain.WriteOutcome> restore(List<NoteRecord> records) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Span rcNoteSpan() {
        return Span.of(T.plus(Duration.ofDays(400)), T.plus(Duration.ofDays(400)));
      }
    };
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
    int findsBefore = notes.findCalls();

    RunReport report = new ImportHistoryService(settings, smsMagic, cases, notes, spanned, Optional.of(staff),
        Optional.empty(), clock, calls).importHistory(new ImportCommand(history, null, null, false, null, null));
    reports.add(report);

    assertThat(notes.findCalls()).isEqualTo(findsBefore);
    assertThat(report.totals().created()).isEqualTo(1);
  }

  @Test
  void importOnAStoreWhoseRcNotesAllLieAfterTheHistoryMakesNoDedupFinds() {
    rcNote("9001", Direction.OUTBOUND, "ok", T.plus(Duration.ofDays(400)), matter, "5028138901");
    rcNote("9002", Direction.INBOUND, "ok", T.plus(Duration.ofDays(401)), matter, "5028138901");
    for (int i = 0; i < 5; i++) {
      history.add(SmsMagicRecords.outgoing().body("ok").at(T.plusSeconds(i)).build());
    }
    int findsBefore = notes.findCalls();

    RunReport report = run();

    assertThat(notes.findCalls()).as("the store's own span put every batch outside the rc_msg_ period")
        .isEqualTo(findsBefore);
    assertThat(notes.callLog()).containsOnlyOnce("span");
    assertThat(report.totals().created()).isEqualTo(5);
    assertThat(report.totals().deduplicated()).isZero();
  }

  @Test
  void aBatchInsideThePeriodCostsOneFind() {
    rcNote("9001", Direction.OUTBOUND, "other", T, matter, "5028138901");
    for (int i = 0; i < 5; i++) {
      history.add(SmsMagicRecords.outgoing().body("text " + i).at(T.plusSeconds(i)).build());
    }
    int findsBefore = notes.findCalls();

    run();

    assertThat(notes.findCalls() - findsBefore).isEqualTo(1);
  }

  /** The store the import reads, recording each {@link NoteStore#find}'s query and answer. */
  private final class RecordingStore implements NoteStore {
    final List<Query> queries = new ArrayList<>();
    final List<String> returned = new ArrayList<>();

    @Override
    public List<NoteRecord> find(Query query) {
      queries.add(query);
      List<NoteRecord> found = notes.find(query);
      found.forEach(n -> returned.add(n.externalId()));
      return found;
    }

    @Override
    public Span rcNoteSpan() {
      return notes.rcNoteSpan();
    }

    @Override
    public List<io.rcsync.core.domain.DeleteOutcome> delete(List<SalesforceId> ids) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<io.rcsync.core.domain.WriteOutcome> restore(List<NoteRecord> records) {
      throw new UnsupportedOperationException();
    }
  }

  private RunReport runReading(NoteStore store) {
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
    RunReport report = new ImportHistoryService(settings, smsMagic, cases, notes, store, Optional.of(staff),
        Optional.of(INTEGRATION), clock, calls).importHistory(new ImportCommand(history, Optional.empty(),
        Optional.empty(), false, null, Optional.empty()));
    reports.add(report);
    return report;
  }

  @Test
  void theLookForDuplicatesReadsOnlyTheNotesOfTheBatchsMattersAndIntakesNotEveryRcNoteOfThePeriod() {
    rcNote("9001", Direction.OUTBOUND, "See you at 3", T.plusSeconds(90), matter, "5028138901");
    // the firm's other conversations in the same minutes: the import has no record on them
    for (int i = 0; i < 20; i++) {
      rcNote(String.valueOf(9100 + i), Direction.OUTBOUND, "See you at 3", T.plusSeconds(i), otherMatter, "8595550199");
    }
    SmsMagicRecord dup = SmsMagicRecords.outgoing().body("See you at 3").at(T).build();
    history.add(dup, SmsMagicRecords.incoming().body("thanks").at(T.plusSeconds(5)).build());
    RecordingStore store = new RecordingStore();

    RunReport report = runReading(store);

    assertThat(report.totals().deduplicated()).isEqualTo(1);
    assertThat(report.deduplicated()).singleElement().extracting(DeduplicatedText::keptKey).isEqualTo("rc_msg_9001");
    assertThat(store.queries).singleElement().satisfies(q -> {
      assertThat(q.parties()).hasValueSatisfying(p -> {
        assertThat(p.matters()).containsExactly(matter.id());
        assertThat(p.intakes()).isEmpty();
      });
      Duration window = smsMagic.dedupWindow();
      assertThat(q.since()).contains(T.minus(window));
      assertThat(q.until()).contains(T.plusSeconds(5).plus(window).plusSeconds(1));
    });
    assertThat(store.returned).as("the other Matter's 20 Notes are not read").containsExactly("rc_msg_9001");
  }

  @Test
  void aBatchOutOfCreationOrderReadsOnlyFromTheRecordsTheRcNotesCanReachNotFromItsFirstRecord() {
    Duration window = smsMagic.dedupWindow();
    Instant later = T.plus(Duration.ofDays(10));
    rcNote("9001", Direction.OUTBOUND, "early", T.plusSeconds(60), matter, "5028138901");
    rcNote("9002", Direction.OUTBOUND, "late", later.plusSeconds(60), matter, "5028138901");
    // one batch, as an export sorted by another column lists it: a record from long before the RingCentral period
    // first, the rest inside it
    history.add(SmsMagicRecords.outgoing().body("late").at(later).build(),
        SmsMagicRecords.outgoing().body("long before").at(T.minus(Duration.ofDays(400))).build(),
        SmsMagicRecords.outgoing().body("early").at(T).build(),
        SmsMagicRecords.outgoing().body("a year before").at(T.minus(Duration.ofDays(365))).build());
    RecordingStore store = new RecordingStore();

    RunReport report = runReading(store);

    assertThat(report.deduplicated()).extracting(DeduplicatedText::keptKey)
        .containsExactlyInAnyOrder("rc_msg_9001", "rc_msg_9002");
    assertThat(report.totals().created()).isEqualTo(2);
    assertThat(store.queries).singleElement().satisfies(q -> {
      assertThat(q.since()).as("the records before the rc_msg_ Notes' span widen nothing").contains(T.minus(window));
      assertThat(q.until()).contains(later.plus(window).plusSeconds(1));
      assertThat(q.parties()).hasValueSatisfying(p -> assertThat(p.matters()).containsExactly(matter.id()));
    });
  }

  @Test
  void withoutAMessageTimeFieldANoteCreatedWithinTheWindowOfTheTextIsItsDuplicateAndTheWeakerRuleIsSaid() {
    org(LitifySchema.defaults());
    clock.set(T.plusSeconds(120)); // an incremental sync wrote the Note two minutes after the text
    rcNote("9001", Direction.OUTBOUND, "ok", T, matter, "5028138901");
    clock.set(NOW);
    SmsMagicRecord r = SmsMagicRecords.outgoing().body("ok").at(T).build();
    history.add(r);

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isEqualTo(1);
    assertThat(report.deduplicated()).singleElement().satisfies(d -> assertThat(d.reason())
        .contains("same text as rc_msg_9001").contains("CreatedDate"));
    assertThat(report.warnings()).anyMatch(w -> w.contains("salesforce.note.messageTimeField is not set"));
  }

  @Test
  void withoutAMessageTimeFieldANoteCreatedLaterIsOnlyAPossibleDuplicateAndTheRecordIsWritten() {
    org(LitifySchema.defaults());
    clock.set(T.plus(Duration.ofDays(30))); // a backfill, a month after the text
    rcNote("9001", Direction.OUTBOUND, "ok", T, matter, "5028138901");
    clock.set(NOW);
    SmsMagicRecord r = SmsMagicRecords.outgoing().body("ok").at(T).build();
    history.add(r);

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isZero();
    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(notes.byExternalId("smsmagic_" + r.id().value())).isPresent();
    assertThat(report.warnings()).anyMatch(w -> w.contains("1 SMS-Magic record(s) were written although")
        && w.contains("smsmagic_" + r.id().value() + " ~ rc_msg_9001 (Note created 30 day(s) after the text)"));
  }

  @Test
  void withoutAMessageTimeFieldAnOldTextIsNeverTakenForARecentRcNoteOfTheSameWords() {
    org(LitifySchema.defaults());
    Instant in2026 = Instant.parse("2026-03-01T10:00:00Z");
    clock.set(in2026);
    rcNote("9001", Direction.OUTBOUND, "ok", in2026, matter, "5028138901");
    clock.set(NOW);
    SmsMagicRecord old = SmsMagicRecords.outgoing().body("ok").at(Instant.parse("2021-06-01T10:00:00Z")).build();
    history.add(old);

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isZero();
    assertThat(notes.byExternalId("smsmagic_" + old.id().value())).isPresent();
  }

  // de-duplication inside the history

  @Test
  void anSmsHistoryInCopyOfAnIncomingSmsRecordIsDeduplicatedAndTheIncomingOneImported() {
    SmsMagicRecord copy = SmsMagicRecords.historyInbound().body("Call me").at(T.plusSeconds(2)).build();
    SmsMagicRecord original = SmsMagicRecords.incoming().body("Call me").at(T).build();
    SmsMagicRecord notACopy = SmsMagicRecords.historyInbound().body("Call me").at(T.plus(Duration.ofHours(1))).build();
    history.add(copy, notACopy, original);

    RunReport report = run();

    assertThat(report.totals().fetched()).isEqualTo(3);
    assertThat(report.totals().deduplicated()).isEqualTo(1);
    assertThat(report.deduplicated()).singleElement().satisfies(d -> {
      assertThat(d.historyKey()).isEqualTo("smsmagic_" + copy.id().value());
      assertThat(d.keptKey()).isEqualTo("smsmagic_" + original.id().value());
      assertThat(d.reason()).isEqualTo("copy in SMS History");
    });
    assertThat(notes.byExternalId("smsmagic_" + original.id().value())).isPresent();
    assertThat(notes.byExternalId("smsmagic_" + notACopy.id().value())).isPresent();
    assertThat(notes.byExternalId("smsmagic_" + copy.id().value())).isEmpty();
  }

  @Test
  void aSourceReadingIncomingSmsFirstHasItsCopiesToldAsTheyArrive() {
    SmsMagicRecord copy = SmsMagicRecords.historyInbound().body("Call me").at(T.plusSeconds(2)).build();
    SmsMagicRecord original = SmsMagicRecords.incoming().body("Call me").at(T).build();
    history.add(copy, original).readingIncomingFirst();

    RunReport report = run();

    assertThat(report.totals().deduplicated()).isEqualTo(1);
    assertThat(report.deduplicated()).singleElement().satisfies(d -> {
      assertThat(d.historyKey()).isEqualTo("smsmagic_" + copy.id().value());
      assertThat(d.reason()).isEqualTo("copy in SMS History");
    });
    assertThat(notes.byExternalId("smsmagic_" + original.id().value())).isPresent();
  }

  @Test
  void aCopyThatNamesAMatterItsIncomingTwinLacksIsWrittenOnThatMatter() {
    String number = "(270) 555-0111"; // no Matter or Intake holds it
    for (boolean incomingFirst : new boolean[] {false, true}) {
      org(schema);
      SmsMagicRecord copy = SmsMagicRecords.historyInbound().counterparty(number).body("Call me").matter(matter.id())
          .at(T.plusSeconds(2)).build();
      SmsMagicRecord original = SmsMagicRecords.incoming().counterparty(number).body("Call me").at(T).build();
      InMemoryHistory h = new InMemoryHistory(calls).add(copy, original);
      if (incomingFirst) {
        h.readingIncomingFirst();
      }

      RunReport report = service().importHistory(new ImportCommand(h, Optional.empty(), Optional.empty(), false, null,
          Optional.empty()));
      reports.add(report);

      assertThat(report.totals().deduplicated()).as("incomingFirst=%s", incomingFirst).isZero();
      assertThat(notes.byExternalId("smsmagic_" + copy.id().value())).as("incomingFirst=%s", incomingFirst)
          .hasValueSatisfying(n -> assertThat(field(n, schema.noteMatterField())).isEqualTo(matter.id().value()));
    }
  }

  @Test
  void aCopyImportedBeforeItsOriginalWasReadIsReportedWithItsNoteLeftInPlace() {
    SmsMagicRecord copy = SmsMagicRecords.historyInbound().body("Call me").at(T.plusSeconds(2)).build();
    SmsMagicRecord original = SmsMagicRecords.incoming().body("Call me").at(T).build();
    history.add(copy); // the SMS History export imported on its own first
    assertThat(run().totals().created()).isEqualTo(1);
    history.add(original);

    RunReport full = run();

    assertThat(full.totals().deduplicated()).isEqualTo(1);
    assertThat(full.deduplicated()).singleElement().satisfies(d -> assertThat(d.reason()).startsWith(
        "copy in SMS History; already imported as smsmagic_" + copy.id().value() + " before its original was read:"
            + " that Note is left in place (roll it back with rollback --source smsmagic --message-id smsmagic_"
            + copy.id().value() + ")"));
    assertThat(full.warnings()).anyMatch(w -> w.startsWith("1 SMS History record(s) are migration copies"));
    assertThat(notes.byExternalId("smsmagic_" + copy.id().value())).isPresent();
  }

  @Test
  void aSyncsCountsCarryNoDeduplicated() {
    assertThat(new io.rcsync.core.report.Counts(3, 0, 3, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0).deduplicated())
        .isZero();
  }

  // verify --source smsmagic

  private io.rcsync.core.report.VerifyReport verify(io.rcsync.core.port.out.HistorySource h) {
    return service().verifyHistory(new io.rcsync.core.port.in.VerifyHistoryUseCase.VerifyHistoryCommand(h, null, null,
        Optional.of(() -> notes.all().stream().filter(n -> n.externalId().startsWith("smsmagic_")).toList())));
  }

  @Test
  void verifyListsTheRecordsThatShouldHaveANoteAndHaveNoneWithoutWriting() {
    SmsMagicRecord r = SmsMagicRecords.outgoing().build();
    history.add(r, SmsMagicRecords.incoming().counterparty("(212) 555-0100").build());

    io.rcsync.core.report.VerifyReport before = verify(history);

    assertThat(notes.size()).isZero();
    assertThat(before.fetched()).isEqualTo(2);
    assertThat(before.expected()).isEqualTo(1);
    assertThat(before.missing()).singleElement().satisfies(m -> {
      assertThat(m.messageId()).isEqualTo(r.id().value());
      assertThat(m.reason()).contains("should have a Note on matter " + matter.id());
    });
    assertThat(before.complete()).isFalse();
    run();
    io.rcsync.core.report.VerifyReport after = verify(history);
    assertThat(after.missing()).isEmpty();
    assertThat(after.orphaned()).isEmpty();
    assertThat(after.complete()).isTrue();
  }

  @Test
  void verifyDoesNotExpectADeduplicatedRecordAndListsSmsmagicNotesWithoutARecord() {
    rcNote("9001", Direction.OUTBOUND, "dup", T, matter, "5028138901");
    SmsMagicRecord gone = SmsMagicRecords.outgoing().body("later deleted from the org").build();
    SmsMagicRecord dup = SmsMagicRecords.outgoing().body("dup").at(T).build();
    history.add(gone, dup);
    run();
    InMemoryHistory now = new InMemoryHistory(calls).add(dup);

    io.rcsync.core.report.VerifyReport report = verify(now);

    assertThat(report.expected()).isZero();
    assertThat(report.missing()).isEmpty();
    assertThat(report.orphaned()).containsExactly("smsmagic_" + gone.id().value());
    assertThat(report.orphanCheck()).isEmpty();
  }

  @Test
  void verifyOverAWindowSkipsTheOrphanCheckAndSaysWhy() {
    history.add(SmsMagicRecords.outgoing().build());

    io.rcsync.core.report.VerifyReport report = service().verifyHistory(
        new io.rcsync.core.port.in.VerifyHistoryUseCase.VerifyHistoryCommand(history, Optional.of(T.minusSeconds(1)),
            null, Optional.of(List::of)));

    assertThat(report.orphanCheck()).hasValueSatisfying(w -> assertThat(w).contains("--since/--until"));
  }

  @Test
  void verifyAgainstAnExportSkipsTheOrphanCheckSayingWhyAndReportsItsSource() {
    SmsMagicRecord kept = SmsMagicRecords.outgoing().build();
    SmsMagicRecord inAnotherExport = SmsMagicRecords.outgoing().body("in the 2023 export").build();
    history.add(kept, inAnotherExport);
    run();
    InMemoryHistory oneFile = new InMemoryHistory(calls).add(kept);
    io.rcsync.core.port.out.HistorySource export = new io.rcsync.core.port.out.HistorySource() {
      @Override
      public Page read(Query query, Optional<String> cursor) {
        return oneFile.read(query, cursor);
      }

      @Override
      public boolean wholeHistory() {
        return false;
      }

      @Override
      public String description() {
        return "file: 2024.csv";
      }
    };

    io.rcsync.core.report.VerifyReport report = verify(export);

    assertThat(report.orphaned()).isEmpty();
    assertThat(report.orphanCheck()).hasValueSatisfying(w -> assertThat(w).contains("verify against the org"));
    assertThat(report.notesFound()).as("no Note of another export counted as found-but-unexpected").isEqualTo(1);
    assertThat(report.source()).isEqualTo(io.rcsync.core.domain.TextSource.SMS_MAGIC);
    assertThat(report.complete()).isTrue();
  }

  // rows and failures of the de-duplication

  @Test
  void deduplicatedRowsStreamToTheReportRowsAsTheyHappen() {
    rcNote("9001", Direction.OUTBOUND, "ok", T, matter, "5028138901");
    history.add(SmsMagicRecords.outgoing().body("ok").at(T).build(), SmsMagicRecords.outgoing().body("new").build());
    List<DeduplicatedText> streamed = new ArrayList<>();
    List<Integer> pages = new ArrayList<>();
    io.rcsync.core.port.out.ReportRows rows = new io.rcsync.core.port.out.ReportRows() {
      @Override
      public void failure(io.rcsync.core.report.MessageIssue row) {}

      @Override
      public void unmatched(io.rcsync.core.report.MessageIssue row) {}

      @Override
      public void file(io.rcsync.core.report.FileIssue row) {}

      @Override
      public void deduplicated(DeduplicatedText row) {
        streamed.add(row);
      }
    };
    io.rcsync.core.port.in.ProgressListener progress = new io.rcsync.core.port.in.ProgressListener() {
      @Override
      public void historyPageRead(int records, int rejected) {
        pages.add(records);
      }
    };

    RunReport report = service().importHistory(new ImportCommand(history, null, null, false, progress,
        Optional.of(rows)));
    reports.add(report);

    assertThat(streamed).singleElement().extracting(DeduplicatedText::keptKey).isEqualTo("rc_msg_9001");
    assertThat(report.rows().streamed()).isTrue();
    assertThat(report.rows().deduplicated()).isEqualTo(1);
    assertThat(pages).containsExactly(2);
  }

  @Test
  void aReportRowsMadeOnlyForASyncRefusesDeduplicatedRowsLoudly() {
    io.rcsync.core.port.out.ReportRows syncOnly = new io.rcsync.core.port.out.ReportRows() {
      @Override
      public void failure(io.rcsync.core.report.MessageIssue row) {}

      @Override
      public void unmatched(io.rcsync.core.report.MessageIssue row) {}

      @Override
      public void file(io.rcsync.core.report.FileIssue row) {}
    };

    assertThatThrownBy(() -> syncOnly.deduplicated(new DeduplicatedText("smsmagic_x", "rc_msg_1", "", "r")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("ReportRows.deduplicated");
  }

  @Test
  void anImportGivenASyncOnlyReportRowsRefusesBeforeReadingOrWriting() {
    rcNote("9001", Direction.OUTBOUND, "See you at 3", T.plusSeconds(90), matter, "5028138901");
    history.add(SmsMagicRecords.outgoing().body("Your hearing is Monday").at(T.minus(Duration.ofDays(1))).build(),
        SmsMagicRecords.outgoing().body("See you at 3").at(T).build());
    int notesBefore = notes.size();
    io.rcsync.core.port.out.ReportRows syncOnly = new io.rcsync.core.port.out.ReportRows() {
      @Override
      public void failure(io.rcsync.core.report.MessageIssue row) {}

      @Override
      public void unmatched(io.rcsync.core.report.MessageIssue row) {}

      @Override
      public void file(io.rcsync.core.report.FileIssue row) {}
    };

    assertThatThrownBy(() -> service().importHistory(new ImportCommand(history, Optional.empty(), Optional.empty(),
        false, null, Optional.of(syncOnly)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ReportRows.deduplicated").hasMessageContaining("nothing was read or written");
    assertThat(history.reads()).isZero();
    assertThat(notes.size()).isEqualTo(notesBefore);
  }

  @Test
  void whenTheLookForDuplicatesFailsTheBatchFailsAndNothingIsWritten() {
    history.add(SmsMagicRecords.outgoing().build(), SmsMagicRecords.incoming().build());
    NoteStore failing = new NoteStore() {
      @Override
      public List<NoteRecord> find(Query query) {
        throw new ExternalSystemException("Salesforce", ExternalSystemException.Kind.REJECTED, "MALFORMED_QUERY");
      }

      @Override
      public List<io.rcsync.core.domain.DeleteOutcome> delete(List<SalesforceId> ids) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<io.rcsync.core.domain.WriteOutcome> restore(List<NoteRecord> records) {
        throw new UnsupportedOperationException();
      }
    };
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);

    RunReport report = new ImportHistoryService(settings, smsMagic, cases, notes, failing, Optional.of(staff),
        Optional.empty(), clock, calls).importHistory(new ImportCommand(history, null, null, false, null, null));
    reports.add(report);

    assertThat(notes.size()).isZero();
    assertThat(report.totals().failed()).isEqualTo(2);
    assertThat(report.failures()).allSatisfy(f -> assertThat(f.reason())
        .contains("the look for an rc_msg_ Note of the same text failed: MALFORMED_QUERY"));
  }

  @Test
  void whenTheLookForEarlierImportsOfTheDuplicatesFailsTheBatchFailsAndTheRunStillReports() {
    rcNote("9001", Direction.OUTBOUND, "See you at 3", T.plusSeconds(90), matter, "5028138901");
    SmsMagicRecord dup = SmsMagicRecords.outgoing().body("See you at 3").at(T).build();
    history.add(dup);
    // the span and the find succeed, the findExisting fails
    notes.failAfterCalls(2, ExternalSystemException.Kind.REJECTED);

    RunReport report = run();

    assertThat(report.totals().fetched()).isEqualTo(1);
    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.totals().deduplicated()).isZero();
    assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.reason())
        .contains("same text as rc_msg_9001").contains("could not tell whether it was imported before"));
  }
}
