package io.rcsync.testkit.service.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PushEvent;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.IngestMessagesUseCase;
import io.rcsync.core.port.in.PushHealth;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMessagesUseCase;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.PushSubscriptions.Status;
import io.rcsync.core.port.out.PushSubscriptions.Subscription;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.push.PushService;
import io.rcsync.core.service.push.PushSettings;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.InMemoryPushSubscriptions;
import io.rcsync.testkit.fake.InMemorySyncStateStore;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PushServiceTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final ExtensionId ALYSSIA_EXT = ExtensionId.of("376557052");
  private static final ExtensionId KYLE_EXT = ExtensionId.of("376557074");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 2);
  private static final URI ADDRESS = URI.create("https://rcsync.example.com/ringcentral/webhook");
  private static final String CLIENT = "+15028138901";

  private final LitifySchema schema = LitifySchema.defaults();
  private final MutableClock clock = MutableClock.at(NOW);
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls);
  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls)
      .add(ALYSSIA_EXT.value(), "104", "Alyssia").add(KYLE_EXT.value(), "107", "Kyle Haney");
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, calls);
  private final InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowUsers(List.of(ALYSSIA, KYLE));
  private final InMemorySyncStateStore state = new InMemorySyncStateStore();
  private final InMemoryPushSubscriptions subscriptions = new InMemoryPushSubscriptions(clock, calls);
  private final Roster roster = Rosters.singleWave(
      Rosters.member("Alyssia").extension(ALYSSIA_EXT).extensionNumber("104").user(ALYSSIA).build(),
      Rosters.member("Kyle Haney").extension(KYLE_EXT).extensionNumber("107").user(KYLE).build());
  private final ManualTimers timers = new ManualTimers(clock);
  private final ManualWorker worker = new ManualWorker();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final RcSync rcsync;
  private final CountingUseCases useCases;
  private final PushSettings settings = PushSettings.of(Rosters.WAVE1, Set.of(ALYSSIA_EXT, KYLE_EXT), ADDRESS,
      Duration.ofMinutes(5));

  PushServiceTest() {
    CaseRecord matter = Cases.matter().phone("(502) 813-8901").createdAt("2025-01-01T00:00:00Z").build();
    cases.add(matter);
    notes.knowCases(List.of(matter));
    rcsync = RcSync.builder()
        .settings(new SyncSettings(roster, IntakerFilter.of("^(Intaker|New lead from Intaker)"), TopicMap.defaults(),
            schema, Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE))
        .messageSource(source).extensionDirectory(directory).caseDirectory(cases).notes(notes).stateStore(state)
        .clock(clock).apiCalls(calls).build();
    useCases = new CountingUseCases(rcsync, clock);
  }

  /** Counts and records every call the push service makes into core. */
  static final class CountingUseCases implements SyncMessagesUseCase, IngestMessagesUseCase {
    final RcSync delegate;
    final java.time.Clock clock;
    final List<SyncCommand> syncs = new CopyOnWriteArrayList<>();
    final List<Integer> ingests = new CopyOnWriteArrayList<>();
    /** Each ingest's texts, and the clock when it ran (the tests run the worker right after each step). */
    final List<List<SmsMessage>> batches = new CopyOnWriteArrayList<>();
    final List<Instant> ingestedAt = new CopyOnWriteArrayList<>();
    Runnable duringSync = () -> {};

    CountingUseCases(RcSync delegate, java.time.Clock clock) {
      this.delegate = delegate;
      this.clock = clock;
    }

    @Override
    public RunReport sync(SyncCommand command) {
      syncs.add(command);
      duringSync.run();
      return delegate.sync(command);
    }

    @Override
    public RunReport ingest(List<SmsMessage> messages, boolean dryRun) {
      ingests.add(messages.size());
      batches.add(List.copyOf(messages));
      ingestedAt.add(clock.instant());
      return delegate.ingest(messages, dryRun);
    }
  }

  private PushService service(PushSettings s) {
    return new PushService(s, useCases, useCases, subscriptions, clock, timers, worker, log::add);
  }

  private PushService started() {
    PushService push = service(settings);
    push.start();
    timers.runDue();
    worker.runAll();
    useCases.syncs.clear();
    return push;
  }

  private SmsMessage inbound(int i) {
    SmsMessage m = Messages.inbound().extension(i % 2 == 0 ? ALYSSIA_EXT : KYLE_EXT).from(CLIENT)
        .text("pushed text " + i).at(NOW.minusSeconds(60).plusMillis(i)).build();
    source.add(m);
    return m;
  }

  private static PushEvent.InstantMessage instant(SmsMessage m) {
    return new PushEvent.InstantMessage("sub-1", m);
  }

  // ---- batching ----

  @Test
  void aBurstOfAThousandInstantTextsIsWrittenInFiveIngestRunsAndAboutFiveUpserts() {
    PushService push = started();
    int upsertsBefore = notes.upsertCalls();
    for (int i = 0; i < 1000; i++) {
      assertThat(push.accept(instant(inbound(i)))).isTrue();
    }
    timers.advance(Duration.ofMillis(200));
    worker.runAll();

    assertThat(useCases.ingests).hasSizeLessThanOrEqualTo(5).containsOnly(200);
    assertThat(notes.upsertCalls() - upsertsBefore).isLessThanOrEqualTo(5);
    assertThat(notes.rcsyncNotes()).hasSize(1000);
    assertThat(push.health().messagesIngested()).isEqualTo(1000);
    assertThat(push.health().instantMessages()).isEqualTo(1000);
    assertThat(log.stream().filter(l -> l.startsWith("push: batch of 200 pushed text(s): created 200"))).hasSize(5);
  }

  @Test
  void aFewTextsWaitTheLingerThenGoInOneBatch() {
    PushService push = started();
    for (int i = 0; i < 3; i++) {
      push.accept(instant(inbound(i)));
    }
    timers.advance(Duration.ofMillis(199));
    worker.runAll();
    assertThat(useCases.ingests).isEmpty();
    assertThat(push.health().queueDepth()).isEqualTo(3);

    timers.advance(Duration.ofMillis(1));
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(3);
    assertThat(notes.rcsyncNotes()).hasSize(3);
    assertThat(push.health().queueDepth()).isZero();
  }

  // ---- the linger stretches while a batch fills fast ----

  /** A started service on {@code s}, its start-up work done and the counters cleared. */
  private PushService started(PushSettings s) {
    PushService push = service(s);
    push.start();
    timers.runDue();
    worker.runAll();
    useCases.syncs.clear();
    useCases.ingests.clear();
    useCases.batches.clear();
    useCases.ingestedAt.clear();
    return push;
  }

  /**
   * Texts {@code first} to {@code first + n - 1}, one every {@code gap} (moving the clock after each and running the
   * worker, so every ingest is stamped with the moment its batch left); returns when each text was accepted.
   */
  private java.util.Map<String, Instant> deliver(PushService push, int first, int n, Duration gap) {
    java.util.Map<String, Instant> acceptedAt = new java.util.HashMap<>();
    for (int i = first; i < first + n; i++) {
      SmsMessage m = inbound(i);
      acceptedAt.put(m.id().value(), clock.instant());
      assertThat(push.accept(instant(m))).isTrue();
      worker.runAll();
      timers.advance(gap);
      worker.runAll();
    }
    return acceptedAt;
  }

  /** The longest any text waited between being accepted and its batch leaving. */
  private Duration longestWait(java.util.Map<String, Instant> acceptedAt) {
    Duration most = Duration.ZERO;
    for (int b = 0; b < useCases.batches.size(); b++) {
      for (SmsMessage m : useCases.batches.get(b)) {
        Duration waited = Duration.between(acceptedAt.get(m.id().value()), useCases.ingestedAt.get(b));
        most = waited.compareTo(most) > 0 ? waited : most;
      }
    }
    return most;
  }

  @Test
  void aBurstDeliveredOneTextEveryTwoMillisecondsFillsWholeBatchesOfTwoHundred() {
    // ~100 texts per 200 ms linger, the rate of the simulator's one-by-one webhook deliveries (docs/benchmarks.md)
    PushService push = started(settings);
    int upsertsBefore = notes.upsertCalls();
    deliver(push, 0, 1000, Duration.ofMillis(2));
    timers.advance(PushSettings.DEFAULT_MAX_LINGER);
    worker.runAll();

    assertThat(useCases.ingests).containsExactly(200, 200, 200, 200, 200);
    assertThat(notes.upsertCalls() - upsertsBefore).isEqualTo(5);
    assertThat(notes.rcsyncNotes()).hasSize(1000);
    // each batch waited one linger, saw 100 texts join (at least a quarter of 200), stretched once and filled up
    assertThat(useCases.ingestedAt).containsExactly(NOW.plusMillis(398), NOW.plusMillis(798), NOW.plusMillis(1198),
        NOW.plusMillis(1598), NOW.plusMillis(1998));
  }

  @Test
  void withoutStretchingTheSameBurstLeavesInHalfFullBatchesAtEveryLinger() {
    PushService push = started(settings.withMaxLinger(PushSettings.DEFAULT_LINGER));
    deliver(push, 0, 1000, Duration.ofMillis(2));
    timers.advance(PushSettings.DEFAULT_LINGER);
    worker.runAll();
    assertThat(useCases.ingests).hasSize(10).containsOnly(100);
  }

  @Test
  void aTrickleOfAFewTextsPerLingerIsStillWrittenAtTheLinger() {
    PushService push = started(settings);
    java.util.Map<String, Instant> acceptedAt = deliver(push, 0, 20, Duration.ofMillis(50)); // 20 a second
    timers.advance(PushSettings.DEFAULT_LINGER);
    worker.runAll();

    assertThat(useCases.ingests).containsExactly(4, 4, 4, 4, 4);
    assertThat(useCases.ingestedAt).containsExactly(NOW.plusMillis(200), NOW.plusMillis(400), NOW.plusMillis(600),
        NOW.plusMillis(800), NOW.plusMillis(1000));
    assertThat(longestWait(acceptedAt)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aBatchThatKeepsFillingFastIsWrittenAtMaxLingerEvenWhenNotFull() {
    // 400 texts a batch, a quarter is 100: 100 join each 200 ms linger, so it stretches twice, the second cut to 100 ms
    PushService push = started(settings.withLinger(Duration.ofMillis(200), 400).withMaxLinger(Duration.ofMillis(500)));
    deliver(push, 0, 249, Duration.ofMillis(2)); // texts at 0..496 ms; the clock is at 498 ms
    timers.advance(Duration.ofMillis(1)); // 499 ms
    worker.runAll();
    assertThat(useCases.ingests).isEmpty();

    push.accept(instant(inbound(249)));
    timers.advance(Duration.ofMillis(1)); // 500 ms: maxLinger after the first text
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(250);
    assertThat(useCases.ingestedAt).containsExactly(NOW.plusMillis(500));
  }

  @Test
  void noTextEverWaitsLongerThanMaxLingerWhateverTheArrivalPattern() {
    Duration maxLinger = Duration.ofMillis(700);
    PushService push = started(settings.withLinger(Duration.ofMillis(200), 300).withMaxLinger(maxLinger));
    java.util.Map<String, Instant> acceptedAt = new java.util.HashMap<>();
    java.util.Random random = new java.util.Random(11);
    int next = 0;
    for (int round = 0; round < 40; round++) {
      // spells of 1-3 ms gaps (fast), 20-60 ms gaps (a trickle) and pauses, in a seeded order
      int kind = random.nextInt(3);
      int n = 20 + random.nextInt(150);
      for (int i = 0; i < n; i++) {
        long gap = kind == 0 ? 1 + random.nextInt(3) : kind == 1 ? 20 + random.nextInt(40) : 0;
        acceptedAt.putAll(deliver(push, next++, 1, Duration.ofMillis(gap)));
      }
      timers.advance(Duration.ofMillis(random.nextInt(300)));
      worker.runAll();
    }
    timers.advance(maxLinger);
    worker.runAll();

    assertThat(useCases.batches.stream().mapToInt(List::size).sum()).isEqualTo(next);
    assertThat(useCases.ingests).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(300));
    assertThat(longestWait(acceptedAt)).isLessThanOrEqualTo(maxLinger);
    assertThat(useCases.ingests).as("some batches filled up").contains(300);
  }

  @Test
  void aStaleTimerOfAStretchedBatchFiringInsideTheNextBatchsLingerIsIgnored() {
    PushService push = started(settings);
    timers.cancelsComeTooLate();
    deliver(push, 0, 199, Duration.ofMillis(2)); // texts at 0..396 ms, stretched at 200 ms; the clock is at 398 ms
    push.accept(instant(inbound(199))); // 398 ms: the 200th fills the batch; its stretch timer (400 ms) still fires
    worker.runAll();
    timers.advance(Duration.ofMillis(1));
    push.accept(instant(inbound(200))); // 399 ms: the next batch, its linger ends at 599 ms
    timers.advance(Duration.ofMillis(2)); // 401 ms: the stale timer fired at 400 ms
    worker.runAll();
    assertThat(useCases.ingests).as("the next batch's text waited only 2 ms").containsExactly(200);
    timers.advance(Duration.ofMillis(197)); // 598 ms
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(200);
    timers.advance(Duration.ofMillis(1)); // 599 ms
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(200, 1);
  }

  @Test
  void settingsRefuseAMaxLingerShorterThanTheLinger() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.withMaxLinger(Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLinger (100 ms) must be at least linger (200 ms)");
    assertThat(settings.withLinger(Duration.ofSeconds(2), 200).maxLinger()).isEqualTo(Duration.ofSeconds(2));
  }

  // ---- store changes ----

  @Test
  void aLingerTimerThatFiresAfterItsBatchFilledUpDoesNotCutTheNextBatchShort() {
    // stretching off: with batches of 3, a single text joining during the linger would stretch it
    PushService push = service(settings.withLinger(Duration.ofMillis(200), 3).withMaxLinger(Duration.ofMillis(200)));
    push.start();
    timers.runDue();
    worker.runAll();
    useCases.ingests.clear();
    timers.cancelsComeTooLate();
    for (int i = 0; i < 3; i++) {
      push.accept(instant(inbound(i))); // the third fills the batch: it leaves at once, its timer is cancelled
    }
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(3);
    timers.advance(Duration.ofMillis(150));
    push.accept(instant(inbound(3))); // the next batch starts: its linger ends at 350 ms
    timers.advance(Duration.ofMillis(60)); // 210 ms: the first batch's timer fires anyway
    worker.runAll();
    assertThat(useCases.ingests).as("the text of the next batch waited only 60 ms").containsExactly(3);
    push.accept(instant(inbound(4)));
    timers.advance(Duration.ofMillis(140)); // 350 ms
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(3, 2);
  }

  @Test
  void aSlowSubscriptionCheckDoesNotHoldBackPushedTexts() throws Exception {
    CountDownLatch ringCentralAnswers = new CountDownLatch(1);
    io.rcsync.core.port.out.PushSubscriptions slow = new DelegatingSubscriptions(subscriptions) {
      @Override
      public List<Subscription> list() {
        try {
          ringCentralAnswers.await(); // RingCentral is slow (a rate-limit pause, a retry)
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.list();
      }
    };
    PushService push = PushService.withThreads(settings.withLinger(Duration.ofMillis(20), 200), rcsync, rcsync, slow,
        clock, log::add);
    try {
      push.start();
      SmsMessage m = inbound(1);
      push.accept(instant(m));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (notes.forMessage(m.id()).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(notes.forMessage(m.id())).as("written while the subscription check still waits").isPresent();
    } finally {
      ringCentralAnswers.countDown();
      push.drain();
    }
  }

  private static final Duration DELAY = PushSettings.DEFAULT_STORE_CHANGE_DELAY;

  /** The store change RingCentral sends for new records {@code ids} of an extension, naming them. */
  private static PushEvent.MessageStoreChanged created(ExtensionId extension, SmsMessage... ids) {
    return new PushEvent.MessageStoreChanged("sub-1", extension, ids.length, 0,
        java.util.Arrays.stream(ids).map(SmsMessage::id).toList());
  }

  private static PushEvent.MessageStoreChanged updated(ExtensionId extension) {
    return new PushEvent.MessageStoreChanged("sub-1", extension, 0, 1, List.of());
  }

  @Test
  void manyStoreChangesForOneExtensionHeldForTheDelayCostOneSyncOfThatExtension() {
    PushService push = started();
    for (int i = 0; i < 10; i++) {
      push.accept(updated(ALYSSIA_EXT));
    }
    worker.runAll();
    assertThat(useCases.syncs).as("held for the delay").isEmpty();

    timers.advance(DELAY);
    worker.runAll();
    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.of(ALYSSIA_EXT));
    assertThat(useCases.syncs).allSatisfy(c -> assertThat(c.mode()).isEqualTo(io.rcsync.core.port.in.SyncMode.INCREMENTAL));
    assertThat(push.health().syncsCoalesced()).isEqualTo(9);
  }

  @Test
  void storeChangesOfEveryExtensionOfTheWaveWithinOneDelayCostOneSyncOfTheWave() {
    PushService push = started();
    for (int i = 0; i < 10; i++) {
      push.accept(updated(ALYSSIA_EXT));
    }
    push.accept(updated(KYLE_EXT));
    timers.advance(DELAY);
    worker.runAll();

    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.empty());
    assertThat(push.health().syncsCoalesced()).isEqualTo(10);
  }

  @Test
  void theStoreChangeThatFollowsAnInstantTextAndNamesItCostsNoSync() {
    PushService push = started();
    SmsMessage in = inbound(0);
    push.accept(instant(in));
    push.accept(created(in.extension(), in)); // RingCentral's store event for the same new record
    timers.advance(DELAY);
    worker.runAll();

    assertThat(useCases.syncs).isEmpty();
    assertThat(useCases.ingests).containsExactly(1);
    assertThat(notes.forMessage(in.id())).isPresent();
    assertThat(push.health().syncsCoalesced()).isEqualTo(1);

    // once its batch is written the text still covers a store change naming it (RingCentral may be slow)
    push.accept(created(in.extension(), in));
    timers.advance(DELAY);
    worker.runAll();
    assertThat(useCases.syncs).isEmpty();
  }

  @Test
  void theStoreChangeThatArrivesBeforeItsInstantTextIsHeldAndThenCostsNoSync() {
    PushService push = started();
    SmsMessage in = inbound(1);
    push.accept(created(in.extension(), in)); // the store event comes first
    timers.advance(DELAY.dividedBy(2));
    push.accept(instant(in)); // then the instant event
    timers.advance(DELAY);
    worker.runAll();

    assertThat(useCases.syncs).isEmpty();
    assertThat(useCases.ingests).containsExactly(1);
    assertThat(notes.forMessage(in.id())).isPresent();
    assertThat(push.health().syncsCoalesced()).isEqualTo(1);
  }

  @Test
  void aBurstOfInboundTextsWithTheirStoreChangesInEitherOrderCostsBatchesAndNoSync() {
    PushService push = started();
    for (int i = 0; i < 400; i++) {
      SmsMessage m = inbound(i);
      if (i % 2 == 0) {
        push.accept(instant(m));
        push.accept(created(m.extension(), m));
      } else {
        push.accept(created(m.extension(), m));
        push.accept(instant(m));
      }
    }
    timers.advance(DELAY);
    worker.runAll();

    assertThat(useCases.syncs).isEmpty();
    assertThat(useCases.ingests).containsExactly(200, 200);
    assertThat(notes.rcsyncNotes()).hasSize(400);
    assertThat(push.health().syncsCoalesced()).isEqualTo(400);
  }

  @Test
  void anOutboundTextsStoreChangeIsSyncedAfterTheDelay() {
    PushService push = started();
    SmsMessage out = io.rcsync.testkit.fixtures.Messages.outbound().extension(KYLE_EXT).to(CLIENT)
        .text("see you at 10").at(NOW.minusSeconds(30)).build();
    source.add(out);
    push.accept(created(KYLE_EXT, out)); // no instant event ever comes for an outbound text
    timers.advance(DELAY.minusMillis(1));
    worker.runAll();
    assertThat(useCases.syncs).isEmpty();

    timers.advance(Duration.ofMillis(1));
    worker.runAll();
    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.of(KYLE_EXT));
    assertThat(notes.forMessage(out.id())).isPresent();
  }

  @Test
  void aStoreChangeThatAlsoUpdatesARecordIsSyncedEvenWhenItsNewTextCameAsAnInstantEvent() {
    PushService push = started();
    SmsMessage in = inbound(0);
    push.accept(instant(in));
    push.accept(new PushEvent.MessageStoreChanged("sub-1", in.extension(), 1, 1, List.of(in.id())));
    timers.advance(DELAY);
    worker.runAll();

    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.of(in.extension()));
  }

  @Test
  void aStoreChangeNamingATextNoInstantEventDeliveredIsSyncedAlongWithTheOnesThatWere() {
    PushService push = started();
    SmsMessage pushed = inbound(0);
    SmsMessage notPushed = inbound(2); // same extension; its instant event never arrives
    push.accept(instant(pushed));
    push.accept(created(pushed.extension(), pushed, notPushed));
    timers.advance(DELAY);
    worker.runAll();

    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.of(pushed.extension()));
    assertThat(notes.forMessage(notPushed.id())).isPresent();
  }

  @Test
  void withoutNewMessageIdsAStoreChangeFollowingAnInstantTextFallsBackToCountingAndOtherwiseSyncs() {
    PushService push = started();
    SmsMessage in = inbound(0);
    push.accept(instant(in));
    push.accept(new PushEvent.MessageStoreChanged("sub-1", in.extension(), 1, 0)); // an older payload: no ids
    assertThat(push.health().syncsCoalesced()).isEqualTo(1);

    push.accept(new PushEvent.MessageStoreChanged("sub-1", in.extension(), 1, 0)); // no lingering text left for it
    timers.advance(DELAY);
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(1);
    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.of(in.extension()));

    // unknown ids arriving before their instant event are synced: counting cannot tell them apart
    useCases.syncs.clear();
    SmsMessage next = inbound(2);
    push.accept(new PushEvent.MessageStoreChanged("sub-1", next.extension(), 1, 0));
    push.accept(instant(next));
    timers.advance(DELAY);
    worker.runAll();
    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.of(next.extension()));
  }

  @Test
  void aTextWhoseIngestFailedNoLongerCoversALaterStoreChange() {
    PushService push = started();
    SmsMessage m = inbound(0);
    notes.failAfterCalls(0, ExternalSystemException.Kind.CONNECTION);
    push.accept(instant(m));
    timers.advance(Duration.ofMillis(200));
    worker.runAll();
    assertThat(notes.forMessage(m.id())).isEmpty();

    notes.stopFailing();
    push.accept(created(m.extension(), m)); // RingCentral's store event, later than the failed batch
    timers.advance(DELAY);
    worker.runAll();
    assertThat(useCases.syncs).hasSize(1);
    assertThat(notes.forMessage(m.id())).isPresent();
  }

  @Test
  void storeChangesHeldAtCloseAreDroppedWithALogLine() {
    PushService push = started();
    push.accept(updated(ALYSSIA_EXT));
    assertThat(push.drain()).isTrue();
    assertThat(useCases.syncs).isEmpty();
    assertThat(log).anyMatch(l -> l.startsWith("push: 1 store change(s) of 1 extension(s) not synced before stopping"));
  }

  @Test
  void storeChangesArrivingWhileASyncRunsQueueExactlyOneMoreSync() {
    PushService push = started();
    AtomicInteger during = new AtomicInteger();
    useCases.duringSync = () -> {
      if (during.getAndIncrement() == 0) {
        for (int i = 0; i < 5; i++) {
          push.accept(updated(ALYSSIA_EXT));
        }
      }
    };
    push.accept(updated(ALYSSIA_EXT));
    timers.advance(DELAY);
    worker.runAll();
    timers.advance(DELAY);
    worker.runAll();

    assertThat(useCases.syncs).hasSize(2);
    assertThat(push.health().syncsCoalesced()).isEqualTo(4);
  }

  @Test
  void aStoreChangeSyncWritesTheNewText() {
    PushService push = started();
    SmsMessage m = inbound(1);
    push.accept(new PushEvent.MessageStoreChanged("sub-1", KYLE_EXT, 1, 0));
    timers.advance(DELAY);
    worker.runAll();
    assertThat(notes.forMessage(m.id())).isPresent();
  }

  @Test
  void aPushedTextOfAnExtensionOutsideTheWaveIsCountedNotWritten() {
    // an earlier subscription to the same address that also covers extension 1 is reused
    subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT, ExtensionId.of("1")), ADDRESS,
        "an-earlier-token-of-forty-characters-xx", NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    PushService push = started();
    SmsMessage outside = Messages.inbound().extension(ExtensionId.of("1")).from(CLIENT).text("not our wave")
        .at(NOW.minusSeconds(30)).build();
    source.add(outside);
    assertThat(push.accept(instant(outside))).isTrue();
    timers.advance(Duration.ofSeconds(1));
    worker.runAll();
    assertThat(useCases.ingests).isEmpty();
    assertThat(notes.forMessage(outside.id())).isEmpty();
    assertThat(push.health().other()).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.contains("of extension 1, not in wave " + Rosters.WAVE1 + ": not written"));
  }

  @Test
  void aStoreChangeForAnExtensionOutsideTheWaveIsCountedNotSynced() {
    PushService push = started();
    push.accept(new PushEvent.MessageStoreChanged("sub-1", ExtensionId.of("999"), 1, 0));
    worker.runAll();
    assertThat(useCases.syncs).isEmpty();
    assertThat(push.health().other()).isEqualTo(1);
  }

  @Test
  void otherAndUnreadableEventsAreCountedAndUnreadableOnesLoggedWithTheirReason() {
    PushService push = started();
    push.accept(new PushEvent.Other("sub-1", "/restapi/v1.0/subscription/~?threshold=60"));
    push.accept(new PushEvent.Unreadable("", "body is not JSON"));
    worker.runAll();
    PushHealth h = push.health();
    assertThat(h.other()).isEqualTo(1);
    assertThat(h.unreadable()).isEqualTo(1);
    assertThat(h.eventsReceived()).isEqualTo(2);
    assertThat(log).anyMatch(l -> l.contains("unreadable webhook delivery (body is not JSON)"));
    assertThat(useCases.syncs).isEmpty();
    assertThat(useCases.ingests).isEmpty();
  }

  // ---- safety net ----

  @Test
  void startSyncsEveryExtensionOfTheWaveAndThenEveryHotInterval() {
    PushService push = service(settings);
    push.start();
    timers.runDue();
    worker.runAll();
    assertThat(useCases.syncs).hasSize(1);
    assertThat(useCases.syncs.get(0).extension()).isEmpty();
    assertThat(useCases.syncs.get(0).wave()).isEqualTo(Rosters.WAVE1);

    timers.advance(Duration.ofMinutes(4));
    worker.runAll();
    assertThat(useCases.syncs).hasSize(1);
    timers.advance(Duration.ofMinutes(1));
    worker.runAll();
    assertThat(useCases.syncs).hasSize(2);
    timers.advance(Duration.ofMinutes(5));
    worker.runAll();
    timers.advance(Duration.ofMinutes(5));
    worker.runAll();
    assertThat(useCases.syncs).hasSize(4);
  }

  @Test
  void aQueuedSafetyNetSyncAbsorbsStoreChanges() {
    PushService push = started();
    timers.advance(Duration.ofMinutes(5)); // safety net queued, not run
    push.accept(new PushEvent.MessageStoreChanged("sub-1", ALYSSIA_EXT, 1, 0));
    timers.advance(DELAY);
    worker.runAll();
    assertThat(useCases.syncs).hasSize(1);
    assertThat(useCases.syncs.get(0).extension()).isEmpty();
  }

  @Test
  void aTextWhoseIngestFailedIsWrittenByTheNextSafetyNetSync() {
    PushService push = started();
    assertThat(push.health().healthy()).isTrue();
    SmsMessage m = inbound(7);
    notes.failAfterCalls(0, ExternalSystemException.Kind.CONNECTION);
    push.accept(instant(m));
    timers.advance(Duration.ofMillis(200));
    worker.runAll();
    assertThat(notes.forMessage(m.id())).isEmpty();
    PushHealth down = push.health();
    assertThat(down.healthy()).isFalse();
    assertThat(down.problems()).contains("last ingest failed");
    assertThat(down.lastIngest()).hasValueSatisfying(r -> assertThat(r.succeeded()).isFalse());

    notes.stopFailing();
    timers.advance(Duration.ofMinutes(5));
    worker.runAll();
    assertThat(notes.forMessage(m.id())).isPresent();
    assertThat(push.health().healthy()).isTrue();
  }

  @Test
  void syncsAndIngestsNeverRunAtTheSameTime() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    SyncMessagesUseCase slowSync = c -> {
      enter(inside, most);
      try {
        return rcsync.sync(c);
      } finally {
        inside.decrementAndGet();
      }
    };
    IngestMessagesUseCase slowIngest = (msgs, dry) -> {
      enter(inside, most);
      try {
        return rcsync.ingest(msgs, dry);
      } finally {
        inside.decrementAndGet();
      }
    };
    PushService push = PushService.withThreads(settings.withLinger(Duration.ofMillis(5), 20), slowSync, slowIngest,
        subscriptions, clock, log::add);
    push.start();
    var pool = Executors.newFixedThreadPool(4);
    try {
      for (int t = 0; t < 4; t++) {
        int base = t * 100;
        pool.execute(() -> {
          for (int i = 0; i < 100; i++) {
            push.accept(instant(inbound(base + i)));
            if (i % 10 == 0) {
              push.accept(new PushEvent.MessageStoreChanged("sub-1", i % 20 == 0 ? ALYSSIA_EXT : KYLE_EXT, 1, 0));
            }
          }
        });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      assertThat(push.drain()).isTrue();
    }
    assertThat(most.get()).isEqualTo(1);
    assertThat(notes.rcsyncNotes()).hasSize(400);
  }

  private static void enter(AtomicInteger inside, AtomicInteger most) {
    int now = inside.incrementAndGet();
    most.accumulateAndGet(now, Math::max);
    Thread.yield();
  }

  // ---- subscriptions ----

  @Test
  void startCreatesASubscriptionForTheWaveWithARandomTokenOfAtLeast32Characters() {
    PushService push = started();
    List<Subscription> subs = subscriptions.current();
    assertThat(subs).hasSize(1);
    Subscription s = subs.get(0);
    assertThat(s.extensions()).containsExactlyInAnyOrder(ALYSSIA_EXT, KYLE_EXT);
    assertThat(s.address()).contains(ADDRESS);
    String token = subscriptions.tokenOf(s.id()).orElseThrow();
    assertThat(token).hasSizeGreaterThanOrEqualTo(32);
    assertThat(push.verificationTokenMatches(token)).isTrue();
    assertThat(push.verificationTokenMatches(token + "x")).isFalse();
    assertThat(push.verificationTokenMatches(null)).isFalse();
    assertThat(log).anyMatch(l -> l.startsWith("push: created subscription " + s.id()));
    assertThat(log).noneMatch(l -> l.contains(token));

    PushService other = new PushService(settings, useCases, useCases, new InMemoryPushSubscriptions(clock), clock,
        new ManualTimers(clock), new ManualWorker(), l -> {});
    other.start();
    assertThat(other.verificationTokenMatches(token)).isFalse();
  }

  @Test
  void startReusesAnActiveSubscriptionToTheSameAddressCoveringTheWave() {
    Subscription earlier = subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT, ExtensionId.of("1")), ADDRESS,
        "an-earlier-token-of-forty-characters-xx", NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    subscriptions.existing(Set.of(ALYSSIA_EXT), ADDRESS, "t".repeat(40), NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    PushService push = started();
    assertThat(subscriptions.calls()).containsExactly("list");
    assertThat(push.health().subscription()).hasValueSatisfying(f -> assertThat(f.id()).isEqualTo(earlier.id()));
    assertThat(push.verificationTokenMatches("an-earlier-token-of-forty-characters-xx")).isTrue();
    assertThat(log).anyMatch(l -> l.startsWith("push: reusing subscription " + earlier.id()));
  }

  @Test
  void aReusableSubscriptionsTokenIsKnownBeforeStartSoTheEndpointCanListenWithIt() {
    Subscription earlier = subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT), ADDRESS,
        "an-earlier-token-of-forty-characters-xx", NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    PushService push = service(settings);
    assertThat(push.verificationTokenMatches("an-earlier-token-of-forty-characters-xx")).isFalse();

    assertThat(push.adoptExisting()).isTrue();

    assertThat(push.verificationTokenMatches("an-earlier-token-of-forty-characters-xx")).isTrue();
    assertThat(subscriptions.calls()).containsExactly("list");
    push.start();
    timers.runDue();
    assertThat(push.health().subscription().orElseThrow().id()).isEqualTo(earlier.id());
    assertThat(subscriptions.calls()).as("the first check uses the list read before start").containsExactly("list");
    timers.advance(settings.subscriptionCheck());
    assertThat(subscriptions.calls()).containsExactly("list", "list");
  }

  @Test
  void withNothingReusableAdoptExistingCreatesNothingAndStartCreates() {
    PushService push = service(settings);
    assertThat(push.adoptExisting()).isFalse();
    assertThat(subscriptions.calls()).containsExactly("list");
    push.start();
    timers.runDue();
    assertThat(subscriptions.calls()).hasSize(2).last().asString().startsWith("create ");
  }

  @Test
  void aDeliveryCarryingTheNewTokenIsAcceptedWhileTheCreateRequestIsStillInFlight() {
    AtomicInteger acceptedDuringCreate = new AtomicInteger();
    PushService[] push = new PushService[1];
    subscriptions.validateWith(r -> {
      // RingCentral has the subscription and may deliver before its answer to the create request arrives
      if (push[0].verificationTokenMatches(r.verificationToken())) {
        acceptedDuringCreate.incrementAndGet();
      }
    });
    push[0] = service(settings);
    push[0].start();
    timers.runDue();
    assertThat(acceptedDuringCreate.get()).isEqualTo(1);
  }

  @Test
  void aSubscriptionToAnotherAddressOrBlacklistedIsNotReused() {
    subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT), URI.create("https://old.example.com/hook"), "x".repeat(40),
        NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT), ADDRESS, "y".repeat(40), NOW.plus(Duration.ofDays(6)),
        Status.BLACKLISTED);
    started();
    assertThat(subscriptions.calls()).containsExactly("list", "create sub-3");
  }

  @Test
  void aSubscriptionIsRenewedOnceLessThanAThirdOfItsLifeIsLeft() {
    PushService push = started();
    String id = subscriptions.current().get(0).id();
    timers.advance(Duration.ofDays(4)); // 3 days of 7 left: not yet
    assertThat(subscriptions.calls()).noneMatch(c -> c.startsWith("renew"));
    timers.advance(Duration.ofDays(1)); // 2 days left < 7/3
    assertThat(subscriptions.calls()).filteredOn(c -> c.startsWith("renew")).containsExactly("renew " + id);
    assertThat(push.health().subscription().orElseThrow().expiresAt()).isAfter(clock.instant().plus(Duration.ofDays(6)));
    assertThat(log).anyMatch(l -> l.startsWith("push: renewed subscription " + id + " until "));
  }

  @Test
  void whenRenewalFailsTheNewSubscriptionReplacesTheOldOneInsteadOfDoublingDeliveries() {
    io.rcsync.core.port.out.PushSubscriptions refusesRenewal = new DelegatingSubscriptions(subscriptions) {
      @Override
      public Subscription renew(String id) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
            "SUB-406 renewal refused");
      }
    };
    PushService push = new PushService(settings, useCases, useCases, refusesRenewal, clock, timers, worker, log::add);
    push.start();
    timers.runDue();
    worker.runAll();
    String first = subscriptions.current().get(0).id();
    timers.advance(Duration.ofDays(5)); // 2 days of 7 left: renewal is due and refused
    String second = push.health().subscription().orElseThrow().id();
    assertThat(second).isNotEqualTo(first);
    assertThat(subscriptions.calls()).containsSubsequence("create " + second, "delete " + first);
    assertThat(subscriptions.current()).extracting(Subscription::id).containsExactly(second);
    assertThat(log).anyMatch(l -> l.startsWith("push: renewing subscription " + first + " failed (") && l.contains("SUB-406"));
  }

  /** Passes every call to the fake; tests override the one RingCentral answers differently. */
  static class DelegatingSubscriptions implements io.rcsync.core.port.out.PushSubscriptions {
    private final io.rcsync.core.port.out.PushSubscriptions base;

    DelegatingSubscriptions(io.rcsync.core.port.out.PushSubscriptions base) {
      this.base = base;
    }

    @Override
    public List<Subscription> list() {
      return base.list();
    }

    @Override
    public Subscription create(Request request) {
      return base.create(request);
    }

    @Override
    public Subscription renew(String id) {
      return base.renew(id);
    }

    @Override
    public void delete(String id) {
      base.delete(id);
    }
  }

  @Test
  void aBlacklistedSubscriptionIsDeletedAndReCreatedWithANewToken() {
    PushService push = started();
    Subscription first = subscriptions.current().get(0);
    String oldToken = subscriptions.tokenOf(first.id()).orElseThrow();
    subscriptions.setStatus(first.id(), Status.BLACKLISTED);
    assertThat(push.health().healthy()).isTrue(); // not known until the next check
    timers.advance(Duration.ofMinutes(1));
    Subscription second = subscriptions.current().get(0);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(subscriptions.calls()).contains("delete " + first.id(), "create " + second.id());
    assertThat(push.verificationTokenMatches(oldToken)).isFalse();
    assertThat(push.verificationTokenMatches(subscriptions.tokenOf(second.id()).orElseThrow())).isTrue();
    assertThat(log).anyMatch(l -> l.contains("subscription " + first.id() + " is blacklisted"));
  }

  @Test
  void aBlacklistedSubscriptionWhoseReCreationFailsIsUnhealthyUntilItIsReCreatedAndThenEveryExtensionIsSynced() {
    PushService push = started();
    Subscription first = subscriptions.current().get(0);
    subscriptions.setStatus(first.id(), Status.BLACKLISTED);
    // the webhook is unreachable (why RingCentral blacklisted it): the handshake of every create fails
    subscriptions.validateWith(r -> {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED, "SUB-521");
    });
    timers.advance(Duration.ofMinutes(1));
    PushHealth down = push.health();
    assertThat(down.healthy()).isFalse();
    assertThat(down.problems()).contains("subscription " + first.id() + " is BLACKLISTED");

    timers.advance(Duration.ofMinutes(1)); // gone (deleted) and still not creatable
    assertThat(push.health().healthy()).isFalse();
    assertThat(push.health().problems()).anyMatch(p -> p.startsWith("no subscription: ") && p.contains("SUB-521"));

    subscriptions.validateWith(r -> {});
    useCases.syncs.clear();
    timers.advance(Duration.ofMinutes(1));
    worker.runAll();
    assertThat(push.health().healthy()).isTrue();
    assertThat(push.health().subscription().orElseThrow().id()).isNotEqualTo(first.id());
    // what RingCentral did not deliver meanwhile is read by a sync of every extension
    assertThat(useCases.syncs).extracting(SyncCommand::extension).containsExactly(Optional.empty());
  }

  @Test
  void aMissingOrExpiredSubscriptionIsReCreated() {
    PushService push = started();
    String first = subscriptions.current().get(0).id();
    subscriptions.forget(first);
    timers.advance(Duration.ofMinutes(1));
    assertThat(log).anyMatch(l -> l.contains("subscription " + first + " is gone"));
    String second = push.health().subscription().orElseThrow().id();
    assertThat(second).isNotEqualTo(first);

    subscriptions.maxLifetime(Duration.ofSeconds(30));
    subscriptions.forget(second);
    timers.advance(Duration.ofMinutes(1)); // re-created; RingCentral grants only 30 s
    String third = push.health().subscription().orElseThrow().id();
    timers.advance(Duration.ofMinutes(1)); // past its expirationTime: listed as expired, deleted, re-created
    assertThat(log).anyMatch(l -> l.contains("subscription " + third + " is expired"));
    assertThat(push.health().subscription().orElseThrow().id()).isNotIn(first, second, third);

    subscriptions.maxLifetime(Duration.ofMinutes(4));
    subscriptions.forget(push.health().subscription().orElseThrow().id());
    timers.advance(Duration.ofMinutes(1)); // a 4-minute grant
    String fifth = push.health().subscription().orElseThrow().id();
    timers.advance(Duration.ofMinutes(2));
    assertThat(subscriptions.calls()).doesNotContain("renew " + fifth);
    timers.advance(Duration.ofMinutes(1)); // 1 min left of 4: less than a third of the granted life
    assertThat(subscriptions.calls()).contains("renew " + fifth);
  }

  @Test
  void aSubscriptionFailureIsLoggedAndRetriedNeverFatal() {
    subscriptions.failNext(2);
    PushService push = started();
    PushHealth h = push.health();
    assertThat(h.healthy()).isFalse();
    assertThat(h.problems()).anyMatch(p -> p.startsWith("no subscription: RingCentral could not be reached"));
    assertThat(log).anyMatch(l -> l.startsWith("push: subscription check failed (RingCentral could not be reached"));
    timers.advance(Duration.ofMinutes(1)); // the second injected failure
    assertThat(push.health().subscription()).isEmpty();
    timers.advance(Duration.ofMinutes(1));
    assertThat(push.health().subscription()).isPresent();
    assertThat(push.health().healthy()).isTrue();
  }

  // ---- health ----

  @Test
  void healthNeedsALiveSubscriptionAndASucceededSync() {
    PushService push = service(settings);
    PushHealth before = push.health();
    assertThat(before.healthy()).isFalse();
    assertThat(before.problems()).contains("no subscription yet", "no sync finished yet");

    push.start();
    timers.runDue();
    assertThat(push.health().problems()).containsExactly("no sync finished yet");
    worker.runAll();
    PushHealth up = push.health();
    assertThat(up.healthy()).isTrue();
    assertThat(up.subscription().orElseThrow().status()).isEqualTo("ACTIVE");
    assertThat(up.lastSync().orElseThrow().succeeded()).isTrue();

    source.failAfterPages(0, ExternalSystemException.Kind.CONNECTION);
    timers.advance(Duration.ofMinutes(5));
    worker.runAll();
    assertThat(push.health().healthy()).isFalse();
    assertThat(push.health().problems()).contains("last sync failed");
  }

  @Test
  void refusedDeliveriesAreCounted() {
    PushService push = started();
    push.refused("wrong Verification-Token");
    push.refused("body too large");
    assertThat(push.health().refused()).isEqualTo(2);
  }

  // ---- close ----

  @Test
  void closeWritesTheLingeringBatchAndThenRefusesEvents() {
    PushService push = started();
    for (int i = 0; i < 3; i++) {
      push.accept(instant(inbound(i)));
    }
    assertThat(push.drain()).isTrue();
    assertThat(notes.rcsyncNotes()).hasSize(3);
    assertThat(push.accept(instant(inbound(9)))).isFalse();
    assertThat(push.health().problems()).contains("closing");
    assertThat(log).contains("push: stopped; every write finished");
  }

  @Test
  void closeGivesUpOnAHungWriteAtTheDeadlineAndSaysTheNextSyncCatchesUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    IngestMessagesUseCase hung = (msgs, dry) -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.CONNECTION, "interrupted");
    };
    PushService push = PushService.withThreads(settings.withCloseDeadline(Duration.ofMillis(300))
        .withLinger(Duration.ofMillis(1), 1), rcsync, hung, subscriptions, clock, log::add);
    push.accept(instant(inbound(1)));
    push.accept(instant(inbound(2)));
    long t0 = System.nanoTime();
    assertThat(push.drain()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    release.countDown();
    assertThat(log).anyMatch(l -> l.contains("the next sync re-reads those texts from RingCentral"));
  }

  @Test
  void settingsRefuseAWaveWithoutExtensions() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PushSettings.of("w", Set.of(), ADDRESS, Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wave w has no RingCentral extension");
  }

  // ---- operator fixes: per-record failures, duplicates, stopping, stale subscriptions ----

  @Test
  void aTextSalesforceRejectsIsLoggedWithItsReasonHandedToTheFailureSinkAndLeavesTheServiceHealthy() {
    List<List<io.rcsync.core.report.MessageIssue>> recorded = new CopyOnWriteArrayList<>();
    PushService push = service(settings).recordFailuresTo(recorded::add);
    push.start();
    timers.runDue();
    worker.runAll();
    SmsMessage ok = inbound(0);
    SmsMessage rejected = inbound(1);
    notes.failRecord("rc_msg_" + rejected.id().value(), "FIELD_CUSTOM_VALIDATION_EXCEPTION");
    push.accept(instant(ok));
    push.accept(instant(rejected));
    timers.advance(Duration.ofMillis(200));
    worker.runAll();

    assertThat(log).anyMatch(l -> l.startsWith("push: batch of 2 pushed text(s): created 1,") && l.contains("failed 1"));
    assertThat(log).anyMatch(l -> l.startsWith("push: failed: text " + rejected.id().value() + " of extension "
        + rejected.extension().value() + ": FIELD_CUSTOM_VALIDATION_EXCEPTION"));
    assertThat(recorded).singleElement().satisfies(issues -> assertThat(issues).singleElement()
        .satisfies(i -> assertThat(i.messageId()).isEqualTo(rejected.id().value())));
    PushHealth h = push.health();
    assertThat(h.healthy()).as(h.problems().toString()).isTrue();
    assertThat(h.recordFailures()).isEqualTo(1);
    assertThat(h.lastIngest().orElseThrow().succeeded()).isTrue();
  }

  @Test
  void onlyTheFirstThreeFailuresOfABatchAreLoggedOneByOneAndTheRestCounted() {
    PushService push = started();
    for (int i = 0; i < 5; i++) {
      SmsMessage m = inbound(i);
      notes.failRecord("rc_msg_" + m.id().value(), "INVALID_CROSS_REFERENCE_KEY");
      push.accept(instant(m));
    }
    timers.advance(Duration.ofMillis(200));
    worker.runAll();
    assertThat(log).filteredOn(l -> l.startsWith("push: failed: text ")).hasSize(3);
    assertThat(log).contains("push: failed: 2 more text(s), each in the failures file");
    assertThat(push.health().recordFailures()).isEqualTo(5);
    assertThat(push.health().healthy()).isTrue();
  }

  @Test
  void duplicateDeliveriesOfATextInOneBatchAreDroppedSoTheBatchLineAddsUp() {
    PushService push = started();
    SmsMessage m = inbound(0);
    push.accept(instant(m));
    push.accept(instant(m));
    push.accept(instant(m));
    push.accept(instant(inbound(1)));
    timers.advance(Duration.ofMillis(200));
    worker.runAll();
    assertThat(useCases.ingests).containsExactly(2);
    assertThat(log).anyMatch(l -> l.startsWith(
        "push: batch of 2 pushed text(s) (2 duplicate deliveries dropped): created 2, updated 0, unchanged 0,"));
    assertThat(push.health().duplicateDeliveries()).isEqualTo(2);
    assertThat(push.health().instantMessages()).isEqualTo(4);
    assertThat(notes.rcsyncNotes()).hasSize(2);
  }

  @Test
  void releaseSubscriptionDeletesTheKeptSubscriptionAndNoLaterCheckReCreatesIt() {
    PushService push = started();
    String id = subscriptions.current().get(0).id();
    assertThat(push.releaseSubscription()).isTrue();
    assertThat(subscriptions.current()).isEmpty();
    assertThat(log).anyMatch(l -> l.startsWith("push: deleted subscription " + id + " on stopping"));
    timers.advance(Duration.ofMinutes(5));
    assertThat(subscriptions.current()).isEmpty();
    assertThat(subscriptions.calls()).noneMatch(c -> c.startsWith("create ") && !c.equals("create " + id));
    assertThat(push.subscriptionEverLive()).isTrue();
  }

  @Test
  void whenTheDeletionFailsOnStoppingItIsOneLineAndNotThrown() {
    PushService push = started();
    subscriptions.failNext(1);
    assertThat(push.releaseSubscription()).isFalse();
    assertThat(subscriptions.current()).hasSize(1);
    assertThat(log).anyMatch(l -> l.startsWith("push: could not delete subscription ") && l.contains("a restart reuses it"));
  }

  @Test
  void aServiceWhoseSubscriptionWasNeverCreatedSaysSo() {
    subscriptions.failNext(100);
    PushService push = started();
    assertThat(push.subscriptionEverLive()).isFalse();
    assertThat(push.releaseSubscription()).isFalse();
  }

  @Test
  void anActiveRcsyncSubscriptionToAnotherAddressIsWarnedAboutOnceAndLeftAlone() {
    Subscription stale = subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT),
        URI.create("http://localhost:8080/ringcentral/webhook"), "s".repeat(40), NOW.plus(Duration.ofDays(3)),
        Status.ACTIVE);
    // not rcsync's shape: another path, other extensions, not Active; never reported or touched
    subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT), URI.create("https://old.example.com/hook"), "x".repeat(40),
        NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    subscriptions.existing(Set.of(ALYSSIA_EXT), URI.create("https://b.example.com/ringcentral/webhook"),
        "y".repeat(40), NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT), URI.create("https://c.example.com/ringcentral/webhook"),
        "z".repeat(40), NOW.plus(Duration.ofDays(6)), Status.BLACKLISTED);
    PushService push = service(settings);
    push.adoptExisting();
    push.start();
    timers.runDue();
    timers.advance(Duration.ofMinutes(3));

    assertThat(log).filteredOn(l -> l.startsWith("push: warning: stale subscription")).singleElement()
        .asString().contains(stale.id(), "http://localhost:8080/ringcentral/webhook", "--delete-stale-subscriptions",
            "DELETE /restapi/v1.0/subscription/" + stale.id());
    assertThat(subscriptions.current()).hasSize(5);
    assertThat(subscriptions.calls()).noneMatch(c -> c.startsWith("delete"));
  }

  @Test
  void withDeleteStaleSubscriptionsOnlyTheStaleRcsyncOneIsDeleted() {
    Subscription stale = subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT),
        URI.create("http://localhost:8080/ringcentral/webhook"), "s".repeat(40), NOW.plus(Duration.ofDays(3)),
        Status.ACTIVE);
    Subscription foreign = subscriptions.existing(Set.of(ALYSSIA_EXT, KYLE_EXT),
        URI.create("https://old.example.com/hook"), "x".repeat(40), NOW.plus(Duration.ofDays(6)), Status.ACTIVE);
    PushService push = service(settings).deleteStaleSubscriptions(true);
    push.start();
    timers.runDue();
    assertThat(subscriptions.current()).extracting(Subscription::id).contains(foreign.id()).doesNotContain(stale.id())
        .hasSize(2);
    assertThat(log).anyMatch(l -> l.startsWith("push: deleted stale subscription " + stale.id()
        + " to http://localhost:8080/ringcentral/webhook"));
  }

  @Test
  void aServiceThatNeverStartedAndTookNoEventStopsWithoutAStopLine() {
    PushService push = service(settings);
    assertThat(push.drain()).isTrue();
    assertThat(log).isEmpty();
  }

  @SuppressWarnings("unused")
  private static List<Integer> sizes(List<List<SmsMessage>> batches) {
    List<Integer> out = new ArrayList<>();
    batches.forEach(b -> out.add(b.size()));
    return out;
  }
}
