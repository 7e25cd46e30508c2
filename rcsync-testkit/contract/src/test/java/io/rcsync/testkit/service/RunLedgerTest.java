package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ReportRows;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Messages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunLedgerTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final SyncTarget ALYSSIA = new SyncTarget(ExtensionId.of("376557052"), "Alyssia", Optional.empty());
  private static final SyncTarget KYLE = new SyncTarget(ExtensionId.of("376557074"), "Kyle", Optional.empty());

  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final RunLedger ledger = new RunLedger(false, clock, calls);

  private SmsMessage text(SyncTarget t) {
    return Messages.inbound().extension(t.extension()).build();
  }

  private void start(String... warnings) {
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA, KYLE), List.of("Sara: no RingCentral extension — skipped"),
        List.of(warnings), Optional.empty()));
  }

  private static Counts row(RunReport report, SyncTarget t) {
    return report.extensions().stream().filter(e -> e.extension().equals(t.extension().value())).findFirst()
        .orElseThrow().counts();
  }

  @Test
  void everyOutcomeKeepsFetchedEqualToTheSumOfItsOutcomesPerExtensionAndInTotal() {
    start();
    ledger.fetched(ALYSSIA);
    ledger.intakerFiltered(ALYSSIA);
    ledger.fetched(ALYSSIA);
    ledger.matched(ALYSSIA, CaseKind.MATTER, true);
    ledger.written(ALYSSIA, WriteOutcome.Status.CREATED);
    ledger.fetched(ALYSSIA);
    ledger.matched(ALYSSIA, CaseKind.INTAKE, false);
    ledger.written(ALYSSIA, WriteOutcome.Status.UPDATED);
    ledger.fetched(KYLE);
    ledger.unmatched(KYLE, text(KYLE), "22395", "short code");
    ledger.fetched(KYLE);
    ledger.failed(KYLE, text(KYLE), "5028138901", "not written: boom");
    ledger.malformed(KYLE, new MalformedMessage("999", KYLE.extension(), "no creationTime"));
    ledger.finish();

    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(row(report, ALYSSIA)).isEqualTo(new Counts(3, 1, 1, 1, 0, 0, 1, 1, 1));
    assertThat(row(report, KYLE)).isEqualTo(new Counts(3, 0, 0, 0, 1, 2, 0, 0, 0));
    assertThat(report.extensions()).allSatisfy(e -> assertThat(e.counts().balanced()).isTrue());
    Counts total = report.totals();
    assertThat(total.fetched()).isEqualTo(total.intakerFiltered() + total.matchedMatter() + total.matchedIntake()
        + total.unmatched() + total.failed()).isEqualTo(6);
    assertThat(report.failures()).extracting(MessageIssue::reason).containsExactly("not written: boom",
        "malformed record: no creationTime");
    assertThat(report.unmatched()).extracting(MessageIssue::counterparty).containsExactly("22395");
  }

  @Test
  void textsCaughtByAStopAreFetchedAndFailedWithTheFirstReason() {
    start();
    ledger.abort("REQUEST_LIMIT_EXCEEDED");
    ledger.abort("a later reason");
    SmsMessage group = Messages.outbound().extension(ALYSSIA.extension()).to("+15028138901", "+18125550102").build();

    ledger.fetchedAfterStop(ALYSSIA, group);
    ledger.finish();
    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(ledger.stopped()).isTrue();
    assertThat(report.aborted()).contains("REQUEST_LIMIT_EXCEEDED");
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.counterparty()).isEqualTo("+15028138901 +18125550102");
      assertThat(f.reason()).isEqualTo("not processed: run stopped (REQUEST_LIMIT_EXCEEDED)");
    });
  }

  @Test
  void rowsFollowTheTargetsAndCarryWindowAndError() {
    start();
    TimeWindow w = new TimeWindow(NOW.minus(Duration.ofDays(1)), NOW);
    ledger.window(ALYSSIA, w);
    ledger.error(KYLE, "not read: the run stopped first");
    ledger.add(ALYSSIA); // a target is counted in one row however often it is added
    ledger.finish();

    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(report.extensions()).extracting(ExtensionSummary::staffName).containsExactly("Alyssia", "Kyle");
    assertThat(report.extensions().get(0).windowFrom()).isEqualTo(w.from());
    assertThat(report.extensions().get(1).error()).contains("not read: the run stopped first");
    assertThat(report.skippedStaff()).containsExactly("Sara: no RingCentral extension — skipped");
  }

  @Test
  void warningsKeepTheirOrderAndDuplicatesAreSummedUpLast() {
    start("extension 1 is listed twice in wave wave1; synced once");
    ledger.duplicate();
    ledger.warn("extension 376557052: empty window");
    ledger.duplicate();
    ledger.finish();

    assertThat(ledger.report("sync", "backfill", "wave1").warnings()).containsExactly(
        "extension 1 is listed twice in wave wave1; synced once",
        "extension 376557052: empty window",
        "2 message(s) were delivered twice by the source and counted once");
  }

  @Test
  void theReportCountsOnlyTheCallsMadeDuringTheRunBetweenStartAndFinish() {
    calls.increment(ApiCalls.SALESFORCE);
    RunLedger run = new RunLedger(true, clock, calls);
    calls.increment(ApiCalls.SALESFORCE);
    calls.increment(ApiCalls.RINGCENTRAL);
    clock.advance(Duration.ofSeconds(5));
    run.finish();

    RunReport report = run.report("sync", "backfill", "wave1");

    assertThat(report.apiCalls()).containsEntry(ApiCalls.SALESFORCE, 1L).containsEntry(ApiCalls.RINGCENTRAL, 1L);
    assertThat(report.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(report.dryRun()).isTrue();
  }

  @Test
  void anExtensionThatIsNotATargetOfTheRunIsNamedInTheSameErrorByEveryLookup() {
    start();
    SyncTarget stranger = new SyncTarget(ExtensionId.of("999"), "Stranger", Optional.empty());
    String message = "extension 999 is not a target of this run";

    assertThatThrownBy(() -> ledger.fetched(stranger)).isInstanceOf(IllegalStateException.class).hasMessage(message);
    assertThatThrownBy(() -> ledger.fetched(stranger.extension()))
        .isInstanceOf(IllegalStateException.class).hasMessage(message);
    assertThatThrownBy(() -> ledger.window(stranger.extension()))
        .isInstanceOf(IllegalStateException.class).hasMessage(message);
    assertThatThrownBy(() -> ledger.readCompletely(stranger.extension()))
        .isInstanceOf(IllegalStateException.class).hasMessage(message);
    assertThatThrownBy(() -> ledger.earliestUnwritten(stranger.extension()))
        .isInstanceOf(IllegalStateException.class).hasMessage(message);
  }

  /** A ReportRows that records what it is given, in order. */
  private static final class RecordedRows implements ReportRows {
    final List<String> seen = new ArrayList<>();

    @Override
    public void failure(MessageIssue row) {
      seen.add("failure " + row.messageId());
    }

    @Override
    public void unmatched(MessageIssue row) {
      seen.add("unmatched " + row.messageId());
    }

    @Override
    public void file(FileIssue row) {
      seen.add("file " + row.messageId() + " " + row.outcome().label());
    }
  }

  private static FileIssue file(SmsMessage m, FileIssue.Outcome outcome) {
    return new FileIssue(m.id().value(), m.extension().value(), "a1", "photo.jpg", "image/jpeg", 10L, "rc_msg_1",
        outcome, outcome == FileIssue.Outcome.FAILED ? "upload failed" : "");
  }

  @Test
  void streamedRowsGoToTheSinkAsTheyHappenAndTheReportKeepsTheFirstOnesAndTheCounts() {
    RecordedRows rows = new RecordedRows();
    ledger.streamRowsTo(rows);
    start();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < RunReport.STREAMED_SAMPLE + 5; i++) {
      SmsMessage m = Messages.inbound().id(1000 + i).extension(KYLE.extension()).build();
      ledger.fetched(KYLE);
      ledger.unmatched(KYLE, m, "22395", "short code");
      expected.add("unmatched " + (1000 + i));
    }
    SmsMessage failed = Messages.inbound().id(7).extension(KYLE.extension()).build();
    ledger.fetched(KYLE);
    ledger.failed(KYLE, failed, "5028138901", "not written: boom");
    expected.add("failure 7");
    SmsMessage mms = Messages.inbound().id(8).extension(ALYSSIA.extension()).build();
    ledger.fetched(ALYSSIA);
    ledger.matched(ALYSSIA, CaseKind.MATTER, false);
    ledger.file(ALYSSIA, mms, file(mms, FileIssue.Outcome.COPIED));
    ledger.file(ALYSSIA, mms, file(mms, FileIssue.Outcome.FAILED));
    expected.addAll(List.of("file 8 copied", "file 8 failed"));
    ledger.finish();

    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(rows.seen).containsExactlyElementsOf(expected);
    assertThat(report.rows()).isEqualTo(new RunReport.Rows(1, RunReport.STREAMED_SAMPLE + 5, 2, 1, true));
    assertThat(report.unmatched()).hasSize(RunReport.STREAMED_SAMPLE).first()
        .extracting(MessageIssue::messageId).isEqualTo("1000");
    assertThat(report.failures()).extracting(MessageIssue::messageId).containsExactly("7");
    assertThat(report.totals().unmatched()).isEqualTo(report.rows().unmatched());
    assertThat(report.totals().failed()).isEqualTo(report.rows().failures());
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.clean()).as("a failed file makes the run unclean, streamed or not").isFalse();
  }

  @Test
  void withoutASinkTheReportListsEveryRowAndCountsThem() {
    start();
    for (int i = 0; i < RunReport.STREAMED_SAMPLE + 5; i++) {
      ledger.fetched(KYLE);
      ledger.unmatched(KYLE, Messages.inbound().id(1000 + i).extension(KYLE.extension()).build(), "22395", "short");
    }
    ledger.finish();

    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(report.unmatched()).hasSize(RunReport.STREAMED_SAMPLE + 5);
    assertThat(report.rows()).isEqualTo(new RunReport.Rows(0, RunReport.STREAMED_SAMPLE + 5, 0, 0, false));
  }

  @Test
  void aFullLateMatchListKeepsTheNewestTextsAndTheWarningSaysHowManyLeftUpToWhen() {
    start();
    ledger.lateMatchListMax(3);
    int[] hoursAgo = {5, 1, 9, 2, 7};
    for (int i = 0; i < hoursAgo.length; i++) {
      SmsMessage m = Messages.inbound().id(100 + i).extension(KYLE.extension())
          .at(NOW.minus(Duration.ofHours(hoursAgo[i]))).build();
      ledger.fetched(KYLE);
      ledger.noHolder(KYLE, m, "5028138901");
    }
    ledger.finish();

    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(ledger.keptForLateMatch()).extracting(u -> u.id().value())
        .as("the 3 newest (1, 2 and 5 hours ago), in the order recorded").containsExactly("100", "101", "103");
    assertThat(report.rows().unmatched()).as("every text is still an unmatched row").isEqualTo(5);
    assertThat(report.warnings()).singleElement().asString()
        .startsWith("2 unmatched text(s) created up to " + NOW.minus(Duration.ofHours(7)) + " were not kept for a late"
            + " match: the late-match list keeps the newest 3;")
        .contains("unmatched CSV", "sync --backfill");
  }

  @Test
  void aTextOlderThanTheRetryWindowIsNotKeptForALateMatchAndNotWarnedAbout() {
    start();
    ledger.keepLateMatchesSince(NOW.minus(Duration.ofDays(30)));
    SmsMessage old = Messages.inbound().id(1).extension(KYLE.extension()).at(NOW.minus(Duration.ofDays(31))).build();
    SmsMessage recent = Messages.inbound().id(2).extension(KYLE.extension()).at(NOW.minus(Duration.ofDays(29)))
        .build();
    ledger.fetched(KYLE);
    ledger.noHolder(KYLE, old, "5028138901");
    ledger.fetched(KYLE);
    ledger.noHolder(KYLE, recent, "5028138901");
    ledger.finish();

    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(ledger.keptForLateMatch()).extracting(u -> u.id().value()).containsExactly("2");
    assertThat(report.totals().unmatched()).isEqualTo(2);
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void aFullLateMatchListAlsoLetsTheOldestSmsMagicTextGo() {
    start();
    ledger.lateMatchListMax(2);
    for (int i = 0; i < 4; i++) {
      SmsMessage m = Messages.inbound().id(io.rcsync.core.domain.MessageId.smsMagic(
              io.rcsync.testkit.fixtures.SalesforceIds.idFor("a3S", i))).extension(KYLE.extension())
          .at(NOW.minus(Duration.ofHours(10 - i))).build();
      ledger.fetched(KYLE);
      ledger.noHolder(KYLE, m, "5028138901");
    }
    ledger.finish();

    assertThat(ledger.keptForLateMatch()).as("the list's maximum holds for every source's ids").hasSize(2);
  }
}
