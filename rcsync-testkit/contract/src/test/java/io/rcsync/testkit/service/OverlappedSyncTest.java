package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.sync.FetchHandoff;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3: a sync's Salesforce work runs on one worker thread while the calling thread reads the next pages
 * ({@code FetchHandoff}). The accounting must be the sequential run's, stops and failures must reach the reader, and
 * no thread may outlive a run.
 */
class OverlappedSyncTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(60));
  private static final ExtensionId A = ExtensionId.of("376557052");
  private static final ExtensionId B = ExtensionId.of("376557074");
  private static final ExtensionId C = ExtensionId.of("376557083");
  private static final SalesforceId USER_A = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId USER_B = SalesforceIds.idFor(SalesforceIds.USER, 2);
  private static final SalesforceId USER_C = SalesforceIds.idFor(SalesforceIds.USER, 3);
  /** Generous bound on a wait that only ends early when the code under test works; never a speed assertion. */
  private static final long WAIT_SECONDS = 60;

  private final LitifySchema schema = LitifySchema.defaults();
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls)
      .add(A.value(), "104", "Alyssia").add(B.value(), "107", "Kyle Haney").add(C.value(), "108", "Timmera");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(USER_A, USER_B, USER_C));
  private final InMemorySyncStateStore state = new InMemorySyncStateStore();
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(A).user(USER_A).build(),
      Rosters.member("Kyle Haney").extension(B).user(USER_B).build(),
      Rosters.member("Timmera").extension(C).user(USER_C).build());

  @AfterEach
  void noWorkerThreadOutlivesTheRun() {
    assertThat(workerThreads()).as("threads named " + FetchHandoff.THREAD_NAME + " still alive").isEmpty();
  }

  private static List<Thread> workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(FetchHandoff.THREAD_NAME) && t.isAlive()).toList();
  }

  /**
   * One write lane: these tests pace the reader by the writer's batches of {@code notes.lookupSize(200)} Notes, which
   * write lanes enlarge to lanes × 195 ({@code WriteLanesTest} covers lanes with overlap).
   */
  private SyncSettings settings(int chunkSize, int overlapPages) {
    return new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), chunkSize).withOverlapPages(overlapPages).withWriteLanes(1);
  }

  private SyncService service(MessageSource from, CaseDirectory lookups, int chunkSize) {
    return new SyncService(settings(chunkSize, 2), from, Optional.of(directory), lookups, notes, state, clock, calls);
  }

  private CaseRecord matter(String phone) {
    CaseRecord r = Cases.matter().phone(phone).createdAt("2025-01-01T00:00:00Z").build();
    cases.add(r);
    notes.knowCases(List.of(r));
    return r;
  }

  private SmsMessage text(ExtensionId ext, String from, Instant at) {
    SmsMessage m = Messages.inbound().extension(ext).from(from).text("text at " + at).at(at).build();
    source.add(m);
    return m;
  }

  private static ExtensionSummary row(RunReport report, ExtensionId ext) {
    return report.extensions().stream().filter(r -> r.extension().equals(ext.value())).findFirst().orElseThrow();
  }

  private static RunReport backfillOfTheDemoFirm(String wave, int chunkSize, int overlapPages, int pageSize) {
    DemoDataset data = DemoData.generate(2026, NOW);
    LitifySchema schema = LitifySchema.defaults();
    DemoBackends firm = DemoBackends.of(data, schema, MutableClock.at(NOW));
    InMemoryMessageSource paged = new InMemoryMessageSource(firm.apiCalls(), pageSize);
    data.messages().values().forEach(paged::addAll);
    SyncSettings settings = new SyncSettings(data.roster(), IntakerFilter.of("^(Intaker|New lead from Intaker)"),
        TopicMap.defaults(), schema, Duration.ofMinutes(30), chunkSize).withOverlapPages(overlapPages);
    SyncService service = new SyncService(settings, paged, Optional.of(firm.extensions()), firm.cases(),
        firm.notes(), firm.state(), firm.clock(), firm.apiCalls());
    return service.sync(SyncCommand.backfill(wave, DemoData.historyStart(NOW), null, false));
  }

  @Test
  void theOverlappedRunsReportEqualsTheSequentialRunsOnTheDemoFirm() {
    for (String wave : List.of(DemoData.WAVE1, DemoData.WAVE2)) {
      // small pages and chunks, so lookups and writes interleave with reading many times
      RunReport sequential = backfillOfTheDemoFirm(wave, 50, 0, 40);
      RunReport overlapped = backfillOfTheDemoFirm(wave, 50, 2, 40);

      assertThat(overlapped).isEqualTo(sequential);
      assertThat(overlapped.totals().balanced()).isTrue();
      assertThat(overlapped.totals().fetched()).isPositive();
      assertThat(overlapped.extensions()).allSatisfy(r -> assertThat(r.counts().balanced()).isTrue());
    }
  }

  @Test
  void theOverlappedRunsReportEqualsTheSequentialRunsWithMalformedRecordsFailedFetchesAndFailedWrites() {
    RunReport[] reports = new RunReport[2];
    List<java.util.Map<ExtensionId, Instant>> marks = new java.util.ArrayList<>();
    Instant t = NOW.minus(Duration.ofDays(2));
    List<SmsMessage> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      texts.add(Messages.inbound().extension(i % 2 == 0 ? A : C).from(i % 5 == 0 ? "22395" : "+15028138901")
          .text(i % 11 == 0 ? "Intaker: lead" : "text " + i).at(t.plusSeconds(i)).build());
    }
    SmsMessage broken = Messages.inbound().extension(C).from("+15028138901").text("broken").at(t.plusSeconds(200))
        .build();
    texts.add(broken);
    for (int mode = 0; mode < 2; mode++) {
      InMemoryMessageSource pages = new InMemoryMessageSource(new ApiCalls(), 7);
      InMemoryCaseDirectory lookups = new InMemoryCaseDirectory(schema, new ApiCalls());
      InMemoryNotes sink = new InMemoryNotes(schema, clock, new ApiCalls()).knowUsers(List.of(USER_A, USER_B, USER_C));
      CaseRecord m = Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z").build();
      lookups.add(m);
      sink.knowCases(List.of(m));
      pages.addAll(texts);
      pages.addMalformed(new MalformedMessage("999", A, "no creationTime"), t.plusSeconds(100));
      pages.failFetchesOf(B, ExternalSystemException.Kind.REJECTED);
      sink.failRecord(broken.id().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");
      InMemorySyncStateStore saved = new InMemorySyncStateStore();
      SyncService service = new SyncService(settings(9, mode), pages, Optional.of(directory), lookups, sink, saved,
          clock, new ApiCalls());
      reports[mode] = service.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));
      marks.add(saved.all());
    }

    assertThat(reports[1]).isEqualTo(reports[0]);
    assertThat(marks.get(1)).as("watermarks saved").isEqualTo(marks.get(0)).doesNotContainKey(B)
        .containsKey(A).containsKey(C);
    assertThat(reports[1].totals().balanced()).isTrue();
    assertThat(reports[1].totals().failed()).isEqualTo(2); // the malformed record and the refused write
    assertThat(row(reports[1], B).error()).hasValueSatisfying(e -> assertThat(e).contains("fetch stopped after 0"));
  }

  @Test
  void aWriteThatFailsWhileTheNextExtensionIsReadHoldsOnlyItsExtensionsWatermark() {
    matter("(502) 813-8901");
    Instant t = NOW.minus(Duration.ofDays(1));
    SmsMessage broken = null;
    for (int i = 0; i < 250; i++) {
      SmsMessage m = text(A, "+15028138901", t.plusSeconds(i));
      if (i == 200) { // in the first batch: the fetch delivers the newest first
        broken = m;
      }
    }
    notes.lookupSize(200).failRecord(broken.id().externalId(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");
    SmsMessage kyles = text(B, "+15028138901", t.plusSeconds(5));
    // B's texts are delivered only once A's first batch (200 Notes, the failing one among them) has been written:
    // possible only when the writing runs beside the reading
    AtomicBoolean sawWrite = new AtomicBoolean();
    MessageSource gated = new Forwarding(source) {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        if (extension.equals(B)) {
          sawWrite.set(waitFor(() -> notes.size() >= 199)); // the first batch: 200 Notes, one refused
        }
        super.fetch(extension, window, pages);
      }
    };

    RunReport report = service(gated, cases, 200).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(sawWrite).as("A's batch was written while B was being read").isTrue();
    assertThat(report.totals().failed()).isEqualTo(1);
    assertThat(report.totals().created()).isEqualTo(250);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(notes.forMessage(kyles.id())).isPresent();
    assertThat(state.all()).containsEntry(A, broken.creationTime()).containsEntry(B, NOW).containsEntry(C, NOW);
  }

  @Test
  void aQuotaStopOnTheWorkerWakesTheReaderInARateLimitPauseAndCountsWhatItFetched() {
    matter("(502) 813-8901");
    Instant t = NOW.minus(Duration.ofDays(1));
    for (int i = 0; i < 250; i++) {
      text(A, "+15028138901", t.plusSeconds(i));
    }
    text(C, "+15028138901", t);
    notes.lookupSize(200).failAfterCalls(0); // the first Salesforce call answers REQUEST_LIMIT_EXCEEDED
    CountDownLatch readerPausing = new CountDownLatch(1);
    AtomicBoolean woken = new AtomicBoolean();
    AtomicBoolean waitedOut = new AtomicBoolean();
    // B's read sits in a (simulated) rate-limit pause: it ends only when the thread is interrupted
    MessageSource pausing = new Forwarding(source) {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        if (!extension.equals(B)) {
          super.fetch(extension, window, pages);
          return;
        }
        pages.accept(Page.of(List.of(Messages.inbound().extension(B).from("+15028138901").at(t).build())));
        readerPausing.countDown();
        try {
          Thread.sleep(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
          waitedOut.set(true);
        } catch (InterruptedException e) {
          woken.set(true);
          throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
              "message-store: interrupted while waiting to retry", e);
        }
      }
    };
    // the worker's first lookup waits until the reader is in B's pause, so the stop finds it there
    CaseDirectory afterTheReaderPauses = numbers -> {
      await(readerPausing);
      return cases.findByPhones(numbers);
    };

    RunReport report = service(pausing, afterTheReaderPauses, 200)
        .sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(woken).as("the stop interrupted the reader's pause").isTrue();
    assertThat(waitedOut).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).as("the caller is not left interrupted").isFalse();
    assertThat(report.aborted()).hasValueSatisfying(why -> assertThat(why).contains("REQUEST_LIMIT_EXCEEDED"));
    assertThat(row(report, A).counts().fetched()).isEqualTo(250);
    assertThat(row(report, B).counts().fetched()).as("B's page, fetched before the stop was seen").isEqualTo(1);
    assertThat(row(report, B).error()).isEmpty();
    assertThat(row(report, C).counts().fetched()).isZero();
    assertThat(row(report, C).error()).hasValueSatisfying(e -> assertThat(e).contains("not read"));
    assertThat(report.totals().failed()).isEqualTo(251);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(source.requests()).extracting(r -> r.extension()).containsExactly(A);
    assertThat(state.all()).isEmpty();
  }

  @Test
  void anExceptionOnTheWorkerSurfacesToTheCallerAndStopsTheReading() {
    matter("(502) 813-8901");
    Instant t = NOW.minus(Duration.ofDays(1));
    for (int i = 0; i < 250; i++) {
      text(A, "+15028138901", t.plusSeconds(i));
    }
    text(B, "+15028138901", t);
    text(C, "+15028138901", t);
    IllegalStateException bug = new IllegalStateException("a bug in a lookup");
    CaseDirectory broken = numbers -> {
      throw bug;
    };

    assertThatThrownBy(() -> service(source, broken, 200).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false)))
        .isSameAs(bug);
    assertThat(state.all()).as("nothing saved").isEmpty();
    assertThat(notes.size()).isZero();
  }

  @Test
  void anExceptionOnTheReaderEndsTheWorkerToo() {
    matter("(502) 813-8901");
    text(A, "+15028138901", NOW.minus(Duration.ofDays(1)));
    IllegalArgumentException bug = new IllegalArgumentException("a bug in the source");
    MessageSource failing = new Forwarding(source) {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        if (extension.equals(B)) {
          throw bug;
        }
        super.fetch(extension, window, pages);
      }
    };

    assertThatThrownBy(() -> service(failing, cases, 200).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false)))
        .isSameAs(bug);
    assertThat(state.all()).isEmpty();
  }

  @Test
  void theOverlapSettingTurnsTheWorkerOff() {
    matter("(502) 813-8901");
    text(A, "+15028138901", NOW.minus(Duration.ofDays(1)));
    AtomicBoolean onCaller = new AtomicBoolean();
    Thread caller = Thread.currentThread();
    CaseDirectory where = numbers -> {
      onCaller.set(Thread.currentThread() == caller);
      return cases.findByPhones(numbers);
    };
    SyncService sequential = new SyncService(settings(200, 0), source, Optional.of(directory), where, notes, state,
        clock, calls);

    RunReport report = sequential.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(onCaller).as("lookups on the calling thread").isTrue();
    assertThat(report.totals().created()).isEqualTo(1);
    assertThat(settings(200, 0).overlap()).isFalse();
    assertThat(settings(200, FetchHandoff.DEFAULT_AHEAD_PAGES).overlap()).isTrue();
  }

  /** Records, at every progress call, whether the calling thread had an interrupt pending (where the CLI writes). */
  private static final class InterruptRecordingProgress implements io.rcsync.core.port.in.ProgressListener {
    final List<String> pendingAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread reader;

    InterruptRecordingProgress(Thread reader) {
      this.reader = reader;
    }

    private void check(String where) {
      if (Thread.currentThread() == reader) {
        calls.incrementAndGet();
        if (Thread.currentThread().isInterrupted()) {
          pendingAt.add(where);
        }
      }
    }

    @Override
    public void extensionStarted(ExtensionId extension, String staffName) {
      check("extensionStarted " + extension.value());
    }

    @Override
    public void messagesFetched(ExtensionId extension, int count) {
      check("messagesFetched " + extension.value());
    }

    @Override
    public void extensionFinished(ExtensionId extension) {
      check("extensionFinished " + extension.value());
    }
  }

  /** 50 texts of A from the matter's number, served 10 a page; one text each for B and C. */
  private InMemoryMessageSource pagedTexts() {
    matter("(502) 813-8901");
    InMemoryMessageSource paged = new InMemoryMessageSource(calls, 10);
    Instant t = NOW.minus(Duration.ofDays(1));
    for (int i = 0; i < 50; i++) {
      paged.add(Messages.inbound().extension(A).from("+15028138901").text("text " + i).at(t.plusSeconds(i)).build());
    }
    paged.add(Messages.inbound().extension(B).from("+15028138901").text("kyle").at(t).build());
    paged.add(Messages.inbound().extension(C).from("+15028138901").text("timmera").at(t).build());
    return paged;
  }

  @Test
  void aStopThatInterruptsTheReaderWhileItParsesAPageNeverLeavesTheInterruptPendingAtAProgressCall() {
    InMemoryMessageSource paged = pagedTexts();
    IllegalStateException bug = new IllegalStateException("a bug in a lookup");
    CountDownLatch parsing = new CountDownLatch(1);
    CaseDirectory broken = numbers -> {
      await(parsing);
      throw bug;
    };
    AtomicBoolean interruptedByTheStop = new AtomicBoolean();
    // after page 1, A's read "parses" page 2 (CPU work, which consumes no interrupt) until the worker's failure has
    // interrupted it, then hands page 2 over without blocking
    MessageSource parsingSlowly = new Forwarding(paged) {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        super.fetch(extension, window, page -> {
          if (extension.equals(A) && n.incrementAndGet() == 2) {
            parsing.countDown();
            interruptedByTheStop.set(spinUntil(() -> Thread.currentThread().isInterrupted()));
          }
          pages.accept(page);
        });
      }
    };
    InterruptRecordingProgress progress = new InterruptRecordingProgress(Thread.currentThread());
    notes.lookupSize(10);

    assertThatThrownBy(() -> service(parsingSlowly, broken, 10).sync(
        SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false).withProgress(progress))).isSameAs(bug);

    assertThat(interruptedByTheStop).as("the worker's failure interrupted the reader mid-page").isTrue();
    assertThat(progress.calls).as("progress calls on the reader").hasValueGreaterThanOrEqualTo(3);
    assertThat(progress.pendingAt).as("progress calls made with an interrupt pending").isEmpty();
    assertThat(Thread.interrupted()).as("the caller is not left interrupted by the stop").isFalse();
    assertThat(state.all()).isEmpty();
  }

  @Test
  void interruptingTheCallerWhileItReadsStopsTheRunBeforeTheWorkersNextSalesforceCall() {
    InMemoryMessageSource paged = pagedTexts();
    CountDownLatch lookingUp = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong salesforceCallsAtRelease = new java.util.concurrent.atomic.AtomicLong(-1);
    // the worker's first lookup (page 1's) is in flight until the caller has been interrupted
    CaseDirectory slowFirstLookup = numbers -> {
      if (!first.getAndSet(false)) {
        return cases.findByPhones(numbers);
      }
      lookingUp.countDown();
      await(release);
      List<CaseRecord> found = cases.findByPhones(numbers);
      salesforceCallsAtRelease.set(calls.count(ApiCalls.SALESFORCE));
      return found;
    };
    // serve's shutdownNow() interrupts the sync's thread while it handles A's page 2
    MessageSource interrupted = new Forwarding(paged) {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        super.fetch(extension, window, page -> {
          if (extension.equals(A) && n.incrementAndGet() == 2) {
            await(lookingUp);
            Thread.currentThread().interrupt();
            try {
              pages.accept(page);
            } finally {
              release.countDown();
            }
          } else {
            pages.accept(page);
          }
        });
      }
    };
    InterruptRecordingProgress progress = new InterruptRecordingProgress(Thread.currentThread());
    notes.lookupSize(10);

    RunReport report = service(interrupted, slowFirstLookup, 10)
        .sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false).withProgress(progress));

    assertThat(Thread.interrupted()).as("the interrupt status is restored for the caller").isTrue();
    assertThat(report.aborted()).hasValue(FetchHandoff.INTERRUPTED);
    assertThat(calls.count(ApiCalls.SALESFORCE)).as("Salesforce calls after the interrupt was seen")
        .isEqualTo(salesforceCallsAtRelease.get());
    assertThat(notes.size()).isZero();
    assertThat(row(report, A).counts().fetched()).as("pages 1 and 2, read before the interrupt was seen")
        .isEqualTo(20);
    assertThat(row(report, A).counts().failed()).isEqualTo(20);
    assertThat(report.failures()).allSatisfy(f -> assertThat(f.reason()).contains("not processed"));
    assertThat(row(report, B).error()).hasValueSatisfying(e -> assertThat(e).contains("not read"));
    assertThat(row(report, C).error()).hasValueSatisfying(e -> assertThat(e).contains("not read"));
    assertThat(paged.requests()).extracting(r -> r.extension()).containsExactly(A);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(state.all()).as("watermarks held").isEmpty();
    assertThat(progress.pendingAt).as("progress calls made with an interrupt pending").isEmpty();
  }

  @Test
  void interruptingTheCallerWithPagesQueuedForTheWorkerCountsThemNotProcessedWithoutFurtherSalesforceCalls()
      throws InterruptedException {
    InMemoryMessageSource paged = pagedTexts();
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicBoolean interruptSent = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong salesforceCallsAtRelease = new java.util.concurrent.atomic.AtomicLong(-1);
    AtomicReference<Thread> caller = new AtomicReference<>();
    // the worker's first lookup is in flight until every extension is read and the interrupted caller waits in the
    // drain (the only place it waits once the interrupt is sent: the queue has room for every page)
    CountDownLatch lookingUp = new CountDownLatch(1);
    CaseDirectory slowFirstLookup = numbers -> {
      if (first.getAndSet(false)) {
        lookingUp.countDown();
        waitFor(() -> interruptSent.get() && caller.get().getState() == Thread.State.WAITING);
      }
      List<CaseRecord> found = cases.findByPhones(numbers);
      salesforceCallsAtRelease.compareAndSet(-1, calls.count(ApiCalls.SALESFORCE));
      return found;
    };
    // the interrupt (serve's shutdownNow()) arrives after the last extension is read, before the caller drains
    io.rcsync.core.port.in.ProgressListener interruptAtTheEnd = new io.rcsync.core.port.in.ProgressListener() {
      @Override
      public void extensionFinished(ExtensionId extension) {
        if (extension.equals(C)) {
          await(lookingUp); // page 1's lookup is in flight; the other pages are queued behind it
          Thread.currentThread().interrupt();
          interruptSent.set(true);
        }
      }
    };
    notes.lookupSize(10);
    SyncService service = new SyncService(settings(10, 20), paged, Optional.of(directory), slowFirstLookup, notes,
        state, clock, calls);
    AtomicReference<RunReport> report = new AtomicReference<>();
    AtomicBoolean restored = new AtomicBoolean();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread sync = new Thread(() -> {
      try {
        report.set(service.sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false).withProgress(interruptAtTheEnd)));
        restored.set(Thread.currentThread().isInterrupted());
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "sync");
    caller.set(sync);

    sync.start();
    sync.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertThat(sync.isAlive()).isFalse();
    assertThat(thrown.get()).isNull();
    RunReport r = report.get();
    assertThat(r.aborted()).hasValue(FetchHandoff.INTERRUPTED);
    assertThat(calls.count(ApiCalls.SALESFORCE)).as("Salesforce calls after the interrupt was seen")
        .isEqualTo(salesforceCallsAtRelease.get());
    assertThat(paged.requests()).extracting(q -> q.extension()).containsExactly(A, B, C);
    assertThat(r.totals().fetched()).as("every text read").isEqualTo(52);
    assertThat(r.totals().failed()).as("all of them not processed").isEqualTo(52);
    assertThat(r.failures()).allSatisfy(f -> assertThat(f.reason()).contains("not processed")
        .contains(FetchHandoff.INTERRUPTED));
    assertThat(r.totals().balanced()).isTrue();
    assertThat(r.extensions()).allSatisfy(row -> assertThat(row.counts().balanced()).isTrue());
    assertThat(notes.size()).isZero();
    assertThat(state.all()).as("watermarks held").isEmpty();
    assertThat(restored).as("the interrupt status is restored for the caller").isTrue();
  }

  @Test
  void interruptingTheCallerInARateLimitPauseStopsTheRunInsteadOfFailingTheExtension() {
    InMemoryMessageSource paged = pagedTexts();
    // A's read sits in a (simulated) rate-limit pause after page 1 when serve's shutdownNow() interrupts the thread:
    // the adapter ends the request as a failed call and keeps the interrupt set, as HttpTransport does
    MessageSource pausing = new Forwarding(paged) {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        super.fetch(extension, window, page -> {
          if (extension.equals(A) && n.incrementAndGet() == 2) {
            Thread.currentThread().interrupt();
            throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
                "message-store: interrupted while waiting to retry");
          }
          pages.accept(page);
        });
      }
    };
    notes.lookupSize(10);

    RunReport report = service(pausing, cases, 10).sync(SyncCommand.backfill(Rosters.WAVE1, SINCE, null, false));

    assertThat(Thread.interrupted()).as("the interrupt status is restored for the caller").isTrue();
    assertThat(report.aborted()).hasValue(FetchHandoff.INTERRUPTED);
    assertThat(row(report, A).error()).as("not a fetch failure of A").isEmpty();
    assertThat(row(report, A).counts().fetched()).isEqualTo(10);
    assertThat(row(report, B).error()).hasValueSatisfying(e -> assertThat(e).contains("not read"));
    assertThat(paged.requests()).extracting(r -> r.extension()).containsExactly(A);
    assertThat(report.totals().balanced()).isTrue();
    assertThat(state.all()).as("watermarks held").isEmpty();
  }

  /** As {@link #waitFor} without sleeping, so it consumes no interrupt of the polling thread. */
  private static boolean spinUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the reader never reached the pause");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A message source that forwards to another; tests override what they need. */
  private static class Forwarding implements MessageSource {
    private final MessageSource to;

    Forwarding(MessageSource to) {
      this.to = to;
    }

    @Override
    public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
      to.fetch(extension, window, pages);
    }

    @Override
    public boolean supportsMessageSync() {
      return to.supportsMessageSync();
    }

    @Override
    public MessageSyncCheckpoint messageSync(ExtensionId extension, MessageSyncRequest request, Consumer<Page> pages) {
      return to.messageSync(extension, request, pages);
    }
  }
}
