package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.Transcript;
import io.rcsync.core.report.Transcript.Entry;
import io.rcsync.core.report.Transcript.FileLink;
import io.rcsync.core.report.Transcript.Side;
import io.rcsync.core.service.TranscriptService;
import io.rcsync.testkit.fake.InMemoryFiles;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.InMemoryRecordDirectory;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The transcript use case (issue 14) on the in-memory ports: which Notes it reads, in what order and on which side,
 * whose names and which files it shows, and what it costs.
 */
class TranscriptServiceTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final ExtensionId EXT = ExtensionId.of("376557052");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);
  /** A paralegal in no wave: named by Salesforce only. */
  private static final SalesforceId PARALEGAL = SalesforceIds.idFor(SalesforceIds.USER, 3);
  /** A user Salesforce has no name for. */
  private static final SalesforceId GHOST = SalesforceIds.idFor(SalesforceIds.USER, 4);
  private static final PhoneNumber CLIENT = PhoneNumber.of("5028138900");

  private final LitifySchema schema = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final CaseRecord matter = Cases.matter().phone("Matter_Phone__c", "(502) 813-8900").build();
  private final CaseRecord other = Cases.matter().phone("Matter_Phone__c", "(502) 555-0101").build();
  private final CaseRecord twoNumbers = Cases.intake().phone("Client_Phone__c", "502.555.0199")
      .phone("litify_pm__Phone__c", "+1 (859) 555-0123").build();
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls)
      .knowUsers(List.of(ALYSSIA, KYLE, PARALEGAL, GHOST)).knowCases(List.of(matter, other, twoNumbers));
  private final InMemoryFiles files = new InMemoryFiles(calls, 1_000_000);
  private final InMemoryRecordDirectory records = new InMemoryRecordDirectory(calls)
      .add(matter, "MAT-26-000123").add(other, "MAT-26-000124").add(twoNumbers, "INT-26-000077")
      .addUser(ALYSSIA, "Alyssia (Salesforce)").addUser(PARALEGAL, "Pat Paralegal");
  private final Roster roster = Rosters.singleWave(Rosters.member("Alyssia").extension(EXT).user(ALYSSIA).build(),
      Rosters.member("Kyle Haney").extension(ExtensionId.of("376557074")).user(KYLE).build());
  private final TopicMap topics = TopicMap.defaults();

  private TranscriptService service() {
    return new TranscriptService(roster, topics, schema, ZoneId.of("America/Chicago"), notes, Optional.of(files),
        records, clock, calls);
  }

  private NoteDraft note(String id, SalesforceId owner, String topic, String body, CaseRecord on, String at) {
    Direction d = topic.equals(topics.inbound()) ? Direction.INBOUND : Direction.OUTBOUND;
    return new NoteDraft(MessageId.of(id), EXT, owner, topic, body, on.kind(), on.id(), Instant.parse(at), d, CLIENT);
  }

  private void write(NoteDraft... drafts) {
    assertThat(notes.upsert(List.of(drafts))).allMatch(WriteOutcome::succeeded);
  }

  private SalesforceId noteId(String messageId) {
    return notes.find(new NoteStore.Query(java.util.Set.of(), Optional.empty(), Optional.empty(),
        Optional.of(MessageId.of(messageId)))).get(0).id();
  }

  private void upload(String messageId, String attachmentId, String fileName, int bytes) {
    FileStore.UploadOutcome o = files.upload(new FileStore.Upload("rc_att_" + messageId + "_" + attachmentId, fileName,
        fileName, "image/jpeg", List.of(noteId(messageId)), new AttachmentSource.Content(
            new ByteArrayInputStream(new byte[bytes]), "image/jpeg", OptionalLong.of(bytes))));
    assertThat(o.error()).isEmpty();
  }

  @Test
  void readsOnlyTheRecordsNotesInMessageOrderEachOnItsSideByTopic() {
    write(note("3", ALYSSIA, topics.outbound(), "third, sent", matter, "2026-04-03T10:00:00Z"),
        note("1", ALYSSIA, topics.inbound(), "first, received", matter, "2026-04-01T10:00:00Z"),
        note("4", KYLE, topics.failed(), "fourth, not delivered", matter, "2026-04-04T10:00:00Z"),
        note("2", KYLE, "Call back", "second, staff changed the topic", matter, "2026-04-02T10:00:00Z"),
        note("9", ALYSSIA, topics.inbound(), "on another Matter", other, "2026-04-02T11:00:00Z"));

    Transcript t = service().transcript(matter.id()).orElseThrow();

    assertThat(t.kind()).isEqualTo(CaseKind.MATTER);
    assertThat(t.recordName()).isEqualTo("MAT-26-000123");
    assertThat(t.conversations()).hasSize(1);
    List<Entry> entries = t.conversations().get(0).entries();
    assertThat(entries).extracting(Entry::messageId).containsExactly("1", "2", "3", "4");
    assertThat(entries).extracting(Entry::side).containsExactly(Side.INBOUND, Side.OTHER, Side.OUTBOUND, Side.FAILED);
    assertThat(entries.get(1).topic()).isEqualTo("Call back");
    Transcript.Counts c = t.counts();
    assertThat(c.notes()).isEqualTo(4).isEqualTo(c.inbound() + c.outbound() + c.failed() + c.otherTopic());
    assertThat(List.of(c.inbound(), c.outbound(), c.failed(), c.otherTopic())).containsExactly(1, 1, 1, 1);
    assertThat(t.first()).contains(Instant.parse("2026-04-01T10:00:00Z"));
    assertThat(t.last()).contains(Instant.parse("2026-04-04T10:00:00Z"));
    assertThat(t.zone()).isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(t.caveats()).isEmpty();
  }

  /**
   * Issue 15: the imported SMS-Magic history is part of the conversation: its Notes sit among the RingCentral ones
   * in message order, on their sides by topic, each labelled by its key; look-alikes and other records stay out.
   */
  @Test
  void showsImportedSmsMagicNotesInTheSameConversationEachLabelledByItsSource() {
    MessageId older = MessageId.smsMagic(SalesforceIds.idFor("a1S", 1));
    MessageId overlap = MessageId.smsMagic(SalesforceIds.idFor("a1S", 2));
    MessageId elsewhere = MessageId.smsMagic(SalesforceIds.idFor("a1S", 3));
    write(note("7", ALYSSIA, topics.inbound(), "via RingCentral", matter, "2026-04-02T10:00:00Z"),
        history(older, KYLE, topics.outbound(), "sent through SMS-Magic", matter, "2024-05-01T09:00:00Z"),
        history(overlap, ALYSSIA, topics.inbound(), "received through SMS-Magic", matter, "2026-04-01T10:00:00Z"),
        history(elsewhere, ALYSSIA, topics.inbound(), "on another Matter", other, "2024-05-01T09:00:00Z"));
    notes.insertForeign("SMSMAGIC_1", ALYSSIA, "a look-alike on no record");

    Transcript t = service().transcript(matter.id()).orElseThrow();

    assertThat(t.conversations()).hasSize(1);
    List<Entry> entries = t.conversations().get(0).entries();
    assertThat(entries).extracting(Entry::messageId).containsExactly(older.externalId(), overlap.externalId(), "7");
    assertThat(entries).extracting(Entry::side).containsExactly(Side.OUTBOUND, Side.INBOUND, Side.INBOUND);
    assertThat(entries).extracting(Entry::text)
        .containsExactly("sent through SMS-Magic", "received through SMS-Magic", "via RingCentral");
    assertThat(entries.get(0).staff()).isEqualTo("Kyle Haney");
    assertThat(t.counts().notes()).isEqualTo(3);
    assertThat(t.first()).contains(Instant.parse("2024-05-01T09:00:00Z"));
  }

  private NoteDraft history(MessageId record, SalesforceId owner, String topic, String body, CaseRecord on, String at) {
    Direction d = topic.equals(topics.inbound()) ? Direction.INBOUND : Direction.OUTBOUND;
    return new NoteDraft(record, EXT, owner, topic, body, on.kind(), on.id(), Instant.parse(at), d, CLIENT);
  }

  @Test
  void theRecordsOneNumberIsTheCounterpartyAndSeveralNumbersAreSaidInACaveat() {
    write(note("1", ALYSSIA, topics.inbound(), "hi", matter, "2026-04-01T10:00:00Z"),
        note("2", ALYSSIA, topics.inbound(), "hello", twoNumbers, "2026-04-01T10:00:00Z"));

    Transcript one = service().transcript(matter.id()).orElseThrow();
    Transcript two = service().transcript(twoNumbers.id()).orElseThrow();

    assertThat(one.conversations().get(0).counterparty()).contains(CLIENT);
    assertThat(one.conversations().get(0).label()).isEqualTo("(502) 813-8900");
    assertThat(two.kind()).isEqualTo(CaseKind.INTAKE);
    assertThat(two.conversations().get(0).counterparty()).isEmpty();
    assertThat(two.conversations().get(0).label()).isEqualTo("(502) 555-0199 or (859) 555-0123");
    assertThat(two.caveats()).singleElement().asString().contains("do not record the other party's number",
        "holds 2 numbers");
  }

  @Test
  void staffAreNamedByTheRosterThenBySalesforceInOneLookupElseByTheirId() {
    write(note("1", ALYSSIA, topics.outbound(), "a", matter, "2026-04-01T10:00:00Z"),
        note("2", PARALEGAL, topics.outbound(), "b", matter, "2026-04-01T10:01:00Z"),
        note("3", GHOST, topics.outbound(), "c", matter, "2026-04-01T10:02:00Z"),
        note("4", PARALEGAL, topics.outbound(), "d", matter, "2026-04-01T10:03:00Z"));
    long before = calls.count(ApiCalls.SALESFORCE);

    Transcript t = service().transcript(matter.id()).orElseThrow();

    assertThat(t.conversations().get(0).entries()).extracting(Entry::staff)
        .containsExactly("Alyssia", "Pat Paralegal", "unknown user " + GHOST.value(), "Pat Paralegal");
    // record (1), Notes (1), files (2: versions, links), user names (1): the roster's members are not looked up
    assertThat(calls.count(ApiCalls.SALESFORCE) - before).isEqualTo(5);
    assertThat(t.counts().salesforceCalls()).isEqualTo(5);
  }

  @Test
  void mmsLinesBecomeFileLinksPairedByNameAndAMissingFileIsListedAndCounted() {
    write(note("1", ALYSSIA, topics.inbound(), "Here are the photos\nof the car\n"
            + "Attachment: back.jpg (image/jpeg, 2.0 KB)\nAttachment: front.jpg (image/jpeg, 1.0 KB)\n"
            + "Attachment: lost.pdf (application/pdf, size unknown)", matter, "2026-04-01T10:00:00Z"));
    upload("1", "a1", "front.jpg", 1024);
    upload("1", "a2", "back.jpg", 2048);

    Transcript t = service().transcript(matter.id()).orElseThrow();

    Entry e = t.conversations().get(0).entries().get(0);
    assertThat(e.text()).isEqualTo("Here are the photos\nof the car");
    assertThat(e.files()).extracting(FileLink::name).containsExactly("back.jpg", "front.jpg", "lost.pdf");
    assertThat(e.files().get(0).sizeBytes()).hasValue(2048);
    assertThat(e.files().get(0).contentType()).isEqualTo("image/jpeg");
    assertThat(e.files().get(0).url()).hasValueSatisfying(u -> assertThat(u)
        .startsWith(InMemoryRecordDirectory.INSTANCE + "/lightning/r/ContentDocument/").endsWith("/view"));
    assertThat(e.files().get(2).stored()).isFalse();
    assertThat(e.files().get(2).url()).isEmpty();
    assertThat(t.counts().files()).isEqualTo(2);
    assertThat(t.counts().filesMissing()).isEqualTo(1);
  }

  @Test
  void anSmsMagicMediaLinkLineStaysTextNeverAFile() {
    String body = io.rcsync.core.service.sync.MmsNoteBody.withLinks("Photo of the car",
        List.of("https://mms.sms-magic.example/media/car (front, 2).jpg"));
    write(note("1", ALYSSIA, topics.inbound(), body, matter, "2026-04-01T10:00:00Z"));

    Transcript t = service().transcript(matter.id()).orElseThrow();

    Entry e = t.conversations().get(0).entries().get(0);
    assertThat(e.text()).isEqualTo(body);
    assertThat(e.files()).isEmpty();
    assertThat(t.counts().filesMissing()).isZero();
  }

  @Test
  void aRichTextBodyIsReadThroughTheGivenConverterBeforeItsAttachmentLinesAreTaken() {
    write(note("1", ALYSSIA, topics.inbound(), "<p>photo</p>", matter, "2026-04-01T10:00:00Z"));
    upload("1", "a1", "front.jpg", 1024);
    java.util.function.UnaryOperator<String> toText =
        html -> html.equals("<p>photo</p>") ? "photo\nAttachment: front.jpg (image/jpeg, 1.0 KB)" : html;

    Transcript t = new TranscriptService(roster, topics, schema, ZoneId.of("UTC"), notes, Optional.of(files), records,
        clock, calls, toText).transcript(matter.id()).orElseThrow();

    Entry e = t.conversations().get(0).entries().get(0);
    assertThat(e.text()).isEqualTo("photo");
    assertThat(e.files()).extracting(FileLink::name).containsExactly("front.jpg");
  }

  @Test
  void withoutAMessageTimeFieldTimesAreCreatedDatesAndTheTranscriptSaysSo() {
    InMemoryNotes plain = new InMemoryNotes(LitifySchema.defaults(), clock, calls).knowUsers(List.of(ALYSSIA))
        .knowCases(List.of(matter));
    assertThat(plain.upsert(List.of(note("1", ALYSSIA, topics.inbound(), "hi", matter, "2026-01-01T10:00:00Z"))))
        .allMatch(WriteOutcome::succeeded);

    Transcript t = new TranscriptService(roster, topics, LitifySchema.defaults(), ZoneId.of("UTC"), plain,
        Optional.empty(), records, clock, calls).transcript(matter.id()).orElseThrow();

    assertThat(t.conversations().get(0).entries().get(0).time()).isEqualTo(NOW);
    assertThat(t.caveats()).anySatisfy(c -> assertThat(c).contains("salesforce.note.messageTimeField"));
  }

  @Test
  void aRecordWithoutNotesHasNoConversationsAndAnUnknownIdNoTranscript() {
    assertThat(service().transcript(other.id())).hasValueSatisfying(t -> {
      assertThat(t.conversations()).isEmpty();
      assertThat(t.counts().notes()).isZero();
    });
    assertThat(service().transcript(SalesforceIds.idFor(SalesforceIds.MATTER, 999_999))).isEmpty();
  }

  // ---- counterparty field (salesforce.note.counterpartyField) ----------------------------------------------------

  private static final PhoneNumber SPOUSE = PhoneNumber.of("8595550123");
  private final LitifySchema withCounterparty = schema.withCounterpartyField("RcSync_Counterparty__c");
  private final InMemoryNotes counted = new InMemoryNotes(withCounterparty, clock, calls)
      .knowUsers(List.of(ALYSSIA, KYLE)).knowCases(List.of(matter, other, twoNumbers));

  private TranscriptService countedService() {
    return new TranscriptService(roster, topics, withCounterparty, ZoneId.of("America/Chicago"), counted,
        Optional.empty(), records, clock, calls);
  }

  private NoteDraft with(String id, String topic, CaseRecord on, String at, PhoneNumber counterparty) {
    Direction d = topic.equals(topics.inbound()) ? Direction.INBOUND : Direction.OUTBOUND;
    return new NoteDraft(MessageId.of(id), EXT, ALYSSIA, topic, "text " + id, on.kind(), on.id(), Instant.parse(at), d,
        counterparty);
  }

  @Test
  void aRecordsTextsWithTwoCounterpartiesAreTwoConversationsEachInMessageOrder() {
    assertThat(counted.upsert(List.of(
        with("1", topics.inbound(), twoNumbers, "2026-04-01T10:00:00Z", CLIENT),
        with("2", topics.inbound(), twoNumbers, "2026-04-01T11:00:00Z", SPOUSE),
        with("4", topics.outbound(), twoNumbers, "2026-04-03T10:00:00Z", CLIENT),
        with("3", topics.outbound(), twoNumbers, "2026-04-02T10:00:00Z", SPOUSE),
        with("5", topics.inbound(), twoNumbers, "2026-04-04T10:00:00Z", CLIENT)))).allMatch(WriteOutcome::succeeded);

    Transcript t = countedService().transcript(twoNumbers.id()).orElseThrow();

    assertThat(t.conversations()).extracting(Transcript.Conversation::label)
        .containsExactly("(502) 813-8900", "(859) 555-0123");
    assertThat(t.conversations()).extracting(Transcript.Conversation::counterparty)
        .containsExactly(Optional.of(CLIENT), Optional.of(SPOUSE));
    assertThat(t.conversations().get(0).entries()).extracting(Entry::messageId).containsExactly("1", "4", "5");
    assertThat(t.conversations().get(1).entries()).extracting(Entry::messageId).containsExactly("2", "3");
    assertThat(t.counts().notes()).isEqualTo(5);
    assertThat(t.counts().withoutCounterparty()).isZero();
    assertThat(t.caveats()).isEmpty();
  }

  @Test
  void notesWrittenBeforeTheFieldFallBackToTheRecordsNumbersAndThePageSaysHowMany() {
    assertThat(counted.upsert(List.of(
        with("1", topics.inbound(), twoNumbers, "2026-04-01T10:00:00Z", SPOUSE),
        with("2", topics.inbound(), twoNumbers, "2026-04-02T10:00:00Z", CLIENT),
        with("3", topics.outbound(), twoNumbers, "2026-04-03T10:00:00Z", CLIENT)))).allMatch(WriteOutcome::succeeded);
    counted.setCounterparty("rc_msg_2", null).setCounterparty("rc_msg_3", "");

    Transcript t = countedService().transcript(twoNumbers.id()).orElseThrow();

    assertThat(t.conversations()).extracting(Transcript.Conversation::label)
        .containsExactly("(859) 555-0123", "(502) 555-0199 or (859) 555-0123");
    assertThat(t.conversations().get(1).counterparty()).isEmpty();
    assertThat(t.conversations().get(1).entries()).extracting(Entry::messageId).containsExactly("2", "3");
    assertThat(t.counts().withoutCounterparty()).isEqualTo(2);
    assertThat(t.caveats()).singleElement().asString().startsWith("2 of 3 Notes do not record the other party's number")
        .contains("salesforce.note.counterpartyField", "holds 2 numbers");
  }

  @Test
  void aNoteWithoutItsNumberOnARecordWithOneNumberJoinsThatNumbersConversation() {
    assertThat(counted.upsert(List.of(
        with("1", topics.inbound(), matter, "2026-04-01T10:00:00Z", CLIENT),
        with("2", topics.outbound(), matter, "2026-04-02T10:00:00Z", CLIENT),
        with("3", topics.inbound(), matter, "2026-04-03T10:00:00Z", SPOUSE)))).allMatch(WriteOutcome::succeeded);
    counted.setCounterparty("rc_msg_2", null);

    Transcript t = countedService().transcript(matter.id()).orElseThrow();

    assertThat(t.conversations()).extracting(Transcript.Conversation::label)
        .containsExactly("(502) 813-8900", "(859) 555-0123");
    assertThat(t.conversations().get(0).entries()).extracting(Entry::messageId).containsExactly("1", "2");
    assertThat(t.counts().withoutCounterparty()).isEqualTo(1);
    assertThat(t.caveats()).singleElement().asString().startsWith("1 of 3 Notes does not record")
        .contains("holds one number, so they are shown under it");
  }

  @Test
  void aNumberStoredFormattedByTheOrgGroupsWithTheSameDigits() {
    assertThat(counted.upsert(List.of(
        with("1", topics.inbound(), matter, "2026-04-01T10:00:00Z", CLIENT),
        with("2", topics.outbound(), matter, "2026-04-02T10:00:00Z", CLIENT)))).allMatch(WriteOutcome::succeeded);
    counted.setCounterparty("rc_msg_2", "(502) 813-8900");

    Transcript t = countedService().transcript(matter.id()).orElseThrow();

    assertThat(t.conversations()).singleElement().satisfies(c -> {
      assertThat(c.counterparty()).contains(CLIENT);
      assertThat(c.entries()).hasSize(2);
    });
    assertThat(t.counts().withoutCounterparty()).isZero();
  }
}
