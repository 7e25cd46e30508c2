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
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Messages;
import java.time.Duration;
import java.time.Instant;
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
}
