package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.sync.NoteBatches;
import io.rcsync.core.service.sync.NoteWriter;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoteWriterTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final SalesforceId OWNER = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SyncTarget ALYSSIA = new SyncTarget(ExtensionId.of("376557052"), "Alyssia", Optional.of(OWNER));

  private final LitifySchema schema = LitifySchema.defaults();
  private final MutableClock clock = MutableClock.at(NOW);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, new ApiCalls()).knowUsers(List.of(OWNER));
  private final CaseRecord matter = Cases.matter().phone("(502) 813-8901").build();
  private final List<Integer> progress = new ArrayList<>();
  private final ProgressListener listener = new ProgressListener() {
    @Override
    public void notesWritten(int count) {
      progress.add(count);
    }
  };

  private RunLedger ledger(boolean dryRun) {
    RunLedger ledger = new RunLedger(dryRun, clock, new ApiCalls());
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA), List.of(), List.of(), Optional.empty()));
    return ledger;
  }

  private List<NoteBatches.Pending> batch(RunLedger ledger, int size) {
    notes.knowCases(List.of(matter));
    List<NoteBatches.Pending> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      SmsMessage m = Messages.inbound().extension(ALYSSIA.extension()).from("+15028138901").text("t" + i).build();
      ledger.fetched(ALYSSIA);
      NoteDraft d = new NoteDraft(m.id(), ALYSSIA.extension(), OWNER, TopicMap.defaults().topicFor(m.direction()), m.text(),
          matter.kind(), matter.id(), m.creationTime(), m.direction(), PhoneNumber.of("5028138901"));
      out.add(new NoteBatches.Pending(ALYSSIA, m, d, i == 0));
    }
    return out;
  }

  private static Counts totals(RunLedger ledger) {
    ledger.finish();
    return ledger.report("sync", "backfill", "wave1").totals();
  }

  private static Counts withUnchanged(Counts c, long unchanged) {
    return new Counts(c.fetched(), c.intakerFiltered(), c.matchedMatter(), c.matchedIntake(), c.unmatched(), c.failed(),
        c.created(), c.updated(), c.ambiguous(), 0, 0, unchanged, 0, 0);
  }

  private List<NoteBatches.Pending> again(RunLedger ledger, List<NoteBatches.Pending> pending,
      java.util.function.UnaryOperator<NoteDraft> change) {
    List<NoteBatches.Pending> out = new ArrayList<>();
    for (NoteBatches.Pending p : pending) {
      ledger.fetched(ALYSSIA);
      out.add(new NoteBatches.Pending(p.target(), p.message(), change.apply(p.draft()), p.ambiguous()));
    }
    return out;
  }

  @Test
  void aBatchIsOneLookupAndOneCreateThenARerunOfTheSameTextsWritesNothingAndCountsThemUnchanged() {
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 3);
    NoteWriter writer = new NoteWriter(notes, false, first, listener);

    writer.take(pending);
    clock.advance(java.time.Duration.ofHours(1));
    RunLedger second = ledger(false);
    new NoteWriter(notes, false, second, listener).take(again(second, pending, d -> d));

    assertThat(notes.callLog()).containsExactly("findExisting", "upsert", "findExisting");
    assertThat(notes.upsertBatchSizes()).containsExactly(3);
    assertThat(totals(first)).isEqualTo(new Counts(3, 0, 3, 0, 0, 0, 3, 0, 1));
    assertThat(totals(second)).isEqualTo(withUnchanged(new Counts(3, 0, 3, 0, 0, 0, 0, 0, 1), 3));
    assertThat(pending).allSatisfy(p -> assertThat(notes.lastModifiedDate(p.draft().externalId())).contains(NOW));
    assertThat(progress).containsExactly(3);
    assertThat(writer.batchSize()).isEqualTo(notes.maxLookupSize());
  }

  /**
   * Issue 15: imported SMS-Magic records go through the same writer; a batch mixing them with RingCentral texts is
   * one lookup (each Note by its own key, no group LIKE) and one create, and a re-run writes nothing.
   */
  @Test
  void aBatchMixingRingCentralAndSmsMagicNotesCreatesBothAndARerunChangesNothing() {
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = new ArrayList<>(batch(first, 2));
    for (int i = 0; i < 2; i++) {
      NoteBatches.Pending rc = pending.get(i);
      first.fetched(ALYSSIA);
      MessageId record = MessageId.smsMagic(SalesforceIds.idFor("a1S", 500 + i));
      NoteDraft d = new NoteDraft(record, ALYSSIA.extension(), OWNER, rc.draft().topic(), "from SMS-Magic " + i,
          matter.kind(), matter.id(), rc.draft().messageTime().minusSeconds(86_400), rc.draft().direction(),
          rc.draft().counterparty());
      pending.add(new NoteBatches.Pending(ALYSSIA, rc.message(), d, false));
    }
    new NoteWriter(notes, false, first, listener).take(pending);
    clock.advance(java.time.Duration.ofHours(1));
    RunLedger second = ledger(false);
    new NoteWriter(notes, false, second, listener).take(again(second, pending, d -> d));

    assertThat(notes.callLog()).containsExactly("findExisting", "upsert", "findExisting");
    assertThat(notes.upsertBatchSizes()).containsExactly(4);
    assertThat(notes.rcsyncNotes()).extracting(io.rcsync.core.domain.NoteRecord::externalId)
        .containsExactlyInAnyOrderElementsOf(pending.stream().map(p -> p.draft().externalId()).toList())
        .filteredOn(k -> k.startsWith("smsmagic_")).hasSize(2);
    Counts once = totals(first);
    Counts rerun = totals(second);
    assertThat(once.fetched()).isEqualTo(4);
    assertThat(once.created()).isEqualTo(4);
    assertThat(once.matchedMatter()).isEqualTo(4);
    assertThat(rerun.created()).isZero();
    assertThat(rerun.updated()).isZero();
    assertThat(rerun.unchanged()).isEqualTo(4);
    assertThat(pending).allSatisfy(p -> assertThat(notes.lastModifiedDate(p.draft().externalId())).contains(NOW));
  }

  @Test
  void aStaffCorrectionOfOwnerMatterAndBodySurvivesARerun() {
    SalesforceId paralegal = SalesforceIds.idFor(SalesforceIds.USER, 2);
    CaseRecord rightMatter = Cases.matter().phone("(502) 813-8999").build();
    notes.knowUser(paralegal).knowCases(List.of(matter, rightMatter));
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 1);
    new NoteWriter(notes, false, first, listener).take(pending);
    String ext = pending.get(0).draft().externalId();
    // the paralegal moves the Note to the right Matter and takes it over
    NoteDraft corrected = new NoteDraft(pending.get(0).draft().messageId(), ALYSSIA.extension(), paralegal,
        pending.get(0).draft().topic(), pending.get(0).draft().body(), rightMatter.kind(), rightMatter.id(),
        pending.get(0).draft().messageTime(), pending.get(0).draft().direction(), PhoneNumber.of("5028138901"));
    notes.update(List.of(new io.rcsync.core.domain.NoteUpdate(notes.byExternalId(ext).orElseThrow().id(), corrected,
        java.util.Set.of(io.rcsync.core.domain.NoteField.OWNER, io.rcsync.core.domain.NoteField.CASE_LINK))));

    Object original = notes.byExternalId(ext).orElseThrow().fields().get(schema.noteBodyField());

    RunLedger second = ledger(false);
    // the draft's body differs from the stored one (as after a paralegal's redaction): the body is staff's now
    new NoteWriter(notes, false, second, listener).take(again(second, pending, d -> d.withBody("edited elsewhere")));

    var stored = notes.byExternalId(ext).orElseThrow();
    assertThat(stored.fields().get(schema.noteBodyField())).isEqualTo(original);
    assertThat(stored.owner()).contains(paralegal);
    assertThat(stored.fields().get(schema.noteMatterField())).isEqualTo(rightMatter.id().value());
    assertThat(totals(second).updated()).isZero();
    assertThat(totals(second).unchanged()).isEqualTo(1);
    assertThat(notes.upsertCalls()).isEqualTo(1);
    assertThat(notes.updateCalls()).isEqualTo(1);
  }

  @Test
  void relinkRewritesOwnerAndMatterOfAnExistingNote() {
    SalesforceId paralegal = SalesforceIds.idFor(SalesforceIds.USER, 2);
    CaseRecord otherMatter = Cases.matter().phone("(502) 813-8999").build();
    notes.knowUser(paralegal).knowCases(List.of(matter, otherMatter));
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 1);
    new NoteWriter(notes, false, first, listener).take(pending);
    String ext = pending.get(0).draft().externalId();
    NoteDraft moved = new NoteDraft(pending.get(0).draft().messageId(), ALYSSIA.extension(), paralegal,
        pending.get(0).draft().topic(), pending.get(0).draft().body(), otherMatter.kind(), otherMatter.id(),
        pending.get(0).draft().messageTime(), pending.get(0).draft().direction(), PhoneNumber.of("5028138901"));
    notes.update(List.of(new io.rcsync.core.domain.NoteUpdate(notes.byExternalId(ext).orElseThrow().id(), moved,
        java.util.Set.of(io.rcsync.core.domain.NoteField.OWNER, io.rcsync.core.domain.NoteField.CASE_LINK))));

    RunLedger second = ledger(false);
    new NoteWriter(notes, false, second, listener,
        io.rcsync.core.domain.NoteFieldOwnership.standard(TopicMap.defaults()).relinking())
        .take(again(second, pending, d -> d));

    var stored = notes.byExternalId(ext).orElseThrow();
    assertThat(stored.owner()).contains(OWNER);
    assertThat(stored.fields().get(schema.noteMatterField())).isEqualTo(pending.get(0).draft().caseId().value());
    assertThat(totals(second).updated()).isEqualTo(1);
  }

  @Test
  void aRichTextBodyFieldGetsTheTextHtmlEscapedWithLineBreaksAndARerunStillWritesNothing() {
    notes.bodyFormat(io.rcsync.core.domain.NoteBodyFormat.RICH_TEXT);
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = new ArrayList<>(batch(first, 1));
    pending.set(0, new NoteBatches.Pending(ALYSSIA, pending.get(0).message(),
        pending.get(0).draft().withBody("Is 3 < 4 & 5 > 2?\nYes\r\nbye"), false));
    new NoteWriter(notes, false, first, listener).take(pending);
    RunLedger second = ledger(false);
    new NoteWriter(notes, false, second, listener).take(again(second, pending, d -> d));

    assertThat(notes.byExternalId(pending.get(0).draft().externalId()).orElseThrow().fields().get(schema.noteBodyField()))
        .isEqualTo("Is 3 &lt; 4 &amp; 5 &gt; 2?<br>Yes<br>bye");
    assertThat(totals(second).unchanged()).isEqualTo(1);
    assertThat(notes.upsertCalls()).isEqualTo(1);
    assertThat(notes.updateCalls()).isZero();
  }

  @Test
  void anMmsBodyInARichTextFieldHasItsAttachmentLinesEscapedAndSplitByLineBreaks() {
    notes.bodyFormat(io.rcsync.core.domain.NoteBodyFormat.RICH_TEXT);
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = new ArrayList<>(batch(first, 1));
    SmsMessage mms = Messages.inbound().extension(ALYSSIA.extension()).from("+15028138901").text("Crash <scene> & car")
        .attachment(new io.rcsync.core.domain.Attachment("9", "u9", "MmsAttachment", "image/png", 3_000L, "a<b>&c.png"))
        .build();
    pending.set(0, new NoteBatches.Pending(ALYSSIA, pending.get(0).message(),
        pending.get(0).draft().withBody(io.rcsync.core.service.sync.MmsNoteBody.of(mms)), false));
    new NoteWriter(notes, false, first, listener).take(pending);
    RunLedger second = ledger(false);
    new NoteWriter(notes, false, second, listener).take(again(second, pending, d -> d));

    assertThat(notes.byExternalId(pending.get(0).draft().externalId()).orElseThrow().fields().get(schema.noteBodyField()))
        .isEqualTo("Crash &lt;scene&gt; &amp; car<br>Attachment: a&lt;b&gt;&amp;c.png (image/png, 2.9 KB)");
    assertThat(totals(second).unchanged()).isEqualTo(1);
    assertThat(notes.updateCalls()).isZero();
  }

  @Test
  void aNoteWrittenWithTheFormerMmsBodyIsNotRewrittenWithTheAttachmentLines() {
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = new ArrayList<>(batch(first, 1));
    pending.set(0, new NoteBatches.Pending(ALYSSIA, pending.get(0).message(),
        pending.get(0).draft().withBody("(MMS with 2 attachment(s))"), false));
    new NoteWriter(notes, false, first, listener).take(pending);

    RunLedger second = ledger(false);
    new NoteWriter(notes, false, second, listener)
        .take(again(second, pending, d -> d.withBody("Attachment: 6424569004.jpg (image/jpeg, size unknown)")));

    assertThat(notes.byExternalId(pending.get(0).draft().externalId()).orElseThrow().fields().get(schema.noteBodyField()))
        .as("after creation the body is staff's (NoteFieldOwnership)").isEqualTo("(MMS with 2 attachment(s))");
    assertThat(totals(second).unchanged()).isEqualTo(1);
    assertThat(notes.upsertCalls()).isEqualTo(1);
    assertThat(notes.updateCalls()).isZero();
  }

  @Test
  void aDryRunLooksExistingNotesUpWritesNothingAndCountsWhatWouldBeCreated() {
    RunLedger ledger = ledger(true);

    new NoteWriter(notes, true, ledger, listener).take(batch(ledger, 2));

    // before: created 0 in a dry run; now the same lookup as a real run says both would be created
    assertThat(notes.callLog()).containsExactly("findExisting");
    assertThat(notes.upsertCalls()).isZero();
    assertThat(notes.updateCalls()).isZero();
    assertThat(totals(ledger)).isEqualTo(new Counts(2, 0, 2, 0, 0, 0, 2, 0, 1));
    assertThat(progress).isEmpty();
  }

  @Test
  void aDryRunAfterARealRunReportsEveryNoteUnchangedAndSendsNoWrite() {
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 3);
    new NoteWriter(notes, false, first, listener).take(pending);

    RunLedger dry = ledger(true);
    NoteWriter writer = new NoteWriter(notes, true, dry, listener);
    writer.take(again(dry, pending, d -> d));
    writer.finish();

    assertThat(notes.callLog()).containsExactly("findExisting", "upsert", "findExisting");
    assertThat(totals(dry)).isEqualTo(withUnchanged(new Counts(3, 0, 3, 0, 0, 0, 0, 0, 1), 3));
    assertThat(dry.report("sync", "backfill", "wave1").warnings()).isEmpty();
    assertThat(writer.batchSize()).isEqualTo(notes.maxLookupSize());
  }

  @Test
  void aDryRunWithRelinkAfterAStaffCorrectionCountsTheUpdateAndWarnsButWritesNothing() {
    SalesforceId paralegal = SalesforceIds.idFor(SalesforceIds.USER, 2);
    CaseRecord otherMatter = Cases.matter().phone("(502) 813-8999").build();
    notes.knowUser(paralegal).knowCases(List.of(matter, otherMatter));
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 2);
    new NoteWriter(notes, false, first, listener).take(pending);
    String ext = pending.get(0).draft().externalId();
    NoteDraft moved = new NoteDraft(pending.get(0).draft().messageId(), ALYSSIA.extension(), paralegal,
        pending.get(0).draft().topic(), pending.get(0).draft().body(), otherMatter.kind(), otherMatter.id(),
        pending.get(0).draft().messageTime(), pending.get(0).draft().direction(), PhoneNumber.of("5028138901"));
    notes.update(List.of(new io.rcsync.core.domain.NoteUpdate(notes.byExternalId(ext).orElseThrow().id(), moved,
        java.util.Set.of(io.rcsync.core.domain.NoteField.OWNER, io.rcsync.core.domain.NoteField.CASE_LINK))));
    int upserts = notes.upsertCalls();
    int updates = notes.updateCalls();

    RunLedger dry = ledger(true);
    NoteWriter writer = new NoteWriter(notes, true, dry, listener,
        io.rcsync.core.domain.NoteFieldOwnership.standard(TopicMap.defaults()).relinking());
    writer.take(again(dry, pending, d -> d));
    writer.finish();

    assertThat(totals(dry)).satisfies(c -> {
      assertThat(c.updated()).isEqualTo(1);
      assertThat(c.unchanged()).isEqualTo(1);
      assertThat(c.created()).isZero();
    });
    RunReport report = dry.report("sync", "backfill", "wave1");
    assertThat(report.warnings())
        .containsExactly("--relink would rewrite the owner or Matter/Intake of 1 existing Note(s)");
    assertThat(notes.upsertCalls()).isEqualTo(upserts);
    assertThat(notes.updateCalls()).isEqualTo(updates);
    var stored = notes.byExternalId(ext).orElseThrow();
    assertThat(stored.owner()).contains(paralegal);
    assertThat(stored.fields().get(schema.noteMatterField())).isEqualTo(otherMatter.id().value());
  }

  @Test
  void aDryRunWithoutRelinkLeavesAStaffCorrectionUnchangedAndDoesNotWarn() {
    SalesforceId paralegal = SalesforceIds.idFor(SalesforceIds.USER, 2);
    notes.knowUser(paralegal);
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 1);
    new NoteWriter(notes, false, first, listener).take(pending);
    notes.reassign(pending.get(0).draft().externalId(), paralegal);

    RunLedger dry = ledger(true);
    NoteWriter writer = new NoteWriter(notes, true, dry, listener);
    writer.take(again(dry, pending, d -> d));
    writer.finish();

    assertThat(totals(dry).unchanged()).isEqualTo(1);
    assertThat(dry.report("sync", "backfill", "wave1").warnings()).isEmpty();
  }

  @Test
  void aRecordErrorFailsOnlyThatRecordWithItsReason() {
    RunLedger ledger = ledger(false);
    List<NoteBatches.Pending> pending = batch(ledger, 3);
    notes.failRecord(pending.get(1).draft().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");

    new NoteWriter(notes, false, ledger, listener).take(pending);

    RunReport report = ledger.report("sync", "backfill", "wave1");
    assertThat(report.totals()).isEqualTo(new Counts(3, 0, 2, 0, 0, 1, 2, 0, 1));
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.messageId()).isEqualTo(pending.get(1).message().id().value());
      assertThat(f.counterparty()).isEqualTo("5028138901");
      assertThat(f.reason()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    });
    assertThat(progress).containsExactly(2);
  }

  @Test
  void aSpentQuotaFailsTheWholeBatchAndStopsTheRun() {
    RunLedger ledger = ledger(false);
    List<NoteBatches.Pending> pending = batch(ledger, 2);
    notes.failAfterCalls(0);

    assertThatThrownBy(() -> new NoteWriter(notes, false, ledger, listener).take(pending)).isInstanceOf(RuntimeException.class);

    assertThat(ledger.stopped()).isTrue();
    RunReport report = ledger.report("sync", "backfill", "wave1");
    assertThat(report.totals()).isEqualTo(new Counts(2, 0, 0, 0, 0, 2, 0, 0, 0));
    assertThat(report.failures()).extracting(MessageIssue::reason).allSatisfy(r -> assertThat(r).startsWith("not written: "));
    assertThat(report.aborted()).isPresent();
  }

  @Test
  void aSinkThatDoesNotFindExistingNotesGetsEveryNoteUpsertedAndTheRunOneWarning() {
    io.rcsync.core.port.out.NoteSink upsertOnly = notes::upsert;
    RunLedger ledger = ledger(false);
    NoteWriter writer = new NoteWriter(upsertOnly, false, ledger, listener);

    writer.take(batch(ledger, 2));
    writer.take(batch(ledger, 1));
    ledger.finish();
    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(notes.callLog()).containsExactly("upsert", "upsert");
    assertThat(report.totals().created()).isEqualTo(3);
    assertThat(report.warnings()).filteredOn(w -> w.contains("does not find existing Notes")).singleElement()
        .satisfies(w -> assertThat(w).contains("every Note is upserted in full")
            .contains("staff corrections to owner and Matter/Intake are overwritten"));
  }

  @Test
  void aSinkThatFindsNotesButCannotUpdateFailsOnlyThoseRecordsWithItsMessageAndTheRunGoesOn() {
    io.rcsync.core.port.out.NoteSink noUpdate = new io.rcsync.core.port.out.NoteSink() {
      @Override
      public List<io.rcsync.core.domain.WriteOutcome> upsert(List<NoteDraft> drafts) {
        return notes.upsert(drafts);
      }

      @Override
      public boolean findsExisting() {
        return true;
      }

      @Override
      public java.util.Map<String, io.rcsync.core.domain.StoredNote> findExisting(List<String> externalIds) {
        return notes.findExisting(externalIds);
      }
    };
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 2);
    new NoteWriter(noUpdate, false, first, listener).take(pending);
    RunLedger second = ledger(false);
    List<NoteBatches.Pending> rerun = new ArrayList<>(again(second, pending, d -> d.withBody("edited")));
    rerun.addAll(batch(second, 1));

    // --relink, so the changed bodies call for an update the sink cannot make
    new NoteWriter(noUpdate, false, second, listener,
        io.rcsync.core.domain.NoteFieldOwnership.standard(io.rcsync.core.domain.TopicMap.defaults()).relinking())
        .take(rerun);
    second.finish();
    RunReport report = second.report("sync", "backfill", "wave1");

    assertThat(report.aborted()).isEmpty();
    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(report.totals().failed()).isEqualTo(2);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.failures()).extracting(MessageIssue::reason)
        .allSatisfy(r -> assertThat(r).startsWith("not written: ").contains("cannot update single Note fields"));
    assertThat(report.warnings()).noneMatch(w -> w.contains("does not find existing Notes"));
  }
}
