package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.core.service.sync.WatermarkPolicy;
import io.rcsync.testkit.fake.InMemorySyncStateStore;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Messages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatermarkPolicyTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Duration LOOKBACK = Duration.ofMinutes(30);
  private static final SyncTarget ALYSSIA = new SyncTarget(ExtensionId.of("376557052"), "Alyssia", Optional.empty());
  private static final SyncTarget KYLE = new SyncTarget(ExtensionId.of("376557074"), "Kyle", Optional.empty());

  private final WatermarkPolicy policy = new WatermarkPolicy(LOOKBACK);

  private static TimeWindow window(Instant from, Instant to) {
    return new TimeWindow(from, to);
  }

  @Test
  void aBackfillReadsFromSinceToUntil() {
    Instant since = NOW.minus(Duration.ofDays(60));
    Instant until = NOW.minus(Duration.ofDays(1));

    WatermarkPolicy.Window w = policy.backfill(ALYSSIA, since, Optional.of(until), NOW);

    assertThat(w.window()).contains(window(since, until));
    assertThat(w.warnings()).isEmpty();
  }

  @Test
  void aBackfillWithoutUntilOrEndingInTheFutureStopsAtNow() {
    Instant since = NOW.minus(Duration.ofDays(60));

    assertThat(policy.backfill(ALYSSIA, since, Optional.empty(), NOW).window()).contains(window(since, NOW));
    assertThat(policy.backfill(ALYSSIA, since, Optional.of(NOW.plus(Duration.ofDays(30))), NOW).window())
        .contains(window(since, NOW));
  }

  @Test
  void aBackfillStartingNowIsEmptyAndSaysSo() {
    WatermarkPolicy.Window w = policy.backfill(ALYSSIA, NOW, Optional.empty(), NOW);

    assertThat(w.window()).isEmpty();
    assertThat(w.warnings()).containsExactly(
        "extension 376557052: empty window " + NOW + " .. " + NOW + " — nothing to read");
  }

  @Test
  void anIncrementalRunReadsFromTheWatermarkMinusTheLookbackToNow() {
    Instant mark = NOW.minus(Duration.ofHours(2));

    WatermarkPolicy.Window w = policy.incremental(ALYSSIA, Optional.of(mark), NOW);

    assertThat(w.window()).contains(window(mark.minus(LOOKBACK), NOW));
    assertThat(w.warnings()).isEmpty();
  }

  @Test
  void aFirstIncrementalRunReadsOnlyTheLookbackAndAsksForABackfill() {
    WatermarkPolicy.Window w = policy.incremental(ALYSSIA, Optional.empty(), NOW);

    assertThat(w.window()).contains(window(NOW.minus(LOOKBACK), NOW));
    assertThat(w.warnings()).containsExactly("extension 376557052 (Alyssia) has no watermark yet: read the last 30 minutes"
        + " only; run a backfill to cover earlier texts");
  }

  @Test
  void aCleanRunMovesTheWatermarkToTheEndOfItsWindow() {
    TimeWindow read = window(NOW.minus(Duration.ofDays(60)), NOW);

    assertThat(policy.advance(SyncMode.BACKFILL, read, Optional.empty(), Optional.empty())).contains(NOW);
    assertThat(policy.advance(SyncMode.INCREMENTAL, read, Optional.empty(), Optional.of(NOW.minusSeconds(60)))).contains(NOW);
  }

  @Test
  void aFailedTextHoldsTheWatermarkAtItsTime() {
    Instant failedAt = NOW.minus(Duration.ofDays(3));

    assertThat(policy.advance(SyncMode.BACKFILL, window(NOW.minus(Duration.ofDays(60)), NOW), Optional.of(failedAt),
        Optional.empty())).contains(failedAt);
  }

  @Test
  void aBackfillOfAnOlderWindowNeverMovesAWatermarkBack() {
    Instant mark = NOW.minus(Duration.ofDays(1));
    TimeWindow older = window(NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(30)));

    assertThat(policy.advance(SyncMode.BACKFILL, older, Optional.empty(), Optional.of(mark))).isEmpty();
  }

  @Test
  void aBackfillStartingAfterTheWatermarkLeavesItWhereItIsSoNoGapIsSkipped() {
    Instant mark = NOW.minus(Duration.ofDays(10));
    TimeWindow later = window(NOW.minus(Duration.ofDays(5)), NOW);

    assertThat(policy.advance(SyncMode.BACKFILL, later, Optional.empty(), Optional.of(mark))).isEmpty();
  }

  @Test
  void anIncrementalFailureInsideTheOverlapMovesTheWatermarkBackToRetryIt() {
    Instant mark = NOW.minus(Duration.ofMinutes(10));
    Instant failedAt = NOW.minus(Duration.ofMinutes(20));

    assertThat(policy.advance(SyncMode.INCREMENTAL, window(mark.minus(LOOKBACK), NOW), Optional.of(failedAt),
        Optional.of(mark))).contains(failedAt);
    assertThat(policy.advance(SyncMode.BACKFILL, window(mark.minus(LOOKBACK), NOW), Optional.of(failedAt),
        Optional.of(mark))).as("a backfill never moves one back").isEmpty();
  }

  @Test
  void onlyExtensionsReadToTheEndAdvanceAndOnlyTheirWatermarksAreRead() {
    InMemorySyncStateStore state = new InMemorySyncStateStore().set(KYLE.extension(), NOW.minus(Duration.ofHours(1)));
    RunLedger ledger = new RunLedger(false, MutableClock.at(NOW), new ApiCalls());
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA, KYLE), List.of(), List.of(), Optional.empty()));
    TimeWindow read = window(NOW.minus(Duration.ofHours(2)), NOW);
    ledger.window(ALYSSIA, read);
    ledger.window(KYLE, read);
    ledger.readCompletely(ALYSSIA);
    List<ExtensionId> asked = new ArrayList<>();

    Map<ExtensionId, Instant> marks = policy.advances(SyncMode.INCREMENTAL, List.of(ALYSSIA, KYLE), ledger, ext -> {
      asked.add(ext);
      return state.watermark(ext);
    });

    assertThat(marks).containsExactly(Map.entry(ALYSSIA.extension(), NOW));
    assertThat(asked).containsExactly(ALYSSIA.extension());
  }

  @Test
  void aFailedWriteRecordedInTheLedgerHoldsThatExtension() {
    RunLedger ledger = new RunLedger(false, MutableClock.at(NOW), new ApiCalls());
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA), List.of(), List.of(), Optional.empty()));
    ledger.window(ALYSSIA, window(NOW.minus(Duration.ofHours(2)), NOW));
    ledger.readCompletely(ALYSSIA);
    Instant t = NOW.minus(Duration.ofMinutes(90));
    ledger.fetched(ALYSSIA);
    ledger.failed(ALYSSIA, Messages.inbound().extension(ALYSSIA.extension()).at(t.plusSeconds(60)).build(), "", "x");
    ledger.fetched(ALYSSIA);
    ledger.failed(ALYSSIA, Messages.inbound().extension(ALYSSIA.extension()).at(t).build(), "", "y");

    assertThat(policy.advances(SyncMode.BACKFILL, List.of(ALYSSIA), ledger, ext -> Optional.empty()))
        .containsExactly(Map.entry(ALYSSIA.extension(), t));
  }
}
