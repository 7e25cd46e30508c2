package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.sync.FetchHandoff;
import io.rcsync.core.service.sync.NoteWriter;
import io.rcsync.testkit.demo.DemoBackends;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3, write lanes ({@code sync.writeLanes}): several Composite writes in flight at once, the Notes of one
 * Matter/Intake never in two of them at the same time, and the run's accounting, watermarks and stops exactly those of
 * one lane.
 */
class WriteLanesTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(60));
  private static final ExtensionId A = ExtensionId.of("376557052");
  private static final ExtensionId B = ExtensionId.of("376557074");
  private static final ExtensionId C = ExtensionId.of("376557083");
  private static final SalesforceId USER_A = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId USER_B = SalesforceIds.idFor(SalesforceIds.USER, 2);
  private static final SalesforceId USER_C = SalesforceIds.idFor(SalesforceIds.USER, 3);
  /** How long a lone write call waits for a second one (ends early when one arrives); never a speed assertion. */
  private static final long OVERLAP_WAIT_MILLIS = 500;

  private final LitifySchema schema = LitifySchema.defaults();
  private final MutableClock clock = MutableClock.at(NOW);
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(A).user(USER_A).build(),
      Rosters.member("Kyle Haney").extension(B).user(USER_B).build(),
      Rosters.member("Timmera").extension(C).user(USER_C).build());

  @AfterEach
  void noLaneOrWorkerThreadOutlivesTheRun() {
    assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith(NoteWriter.LANE_THREAD) || n.equals(FetchHandoff.THREAD_NAME)).toList())
        .as("lane and worker threads still alive").isEmpty();
  }

  @Test
  void theReportWithFourLanesEqualsTheReportWithOneLaneOnTheDemoFirm() {
    for (String wave : List.of(DemoData.WAVE1, DemoData.WAVE2)) {
      Demo one = backfillOfTheDemoFirm(wave, 1);
      Demo four = backfillOfTheDemoFirm(wave, 4);

      // equal but for the Salesforce call count: lanes take bigger batches (4 × 98 Notes here, one lane 100), so
      // lookups and writes are cut differently
      assertThat(four.report()).usingRecursiveComparison().ignoringFields("apiCalls").isEqualTo(one.report());
      assertThat(four.report().apiCalls().get(ApiCalls.RINGCENTRAL))
          .isEqualTo(one.report().apiCalls().get(ApiCalls.RINGCENTRAL));
      assertThat(four.report().totals().balanced()).isTrue();
      assertThat(four.report().totals().created()).isPositive();
      assertThat(four.notes()).as("the same Notes, on the same records").isEqualTo(one.notes());
      assertThat(four.sink().maxInFlight()).as("calls were in flight together").isGreaterThan(1);
      assertThat(four.sink().maxInFlightPerParent()).as("a Matter/Intake in two concurrent calls").isEqualTo(1);
      assertThat(one.sink().maxInFlight()).isEqualTo(1);
    }
  }

  @Test
  void theNotesOfOneMatterOrIntakeAreNeverInTwoConcurrentCallsEvenThroughGroupTexts() {
    InMemoryMessageSource source = new InMemoryMessageSource(new ApiCalls());
    InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, new ApiCalls());
    InMemoryNotes notes = new InMemoryNotes(schema, clock, new ApiCalls()).knowUsers(List.of(USER_A, USER_B, USER_C));
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String phone = String.format("(502) 813-89%02d", i);
      CaseRecord r = (i % 3 == 0 ? Cases.intake() : Cases.matter()).phone(phone).createdAt("2025-01-01T00:00:00Z")
          .build();
      cases.add(r);
      notes.knowCases(List.of(r));
      phones.add("+1502813" + String.format("89%02d", i));
    }
    Instant t = NOW.minus(Duration.ofDays(3));
    int texts = 0;
    for (int i = 0; i < 600; i++) {
      ExtensionId ext = i % 3 == 0 ? A : i % 3 == 1 ? B : C;
      if (i % 10 == 0) {
        // a group text: one Note on each of two records, which ties them to one lane
        source.add(Messages.outbound().extension(ext).to(phones.get(i % 12), phones.get((i + 5) % 12))
            .text("group " + i).at(t.plusSeconds(i)).build());
      } else {
        source.add(Messages.inbound().extension(ext).from(phones.get(i % 12)).text("text " + i).at(t.plusSeconds(i))
            .build());
      }
      texts++;
    }
    WatchingSink sink = new WatchingSink(notes, 40, 10);

    RunReport report = sync(source, cases, sink, new InMemorySyncStateStore(), 4);

    assertThat(report.totals().fetched()).isEqualTo(texts);
    assertThat(report.totals().failed()).isZero();
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.totals().created()).isEqualTo(texts + texts / 10);
    assertThat(notes.size()).isEqualTo(texts + texts / 10);
    assertThat(sink.maxInFlight()).as("calls were in flight together").isGreaterThan(1);
    assertThat(sink.maxInFlightPerParent()).as("a Matter/Intake in two concurrent calls").isEqualTo(1);
  }

  @Test
  void aQuotaStopInOneLaneStopsTheOtherLanesAndCountsEveryNoteNotWritten() {
    InMemoryMessageSource source = new InMemoryMessageSource(new ApiCalls());
    InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, new ApiCalls());
    InMemoryNotes notes = new InMemoryNotes(schema, clock, new ApiCalls()).knowUsers(List.of(USER_A, USER_B, USER_C));
    List<CaseRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      CaseRecord r = Cases.matter().phone("(502) 813-890" + i).createdAt("2025-01-01T00:00:00Z").build();
      cases.add(r);
      notes.knowCases(List.of(r));
      records.add(r);
    }
    Instant t = NOW.minus(Duration.ofDays(3));
    List<SmsMessage> texts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      SmsMessage m = Messages.inbound().extension(i % 2 == 0 ? A : C).from("+150281389" + String.format("%02d", i % 4))
          .text("text " + i).at(t.plusSeconds(i)).build();
      source.add(m);
      texts.add(m);
    }
    // every call carrying the first Matter's Notes answers REQUEST_LIMIT_EXCEEDED (fatal to the run)
    SalesforceId doomed = records.get(0).id();
    WatchingSink sink = new WatchingSink(notes, 1_000, 10).failCallsWith(doomed);
    InMemorySyncStateStore state = new InMemorySyncStateStore();

    RunReport report = sync(source, cases, sink, state, 4);

    assertThat(report.aborted()).hasValueSatisfying(why -> assertThat(why).contains("REQUEST_LIMIT_EXCEEDED"));
    assertThat(report.totals().fetched()).isEqualTo(200);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.totals().created()).as("what the calls in flight wrote").isEqualTo(notes.size());
    assertThat(report.totals().failed()).isEqualTo(200 - notes.size());
    assertThat(notes.rcsyncNotes()).noneMatch(n -> doomed.value().equals(n.fields().get(schema.noteMatterField())));
    // four lanes (one Matter each) of five calls each: the doomed Matter's lane fails on its first call and starts
    // none of its other four. How many calls the other lanes start before they see the stop depends on thread
    // scheduling (on a loaded host several), so only the bound that holds whatever the timing is asserted.
    assertThat(sink.callsStartedBeforeTheFailure()).as("the failing call was made").isPositive();
    assertThat(sink.callsStarted()).as("calls started: the failing lane's last four never are").isLessThanOrEqualTo(16);
    // every text whose Note was not written stays at or after its extension's watermark: the next run reads it again
    List<SmsMessage> notWritten = texts.stream().filter(m -> notes.forMessage(m.id()).isEmpty()).toList();
    assertThat(notWritten).hasSize(200 - notes.size()).allSatisfy(m -> assertThat(state.all().get(m.extension()))
        .as("watermark of " + m.extension()).satisfiesAnyOf(w -> assertThat(w).isNull(),
            w -> assertThat(w).isBeforeOrEqualTo(m.creationTime())));
  }

  @Test
  void aFailedWriteInOneLaneHoldsOnlyItsExtensionsWatermark() {
    InMemoryMessageSource source = new InMemoryMessageSource(new ApiCalls());
    InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, new ApiCalls());
    InMemoryNotes notes = new InMemoryNotes(schema, clock, new ApiCalls()).knowUsers(List.of(USER_A, USER_B, USER_C));
    for (int i = 0; i < 4; i++) {
      CaseRecord r = Cases.matter().phone("(502) 813-890" + i).createdAt("2025-01-01T00:00:00Z").build();
      cases.add(r);
      notes.knowCases(List.of(r));
    }
    Instant t = NOW.minus(Duration.ofDays(3));
    SmsMessage broken = null;
    for (int i = 0; i < 120; i++) {
      SmsMessage m = Messages.inbound().extension(i % 3 == 0 ? A : i % 3 == 1 ? B : C)
          .from("+150281389" + String.format("%02d", i % 4)).text("text " + i).at(t.plusSeconds(i)).build();
      source.add(m);
      if (i == 31) { // extension B
        broken = m;
      }
    }
    notes.failRecord(broken.id().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");
    WatchingSink sink = new WatchingSink(notes, 1_000, 10);
    InMemorySyncStateStore state = new InMemorySyncStateStore();

    RunReport report = sync(source, cases, sink, state, 4);

    assertThat(sink.maxInFlight()).isGreaterThan(1);
    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.totals().created()).isEqualTo(119);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(row(report, B).counts().failed()).isEqualTo(1);
    assertThat(state.all()).containsEntry(B, broken.creationTime()).containsEntry(A, NOW).containsEntry(C, NOW);
  }

  @Test
  void writeLanesAreOneToEight() {
    SyncSettings s = settings(50);
    assertThat(s.writeLanes()).isEqualTo(SyncSettings.DEFAULT_WRITE_LANES);
    assertThat(s.withWriteLanes(1).writeLanes()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.withWriteLanes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeLanes must be 1 to 8");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.withWriteLanes(NoteWriter.MAX_LANES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private SyncSettings settings(int chunkSize) {
    return new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), chunkSize);
  }

  private RunReport sync(InMemoryMessageSource source, InMemoryCaseDirectory cases, NoteSink sink,
      InMemorySyncStateStore state, int lanes) {
    InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(new ApiCalls())
        .add(A.value(), "104", "Alyssia").add(B.value(), "107", "Kyle Haney").add(C.value(), "108", "Timmera");
    SyncService service = new SyncService(settings(50).withOverlapPages(2).withWriteLanes(lanes), source,
        Optional.of(directory), cases, sink, state, clock, new ApiCalls());
    return service.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
  }

  private static ExtensionSummary row(RunReport report, ExtensionId ext) {
    return report.extensions().stream().filter(r -> r.extension().equals(ext.value())).findFirst().orElseThrow();
  }

  private record Demo(RunReport report, Map<String, String> notes, WatchingSink sink) {}

  private static Demo backfillOfTheDemoFirm(String wave, int lanes) {
    DemoDataset data = DemoData.generate(2026, NOW);
    LitifySchema schema = LitifySchema.defaults();
    DemoBackends firm = DemoBackends.of(data, schema, MutableClock.at(NOW));
    InMemoryMessageSource paged = new InMemoryMessageSource(firm.apiCalls(), 40);
    data.messages().values().forEach(paged::addAll);
    // small calls and lookups, so a run makes many batches of several calls each
    WatchingSink sink = new WatchingSink(firm.notes(), 100, 20);
    if (lanes == 1) {
      sink.noHold();
    }
    SyncSettings settings = new SyncSettings(data.roster(), IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, Duration.ofMinutes(30), 50).withOverlapPages(2).withWriteLanes(lanes);
    SyncService service = new SyncService(settings, paged, Optional.of(firm.extensions()), firm.cases(), sink,
        firm.state(), firm.clock(), firm.apiCalls());
    RunReport report = service.sync(SyncCommand.backfill(wave, DemoData.historyStart(NOW), null, false));
    Map<String, String> written = new TreeMap<>();
    for (NoteRecord n : firm.notes().rcsyncNotes()) {
      written.put(n.externalId(), n.owner().map(SalesforceId::value).orElse("-") + " " + new TreeMap<>(n.fields()));
    }
    return new Demo(report, written, sink);
  }

  /**
   * A Note sink in front of {@link InMemoryNotes} (whose methods are synchronized, so it never runs two calls at
   * once) that holds each write call back until a second call is in flight (or a while has passed), and records how
   * many calls were in flight at once, overall and per Matter/Intake. It can make every call carrying one record's
   * Notes fail with REQUEST_LIMIT_EXCEEDED.
   */
  private static final class WatchingSink implements NoteSink {
    private final InMemoryNotes to;
    private final int lookupSize;
    private final int batchSize;
    private final Map<SalesforceId, Integer> inFlightPerParent = new HashMap<>();
    private int inFlight;
    private int maxInFlight;
    private int maxInFlightPerParent;
    private int callsStarted;
    private int startedBeforeFailure = -1;
    private SalesforceId failing;
    private boolean hold = true;

    WatchingSink(InMemoryNotes to, int lookupSize, int batchSize) {
      this.to = to;
      this.lookupSize = lookupSize;
      this.batchSize = batchSize;
    }

    /** Lets every call through at once (a run with one lane has no second call to wait for). */
    WatchingSink noHold() {
      this.hold = false;
      return this;
    }

    WatchingSink failCallsWith(SalesforceId parent) {
      this.failing = parent;
      return this;
    }

    synchronized int maxInFlight() {
      return maxInFlight;
    }

    synchronized int maxInFlightPerParent() {
      return maxInFlightPerParent;
    }

    synchronized int callsStarted() {
      return callsStarted;
    }

    synchronized int callsStartedBeforeTheFailure() {
      return startedBeforeFailure;
    }

    private <T> T watched(Collection<SalesforceId> parents, java.util.function.Supplier<T> call) {
      Set<SalesforceId> distinct = Set.copyOf(parents);
      boolean fail;
      synchronized (this) {
        callsStarted++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        for (SalesforceId p : distinct) {
          int n = inFlightPerParent.merge(p, 1, Integer::sum);
          maxInFlightPerParent = Math.max(maxInFlightPerParent, n);
        }
        fail = failing != null && distinct.contains(failing);
        // hold the call until another one is in flight, so concurrent lanes really overlap here
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OVERLAP_WAIT_MILLIS);
        while (hold && inFlight < 2 && !fail) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        notifyAll();
        if (fail && startedBeforeFailure < 0) {
          startedBeforeFailure = callsStarted;
        }
      }
      try {
        if (fail) {
          throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.QUOTA_EXCEEDED,
              "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.");
        }
        return call.get();
      } finally {
        synchronized (this) {
          inFlight--;
          distinct.forEach(p -> inFlightPerParent.merge(p, -1, Integer::sum));
          notifyAll();
        }
      }
    }

    private static List<SalesforceId> parentsOf(List<NoteDraft> drafts) {
      return drafts.stream().map(NoteDraft::caseId).collect(Collectors.toList());
    }

    @Override
    public List<WriteOutcome> upsert(List<NoteDraft> notes) {
      return watched(parentsOf(notes), () -> to.upsert(notes));
    }

    @Override
    public List<WriteOutcome> create(List<NoteDraft> notes) {
      return watched(parentsOf(notes), () -> to.create(notes));
    }

    @Override
    public List<WriteOutcome> update(List<NoteUpdate> updates) {
      return watched(updates.stream().map(u -> u.draft().caseId()).toList(), () -> to.update(updates));
    }

    @Override
    public int maxBatchSize() {
      return batchSize;
    }

    @Override
    public int maxLookupSize() {
      return lookupSize;
    }

    @Override
    public boolean findsExisting() {
      return true;
    }

    @Override
    public Map<String, StoredNote> findExisting(List<String> externalIds) {
      return to.findExisting(externalIds);
    }

    @Override
    public void expect(Collection<MessageId> texts, Collection<MessageId> groupTexts) {
      to.expect(texts, groupTexts);
    }

    @Override
    public NoteBodyFormat bodyFormat() {
      return to.bodyFormat();
    }
  }

}
