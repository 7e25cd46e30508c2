package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.demo.SimulatorDemoWorld;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.support.SalesforceDateTimes;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.demo.DemoSmsMagicHistory;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The demo firm's world for issue 15's end-to-end tests: both simulators seeded with the generated firm (its
 * SMS-Magic history in the org, {@link DemoData#SMS_MAGIC_EXPECTED}), the demo config plus an {@code smsmagic}
 * section ({@code defaultOwner} = the firm's admin, who sends nothing), and the wave-1 RingCentral backfill already
 * run, as the README orders it. The CLI runs in-process on its live adapters ({@link SimulatorDemoWorld#adapters()}).
 */
final class SmsMagicDemoOrg implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The demo's admin (an active user who sent nothing through SMS-Magic): owner of Notes with no active sender. */
  static final SalesforceId DEFAULT_OWNER = SalesforceIds.idFor(SalesforceIds.USER, 99_001);
  static final String SMS_MAGIC = "smsmagic_";
  static final String RC = "rc_msg_";

  final Path dir;
  final MutableClock clock;
  final DemoDataset data;
  final DemoSmsMagicHistory history;
  final ConfigFile config;
  final LitifySchema schema;
  final SimulatorDemoWorld world;
  final SalesforceSimulator sf;

  private SmsMagicDemoOrg(Path dir, MutableClock clock, DemoDataset data, ConfigFile config, SimulatorDemoWorld world) {
    this.dir = dir;
    this.clock = clock;
    this.data = data;
    this.history = DemoData.smsMagicHistory(data);
    this.config = config;
    this.schema = config.sync().schema();
    this.world = world;
    this.sf = world.salesforce();
  }

  /** The demo firm with the import's config; the wave-1 backfill has run. */
  static SmsMagicDemoOrg backfilled(Path dir) {
    return backfilled(dir, false);
  }

  /**
   * @param namedLookups name the SMS History's Matter/Intake lookups ({@code Matter__c}, {@code Intake__c}) in the
   *     config, as a Data Loader export needs (a CSV has no describe); else they are {@code auto} (found by describe)
   */
  static SmsMagicDemoOrg backfilled(Path dir, boolean namedLookups) {
    try {
      MutableClock clock = MutableClock.at("2026-11-20T15:00:00Z");
      DemoDataset data = DemoData.generate(42, clock.instant());
      ObjectNode json = (ObjectNode) JSON.readTree(DemoData.demoConfigJson(data));
      ObjectNode smsmagic = json.putObject("smsmagic");
      smsmagic.put("defaultOwner", DEFAULT_OWNER.value());
      if (namedLookups) {
        ObjectNode outgoing = smsmagic.putObject("objects").putObject("outgoing");
        outgoing.put("matterLookup", "Matter__c");
        outgoing.put("intakeLookup", "Intake__c");
      }
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
      Files.createDirectories(dir.resolve("config"));
      Files.writeString(dir.resolve("config/sync-config.json"), text);
      ConfigFile config = ConfigLoader.parseFile("config/sync-config.json", text);
      SimulatorDemoWorld world = SimulatorDemoWorld.start(data, config, dir, clock);
      SmsMagicDemoOrg org = new SmsMagicDemoOrg(dir, clock, data, config, world);
      TestWorld.Result sync = org.run("sync", "--backfill", "--since",
          DemoData.historyStart(clock.instant()).toString());
      assertThat(sync.code()).as(sync.toString()).isZero();
      clock.advance(Duration.ofMinutes(3));
      return org;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    world.close();
  }

  /** One CLI invocation, in-process, on the live adapters against the simulators; the clock moves on a minute after. */
  TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir).withEnv(world.env()).withClock(clock).withAdapters(world.adapters());
    var cl = RcsyncCommand.commandLine(e);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    clock.advance(Duration.ofMinutes(1));
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  /** The run's exit code is 0, else the whole output is the failure message. */
  TestWorld.Result ok(String... args) {
    TestWorld.Result r = run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  /** The newest report file ending in {@code suffix} (stamps sort by time). */
  Path lastReport(String suffix) {
    try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).max(Comparator.naturalOrder())
          .orElseThrow(() -> new AssertionError("no report *" + suffix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode lastJson(String suffix) {
    try {
      return JSON.readTree(lastReport(suffix).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last import's totals. */
  JsonNode importTotals() {
    return lastJson("-import-smsmagic.json").path("totals");
  }

  /** Lines of the last import's CSV of that kind, header first. */
  List<String> importCsv(String kind) {
    try {
      return Files.readAllLines(lastReport("-import-smsmagic-" + kind + ".csv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Notes whose external id starts with {@code prefix}, by external id. */
  Map<String, Map<String, Object>> notes(String prefix) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> n : sf.records(schema.noteObject())) {
      Object key = n.get(schema.noteExternalIdField());
      if (key instanceof String s && s.startsWith(prefix)) {
        out.put(s, n);
      }
    }
    return out;
  }

  /** A Note's fields the import sets, for comparing two runs: owner, Matter, Intake, topic, body, message time. */
  Map<String, Object> written(Map<String, Object> note) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : List.of("OwnerId", schema.noteMatterField(), schema.noteIntakeField(), schema.noteTopicField(),
        schema.noteBodyField(), schema.messageTimeField().orElseThrow(), DemoData.COUNTERPARTY_FIELD)) {
      m.put(f, note.get(f) == null ? null : String.valueOf(note.get(f)));
    }
    return m;
  }

  /** The record's Note key: {@code smsmagic_} + its 18-character Id. */
  static String key(SmsMagicRecord r) {
    return SMS_MAGIC + r.id().value();
  }

  /** The demo history's records in the RingCentral period: the overlap repeats of wave-1 texts. */
  List<SmsMagicRecord> overlapRecords() {
    return history.records().stream().filter(r -> !r.messageTime().isBefore(history.rcStart())).toList();
  }

  /** Open Matters and Intakes whose phone fields hold this number's ten digits. */
  Set<String> holders(String raw) {
    String n = tenDigits(raw);
    Set<String> out = new LinkedHashSet<>();
    for (CaseRecord c : data.cases()) {
      if (c.phoneValues().values().stream().anyMatch(v -> tenDigits(v).equals(n) || digits(v).contains(n))) {
        out.add(c.id().value());
      }
    }
    return out;
  }

  Optional<CaseKind> kindOf(String id) {
    return data.cases().stream().filter(c -> c.id().sameRecord(SalesforceId.of(id))).map(CaseRecord::kind).findFirst();
  }

  static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    return SalesforceDateTimes.parse(String.valueOf(value))
        .orElseThrow(() -> new AssertionError("not a date-time: " + value));
  }

  static String tenDigits(String raw) {
    String d = digits(raw);
    return d.length() == 11 && d.startsWith("1") ? d.substring(1) : d;
  }

  static String digits(String raw) {
    return raw == null ? "" : raw.replaceAll("[^0-9]", "");
  }

  /**
   * The demo org's rows of one SMS-Magic object as Data Loader's extract writes them (research15 §6, its
   * {@code CSVFileWriter} and {@code PartnerQueryVisitor}): a header of the API names in upper case, every value
   * quoted, date-times as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in GMT, Ids as the API returns them (18 characters),
   * CRLF line ends; the columns are every field any of the object's rows holds.
   */
  String dataLoaderExport(String object) {
    List<Map<String, Object>> rows = history.rows().stream().filter(r -> r.object().equals(object))
        .map(DemoSmsMagicHistory.Row::values).toList();
    Set<String> columns = new LinkedHashSet<>();
    rows.forEach(r -> columns.addAll(r.keySet()));
    StringBuilder b = new StringBuilder();
    b.append(String.join(",", columns.stream().map(c -> quote(c.toUpperCase(Locale.ROOT))).toList())).append("\r\n");
    java.time.format.DateTimeFormatter gmt = java.time.format.DateTimeFormatter
        .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    for (Map<String, Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        Object v = r.get(c);
        cells.add(quote(v == null ? "" : v instanceof Instant t ? gmt.format(t) : String.valueOf(v)));
      }
      b.append(String.join(",", cells)).append("\r\n");
    }
    return b.toString();
  }

  private static String quote(String v) {
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }

  /** Writes {@code text} under the work directory, returning the relative name. */
  String write(String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
