package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.ringcentral.RingCentralAuth;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.RingCentralExtensionDirectory;
import io.rcsync.ringcentral.RingCentralMessageSource;
import io.rcsync.salesforce.SalesforceAdapters;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.StaticTokenAuth;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
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
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End-to-end throughput and API budget of the real path, offline: {@link RingCentralSimulator} → RingCentral adapter
 * ({@link RingCentralMessageSource}, {@link RingCentralExtensionDirectory}, one shared login) → core {@link RcSync}
 * → Salesforce adapter ({@link SalesforceAdapters}) → {@link SalesforceSimulator}, both simulators on localhost.
 *
 * <p>Runs the demo firm's wave1 60-day backfill (1,020 texts), its idempotent re-run, the same backfill with one
 * {@code GET /query} per lookup statement instead of composite calls, and a synthetic larger firm (20,000 texts,
 * 2,000 distinct counterparties) with its re-run. Writes the figures to {@code target/benchmark.md}. A benchmark,
 * not a timed test: it asserts the runs are correct, never how fast they are. Excluded from the default build by
 * its tag; run it with {@code mvn -B -pl rcsync-cli -am test -Dgroups=benchmark -DexcludedGroups=}.
 */
@Tag("benchmark")
class EndToEndBenchmark {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final String INTAKER = "^(Intaker|New lead from Intaker)";

  /** One measured run. */
  private record Row(String name, RunReport report, double seconds, Map<SimEndpoint, Long> rc,
      Map<Endpoint, Long> sf, long sfQuerySubrequests, long sfCollectionSubrequests) {
    long fetched() {
      return report.totals().fetched();
    }

    long calls(String system) {
      return report.apiCalls().getOrDefault(system, 0L);
    }

    double perThousand(String system) {
      return fetched() == 0 ? 0 : 1000.0 * calls(system) / fetched();
    }
  }

  /** The two simulators and how to build a fresh set of adapters on them (one set per run, like one CLI run). */
  private static final class Firm implements AutoCloseable {
    final RingCentralSimulator rc;
    final SalesforceSimulator sf;
    final SyncSettings settings;

    Firm(SyncSettings settings, List<Extension> extensions, Map<ExtensionId, List<SmsMessage>> messages,
        List<CaseRecord> cases, Set<SalesforceId> users) {
      this.settings = settings;
      // rate limits off: the benchmark measures rcsync, not RingCentral's per-minute windows
      rc = RingCentralSimulator.builder().noRateLimits().tokenLifetime(Duration.ofHours(1)).build().start();
      rc.addExtensions(extensions);
      messages.forEach(rc::addMessages);
      sf = SalesforceSimulator.litify(settings.schema()).dailyApiRequests(1_000_000).build().start();
      users.forEach(sf::addUser);
      sf.seedCases(cases, settings.schema());
    }

    Row run(String name, SyncCommand command, boolean compositeQueries) {
      return run(name, command, compositeQueries, true);
    }

    Row run(String name, SyncCommand command, boolean compositeQueries, boolean compositeBatching) {
      ApiCalls calls = new ApiCalls();
      RingCentralAuth login = new RingCentralAuth(RingCentralConfig.builder(
          RingCentralCredentials.of(rc.clientId(), rc.clientSecret(), rc.jwt()).withServer(URI.create(rc.baseUrl())))
          .build(), calls);
      SalesforceAdapters salesforce = SalesforceAdapters.create(
          SalesforceConfig.builder().schema(settings.schema()).compositeQueries(compositeQueries)
              .compositeBatching(compositeBatching).build(),
          new StaticTokenAuth(sf.instanceUrl(), sf.issueToken()), calls);
      RcSync rcsync = RcSync.builder()
          .settings(settings)
          .messageSource(new RingCentralMessageSource(login))
          .extensionDirectory(new RingCentralExtensionDirectory(login))
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
      // the adapters counted every request the simulators received
      assertThat(report.apiCalls().get(ApiCalls.RINGCENTRAL)).as(name).isEqualTo(rc.totalCalls());
      assertThat(report.apiCalls().get(ApiCalls.SALESFORCE)).as(name).isEqualTo(sf.totalCalls());
      return new Row(name, report, seconds, rc.callCounts(), sf.callCounts(), sf.subrequests(Endpoint.QUERY)
          + sf.subrequests(Endpoint.QUERY_MORE), sf.subrequests(Endpoint.COLLECTIONS_UPSERT)
          + sf.subrequests(Endpoint.COLLECTIONS_UPDATE));
    }

