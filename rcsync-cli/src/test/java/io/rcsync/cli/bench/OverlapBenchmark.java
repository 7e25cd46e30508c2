package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.sync.FetchHandoff;
import io.rcsync.ringcentral.RingCentralAuth;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.RingCentralMessageSource;
import io.rcsync.salesforce.SalesforceAdapters;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.StaticTokenAuth;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RateLimit;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3, measured: how close does a backfill come to RingCentral's rate-limit floor when Salesforce work
 * overlaps the reading? The issue's firm: {@value #STAFF} staff, {@value #TEXTS} texts over 60 days, {@value #NUMBERS}
 * counterparties (90% on a Matter or an Intake, 1% Intaker leads: about 44,500 Notes), read as 80 message-store pages
 * of up to 1,000 (each extension 1,000 + 250).
 *
 * <p>Both simulators run in this JVM on localhost with the real adapters and core, wired as {@code sync} wires them.
 * RingCentral's Light group is limited as documented, 50 requests per window (Light, 50 a minute:
 * https://developers.ringcentral.com/guide/basics/rate-limits), and the Salesforce simulator holds each answer back
 * by a per-call and a per-record-written latency. To keep the benchmark short, time is scaled by
 * {@code -Drcsync.overlap.scale=S} (default 2): the window is 60 s / S and the latencies are divided by S too, so the
 * ratios stay those of real time (only the JVM's own CPU work is not scaled, which makes higher scales pessimistic).
 *
 * <p>Latency profiles, real-time figures per call (select with {@code -Drcsync.overlap.profiles=automation,lean}):
 * <ul>
 *   <li>{@code automation}: 150 ms per call plus 1.35 ms per Note written, so a 1,000-Note Composite write takes
 *       1.5 s, an org with triggers or flows on Notes;
 *   <li>{@code lean}: 150 ms per call plus 0.2 ms per Note (350 ms per 1,000-Note write), an org without automation
 *       on Notes.
 * </ul>
 *
 * <p>Runs per profile, each on fresh simulators (a new org, new rate-limit windows): the floor (the same pages read
 * with {@link RingCentralMessageSource} and nothing done with them), the backfill with {@code sync.overlap: false},
 * overlapped with the reader up to 4 pages ahead (both with one write lane; {@code -Drcsync.overlap.baselines=false}
 * leaves these two out), and overlapped as shipped ({@value FetchHandoff#DEFAULT_AHEAD_PAGES} pages ahead) with each
 * number of write lanes in {@code -Drcsync.overlap.lanes} (default {@code 1,4}: one lane, and the default
 * {@code sync.writeLanes}). Printed: the floor's formula ((pages / limit) × window,
 * and the fixed-window figure (⌈pages / limit⌉ − 1) × window), every wall time and its ratio to the measured floor.
 * Figures go to {@code target/overlap-benchmark.md} and the test output.
 *
 * <p>A benchmark, not a timed test: it asserts that every run balances, fails nothing and creates the expected Notes,
 * never how fast it was. Run: {@code mvn -B -ntp -pl rcsync-cli -am test -Dgroups=benchmark -DexcludedGroups=
 * -Dtest=OverlapBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class OverlapBenchmark {
  private static final int STAFF = 40;
  private static final int TEXTS = 50_000;
  private static final int NUMBERS = 2_812;
  private static final int LIGHT_LIMIT = 50;
  private static final String WAVE = "overlap_firm";
  private static final LitifySchema SCHEMA = LitifySchema.defaults();

  /** Real-time Salesforce latency of one profile. */
  private record Profile(String name, Duration perCall, Duration perNote, String what) {}

  private static final Map<String, Profile> PROFILES = Map.of(
      "automation", new Profile("automation", Duration.ofMillis(150), Duration.ofNanos(1_350_000),
          "150 ms a call + 1.35 ms a Note (1,000-Note write 1.5 s)"),
      "lean", new Profile("lean", Duration.ofMillis(150), Duration.ofNanos(200_000),
          "150 ms a call + 0.2 ms a Note (1,000-Note write 0.35 s)"));

  /** One run's figures. */
  private record Row(String profile, String run, double seconds, long rcCalls, long pages, long sfCalls,
      long fetched, long created) {}

  /** The synthetic firm, generated once. */
  private record FirmData(List<Extension> extensions, Map<ExtensionId, List<SmsMessage>> messages,
      List<CaseRecord> cases, Set<SalesforceId> users, String configJson, long expectedNotes) {}

  @Test
  void measuresTheBackfillAgainstTheRingCentralFloorSequentialAndOverlapped() throws IOException {
    double scale = Double.parseDouble(System.getProperty("rcsync.overlap.scale", "2"));
    List<Profile> profiles = java.util.Arrays.stream(
        System.getProperty("rcsync.overlap.profiles", "automation,lean").split(","))
        .map(String::strip).map(PROFILES::get).toList();
    Duration window = Duration.ofMillis(Math.round(60_000 / scale));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    FirmData firm = generate(now);
    SyncSettings base = ConfigLoader.parse("overlap benchmark config", firm.configJson()).toSettings();
    SyncCommand backfill = SyncCommand.backfill(WAVE, now.minus(Duration.ofDays(61)), null, false);

    // warm-up without limits or latency (class loading, JIT), not reported
    run(firm, base.withOverlapPages(FetchHandoff.DEFAULT_AHEAD_PAGES), backfill, null, 1, window, "warm-up", true);

    List<Integer> lanes = java.util.Arrays.stream(System.getProperty("rcsync.overlap.lanes",
        "1," + SyncSettings.DEFAULT_WRITE_LANES).split(",")).map(String::strip).map(Integer::valueOf).toList();
    boolean baselines = Boolean.parseBoolean(System.getProperty("rcsync.overlap.baselines", "true"));
    List<Row> rows = new ArrayList<>();
    for (Profile p : profiles) {
      rows.add(floor(firm, p, scale, window, now));
      if (baselines) {
        rows.add(run(firm, base.withOverlapPages(0).withWriteLanes(1), backfill, p, scale, window,
            "sequential (sync.overlap: false), 1 lane", false));
        rows.add(run(firm, base.withOverlapPages(4).withWriteLanes(1), backfill, p, scale, window,
            "overlapped, 4 pages ahead, 1 lane", false));
      }
      for (int l : lanes) {
        rows.add(run(firm, base.withOverlapPages(FetchHandoff.DEFAULT_AHEAD_PAGES).withWriteLanes(l), backfill, p,
            scale, window, "overlapped, " + FetchHandoff.DEFAULT_AHEAD_PAGES + " pages ahead, " + l + " lane"
            + (l == 1 ? "" : "s") + (l == SyncSettings.DEFAULT_WRITE_LANES ? " (default)" : ""), false));
      }
      String md = markdown(rows, scale, window, firm);
      Path out = Path.of(System.getProperty("basedir", "."), "target", "overlap-benchmark.md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, md, StandardCharsets.UTF_8);
      System.out.println(md);
    }
  }

  private static RingCentralSimulator ringCentral(FirmData firm, Duration window, boolean unlimited) {
    RingCentralSimulator.Builder b = RingCentralSimulator.builder().tokenLifetime(Duration.ofHours(4));
    if (unlimited) {
      b.noRateLimits();
    } else {
      // RingCentral's documented groups, the window scaled
      b.rateLimits(List.of(RateLimit.of(RateLimit.LIGHT, LIGHT_LIMIT, window), RateLimit.of(RateLimit.MEDIUM, 40, window),
          RateLimit.of(RateLimit.HEAVY, 10, window), RateLimit.of(RateLimit.AUTH, 5, window)));
    }
    RingCentralSimulator rc = b.build().start();
    rc.addExtensions(firm.extensions());
    firm.messages().forEach(rc::addMessages);
    return rc;
  }

  private static RingCentralAuth login(RingCentralSimulator rc, ApiCalls calls) {
    return new RingCentralAuth(RingCentralConfig.builder(
        RingCentralCredentials.of(rc.clientId(), rc.clientSecret(), rc.jwt()).withServer(URI.create(rc.baseUrl())))
        .build(), calls);
  }

  /** The floor, measured: every extension's pages read in order, with the adapter's rate-limit pauses, nothing else. */
  private static Row floor(FirmData firm, Profile p, double scale, Duration window, Instant now) {
    try (RingCentralSimulator rc = ringCentral(firm, window, false)) {
      ApiCalls calls = new ApiCalls();
      RingCentralMessageSource source = new RingCentralMessageSource(login(rc, calls));
      AtomicLong texts = new AtomicLong();
      TimeWindow span = new TimeWindow(now.minus(Duration.ofDays(61)), now);
      rc.resetCounters();
      long start = System.nanoTime();
      for (Extension e : firm.extensions()) {
        source.fetch(e.id(), span, page -> texts.addAndGet(page.size()));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(texts.get()).isEqualTo(TEXTS);
      return new Row(p.name(), "RingCentral floor (reading only)", seconds, rc.totalCalls(),
          rc.callCounts().getOrDefault(SimEndpoint.MESSAGE_STORE, 0L), 0, texts.get(), 0);
    }
  }

  private static Row run(FirmData firm, SyncSettings settings, SyncCommand command, Profile p, double scale,
      Duration window, String name, boolean unlimited) {
    SalesforceSimulator.Builder sfb = SalesforceSimulator.litify(SCHEMA).dailyApiRequests(10_000_000);
    if (p != null) {
      sfb.latency(scaled(p.perCall(), scale), scaled(p.perNote(), scale));
    }
    try (RingCentralSimulator rc = ringCentral(firm, window, unlimited); SalesforceSimulator sf = sfb.build().start()) {
      firm.users().forEach(sf::addUser);
      sf.seedCases(firm.cases(), SCHEMA);
      ApiCalls calls = new ApiCalls();
      SalesforceAdapters salesforce = SalesforceAdapters.create(SalesforceConfig.builder().schema(SCHEMA).build(),
          new StaticTokenAuth(sf.instanceUrl(), sf.issueToken()), calls);
      RcSync rcsync = RcSync.builder()
          .settings(settings)
          .messageSource(new RingCentralMessageSource(login(rc, calls)))
          .caseDirectory(salesforce.newCaseDirectory())
          .noteSink(salesforce.noteSink())
          .noteStore(salesforce.noteStore())
          .apiCalls(calls)
          .build();
      rc.resetCounters();
      sf.resetCounters();
      long start = System.nanoTime();
      RunReport report = rcsync.sync(command);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(report.aborted()).as(name).isEmpty();
      assertThat(report.totals().balanced()).as(name).isTrue();
      assertThat(report.totals().failed()).as(name).isZero();
      assertThat(report.totals().fetched()).as(name).isEqualTo(TEXTS);
      assertThat(report.totals().created()).as(name).isEqualTo(firm.expectedNotes());
      return new Row(p == null ? "-" : p.name(), name, seconds, rc.totalCalls(),
          rc.callCounts().getOrDefault(SimEndpoint.MESSAGE_STORE, 0L), sf.totalCalls(), report.totals().fetched(),
          report.totals().created());
    }
  }

  private static Duration scaled(Duration d, double scale) {
    return Duration.ofNanos(Math.round(d.toNanos() / scale));
  }

  /**
   * The issue's firm: {@value #STAFF} extensions of {@value #TEXTS} / {@value #STAFF} texts each, spread over 60 days,
   * counterparties drawn from {@value #NUMBERS} numbers, 90% of them on a Matter (4 in 5) or an Intake, stored in the
   * four default phone fields formatted {@code (502) 555-0100}; 1% Intaker leads.
   */
  private static FirmData generate(Instant now) {
    Random random = new Random(20_261_130L);
    String[] numbers = new String[NUMBERS];
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < NUMBERS; ) {
      String n = "502" + (200 + random.nextInt(800)) + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
      if (seen.add(n)) {
        numbers[i++] = n;
      }
    }
    int known = NUMBERS * 9 / 10;
    SalesforceIds matterIds = SalesforceIds.withPrefix(SalesforceIds.MATTER, 700_000);
    SalesforceIds intakeIds = SalesforceIds.withPrefix(SalesforceIds.INTAKE, 700_000);
    List<CaseRecord> cases = new ArrayList<>();
    for (int i = 0; i < known; i++) {
      String n = numbers[i];
      Cases.Builder b = i % 5 != 0 ? Cases.matter().id(matterIds.next()) : Cases.intake().id(intakeIds.next());
      String formatted = "(" + n.substring(0, 3) + ") " + n.substring(3, 6) + "-" + n.substring(6);
      cases.add(b.createdAt(now.minus(Duration.ofDays(400 + i % 300)))
          .phone(LitifySchema.DEFAULT_PHONE_FIELDS.get(i % 4), formatted).build());
    }
    List<Extension> extensions = new ArrayList<>();
    Map<ExtensionId, List<SmsMessage>> messages = new LinkedHashMap<>();
    Set<SalesforceId> users = new LinkedHashSet<>();
    StringBuilder roster = new StringBuilder();
    long span = Duration.ofDays(60).toSeconds();
    long expected = 0;
    for (int s = 0; s < STAFF; s++) {
      ExtensionId ext = ExtensionId.of(String.valueOf(590_000_100L + s));
      // base-62 digits 0-9 only where staff differ: the simulator's Usernames are the ids in lower case
      SalesforceId user = SalesforceIds.idFor(SalesforceIds.USER, 3_844L * 150 + s % 10 + 62L * (s / 10));
      extensions.add(new Extension(ext, String.valueOf(500 + s), "Staff " + s, "Enabled"));
      users.add(user);
      roster.append(s == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
          "      { \"name\": \"Staff %d\", \"extensionId\": \"%s\", \"sfUserId\": \"%s\" }", s, ext.value(),
          user.value()));
      int count = TEXTS / STAFF;
      List<SmsMessage> batch = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long id = 8_000_000_000L + (long) s * 10_000_000L + i;
        int k = random.nextInt(NUMBERS);
        String number = "+1" + numbers[k];
        boolean intaker = random.nextInt(100) == 0;
        Direction d = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        Instant at = now.minusSeconds(1 + (span - 2) * (count - i) / count);
        batch.add(new SmsMessage(MessageId.of(String.valueOf(id)), ext, d,
            d == Direction.INBOUND ? number : "+15025550100", List.of(d == Direction.INBOUND ? "+15025550100" : number),
            intaker ? "New lead from Intaker: call back" : "about the case, text " + i, at, null, "c" + k,
            d == Direction.INBOUND ? "Received" : "Delivered", List.of()));
        if (!intaker && k < known) {
          expected++;
        }
      }
      messages.put(ext, batch);
    }
    String config = """
        {
          "activeWave": "%s",
          "waves": { "%s": [
        %s
          ] },
          "intakerFilter": { "bodyPrefixRegex": "^(Intaker|New lead from Intaker)" },
          "salesforce": { "targetOrg": "LITIFY_ORG" }
        }
        """.formatted(WAVE, WAVE, roster);
    return new FirmData(extensions, messages, cases, users, config, expected);
  }

  private static String markdown(List<Row> rows, double scale, Duration window, FirmData firm) {
    StringBuilder sb = new StringBuilder("# rcsync overlap benchmark (issue 13 item 3)\n\n");
    sb.append(String.format(Locale.ROOT, "%d staff, %,d texts over 60 days, %,d counterparties, %,d Notes expected. "
        + "RingCentral Light: %d requests per %.1f s window (60 s scaled 1/%s); Salesforce latencies scaled 1/%s. "
        + "Seconds are wall time at that scale; ratios are to the measured floor of the same profile.%n%n",
        STAFF, TEXTS, NUMBERS, firm.expectedNotes(), LIGHT_LIMIT, window.toMillis() / 1000.0, fmt(scale), fmt(scale)));
    sb.append("| profile | run | seconds | × floor | real-time seconds (× scale) | message-store pages | RC calls "
        + "| SF calls | fetched | created |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Map<String, Double> floors = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.run().startsWith("RingCentral floor")) {
        floors.put(r.profile(), r.seconds());
      }
    }
    for (Row r : rows) {
      double floor = floors.getOrDefault(r.profile(), Double.NaN);
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.2f | %.0f | %d | %d | %d | %,d | %,d |%n",
          r.profile(), r.run(), r.seconds(), r.seconds() / floor, r.seconds() * scale, r.pages(), r.rcCalls(),
          r.sfCalls(), r.fetched(), r.created()));
    }
    long pages = rows.stream().filter(r -> r.pages() > 0).mapToLong(Row::pages).max().orElse(0);
    double w = window.toMillis() / 1000.0;
    sb.append(String.format(Locale.ROOT, "%nFloor by formula: %d pages / %d × %.1f s = %.1f s; fixed windows "
        + "(⌈pages / limit⌉ − 1 full windows of waiting): %.1f s.%n", pages, LIGHT_LIMIT, w,
        pages / (double) LIGHT_LIMIT * w, (Math.ceil(pages / (double) LIGHT_LIMIT) - 1) * w));
    for (Profile p : PROFILES.values()) {
      sb.append("\nProfile `").append(p.name()).append("`: ").append(p.what()).append(" (real time).");
    }
    sb.append('\n');
    return sb.toString();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
