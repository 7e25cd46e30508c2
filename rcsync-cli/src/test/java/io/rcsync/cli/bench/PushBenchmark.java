package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.serve.WebhookServer;
import io.rcsync.core.RcSync;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.PushEvent;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.in.IngestMessagesUseCase;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMessagesUseCase;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.PushEventDecoder;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.push.PushService;
import io.rcsync.core.service.push.PushSettings;
import io.rcsync.ringcentral.RingCentralAuth;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.RingCentralMessageSource;
import io.rcsync.ringcentral.RingCentralSubscriptions;
import io.rcsync.ringcentral.RingCentralWebhookEvents;
import io.rcsync.salesforce.SalesforceAdapters;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.StaticTokenAuth;
import io.rcsync.testkit.fake.InMemorySyncStateStore;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import io.rcsync.testkit.sim.ringcentral.WebhookDeliveries;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Event-to-Note latency and Salesforce calls of {@code rcsync serve}'s real path, offline (issue 11's benchmark):
 * {@link RingCentralSimulator} with a WebHook subscription created by {@link RingCentralSubscriptions} → webhook
 * deliveries over HTTP → the real {@link WebhookServer} (Undertow) → {@link RingCentralWebhookEvents} → core
 * {@link PushService} (micro-batched ingest, store-change Message Syncs) → {@link SalesforceAdapters} →
 * {@link SalesforceSimulator}, everything on localhost.
 *
 * <p>Runs (each on fresh simulators and a fresh service, after an unreported warm-up):
 *
 * <ol>
 *   <li><b>burst</b>: 1,000 inbound texts added to the RingCentral simulator in one call;
 *   <li><b>trickle</b>: 200 inbound texts, one every 50 ms (20/s);
 *   <li><b>store changes only</b>: 100 outbound texts at 20/s (RingCentral sends no instant event for them, so each
 *       arrives as a message-store event naming it, held 1 s and written by that second's sync round);
 *   <li><b>polling</b>: the burst's 1,000 texts again, without a push service, read by one incremental sync (Message
 *       Sync) after the burst, as {@code rcsync sync --incremental} would, for the Salesforce call comparison.
 * </ol>
 *
 * <p>Per text it records the moment the simulator accepted the text ({@code addMessages} returned), the moment the
 * webhook server decoded its instant event, and the moment its Note was first seen in the Salesforce simulator (a
 * watcher thread polls the Note count every 0.25 ms and reads the new Notes' external ids when it changes, so a
 * Note is seen at most about a millisecond after its upsert committed). Salesforce calls are counted by the
 * simulator per endpoint and split into case lookups (measured around {@link CaseDirectory} calls), existence
 * queries, describe and writes.
 *
 * <p>A benchmark, not a timed test: every run asserts that every text is accounted for and that exactly the
 * expected Notes exist, never how fast it was. Writes {@code target/push-benchmark.md} and prints it. Excluded from
 * the default build by its tag; run it with {@code mvn -B -pl rcsync-cli -am test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=PushBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PushBenchmark {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final String WAVE = "push_bench";
  private static final String INTAKER = "^(Intaker|New lead from Intaker)";
  private static final Duration WAIT = Duration.ofSeconds(120);

  // ---- the seeded org and its texts ----------------------------------------------------------------------

  /** One text sent to the simulator, and whether a Note must come of it. */
  private record Text(SmsMessage message, boolean expectNote, boolean filtered) {
    String id() {
      return message.id().value();
    }
  }

  /**
   * A firm of {@code staff} extensions and {@code numbers} distinct counterparties: 80% on a Matter (4 in 5) or an
   * Intake, stored in one of the four phone fields in varied formatting; the other 20% match nothing. 2% of inbound
   * texts are Intaker leads (filtered).
   */
  private static final class Org {
    final List<Extension> extensions = new ArrayList<>();
    final List<CaseRecord> cases = new ArrayList<>();
    final Set<SalesforceId> users = new LinkedHashSet<>();
    final SyncSettings settings;
    private final List<String> pool = new ArrayList<>();
    private final int known;
    private final Random random;
    private long nextId = 7_000_000_000L;

    Org(long seed, int staff, int numbers) {
      random = new Random(seed);
      List<Function<String[], String>> formats = List.of(
          p -> "(" + p[0] + ") " + p[1] + "-" + p[2], p -> p[0] + "." + p[1] + "." + p[2],
          p -> "+1" + p[0] + p[1] + p[2], p -> p[0] + "-" + p[1] + "-" + p[2], p -> p[0] + p[1] + p[2]);
      String[] areas = {"502", "859", "270", "606", "812", "317"};
      Set<String> seen = new LinkedHashSet<>();
      List<String[]> parts = new ArrayList<>();
      while (parts.size() < numbers) {
        String[] p = {areas[random.nextInt(areas.length)], String.valueOf(200 + random.nextInt(800)),
            String.format(Locale.ROOT, "%04d", random.nextInt(10_000))};
        if (seen.add(p[0] + p[1] + p[2])) {
          parts.add(p);
          pool.add("+1" + p[0] + p[1] + p[2]);
        }
      }
      SalesforceIds matterIds = SalesforceIds.withPrefix(SalesforceIds.MATTER, 600_000);
      SalesforceIds intakeIds = SalesforceIds.withPrefix(SalesforceIds.INTAKE, 600_000);
      Instant epoch = Instant.now().minus(Duration.ofDays(700));
      known = numbers * 8 / 10;
      for (int i = 0; i < known; i++) {
        Cases.Builder b = i % 5 != 0 ? Cases.matter().id(matterIds.next()) : Cases.intake().id(intakeIds.next());
        b.createdAt(epoch.plusSeconds(random.nextInt(600 * 86_400)));
        String field = LitifySchema.DEFAULT_PHONE_FIELDS.get(random.nextInt(LitifySchema.DEFAULT_PHONE_FIELDS.size()));
        cases.add(b.phone(field, formats.get(random.nextInt(formats.size())).apply(parts.get(i))).build());
      }
      List<StaffMember> members = new ArrayList<>();
      for (int s = 0; s < staff; s++) {
        ExtensionId ext = ExtensionId.of(String.valueOf(490_000_100L + s));
        SalesforceId user = SalesforceIds.idFor(SalesforceIds.USER, 490_000 + s);
        extensions.add(new Extension(ext, String.valueOf(400 + s), "Staff " + s, "Enabled"));
        members.add(new StaffMember("Staff " + s, Optional.of(ext), Optional.empty(), Optional.of(user)));
        users.add(user);
      }
      settings = new SyncSettings(Roster.of(new Wave(WAVE, members)), IntakerFilter.of(INTAKER), TopicMap.defaults(),
          SCHEMA, Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
    }

    Set<ExtensionId> extensionIds() {
      return extensions.stream().map(Extension::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** {@code n} new texts created now, on random extensions and counterparties. */
    List<Text> texts(int n, Direction direction, Instant at) {
      List<Text> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ExtensionId ext = extensions.get(random.nextInt(extensions.size())).id();
        int k = random.nextInt(pool.size());
        String number = pool.get(k);
        String firm = "+1502555" + String.format(Locale.ROOT, "%04d", 100 + extensions.indexOf(
            extensions.stream().filter(e -> e.id().equals(ext)).findFirst().orElseThrow()));
        boolean inbound = direction == Direction.INBOUND;
        boolean intaker = inbound && random.nextInt(50) == 0;
        String body = intaker ? "New lead from Intaker: call back " + number : "text " + nextId + " about the case";
        SmsMessage m = new SmsMessage(MessageId.of(String.valueOf(nextId++)), ext, direction,
            inbound ? number : firm, List.of(inbound ? firm : number), body, at, at, "conv" + k,
            inbound ? "Received" : "Delivered", List.of());
        out.add(new Text(m, !intaker && k < known, intaker));
      }
      return out;
    }
  }

  // ---- one measured world --------------------------------------------------------------------------------

  /** One ingest or sync the push service ran, with the Salesforce calls made inside it. */
  private record Work(String kind, int texts, RunReport report, Map<Endpoint, Long> sfCalls, long caseLookupCalls,
      double millis) {}

  /** Both simulators, the adapters, and (for push runs) the webhook server and push service. */
  private static final class World implements AutoCloseable {
    final Org org;
    final RingCentralSimulator rc;
    final SalesforceSimulator sf;
    final ApiCalls calls = new ApiCalls();
    final InMemorySyncStateStore state = new InMemorySyncStateStore();
    final RingCentralAuth login;
    final Map<String, Long> accepted = new ConcurrentHashMap<>();
    final Map<String, Long> received = new ConcurrentHashMap<>();
    final Map<String, Long> noted = new ConcurrentHashMap<>();
    final List<Work> work = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong caseLookupCalls = new AtomicLong();
    private final Thread watcher;
    private volatile boolean watching = true;
    PushService push;
    WebhookServer server;

    World(Org org) {
      this.org = org;
      // rate limits off: the benchmark measures rcsync, not RingCentral's per-minute windows
      rc = RingCentralSimulator.builder().noRateLimits().tokenLifetime(Duration.ofHours(1)).build().start();
      rc.addExtensions(org.extensions);
      sf = SalesforceSimulator.litify(SCHEMA).dailyApiRequests(1_000_000).build().start();
      org.users.forEach(sf::addUser);
      sf.seedCases(org.cases, SCHEMA);
      login = new RingCentralAuth(RingCentralConfig.builder(RingCentralCredentials.of(rc.clientId(),
          rc.clientSecret(), rc.jwt()).withServer(URI.create(rc.baseUrl()))).build(), calls);
      watcher = new Thread(this::watch, "bench-note-watcher");
      watcher.setDaemon(true);
      watcher.start();
    }

    /** Notes appear in the simulator: stamp each rcsync Note the first time it is seen. */
    private void watch() {
      int last = -1;
      while (watching) {
        int n = sf.count(SCHEMA.noteObject());
        long now = System.nanoTime();
        if (n != last) {
          for (Map<String, Object> note : sf.records(SCHEMA.noteObject())) {
            Object ext = note.get(SCHEMA.noteExternalIdField());
            MessageId.fromExternalId(ext == null ? null : ext.toString())
                .ifPresent(id -> noted.putIfAbsent(id.value(), now));
          }
          last = n;
        }
        LockSupport.parkNanos(250_000);
      }
    }

    /** A fresh core over fresh adapters (a new lookup cache), sharing this world's login and state. */
    RcSync newRcSync() {
      SalesforceAdapters salesforce = SalesforceAdapters.create(SalesforceConfig.builder().schema(SCHEMA).build(),
          new StaticTokenAuth(sf.instanceUrl(), sf.issueToken()), calls);
      CaseDirectory cases = salesforce.newCaseDirectory();
      CaseDirectory counted = numbers -> {
        long before = sf.totalCalls();
        try {
          return cases.findByPhones(numbers);
        } finally {
          caseLookupCalls.addAndGet(sf.totalCalls() - before);
        }
      };
      return RcSync.builder().settings(org.settings).messageSource(new RingCentralMessageSource(login))
          .caseDirectory(counted).noteSink(salesforce.noteSink()).noteStore(salesforce.noteStore())
          .stateStore(state).apiCalls(calls).build();
    }

    /** Starts serve's pieces as {@code ServeVerb} wires them, with the use cases wrapped to record each run. */
    void serve() throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      RcSync rcsync = newRcSync(); // one case directory for the life of the service, as serve has
      SyncMessagesUseCase sync = command -> recorded("sync", 0, () -> rcsync.sync(command));
      IngestMessagesUseCase ingest = (messages, dryRun) -> recorded("ingest", messages.size(),
          () -> rcsync.ingest(messages, dryRun));
      PushSettings settings = PushSettings.of(WAVE, org.extensionIds(),
          URI.create("http://127.0.0.1:" + port + WebhookServer.WEBHOOK_PATH), Duration.ofHours(1));
      push = PushService.withThreads(settings, sync, ingest, new RingCentralSubscriptions(login), Clock.systemUTC(),
          log::add);
      PushEventDecoder real = new RingCentralWebhookEvents();
      PushEventDecoder decoder = body -> {
        PushEvent e = real.decode(body);
        if (e instanceof PushEvent.InstantMessage m) {
          received.putIfAbsent(m.message().id().value(), System.nanoTime());
        }
        return e;
      };
      server = new WebhookServer("127.0.0.1", port, push, decoder, log::add).start();
      push.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!push.health().healthy()) {
        assertThat(System.nanoTime()).as("push service healthy in time: %s", push.health().problems())
            .isLessThan(deadline);
        Thread.sleep(10);
      }
      quiesce();
    }

    private RunReport recorded(String kind, int texts, java.util.function.Supplier<RunReport> run) {
      inFlight.incrementAndGet();
      Map<Endpoint, Long> before = sf.callCounts();
      long lookupsBefore = caseLookupCalls.get();
      long start = System.nanoTime();
      try {
        RunReport r = run.get();
        work.add(new Work(kind, texts, r, minus(sf.callCounts(), before), caseLookupCalls.get() - lookupsBefore,
            (System.nanoTime() - start) / 1e6));
        return r;
      } finally {
        inFlight.decrementAndGet();
      }
    }

    /** Waits until deliveries are done and the service has had nothing to do for a while. */
    void quiesce() throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      long quietSince = -1;
      while (System.nanoTime() < deadline) {
        boolean quiet = rc.awaitDeliveries(Duration.ZERO) && inFlight.get() == 0
            && (push == null || push.health().queueDepth() == 0);
        long now = System.nanoTime();
        if (!quiet) {
          quietSince = -1;
        } else if (quietSince < 0) {
          quietSince = now;
        } else if (now - quietSince > TimeUnit.MILLISECONDS.toNanos(750)) {
          return;
        }
        Thread.sleep(5);
      }
      throw new AssertionError("the service never went quiet");
    }

    /** Zeroes every counter before a measured run. */
    void reset() {
      rc.resetCounters();
      sf.resetCounters();
      work.clear();
      accepted.clear();
      received.clear();
      caseLookupCalls.set(0);
      // Notes already there (none in these runs) stay stamped, so they cannot count as new
    }

    void add(List<Text> texts) {
      rc.addMessages(texts.stream().map(Text::message).toList());
      long now = System.nanoTime();
      texts.forEach(t -> accepted.put(t.id(), now));
    }

    /** Waits until every expected Note has been seen. */
    void awaitNotes(List<Text> texts) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (Text t : texts) {
        if (!t.expectNote()) {
          continue;
        }
        while (!noted.containsKey(t.id())) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("no Note for text " + t.id() + " after " + WAIT.toSeconds() + " s; log:\n"
                + String.join("\n", log));
          }
          Thread.sleep(2);
        }
      }
    }

    int notes() {
      return sf.count(SCHEMA.noteObject());
    }

    @Override
    public void close() {
      if (server != null) {
        server.stop(1000);
      }
      if (push != null) {
        push.close();
      }
      watching = false;
      try {
        watcher.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      rc.close();
      sf.close();
    }
  }

  private static Map<Endpoint, Long> minus(Map<Endpoint, Long> after, Map<Endpoint, Long> before) {
    Map<Endpoint, Long> d = new EnumMap<>(Endpoint.class);
    after.forEach((k, v) -> {
      long n = v - before.getOrDefault(k, 0L);
      if (n != 0) {
        d.put(k, n);
      }
    });
    return d;
  }

  // ---- the runs ------------------------------------------------------------------------------------------

  /** Salesforce calls of a run, by kind. */
  private record SfCalls(long total, long caseLookups, long existence, long describe, long upserts, long creates,
      long updates, long other) {
    static SfCalls of(Map<Endpoint, Long> byEndpoint, long caseLookups) {
      long total = byEndpoint.values().stream().mapToLong(Long::longValue).sum();
      long describe = byEndpoint.getOrDefault(Endpoint.DESCRIBE, 0L) + byEndpoint.getOrDefault(Endpoint.DESCRIBE_GLOBAL, 0L);
      long upserts = byEndpoint.getOrDefault(Endpoint.COLLECTIONS_UPSERT, 0L);
      long creates = byEndpoint.getOrDefault(Endpoint.COLLECTIONS_CREATE, 0L);
      long updates = byEndpoint.getOrDefault(Endpoint.COLLECTIONS_UPDATE, 0L);
      long queries = byEndpoint.getOrDefault(Endpoint.QUERY, 0L) + byEndpoint.getOrDefault(Endpoint.QUERY_MORE, 0L)
          + byEndpoint.getOrDefault(Endpoint.COMPOSITE, 0L);
      long existence = Math.max(0, queries - caseLookups);
      long other = total - describe - upserts - creates - updates - queries;
      return new SfCalls(total, caseLookups, existence, describe, upserts, creates, updates, other);
    }

    long writes() {
      return upserts + creates + updates;
    }
  }

  /** One measured run. */
  private record Row(String name, int texts, int expectedNotes, long notesCreated, SfCalls sf, int ingestBatches,
      String batchSizes, int syncs, long coalesced, Map<SimEndpoint, Long> rc, long deliveries, double seconds,
      double[] latencyMs, double[] deliveryMs, SfCalls ingestSf, SfCalls syncSf) {
    double perThousand(long calls) {
      return 1000.0 * calls / texts;
    }
  }

  /** Asserts the run is whole and builds its row. */
  private static Row pushRow(String name, World w, List<Text> texts, WebhookDeliveries before, long coalescedBefore,
      double seconds, boolean instantExpected) {
    long expected = texts.stream().filter(Text::expectNote).count();
    // every expected Note exists, and no other
    assertThat(w.notes()).as(name + ": Notes in Salesforce").isEqualTo(expected);
    for (Text t : texts) {
      assertThat(w.noted.containsKey(t.id())).as(name + ": Note for text " + t.id()).isEqualTo(t.expectNote());
      assertThat(w.sf.findBy(SCHEMA.noteObject(), SCHEMA.noteExternalIdField(), t.message().id().externalId()))
          .as(name + ": Note for text " + t.id()).hasSize(t.expectNote() ? 1 : 0);
    }
    WebhookDeliveries after = w.rc.webhookDeliveries();
    assertThat(after.failed() - before.failed()).as(name + ": failed webhook deliveries").isZero();
    List<Work> ingests = w.work.stream().filter(x -> x.kind().equals("ingest")).toList();
    List<Work> syncs = w.work.stream().filter(x -> x.kind().equals("sync")).toList();
    for (Work x : w.work) {
      Counts c = x.report().totals();
      assertThat(x.report().aborted()).as(name + ": " + x.kind() + " aborted").isEmpty();
      assertThat(c.failed()).as(name + ": failed records in a " + x.kind()).isZero();
      assertThat(c.balanced()).as(name + ": " + x.kind() + " counts balance").isTrue();
    }
    long created = w.work.stream().mapToLong(x -> x.report().totals().created()).sum();
    assertThat(created).as(name + ": Notes created by ingests and syncs").isEqualTo(expected);
    if (instantExpected) {
      // every inbound text came as an instant event and went through one ingest, accounted for there
      Counts in = sum(ingests);
      assertThat(in.fetched()).as(name + ": texts ingested").isEqualTo(texts.size());
      assertThat(in.matchedMatter() + in.matchedIntake()).as(name + ": matched").isEqualTo(expected);
      assertThat(in.intakerFiltered()).as(name + ": filtered").isEqualTo(texts.stream().filter(Text::filtered).count());
      assertThat(in.unmatched()).as(name + ": unmatched")
          .isEqualTo(texts.stream().filter(t -> !t.expectNote() && !t.filtered()).count());
      assertThat(w.received.keySet()).as(name + ": instant events").containsAll(
          texts.stream().map(Text::id).toList());
    } else {
      assertThat(ingests).as(name + ": no instant event for outbound texts").isEmpty();
    }
    Map<Endpoint, Long> sfCalls = w.sf.callCounts();
    long sfTotal = sfCalls.values().stream().mapToLong(Long::longValue).sum();
    long inWork = w.work.stream().mapToLong(x -> x.sfCalls().values().stream().mapToLong(Long::longValue).sum()).sum();
    assertThat(inWork).as(name + ": every Salesforce call made inside an ingest or a sync").isEqualTo(sfTotal);
    double[] latency = texts.stream().filter(Text::expectNote)
        .mapToDouble(t -> (w.noted.get(t.id()) - w.accepted.get(t.id())) / 1e6).sorted().toArray();
    double[] delivery = texts.stream().filter(t -> w.received.containsKey(t.id()))
        .mapToDouble(t -> (w.received.get(t.id()) - w.accepted.get(t.id())) / 1e6).sorted().toArray();
    return new Row(name, texts.size(), (int) expected, created, SfCalls.of(sfCalls, w.caseLookupCalls.get()),
        ingests.size(), sizes(ingests), syncs.size(), w.push.health().syncsCoalesced() - coalescedBefore,
        w.rc.callCounts(), after.succeeded() - before.succeeded(), seconds, latency, delivery,
        SfCalls.of(total(ingests), ingests.stream().mapToLong(Work::caseLookupCalls).sum()),
        SfCalls.of(total(syncs), syncs.stream().mapToLong(Work::caseLookupCalls).sum()));
  }

  private static Counts sum(List<Work> work) {
    Counts c = Counts.ZERO;
    for (Work x : work) {
      c = c.plus(x.report().totals());
    }
    return c;
  }

  private static Map<Endpoint, Long> total(List<Work> work) {
    Map<Endpoint, Long> m = new EnumMap<>(Endpoint.class);
    work.forEach(x -> x.sfCalls().forEach((k, v) -> m.merge(k, v, Long::sum)));
    return m;
  }

  private static String sizes(List<Work> ingests) {
    Map<Integer, Long> bySize = ingests.stream().collect(Collectors.groupingBy(Work::texts,
        java.util.TreeMap::new, Collectors.counting()));
    if (bySize.size() > 6) {
      var stats = ingests.stream().mapToInt(Work::texts).summaryStatistics();
      return stats.getMin() + "–" + stats.getMax() + " (mean " + String.format(Locale.ROOT, "%.1f", stats.getAverage())
          + ")";
    }
    return bySize.entrySet().stream().sorted(Map.Entry.<Integer, Long>comparingByKey().reversed())
        .map(e -> e.getValue() + "×" + e.getKey()).collect(Collectors.joining(" + "));
  }

  private static Row burst(String name, long seed, int n) throws Exception {
    Org org = new Org(seed, 5, 500);
    try (World w = new World(org)) {
      w.serve();
      List<Text> texts = org.texts(n, Direction.INBOUND, Instant.now().truncatedTo(ChronoUnit.MILLIS));
      w.reset();
      WebhookDeliveries before = w.rc.webhookDeliveries();
      long coalesced = w.push.health().syncsCoalesced();
      long start = System.nanoTime();
      w.add(texts);
      w.awaitNotes(texts);
      double seconds = (System.nanoTime() - start) / 1e9;
      w.quiesce();
      return pushRow(name, w, texts, before, coalesced, seconds, true);
    }
  }

  private static Row trickle(String name, long seed, int n, int perSecond, Direction direction) throws Exception {
    Org org = new Org(seed, 5, 500);
    try (World w = new World(org)) {
      w.serve();
      w.reset();
      WebhookDeliveries before = w.rc.webhookDeliveries();
      long coalesced = w.push.health().syncsCoalesced();
      List<Text> texts = new ArrayList<>();
      long start = System.nanoTime();
      long step = TimeUnit.SECONDS.toNanos(1) / perSecond;
      for (int i = 0; i < n; i++) {
        long due = start + i * step;
        while (System.nanoTime() < due) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
        List<Text> one = org.texts(1, direction, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        w.add(one);
        texts.addAll(one);
      }
      w.awaitNotes(texts);
      double seconds = (System.nanoTime() - start) / 1e9;
      w.quiesce();
      return pushRow(name, w, texts, before, coalesced, seconds, direction == Direction.INBOUND);
    }
  }

  /** The burst's texts read by one incremental sync after they arrived, as a scheduled run would. */
  private static Row polling(String name, long seed, int n) throws Exception {
    Org org = new Org(seed, 5, 500);
    try (World w = new World(org)) {
      // an earlier scheduled run left a Message Sync token per extension
      RunReport first = w.newRcSync().sync(incremental());
      assertThat(first.aborted()).isEmpty();
      List<Text> texts = org.texts(n, Direction.INBOUND, Instant.now().truncatedTo(ChronoUnit.MILLIS));
      w.add(texts);
      w.reset();
      RcSync run = w.newRcSync();
      long start = System.nanoTime();
      RunReport r = run.sync(incremental());
      long end = System.nanoTime();
      double seconds = (end - start) / 1e9;
      long expected = texts.stream().filter(Text::expectNote).count();
      Counts t = r.totals();
      assertThat(r.aborted()).as(name).isEmpty();
      assertThat(t.balanced()).as(name).isTrue();
      assertThat(t.failed()).as(name).isZero();
      assertThat(t.fetched()).as(name + ": fetched").isEqualTo(n);
      assertThat(t.created()).as(name + ": created").isEqualTo(expected);
      assertThat(t.intakerFiltered()).as(name + ": filtered").isEqualTo(texts.stream().filter(Text::filtered).count());
      assertThat(w.notes()).as(name + ": Notes").isEqualTo(expected);
      assertThat(r.apiCalls().get(ApiCalls.SALESFORCE)).as(name).isEqualTo(w.sf.totalCalls());
      w.awaitNotes(texts);
      double[] latency = texts.stream().filter(Text::expectNote)
          .mapToDouble(x -> (Math.min(w.noted.get(x.id()), end) - start) / 1e6).sorted().toArray();
      return new Row(name, n, (int) expected, t.created(), SfCalls.of(w.sf.callCounts(), w.caseLookupCalls.get()),
          0, "—", 1, 0, w.rc.callCounts(), 0, seconds, latency, new double[0], null, null);
    }
  }

  private static SyncCommand incremental() {
    return new SyncCommand(SyncMode.INCREMENTAL, WAVE, Optional.empty(), Optional.empty(), Optional.empty(), false,
        ProgressListener.NONE);
  }

  @Test
  void measuresEventToNoteLatencyAndSalesforceCallsOfThePushPath() throws Exception {
    // warm-up on throwaway worlds, not reported: class loading and JIT would otherwise be billed to the first run
    burst("warm-up burst", 1, 600);
    polling("warm-up polling", 2, 600);

    List<Row> rows = new ArrayList<>();
    rows.add(burst("burst: 1,000 inbound texts at once", 20_261_101L, 1000));
    rows.add(trickle("trickle: 200 inbound texts at 20/s", 20_261_102L, 200, 20, Direction.INBOUND));
    rows.add(trickle("store changes only: 100 outbound texts at 20/s", 20_261_103L, 100, 20, Direction.OUTBOUND));
    rows.add(polling("polling: the 1,000 texts by one incremental sync", 20_261_101L, 1000));

    String md = markdown(rows);
    Path out = Path.of(System.getProperty("basedir", "."), "target", "push-benchmark.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.println(md);
  }

  // ---- report --------------------------------------------------------------------------------------------

  private static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("# rcsync push benchmark\n\n");
    sb.append("RingCentral simulator → webhook over HTTP → WebhookServer (Undertow) → PushService → Salesforce ")
        .append("adapters → Salesforce simulator, on localhost; RingCentral rate limits off.\n\n");
    sb.append("Machine: ").append(machine()).append("\n\n");
    sb.append("## Salesforce calls\n\n");
    sb.append("| run | texts | Notes created | ingest batches (texts each) | syncs (coalesced events) | SF calls "
        + "| case lookups | existence queries | describe | upserts | updates | SF per 1,000 texts |\n");
    sb.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      SfCalls c = r.sf();
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %d (%d) | %d | %d | %d | %d | %d | %d | %.1f |%n",
          r.name(), r.texts(), r.notesCreated(), r.ingestBatches() == 0 ? "—" : r.ingestBatches() + " (" + r.batchSizes()
              + ")", r.syncs(), r.coalesced(), c.total(), c.caseLookups(), c.existence(), c.describe(),
          c.upserts() + c.creates(), c.updates(), r.perThousand(c.total())));
    }
    sb.append("\n### Split between pushed-text ingests and store-change syncs\n\n");
    sb.append("| run | ingest: SF calls (lookups / existence / describe / writes) | syncs: SF calls (lookups / existence "
        + "/ describe / writes) | RingCentral calls (Message Sync / other) | webhook deliveries |\n");
    sb.append("|---|---|---|---|---:|\n");
    for (Row r : rows) {
      long msync = r.rc().getOrDefault(SimEndpoint.MESSAGE_SYNC, 0L);
      long rcAll = r.rc().values().stream().mapToLong(Long::longValue).sum();
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d / %d | %s |%n", r.name(), split(r.ingestSf()),
          split(r.syncSf()), msync, rcAll - msync, r.deliveries() == 0 ? "—" : String.format(Locale.ROOT, "%,d",
              r.deliveries())));
    }
    sb.append("\n## Latency: simulator accepted the text → its Note exists in the Salesforce simulator (ms)\n\n");
    sb.append("| run | Notes | p50 | p90 | p99 | max | accepted → webhook decoded p50 / p99 | wall s |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---|---:|\n");
    for (Row r : rows) {
      double[] l = r.latencyMs();
      double[] d = r.deliveryMs();
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s | %.2f |%n", r.name(), l.length,
          ms(pct(l, 50)), ms(pct(l, 90)), ms(pct(l, 99)), ms(pct(l, 100)),
          d.length == 0 ? "—" : ms(pct(d, 50)) + " / " + ms(pct(d, 99)), r.seconds()));
    }
    sb.append("\n(polling: latency counted from the start of the sync that follows the burst, so the wait for the ")
        .append("next scheduled run, up to its interval, comes on top.)\n");
    Row burst = rows.get(0);
    Row polling = rows.get(rows.size() - 1);
    sb.append("\n## Ratios\n\n");
    sb.append(String.format(Locale.ROOT, "- burst vs polling, Salesforce calls: %d / %d = %.2f%n", burst.sf().total(),
        polling.sf().total(), (double) burst.sf().total() / polling.sf().total()));
    sb.append(String.format(Locale.ROOT, "- burst, writes vs ceil(Notes/200) = %d: %d%n",
        (burst.notesCreated() + 199) / 200, burst.sf().writes()));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "- %s: %.1f Salesforce calls per 1,000 texts, latency p50 %s ms, p99 %s ms%n",
          r.name(), r.perThousand(r.sf().total()), ms(pct(r.latencyMs(), 50)), ms(pct(r.latencyMs(), 99))));
    }
    return sb.toString();
  }

  private static String split(SfCalls c) {
    return c == null ? "—" : c.total() + " (" + c.caseLookups() + " / " + c.existence() + " / " + c.describe() + " / "
        + c.writes() + ")";
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    String cpu = "";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip() + ", ").orElse("");
    } catch (IOException | RuntimeException e) {
      cpu = "";
    }
    return String.format(Locale.ROOT, "%s%d cores available to the JVM, max heap %d MB, Java %s (%s), %s %s", cpu,
        rt.availableProcessors(), rt.maxMemory() / (1024 * 1024), System.getProperty("java.version"),
        System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch"));
  }
}
