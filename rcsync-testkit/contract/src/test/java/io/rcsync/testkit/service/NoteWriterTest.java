package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
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

  @Test
  void aBatchIsOneUpsertAndEachNoteCountsAsMatchedAndCreatedThenUpdated() {
    RunLedger first = ledger(false);
    List<NoteBatches.Pending> pending = batch(first, 3);
    NoteWriter writer = new NoteWriter(notes, false, first, listener);

    writer.take(pending);
    RunLedger second = ledger(false);
    pending.forEach(p -> second.fetched(ALYSSIA));
    new NoteWriter(notes, false, second, listener).take(pending);

    assertThat(notes.upsertBatchSizes()).containsExactly(3, 3);
    assertThat(totals(first)).isEqualTo(new Counts(3, 0, 3, 0, 0, 0, 3, 0, 1));
    assertThat(totals(second)).isEqualTo(new Counts(3, 0, 3, 0, 0, 0, 0, 3, 1));
    assertThat(progress).containsExactly(3, 3);
    assertThat(writer.batchSize()).isEqualTo(notes.maxBatchSize());
  }

  @Test
  void aDryRunWritesNothingButCountsWhatWouldBeWritten() {
    RunLedger ledger = ledger(true);

    new NoteWriter(notes, true, ledger, listener).take(batch(ledger, 2));

    assertThat(notes.upsertCalls()).isZero();
    assertThat(totals(ledger)).isEqualTo(new Counts(2, 0, 2, 0, 0, 0, 0, 0, 1));
    assertThat(progress).isEmpty();
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
}