    int notes() {
      return sf.count(settings.schema().noteObject());
    }

    @Override
    public void close() {
      rc.close();
      sf.close();
    }
  }

  @Test
  void measuresTheDemoFirmAndALargerFirmEndToEnd() throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Row> rows = new ArrayList<>();

    DemoDataset demo = DemoData.generate(2026, now);
    SyncSettings demoSettings = ConfigLoader.parse("demo config", demo.configJson()).toSettings();
    SyncCommand wave1 = SyncCommand.backfill(DemoData.WAVE1, DemoData.historyStart(now), null, false);
    // warm-up on throwaway simulators, not reported: class loading and JIT would otherwise be billed to the first run
    try (Firm warmUp = new Firm(demoSettings, demo.extensions(), demo.messages(), demo.cases(), demo.users())) {
      warmUp.run("warm-up", wave1, true);
      warmUp.run("warm-up re-run", wave1, false);
    }
    try (Firm firm = new Firm(demoSettings, demo.extensions(), demo.messages(), demo.cases(), demo.users())) {
      Row first = firm.run("wave1 60-day backfill", wave1, true);
      DemoData.Expected e = DemoData.WAVE1_EXPECTED;
      Counts t = first.report().totals();
      assertThat(t.fetched()).isEqualTo(e.fetched());
      assertThat(t.intakerFiltered()).isEqualTo(e.intakerFiltered());
      assertThat(t.matchedMatter()).isEqualTo(e.matchedMatter());
      assertThat(t.matchedIntake()).isEqualTo(e.matchedIntake());
      assertThat(t.unmatched()).isEqualTo(e.unmatched());
      assertThat(t.created()).isEqualTo(e.notes());
      assertThat(firm.notes()).isEqualTo(e.notes());
      rows.add(first);

      Row again = firm.run("wave1 re-run (idempotent)", wave1, true);
      assertThat(again.report().totals().created()).isZero();
      assertThat(again.report().totals().unchanged()).as("a re-run writes nothing (issue 10)").isEqualTo(e.notes());
      assertThat(firm.notes()).isEqualTo(e.notes());
      rows.add(again);
    }
    try (Firm firm = new Firm(demoSettings, demo.extensions(), demo.messages(), demo.cases(), demo.users())) {
      Row get = firm.run("wave1 backfill, GET /query lookups", wave1, false);
      assertThat(get.report().totals().created()).isEqualTo(DemoData.WAVE1_EXPECTED.notes());
      rows.add(get);
    }
    try (Firm firm = new Firm(demoSettings, demo.extensions(), demo.messages(), demo.cases(), demo.users())) {
      Row one = firm.run("wave1 backfill, compositeBatching off (one collection a call)", wave1, true, false);
      assertThat(one.report().totals().created()).isEqualTo(DemoData.WAVE1_EXPECTED.notes());
      rows.add(one);
    }

    LargeFirm large = LargeFirm.generate(20_260_420L, now, 10, 20_000, 2_000);
    SyncCommand backfill = SyncCommand.backfill(LargeFirm.WAVE, now.minus(Duration.ofDays(60)), null, false);
    try (Firm firm = new Firm(large.settings(), large.extensions(), large.messages(), large.cases(), large.users())) {
      Row first = firm.run("large firm backfill (20,000 texts, 2,000 numbers)", backfill, true);
      assertThat(first.fetched()).isEqualTo(20_000);
      assertThat(first.report().totals().created()).isEqualTo(large.expectedNotes());
      rows.add(first);
      Row again = firm.run("large firm re-run (idempotent)", backfill, true);
      assertThat(again.report().totals().created()).isZero();
      assertThat(again.report().totals().unchanged()).isEqualTo(large.expectedNotes());
      assertThat(firm.notes()).isEqualTo(large.expectedNotes());
      rows.add(again);
    }

    String md = markdown(rows);
    Path out = Path.of(System.getProperty("basedir", "."), "target", "benchmark.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.println(md);
  }

  // ---- report ----------------------------------------------------------------------------------------------

