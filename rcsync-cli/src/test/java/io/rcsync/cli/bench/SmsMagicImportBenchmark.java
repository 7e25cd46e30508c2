package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.store.CsvHistorySource;
import io.rcsync.core.RcSync;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.in.ImportHistoryUseCase.ImportCommand;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.ImportHistoryService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.ringcentral.RingCentralAuth;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.RingCentralExtensionDirectory;
import io.rcsync.ringcentral.RingCentralMessageSource;
import io.rcsync.salesforce.SalesforceAdapters;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.StaticTokenAuth;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: what {@code import-smsmagic} costs in Salesforce calls per 1,000 history records, through the real
 * Salesforce adapter ({@link SalesforceAdapters}: history source, case directory, Note sink and store, staff
 * directory) against the {@link SalesforceSimulator} with SMS-Magic's objects, driven by core's
 * {@link ImportHistoryService} as the CLI drives it.
 *
 * <p>For each size (default 10,000 and 50,000 records; {@code -Drcsync.smsmagic.records=...} picks others): the
 * synthetic larger firm of {@link EndToEndBenchmark} ({@code LargeFirm}: 10 staff, as many RingCentral texts as
 * history records, one number per ten texts) is backfilled from the RingCentral simulator first (its wall time per
 * 1,000 texts is the ratio's denominator); then a synthetic SMS-Magic history of the same size is seeded into the org:
 * 5% repeat a matched RingCentral text 30–110 s later (the overlap, de-duplicated against its {@code rc_msg_} Note),
 * of the rest half on numbers a Matter/Intake holds and half on numbers nobody holds, a third Incoming SMS, two
 * thirds SMS History OUT (half of those naming an active sender), over the two years before the RingCentral texts.
 * Measured: dry run, first run and re-run, reading the org (SOQL pages of 2,000) and reading Data Loader exports of
 * the same rows in creation order ({@link CsvHistorySource}; the org's {@code smsmagic_} Notes deleted between the
 * two paths). {@code -Drcsync.smsmagic.csvOrder=shuffled} writes the exports in a random order instead (an export
 * sorted by another column): then most batches span the RingCentral period and read its Notes again.
 *
 * <p>A benchmark, not a timed test: it asserts only that each run is correct (balanced; Notes created, unchanged and
 * de-duplicated as generated; the adapter counted every call the simulator received). Figures go to
 * {@code target/smsmagic-import-benchmark.md}. Run: {@code mvn -pl rcsync-cli -am test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=SmsMagicImportBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class SmsMagicImportBenchmark {
  private static final String NS = "smagicinteract__";
  private static final String MESSAGE_TIME = "Message_Time__c";
  private static final String COUNTERPARTY = "RcSync_Counterparty__c";
  private static final String FIRM_NUMBER = "+15025550100";
  private static final DateTimeFormatter DATA_LOADER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  @TempDir
  Path dir;

  /** One measured run. */
  private record Row(int size, String path, String run, Counts totals, long sfCalls, Map<Endpoint, Long> byEndpoint,
      double seconds, double backfillSecondsPerThousand) {
    double perThousand() {
      return 1000.0 * sfCalls / totals.fetched();
    }

    double secondsPerThousand() {
      return 1000.0 * seconds / totals.fetched();
    }
  }

  /** What the generator made: the org rows by object, and what the import must report. */
  private record History(Map<String, List<Map<String, Object>>> rows, long notes, long unmatched, long overlap) {
    long read() {
      return rows.values().stream().mapToLong(List::size).sum();
    }
  }

  @Test
  void measuresSalesforceCallsPerThousandHistoryRecords() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String n : System.getProperty("rcsync.smsmagic.records", "10000,50000").split(",")) {
      rows.addAll(measure(Integer.parseInt(n.strip())));
    }
    String md = markdown(rows);
    System.out.println(md);
    Path out = Path.of(System.getProperty("basedir", "."), "target", "smsmagic-import-benchmark.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
  }

  private List<Row> measure(int size) throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    EndToEndBenchmark.LargeFirm firm = EndToEndBenchmark.LargeFirm.generate(15_000L + size, now, 10, size, size / 10);
    LitifySchema schema = firm.settings().schema().withMessageTimeField(MESSAGE_TIME)
        .withCounterpartyField(COUNTERPARTY);
    SyncSettings s = firm.settings();
    SyncSettings settings = new SyncSettings(s.roster(), s.intakerFilter(), s.topics(), schema, s.lookback(),
        s.chunkSize());
    List<Row> out = new ArrayList<>();
    try (RingCentralSimulator rc = RingCentralSimulator.builder().noRateLimits().tokenLifetime(Duration.ofHours(1))
        .build().start();
        SalesforceSimulator sf = SalesforceSimulator.builder()
            .schema(OrgSchema.litifyDefaults(schema).withSmsMagic(schema)).dailyApiRequests(10_000_000).build()
            .start()) {
      rc.addExtensions(firm.extensions());
      firm.messages().forEach(rc::addMessages);
      firm.users().forEach(sf::addUser);
      sf.seedCases(firm.cases(), schema);

      // the RingCentral backfill of the same number of texts: the rc_msg_ Notes the overlap repeats, and the ratio's base
      ApiCalls rcCalls = new ApiCalls();
      RingCentralAuth login = new RingCentralAuth(RingCentralConfig.builder(RingCentralCredentials
          .of(rc.clientId(), rc.clientSecret(), rc.jwt()).withServer(URI.create(rc.baseUrl()))).build(), rcCalls);
      SalesforceAdapters forSync = adapters(sf, schema, rcCalls);
      RcSync sync = RcSync.builder().settings(settings).messageSource(new RingCentralMessageSource(login))
          .extensionDirectory(new RingCentralExtensionDirectory(login)).caseDirectory(forSync.newCaseDirectory())
          .noteSink(forSync.noteSink()).noteStore(forSync.noteStore()).apiCalls(rcCalls).build();
      sf.resetCounters();
      long started = System.nanoTime();
      RunReport backfill = sync.sync(SyncCommand.backfill(EndToEndBenchmark.LargeFirm.WAVE,
          now.minus(Duration.ofDays(60)), null, false));
      double backfillSeconds = (System.nanoTime() - started) / 1e9;
      double backfillPerThousand = backfillSeconds * 1000.0 / backfill.totals().fetched();
      assertThat(backfill.totals().created()).isEqualTo(firm.expectedNotes());
      out.add(new Row(size, "RingCentral backfill (texts)", "first run", backfill.totals(),
          rcCalls.count(ApiCalls.SALESFORCE), sf.callCounts(), backfillSeconds, backfillPerThousand));

      History history = history(firm, size, settings);
      history.rows().forEach((object, list) -> list.forEach(v -> sf.insert(object, v)));
      List<Path> exports = new ArrayList<>();
      for (Map.Entry<String, List<Map<String, Object>>> e : history.rows().entrySet()) {
        exports.add(export(e.getKey(), e.getValue()));
      }
      SmsMagicSettings smsMagic = SmsMagicSettings.defaults()
          .withDefaultOwner(firm.users().iterator().next());

      for (String path : List.of("org", "CSV")) {
        if (path.equals("CSV")) {
          for (Map<String, Object> n : sf.records(schema.noteObject())) {
            if (String.valueOf(n.get(schema.noteExternalIdField())).startsWith("smsmagic_")) {
              sf.delete(String.valueOf(n.get("Id")));
            }
          }
        }
        for (String run : List.of("dry run", "first run", "re-run")) {
          ApiCalls calls = new ApiCalls();
          SalesforceAdapters a = adapters(sf, schema, calls);
          ImportHistoryService importer = new ImportHistoryService(settings, smsMagic, a.newCaseDirectory(),
              a.noteSink(), a.noteStore(), Optional.of(a.staffDirectory()), Optional.empty(), Clock.systemUTC(),
              calls);
          sf.resetCounters();
          long t0 = System.nanoTime();
          RunReport r;
          if (path.equals("org")) {
            r = importer.importHistory(command(a.historySource(smsMagic.fields()), run));
          } else {
            try (CsvHistorySource csv = CsvHistorySource.open(exports, Path::toString, smsMagic.fields(),
                new CsvHistorySource.Options(Optional.empty(), ZoneOffset.UTC, StandardCharsets.UTF_8))) {
              r = importer.importHistory(command(csv, run));
            }
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          check(r, history, run, sf, calls);
          out.add(new Row(size, path, run, r.totals(), calls.count(ApiCalls.SALESFORCE), sf.callCounts(), seconds,
              backfillPerThousand));
        }
      }
    }
    return out;
  }

  private static ImportCommand command(HistorySource source, String run) {
    return new ImportCommand(source, Optional.empty(), Optional.empty(), run.equals("dry run"), ProgressListener.NONE,
        Optional.empty());
  }

  private static SalesforceAdapters adapters(SalesforceSimulator sf, LitifySchema schema, ApiCalls calls) {
    return SalesforceAdapters.create(SalesforceConfig.builder().schema(schema).build(),
        new StaticTokenAuth(sf.instanceUrl(), sf.issueToken()), calls);
  }

  private static void check(RunReport r, History h, String run, SalesforceSimulator sf, ApiCalls calls) {
    Counts t = r.totals();
    assertThat(r.aborted()).as(run).isEmpty();
    assertThat(t.balanced()).as(run).isTrue();
    assertThat(t.fetched()).as(run).isEqualTo(h.read());
    assertThat(t.deduplicated()).as(run).isEqualTo(h.overlap());
    assertThat(t.unmatched()).as(run).isEqualTo(h.unmatched());
    assertThat(t.matched()).as(run).isEqualTo(h.notes());
    assertThat(t.failed()).as(run).isZero();
    if (run.equals("first run")) {
      assertThat(t.created()).as(run).isEqualTo(h.notes());
    } else if (run.equals("re-run")) {
      assertThat(t.created() + t.updated()).as(run).isZero();
      assertThat(t.unchanged()).as(run).isEqualTo(h.notes());
    }
    assertThat(calls.count(ApiCalls.SALESFORCE)).as(run + ": the adapter counted every call").isEqualTo(sf.totalCalls());
  }

  /**
   * {@code size} history records: every twentieth repeats a matched RingCentral text (same number, body and
   * direction, 30–110 s later); of the others, even ones are on a number a Matter/Intake holds, odd ones on a 417
   * number nobody holds; by index, a third are Incoming SMS, the rest SMS History OUT, half of those with a sender.
   */
  private static History history(EndToEndBenchmark.LargeFirm firm, int size, SyncSettings settings) {
    Random random = new Random(size);
    Set<String> known = new LinkedHashSet<>();
    for (CaseRecord c : firm.cases()) {
      c.phoneValues().values().forEach(v -> known.add(tenDigits(v)));
    }
    List<String> knownNumbers = new ArrayList<>(known);
    List<SmsMessage> matchedTexts = new ArrayList<>();
    firm.messages().values().forEach(list -> list.stream()
        .filter(m -> !settings.intakerFilter().matches(m.text()) && known.contains(tenDigits(counterparty(m))))
        .forEach(matchedTexts::add));
    matchedTexts.sort(Comparator.comparing(SmsMessage::creationTime).thenComparing(m -> m.id().value()));
    Instant rcStart = matchedTexts.get(0).creationTime().truncatedTo(ChronoUnit.DAYS);
    List<SalesforceId> senders = new ArrayList<>(firm.users());
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    rows.put(OrgSchema.SMS_HISTORY, new ArrayList<>());
    rows.put(OrgSchema.INCOMING_SMS, new ArrayList<>());
    long notes = 0;
    long unmatched = 0;
    long overlap = 0;
    Set<String> usedTexts = new HashSet<>();
    int step = Math.max(1, matchedTexts.size() / (size / 20 + 1));
    int next = 0;
    for (int i = 0; i < size; i++) {
      String number;
      String body;
      Direction direction;
      Instant at;
      if (i % 20 == 0) {
        SmsMessage m = matchedTexts.get(next);
        next = (next + step) % matchedTexts.size();
        while (!usedTexts.add(m.id().value())) {
          m = matchedTexts.get(next);
          next = (next + 1) % matchedTexts.size();
        }
        number = counterparty(m);
        body = m.text();
        direction = m.direction();
        at = m.creationTime().plusSeconds(30 + random.nextInt(80));
        overlap++;
      } else {
        boolean matched = i % 2 == 0;
        number = matched ? "+1" + knownNumbers.get(random.nextInt(knownNumbers.size()))
            : String.format(Locale.ROOT, "(417) 555-%04d", i % 10_000);
        body = "SMS-Magic text " + i + (i % 7 == 0 ? ",\nsee you at " + (i % 12 + 1) + "pm" : " about the claim");
        direction = i % 3 == 0 ? Direction.INBOUND : Direction.OUTBOUND;
        at = rcStart.minus(Duration.ofDays(730)).plusSeconds((long) (random.nextDouble() * 729 * 86_400));
        if (matched) {
          notes++;
        } else {
          unmatched++;
        }
      }
      Map<String, Object> v = new LinkedHashMap<>();
      if (direction == Direction.INBOUND) {
        v.put("Id", SalesforceIds.idFor("a3I", 10 + i).value());
        v.put("Name", String.format(Locale.ROOT, "I-%08d", i));
        v.put("CreatedDate", at);
        v.put(NS + "SMS_Text__c", body);
        v.put(NS + "Mobile_Number__c", number);
        v.put(NS + "Inbound_Number__c", FIRM_NUMBER);
        v.put(NS + "external_field__c", "ext-" + i);
        rows.get(OrgSchema.INCOMING_SMS).add(v);
      } else {
        v.put("Id", SalesforceIds.idFor("a3S", 10 + i).value());
        v.put("Name", String.format(Locale.ROOT, "SM-%09d", i));
        v.put("CreatedDate", at);
        v.put(NS + "SMSText__c", body);
        v.put(NS + "PhoneNumber__c", number);
        v.put(NS + "SenderId__c", FIRM_NUMBER);
        v.put(NS + "Direction__c", "OUT");
        v.put(NS + "Sent_On__c", at);
        v.put(NS + "Status__c", "DELIVERED");
        if ((i / 2) % 2 == 0) {
          v.put(NS + "Sent_By__c", senders.get(i % senders.size()).value());
        }
        v.put(NS + "external_field__c", "ext-" + i);
        rows.get(OrgSchema.SMS_HISTORY).add(v);
      }
    }
    // in creation order, as the org returns them by CreatedDate and Data Loader's extract writes them (by Id)
    rows.values().forEach(l -> l.sort(Comparator.comparing(v -> (Instant) v.get("CreatedDate"))));
    return new History(rows, notes, unmatched, overlap);
  }

  /** The rows as Data Loader exports them: upper-case API names, every value quoted, GMT date-times, CRLF. */
  private Path export(String object, List<Map<String, Object>> inOrder) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>(inOrder);
    if ("shuffled".equals(System.getProperty("rcsync.smsmagic.csvOrder"))) {
      java.util.Collections.shuffle(rows, new Random(rows.size()));
    }
    Set<String> columns = new LinkedHashSet<>();
    rows.forEach(r -> columns.addAll(r.keySet()));
    Path f = dir.resolve(object + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      w.write(String.join(",", columns.stream().map(c -> quote(c.toUpperCase(Locale.ROOT))).toList()));
      w.write("\r\n");
      for (Map<String, Object> r : rows) {
        List<String> cells = new ArrayList<>();
        for (String c : columns) {
          Object v = r.get(c);
          cells.add(quote(v == null ? "" : v instanceof Instant t ? DATA_LOADER.format(t) : String.valueOf(v)));
        }
        w.write(String.join(",", cells));
        w.write("\r\n");
      }
    }
    return f;
  }

  private static String quote(String v) {
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }

  private static String counterparty(SmsMessage m) {
    return m.direction() == Direction.INBOUND ? m.from() : m.to().get(0);
  }

  private static String tenDigits(String raw) {
    String d = raw == null ? "" : raw.replaceAll("[^0-9]", "");
    return d.length() == 11 && d.startsWith("1") ? d.substring(1) : d;
  }

  private static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("SMS-Magic import through the real Salesforce adapter on the simulator, ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append("\n\n");
    sb.append("| records | path | run | created / unchanged | de-duplicated | Salesforce calls | per 1,000 records "
        + "| query + nextRecordsUrl / composite / Collections / describe | s per 1,000 records | ÷ RC backfill s per "
        + "1,000 texts |\n");
    sb.append("| ---: | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
    for (Row r : rows) {
      Map<Endpoint, Long> e = r.byEndpoint();
      long collections = e.getOrDefault(Endpoint.COLLECTIONS_CREATE, 0L) + e.getOrDefault(Endpoint.COLLECTIONS_UPSERT, 0L)
          + e.getOrDefault(Endpoint.COLLECTIONS_UPDATE, 0L);
      sb.append(String.format(Locale.ROOT, "| %,d | %s | %s | %,d / %,d | %,d | %d | %.2f | %d + %d / %d / %d / %d "
              + "| %.3f | %.2f |%n", r.totals().fetched(), r.path(), r.run(), r.totals().created(),
          r.totals().unchanged(), r.totals().deduplicated(), r.sfCalls(), r.perThousand(),
          e.getOrDefault(Endpoint.QUERY, 0L) + e.getOrDefault(Endpoint.QUERY_ALL, 0L),
          e.getOrDefault(Endpoint.QUERY_MORE, 0L), e.getOrDefault(Endpoint.COMPOSITE, 0L), collections,
          e.getOrDefault(Endpoint.DESCRIBE, 0L), r.secondsPerThousand(),
          r.secondsPerThousand() / r.backfillSecondsPerThousand()));
    }
    return sb.toString();
  }
}
