package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.testkit.demo.DemoBackends;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed's wave1_intake 60-day backfill, replayed against the in-memory firm: 1,020 texts, and the API calls
 * it costs (design.md §6: about 5 upserts and a handful of lookups for 915 Notes).
 */
class DemoFirmSyncTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private final DemoDataset data = DemoData.generate(2026, NOW);
  private final LitifySchema schema = LitifySchema.defaults();
  private final DemoBackends firm = DemoBackends.of(data, schema, MutableClock.at(NOW));

  private SyncService service(int chunkSize) {
    return service(chunkSize, SyncSettings.DEFAULT_WRITE_LANES);
  }

  private SyncService service(int chunkSize, int lanes) {
    SyncSettings settings = new SyncSettings(data.roster(), IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, Duration.ofMinutes(30), chunkSize).withWriteLanes(lanes);
    return new SyncService(settings, firm.messages(), Optional.of(firm.extensions()), firm.cases(), firm.notes(),
        firm.state(), firm.clock(), firm.apiCalls());
  }

  private RunReport backfill(String wave, boolean dryRun, int chunkSize) {
    return service(chunkSize).sync(SyncCommand.backfill(wave, DemoData.historyStart(NOW), null, dryRun));
  }

  @Test
  void replaysTheSeedsWave1BackfillInSixSalesforceCalls() {
    // one write lane: the upserts one after the other, in the order asserted below
    RunReport report = service(SyncSettings.DEFAULT_CHUNK_SIZE, 1)
        .sync(SyncCommand.backfill(DemoData.WAVE1, DemoData.historyStart(NOW), null, false));

    Counts t = report.totals();
    DemoData.Expected e = DemoData.WAVE1_EXPECTED;
    assertThat(t.fetched()).isEqualTo(e.fetched());
    assertThat(t.intakerFiltered()).isEqualTo(e.intakerFiltered());
    assertThat(t.matchedMatter()).isEqualTo(e.matchedMatter());
    assertThat(t.matchedIntake()).isEqualTo(e.matchedIntake());
    assertThat(t.unmatched()).isEqualTo(e.unmatched());
    assertThat(t.failed()).isZero();
    assertThat(t.created()).isEqualTo(915);
    assertThat(t.ambiguous()).isGreaterThanOrEqualTo(6);
    assertThat(t.balanced()).isTrue();
    assertThat(report.extensions()).allSatisfy(r -> assertThat(r.counts().balanced()).isTrue());
    assertThat(report.clean()).isTrue();
    assertThat(report.skippedStaff()).isEmpty();
    Map<String, Long> perStaff = new LinkedHashMap<>();
    for (ExtensionSummary r : report.extensions()) {
      perStaff.put(r.staffName(), r.counts().fetched());
    }
    assertThat(perStaff).containsExactly(Map.entry("Sam", 1L), Map.entry("Alyssia", 144L), Map.entry("JaNette", 92L),
        Map.entry("Kyle Haney", 86L), Map.entry("Timmera", 98L), Map.entry("Angelica", 185L), Map.entry("Chymez", 144L),
        Map.entry("Austin J", 270L), Map.entry("Kathy", 0L));

    // API budget: ceil(915 / 200) = 5 upserts, one existence lookup, one batched lookup for every distinct number
    assertThat(firm.notes().upsertCalls()).isEqualTo(5);
    assertThat(firm.notes().upsertBatchSizes()).containsExactly(200, 200, 200, 200, 115);
    assertThat(firm.cases().findCalls()).isEqualTo(1);
    assertThat(firm.notes().findExistingCalls()).isEqualTo(1);
    assertThat(report.apiCalls()).containsEntry(ApiCalls.SALESFORCE, 7L)
        .containsEntry(ApiCalls.RINGCENTRAL, 10L); // 9 extensions x 1 page + 1 directory listing (Timmera)
    System.out.printf("wave1 1,020-text backfill: notes=%d upsertCalls=%d batchSizes=%s caseDirectoryCalls=%d numbersLookedUp=%s apiCalls=%s%n",
        t.created(), firm.notes().upsertCalls(), firm.notes().upsertBatchSizes(), firm.cases().findCalls(),
        firm.cases().batchSizes(), report.apiCalls());
  }


  @Test
  void theWave1BackfillWithTheDefaultWriteLanesWritesTheSameNotesInTheSameSalesforceCalls() {
    RunReport report = backfill(DemoData.WAVE1, false, SyncSettings.DEFAULT_CHUNK_SIZE);

    assertThat(report.totals().created()).isEqualTo(915);
    assertThat(report.totals().failed()).isZero();
    assertThat(report.totals().balanced()).isTrue();
    // the five upserts of one lane, split over the lanes by Matter/Intake: no call more, sizes in any order
    assertThat(firm.notes().upsertCalls()).isEqualTo(5);
    assertThat(firm.notes().upsertBatchSizes()).hasSize(5).allSatisfy(n -> assertThat(n).isBetween(1, 200))
        .satisfies(sizes -> assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(915));
    assertThat(firm.notes().findExistingCalls()).isEqualTo(1);
    assertThat(report.apiCalls()).containsEntry(ApiCalls.SALESFORCE, 7L).containsEntry(ApiCalls.RINGCENTRAL, 10L);
  }
  @Test
  void reRunningTheBackfillWritesNothingAndCountsEveryNoteUnchanged() {
    backfill(DemoData.WAVE1, false, SyncSettings.DEFAULT_CHUNK_SIZE);
    int notes = firm.notes().size();
    int upserts = firm.notes().upsertCalls();

    RunReport again = backfill(DemoData.WAVE1, false, SyncSettings.DEFAULT_CHUNK_SIZE);

    assertThat(again.totals().created()).isZero();
    assertThat(again.totals().updated()).isZero();
    assertThat(again.totals().unchanged()).isEqualTo(915);
    assertThat(firm.notes().upsertCalls()).isEqualTo(upserts);
    assertThat(firm.notes().updateCalls()).isZero();
    assertThat(firm.notes().size()).isEqualTo(notes).isEqualTo(915);
  }

  @Test
  void aDryRunReportsTheSameOutcomeAndWritesNothing() {
    RunReport dry = backfill(DemoData.WAVE1, true, SyncSettings.DEFAULT_CHUNK_SIZE);

    assertThat(dry.totals().matched()).isEqualTo(915);
    // looked up like a real run: all 915 would be created (a dry run reported created 0 before)
    assertThat(dry.totals().created()).isEqualTo(915);
    assertThat(firm.notes().updateCalls()).isZero();
    assertThat(firm.notes().size()).isZero();
    assertThat(firm.notes().upsertCalls()).isZero();
    assertThat(firm.state().saves()).isEmpty();
  }

  @Test
  void smallLookupChunksStillCostFewCalls() {
    RunReport report = backfill(DemoData.WAVE1, false, 100);

    assertThat(report.totals().matched()).isEqualTo(915);
    assertThat(firm.notes().upsertCalls()).isEqualTo(5);
    assertThat(firm.cases().findCalls()).isLessThanOrEqualTo(11);
    System.out.printf("wave1 backfill, chunk size 100: caseDirectoryCalls=%d numbersPerCall=%s upsertCalls=%d%n",
        firm.cases().findCalls(), firm.cases().batchSizes(), firm.notes().upsertCalls());
  }

  @Test
  void likeFalsePositivesChangeNothing() {
    firm.cases().likeFalsePositives(true);

    RunReport report = backfill(DemoData.WAVE1, true, SyncSettings.DEFAULT_CHUNK_SIZE);

    assertThat(report.totals().matchedMatter()).isEqualTo(DemoData.WAVE1_EXPECTED.matchedMatter());
    assertThat(report.totals().matchedIntake()).isEqualTo(DemoData.WAVE1_EXPECTED.matchedIntake());
  }

  @Test
  void otherWavesFlagWhatTheRosterLacks() {
    RunReport attorneys = backfill(DemoData.WAVE3, false, SyncSettings.DEFAULT_CHUNK_SIZE);
    RunReport support = backfill(DemoData.WAVE4, false, SyncSettings.DEFAULT_CHUNK_SIZE);

    assertThat(attorneys.totals().failed()).isEqualTo(attorneys.totals().matched() + attorneys.totals().failed())
        .isPositive();
    assertThat(attorneys.failures()).allSatisfy(f -> assertThat(f.reason()).contains("sfUserId"));
    assertThat(support.skippedStaff()).singleElement().asString().startsWith("Sara Collins").contains("no RingCentral extension");
    assertThat(support.totals().balanced()).isTrue();
  }
}