  private static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("# rcsync end-to-end benchmark\n\n");
    sb.append("Real adapters and core against the embedded simulators on localhost (RingCentral rate limits off). ")
        .append("Wall time of `RcSync.sync` only; each run builds fresh adapters (a new login, an empty lookup ")
        .append("cache), like one CLI invocation.\n\n");
    sb.append("Machine: ").append(machine()).append("\n\n");
    sb.append("| run | texts | Notes created / updated | seconds | texts/s | RingCentral calls | Salesforce calls "
        + "| RC per 1,000 texts | SF per 1,000 texts |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      Counts t = r.report().totals();
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d / %,d | %.2f | %,.0f | %d | %d | %.1f | %.1f |%n",
          r.name(), t.fetched(), t.created(), t.updated(), r.seconds(), t.fetched() / r.seconds(),
          r.calls(ApiCalls.RINGCENTRAL), r.calls(ApiCalls.SALESFORCE), r.perThousand(ApiCalls.RINGCENTRAL),
          r.perThousand(ApiCalls.SALESFORCE)));
    }
    sb.append("\n## Calls by endpoint\n\n");
    sb.append("| run | RingCentral: token + extension list + message-store pages | Salesforce: composite calls "
        + "(their SOQL statements and Collections writes), GET /query, describe | "
        + "Salesforce: plain Collections write calls |\n|---|---|---|---|\n");
    for (Row r : rows) {
      long composite = r.sf().getOrDefault(Endpoint.COMPOSITE, 0L);
      long get = r.sf().getOrDefault(Endpoint.QUERY, 0L);
      long more = r.sf().getOrDefault(Endpoint.QUERY_MORE, 0L);
      long describe = r.sf().getOrDefault(Endpoint.DESCRIBE, 0L);
      String lookups = (composite > 0 ? composite + " composite (" + r.sfQuerySubrequests() + " SOQL statements, "
          + r.sfCollectionSubrequests() + " collections)" : "")
          + (composite > 0 && get > 0 ? " + " : "") + (get > 0 ? get + " GET /query" : "")
          + (more > 0 ? " + " + more + " nextRecordsUrl" : "") + (describe > 0 ? " + " + describe + " describe" : "");
      sb.append(String.format(Locale.ROOT, "| %s | %d + %d + %d | %s | %d |%n", r.name(),
          r.rc().getOrDefault(SimEndpoint.TOKEN, 0L), r.rc().getOrDefault(SimEndpoint.EXTENSION_LIST, 0L),
          r.rc().getOrDefault(SimEndpoint.MESSAGE_STORE, 0L), lookups.isEmpty() ? "0" : lookups,
          r.sf().getOrDefault(Endpoint.COLLECTIONS_UPSERT, 0L) + r.sf().getOrDefault(Endpoint.COLLECTIONS_UPDATE, 0L)));
    }
    sb.append("\n## Re-run / first run\n\n");
    for (int i = 0; i + 1 < rows.size(); i++) {
      if (rows.get(i + 1).name().contains("re-run")) {
        sb.append(String.format(Locale.ROOT, "- %s: %.2f s / %.2f s = %.2f%n", rows.get(i).name(),
            rows.get(i + 1).seconds(), rows.get(i).seconds(), rows.get(i + 1).seconds() / rows.get(i).seconds()));
      }
    }
    return sb.toString();
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

  // ---- the synthetic larger firm ---------------------------------------------------------------------------

  /**
   * {@code staff} extensions sharing {@code texts} texts with {@code numbers} distinct 10-digit counterparties over
   * 60 days. 80% of the numbers belong to a Matter (4 in 5) or an Intake, stored in one of the four phone fields in
   * varied formatting; 10% of those numbers also sit on a second, older record (an ambiguous match). 2% of texts are
   * Intaker leads (filtered); the other 20% of numbers match nothing. Also the firm of {@link SmsMagicImportBenchmark}.
   */
  record LargeFirm(SyncSettings settings, List<Extension> extensions,
      Map<ExtensionId, List<SmsMessage>> messages, List<CaseRecord> cases, Set<SalesforceId> users,
      long expectedNotes) {
    static final String WAVE = "large_firm";

    static LargeFirm generate(long seed, Instant now, int staff, int texts, int numbers) {
      Random random = new Random(seed);
      List<Function<String[], String>> formats = List.of(
          p -> "(" + p[0] + ") " + p[1] + "-" + p[2], p -> p[0] + "." + p[1] + "." + p[2],
          p -> "+1" + p[0] + p[1] + p[2], p -> p[0] + "-" + p[1] + "-" + p[2], p -> p[0] + p[1] + p[2],
          p -> "1 " + p[0] + " " + p[1] + " " + p[2]);
      String[] areas = {"502", "859", "270", "606", "812", "317", "615", "513"};
      List<String[]> pool = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      while (pool.size() < numbers) {
        String[] p = {areas[random.nextInt(areas.length)], String.valueOf(200 + random.nextInt(800)),
            String.format("%04d", random.nextInt(10_000))};
        if (seen.add(p[0] + p[1] + p[2])) {
          pool.add(p);
        }
      }
      SalesforceIds matterIds = SalesforceIds.withPrefix(SalesforceIds.MATTER, 500_000);
      SalesforceIds intakeIds = SalesforceIds.withPrefix(SalesforceIds.INTAKE, 500_000);
      List<CaseRecord> cases = new ArrayList<>();
      Instant caseEpoch = now.minus(Duration.ofDays(900));
      int known = numbers * 8 / 10;
      for (int i = 0; i < known; i++) {
        String[] p = pool.get(i);
        int copies = i % 10 == 0 ? 2 : 1;
        for (int c = 0; c < copies; c++) {
          boolean matter = i % 5 != 0;
          Cases.Builder b = matter ? Cases.matter().id(matterIds.next()) : Cases.intake().id(intakeIds.next());
          if (c == 1) {
            b = matter ? b.closed() : b.converted();
          }
          b.createdAt(caseEpoch.plusSeconds(random.nextInt(800 * 86_400)));
          String field = LitifySchema.DEFAULT_PHONE_FIELDS.get(random.nextInt(4));
          cases.add(b.phone(field, formats.get(random.nextInt(formats.size())).apply(p)).build());
        }
      }
      List<Extension> extensions = new ArrayList<>();
      List<StaffMember> members = new ArrayList<>();
      Set<SalesforceId> users = new LinkedHashSet<>();
      for (int s = 0; s < staff; s++) {
        ExtensionId ext = ExtensionId.of(String.valueOf(480_000_100L + s));
        SalesforceId user = SalesforceIds.idFor(SalesforceIds.USER, 480_000 + s);
        extensions.add(new Extension(ext, String.valueOf(300 + s), "Staff " + s, "Enabled"));
        members.add(s == 0
            // one roster row known only by its extension number: costs the extension-list call
            ? new StaffMember("Staff 0", Optional.empty(), Optional.of("300"), Optional.of(user))
            : new StaffMember("Staff " + s, Optional.of(ext), Optional.empty(), Optional.of(user)));
        users.add(user);
      }
      List<Instant> times = new ArrayList<>();
      for (int i = 0; i < texts; i++) {
        times.add(now.minus(Duration.ofSeconds(1 + random.nextInt(59 * 86_400))));
      }
      times.sort(null);
      Map<ExtensionId, List<SmsMessage>> messages = new LinkedHashMap<>();
      long expected = 0;
      for (int i = 0; i < texts; i++) {
        ExtensionId ext = extensions.get(random.nextInt(staff)).id();
        int n = random.nextInt(numbers);
        String[] p = pool.get(n);
        String number = "+1" + p[0] + p[1] + p[2];
        boolean intaker = random.nextInt(50) == 0;
        Direction d = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        String body = intaker ? "New lead from Intaker: call back " + number : "text " + i + " about the case";
        SmsMessage m = new SmsMessage(MessageId.of(String.valueOf(9_000_000_000L + i)), ext, d,
            d == Direction.INBOUND ? number : "+15025550100", List.of(d == Direction.INBOUND ? "+15025550100" : number),
            body, times.get(i), null, "conv" + n, d == Direction.INBOUND ? "Received" : "Delivered", List.of());
        messages.computeIfAbsent(ext, k -> new ArrayList<>()).add(m);
        if (!intaker && n < known) {
          expected++;
        }
      }
      SyncSettings settings = new SyncSettings(Roster.of(new Wave(WAVE, members)), IntakerFilter.of(INTAKER),
          TopicMap.defaults(), SCHEMA, Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
      return new LargeFirm(settings, extensions, messages, cases, users, expected);
    }
  }
}
