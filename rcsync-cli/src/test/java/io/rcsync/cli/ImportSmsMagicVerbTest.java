package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.cli.store.RunLock;
import io.rcsync.cli.wiring.AdapterFactory;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.testkit.fake.InMemoryHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rcsync import-smsmagic} end to end in-process: core's import service on the in-memory org of
 * {@link TestWorld}, history from Data Loader exports ({@code --from-csv}) or from the org's history port; the verb's
 * reports (console, JSON, the three CSVs), run lock, dry run and exit codes.
 */
class ImportSmsMagicVerbTest {
  static final String CONFIG_WITH_SMSMAGIC = TestWorld.CONFIG.replace(
      "\"salesforce\": {", "\"smsmagic\": { \"defaultOwner\": \"005UV0000012346AAA\" },\n  \"salesforce\": {");
  static final String HEADER = "\"ID\",\"NAME\",\"CREATEDDATE\",\"SMAGICINTERACT__SMSTEXT__C\","
      + "\"SMAGICINTERACT__PHONENUMBER__C\",\"SMAGICINTERACT__SENDERID__C\",\"SMAGICINTERACT__DIRECTION__C\","
      + "\"SMAGICINTERACT__SENT_BY__C\",\"SMAGICINTERACT__STATUS__C\"\r\n";

  @TempDir
  Path dir;

  TestWorld world() {
    TestWorld w = new TestWorld(dir);
    w.write("config/sync-config.json", CONFIG_WITH_SMSMAGIC);
    return w;
  }

  /** Four SMS History records: Matter by phone, Intake by phone, a number no record holds, a copy of text 9001. */
  static String export() {
    return HEADER
        + row("a3S000000000001", "SM-000000001", "2024-03-01T14:05:09.000Z", "Court date moved to May 2,\r\nsee you there",
            "(502) 813-8900", "OUT", TestWorld.ALYSSIA_USER.value(), "DELIVERED")
        + row("a3S000000000002", "SM-000000002", "2024-03-02T09:00:00.000Z", "Is my claim filed?", "502.555.0199", "IN",
            "", "")
        + row("a3S000000000003", "SM-000000003", "2024-03-03T09:00:00.000Z", "who is this", "5029990001", "IN", "", "")
        + row("a3S000000000004", "SM-000000004", "2026-04-01T15:01:00.000Z", "Hi, about my case", "+15028138900", "IN",
            "", "");
  }

  static String row(String id, String name, String created, String body, String phone, String dir, String sentBy,
      String status) {
    return String.join(",", List.of(id, name, created, body.replace("\"", "\"\""), phone, "15025550147", dir, sentBy,
        status).stream().map(v -> "\"" + v + "\"").toList()) + "\r\n";
  }

  @Test
  void aCsvImportWritesNotesDeduplicatesAgainstRingCentralAndReportsLikeSync() throws Exception {
    TestWorld w = world();
    w.write("exports/sms-history.csv", export());
    assertThat(w.run("sync", "--backfill", "--since", "2026-04-01").code()).isIn(0, 1);

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/sms-history.csv");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("rcsync import-smsmagic · file: exports/sms-history.csv (smagicinteract__smsMagic__c)"
            + " · first record .. now")
        .contains("Check: read 4 = Intaker-filtered 0 + Matter 1 + Intake 1 + unmatched 1 + failed 0 + de-duplicated 1"
            + " — balanced, every record accounted for")
        .contains("De-duplicated: 1 record(s) not written")
        .containsPattern("De-duplicated: reports/\\S+-import-smsmagic-deduplicated.csv \\(1 row\\)")
        .containsPattern("Unmatched: +reports/\\S+-import-smsmagic-unmatched.csv \\(1 row\\)")
        .doesNotContain("DRY RUN");
    assertThat(smsMagicNotes(w).stream().map(n -> n.externalId()).toList())
        .contains("smsmagic_a3S000000000001EAA", "smsmagic_a3S000000000002EAA")
        .doesNotContain("smsmagic_a3S000000000003EAA", "smsmagic_a3S000000000004EAA");
    String dedup = Files.readString(w.lastReport("-import-smsmagic-deduplicated.csv"));
    assertThat(dedup).startsWith("history_key,kept_key,counterparty,reason\r\n")
        .contains("smsmagic_a3S000000000004EAA,rc_msg_9001,");
    assertThat(Files.readString(w.lastReport("-import-smsmagic-unmatched.csv")))
        .contains("a3S000000000003EAA,005UV0000012346AAA,5029990001,no Matter or Intake holds this number");
    JsonNode json = new ObjectMapper().readTree(w.lastReport("-import-smsmagic.json").toFile());
    assertThat(json.get("verb").asText()).isEqualTo("import-smsmagic");
    assertThat(json.get("source").asText()).isEqualTo("file: exports/sms-history.csv (smagicinteract__smsMagic__c)");
    assertThat(json.get("totals").get("fetched").asLong()).isEqualTo(4);
    assertThat(json.get("totals").get("deduplicated").asLong()).isEqualTo(1);
    assertThat(json.get("deduplicatedCount").asLong()).isEqualTo(1);
    assertThat(json.get("balanced").asBoolean()).isTrue();
    assertThat(json.get("files").get("deduplicated").asText()).endsWith("-import-smsmagic-deduplicated.csv");
    assertThat(json.get("owners")).extracting(o -> o.get("ownerId").asText())
        .contains(TestWorld.ALYSSIA_USER.value(), TestWorld.KYLE_USER.value());
  }

  /** fresh16 #12: a CSV import warns of media links as an org import does (one core path for both sources). */
  @Test
  void anIncomingSmsExportWithAMediaLinkColumnWarnsThatTheMediaStayALink() throws Exception {
    TestWorld w = world();
    w.write("exports/incoming.csv", "\"ID\",\"CREATEDDATE\",\"SMAGICINTERACT__SMS_TEXT__C\","
        + "\"SMAGICINTERACT__MOBILE_NUMBER__C\",\"SMAGICINTERACT__MMS_URL__C\"\r\n"
        + "\"a3T000000000001\",\"2024-03-02T09:00:00.000Z\",\"Photo attached\",\"502.555.0199\","
        + "\"https://media.sms-magic.example/abc.jpg\"\r\n");

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/incoming.csv");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Warning: 1 SMS-Magic MMS record(s) keep their media only as a link");
    JsonNode json = new ObjectMapper().readTree(w.lastReport("-import-smsmagic.json").toFile());
    assertThat(json.get("warnings").toString()).contains("keep their media only as a link");
  }

  /** fresh16 #13: a header-only export is no error (exit 0) but is said in one line. */
  @Test
  void aHeaderOnlyExportSaysSoInOneWarningAndExitsZero() {
    TestWorld w = world();
    w.write("exports/empty.csv", HEADER);

    TestWorld.Result r = w.run("import-smsmagic", "--dry-run", "--from-csv", "exports/empty.csv");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().filter(l -> l.contains("no SMS-Magic records read"))).singleElement().asString()
        .contains("exports/empty.csv").contains("the export (it holds no rows)");
  }

  /** fresh16 #11: a de-duplicated record (its text has an rc_msg_ Note) neither matched nor failed to match. */
  @Test
  void theMatchRateIsOverTheRecordsThatCouldMatchNotTheDeDuplicatedOnes() throws Exception {
    TestWorld w = world();
    w.write("exports/h.csv", export());
    w.write("exports/dup.csv", HEADER + row("a3S000000000004", "SM-000000004", "2026-04-01T15:01:00.000Z",
        "Hi, about my case", "+15028138900", "IN", "", ""));
    assertThat(w.run("sync", "--backfill", "--since", "2026-04-01").code()).isIn(0, 1);

    TestWorld.Result all = w.run("import-smsmagic", "--from-csv", "exports/h.csv", "--dry-run");
    JsonNode totals = new ObjectMapper().readTree(w.lastReport("-import-smsmagic.json").toFile()).path("totals");
    TestWorld.Result onlyDuplicate = w.run("import-smsmagic", "--from-csv", "exports/dup.csv", "--dry-run");

    // read 4: Matter 1 + Intake 1 + unmatched 1 + de-duplicated 1, so 2 of the 3 that could match
    assertThat(all.out()).as(all.toString()).containsPattern("TOTAL\\s+4\\s+0\\s+1\\s+1\\s+1\\s+1\\s.*\\s67%");
    assertThat(totals.path("matchRate").asDouble()).isEqualTo(0.6667);
    assertThat(onlyDuplicate.out()).as(onlyDuplicate.toString())
        .containsPattern("TOTAL\\s+1\\s+0\\s+0\\s+0\\s+0\\s+1\\s.*\\s-\\n");
  }

  @Test
  void aReRunChangesNothingAndADryRunWritesNothing() {
    TestWorld w = world();
    w.write("exports/h.csv", export());
    TestWorld.Result dry = w.run("import-smsmagic", "--from-csv", "exports/h.csv", "--dry-run");
    assertThat(dry.out()).as(dry.toString()).contains("· DRY RUN (nothing written)");
    assertThat(smsMagicNotes(w)).isEmpty();
    assertThat(dir.resolve(".rcsync/sync.lock")).as("a dry run takes no lock").doesNotExist();

    TestWorld.Result first = w.run("import-smsmagic", "--from-csv", "exports/h.csv");
    TestWorld.Result again = w.run("import-smsmagic", "--from-csv", "exports/h.csv");

    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).containsPattern("Notes 3 \\(created 0 \\+ updated 0 \\+ unchanged 3\\)");
  }

  @Test
  void rowsTheCsvCannotReadAreFailuresNamingFileAndLineAndExitOne() throws Exception {
    TestWorld w = world();
    w.write("exports/h.csv", HEADER
        + row("a3S000000000001", "SM-1", "not a date", "x", "(502) 813-8900", "OUT", "", "")
        + row("a3S000000000002", "SM-2", "2024-03-02T09:00:00.000Z", "ok", "502.555.0199", "IN", "", ""));

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/h.csv");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("failed 1", "Failed records (first 1 of 1):");
    assertThat(Files.readString(w.lastReport("-import-smsmagic-failures.csv")))
        .contains("exports/h.csv line 2 (Id a3S000000000001): CREATEDDATE 'not a date' is not a date-time");
  }

  /** fresh16 #9: an import's owner is a User Id, so its own tables and CSVs call the column owner; a sync's keep extension. */
  @Test
  void theImportsFailureAndUnmatchedFilesAndTableCallTheOwnersColumnOwner() throws Exception {
    TestWorld w = world();
    w.write("exports/h.csv", export()
        + row("a3S000000000009", "SM-9", "not a date", "x", "(502) 813-8900", "OUT", "", ""));

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/h.csv");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).containsPattern("message id\\s+owner\\s+counterparty\\s+reason")
        .doesNotContain("extension");
    assertThat(Files.readString(w.lastReport("-import-smsmagic-failures.csv")))
        .startsWith("message_id,owner,counterparty,reason\r\n");
    assertThat(Files.readString(w.lastReport("-import-smsmagic-unmatched.csv")))
        .startsWith("message_id,owner,counterparty,reason\r\n").contains("a3S000000000003");
    assertThat(w.run("sync", "--backfill", "--since", "2026-04-01").code()).isIn(0, 1);
    assertThat(Files.readString(w.lastReport("-sync-unmatched.csv")))
        .startsWith("message_id,extension,counterparty,reason\r\n");
  }

  /** fresh16 #16: every file-level error of an export reads "SMS-Magic export: FILE: what; fix". */
  @Test
  void everyFileLevelErrorOfAnExportHasTheSamePrefix() {
    TestWorld w = world();
    w.write("exports/nobody.csv", "\"ID\",\"CREATEDDATE\"\r\n\"a3S000000000001\",\"2024-03-01T14:05:09.000Z\"\r\n");
    w.write("exports/noid.csv", HEADER.replace("\"ID\",", "\"X\","));

    TestWorld.Result noBody = w.run("import-smsmagic", "--from-csv", "exports/nobody.csv");
    TestWorld.Result noId = w.run("import-smsmagic", "--from-csv", "exports/noid.csv");

    assertThat(noBody.code()).isEqualTo(2);
    assertThat(noId.code()).isEqualTo(2);
    assertThat(noBody.err().strip()).startsWith("rcsync import-smsmagic: SMS-Magic export: exports/nobody.csv: no message"
        + " body column;");
    assertThat(noId.err().strip()).startsWith("rcsync import-smsmagic: SMS-Magic export: exports/noid.csv: no ID column;");
  }

  @Test
  void anExportWithoutIdIsRefusedBeforeAnythingIsReadOrLocked() {
    TestWorld w = world();
    w.write("exports/noid.csv", "\"NAME\",\"SMAGICINTERACT__SMSTEXT__C\"\r\n\"SM-1\",\"hi\"\r\n");

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/noid.csv");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("rcsync import-smsmagic: SMS-Magic export: exports/noid.csv: no ID column;"
        + " export the Id field so re-runs find the same Notes");
    assertThat(dir.resolve(".rcsync/sync.lock")).doesNotExist();
  }

  @Test
  void withoutSmsmagicDefaultOwnerTheImportDoesNotStart() {
    TestWorld w = new TestWorld(dir);
    w.write("exports/h.csv", export());

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/h.csv");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("smsmagic.defaultOwner: not set: the import needs the Salesforce User Id (005...)");
  }

  @Test
  void csvOptionsWithoutAnExportAreAUsageError() {
    TestWorld w = world();

    TestWorld.Result zone = w.run("import-smsmagic", "--csv-zone", "America/Chicago");
    TestWorld.Result badZone = w.run("import-smsmagic", "--from-csv", "x.csv", "--csv-zone", "Mars/Olympus");
    TestWorld.Result badCharset = w.run("import-smsmagic", "--from-csv", "x.csv", "--csv-charset", "klingon-8");

    assertThat(zone.code()).isEqualTo(2);
    assertThat(zone.err()).contains("--csv-zone applies to --from-csv files only");
    assertThat(badZone.err()).contains("'Mars/Olympus' is not a time zone");
    assertThat(badCharset.err()).contains("'klingon-8' is not a charset");
  }

  @Test
  void zoneLessCsvDateTimesAreReadInTheConfigsTimeZoneUnlessSmsmagicCsvZoneOrCsvZoneNamesAnother() throws Exception {
    String excel = HEADER + row("a3S000000000001", "SM-1", "3/1/2024 9:05", "Court date moved", "(502) 813-8900",
        "OUT", "", "");
    String firm = CONFIG_WITH_SMSMAGIC.replace("\"activeWave\"", "\"timeZone\": \"America/New_York\",\n  \"activeWave\"");

    TestWorld byTimeZone = world();
    byTimeZone.write("config/sync-config.json", firm);
    byTimeZone.write("exports/excel.csv", excel);
    TestWorld.Result r = byTimeZone.run("import-smsmagic", "--from-csv", "exports/excel.csv");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Warning: 1 date-time(s) in the CSV had no zone and were read in America/New_York"
        + " (from config timeZone; if the export was saved in another zone, pass --csv-zone ZONE or set config"
        + " smsmagic.csvZone)");
    // 9:05 on a New York wall clock in March 2024 (EST, UTC-5)
    assertThat(smsMagicNotes(byTimeZone)).singleElement()
        .satisfies(n -> assertThat(n.fields().values().toString()).contains("2024-03-01T14:05:00.000+0000"));

    TestWorld byCsvZone = new TestWorld(dir.resolve("b"));
    byCsvZone.write("config/sync-config.json", firm.replace("\"defaultOwner\"", "\"csvZone\": \"UTC\", \"defaultOwner\""));
    byCsvZone.write("exports/excel.csv", excel);
    assertThat(byCsvZone.run("import-smsmagic", "--from-csv", "exports/excel.csv", "--dry-run").out())
        .contains("were read in UTC (from config smsmagic.csvZone;");
    assertThat(byCsvZone.run("import-smsmagic", "--from-csv", "exports/excel.csv", "--dry-run", "--csv-zone",
        "America/Chicago").out()).contains("were read in America/Chicago (from --csv-zone)");

    TestWorld noZone = new TestWorld(dir.resolve("c"));
    noZone.write("config/sync-config.json", CONFIG_WITH_SMSMAGIC);
    noZone.write("exports/excel.csv", excel);
    assertThat(noZone.run("import-smsmagic", "--from-csv", "exports/excel.csv", "--dry-run").out())
        .contains("were read in UTC (from the default: no --csv-zone, config smsmagic.csvZone or timeZone;");
  }

  @Test
  void anExportInAnotherCharsetNamesCsvCharsetAndReadsWithIt() throws Exception {
    TestWorld w = world();
    Files.createDirectories(dir.resolve("exports"));
    Files.write(dir.resolve("exports/cp.csv"), (HEADER + row("a3S000000000001", "SM-1", "2024-03-01 14:05:09",
        "Se\u00f1ora, caf\u00e9 at 5", "(502) 813-8900", "OUT", "", "")).getBytes("windows-1252"));

    TestWorld.Result refused = w.run("import-smsmagic", "--from-csv", "exports/cp.csv");
    TestWorld.Result read = w.run("import-smsmagic", "--from-csv", "exports/cp.csv", "--csv-charset", "windows-1252",
        "--csv-zone", "America/New_York");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("exports/cp.csv: holds bytes that are not valid UTF-8; pass --csv-charset");
    assertThat(read.code()).as(read.toString()).isZero();
    assertThat(read.out()).contains("Warning: 1 date-time(s) in the CSV had no zone and were read in America/New_York");
    assertThat(smsMagicNotes(w)).singleElement()
        .satisfies(n -> assertThat(n.fields().values().toString()).contains("Se\u00f1ora, caf\u00e9 at 5"));
  }

  @Test
  void anImportWaitsForNoSyncItTakesTheSameRunLock() throws Exception {
    TestWorld w = world();
    w.write("exports/h.csv", export());
    try (RunLock held = RunLock.acquire(dir.resolve(".rcsync/sync.lock"), ".rcsync/sync.lock", "sync --backfill",
        Duration.ofMinutes(30), w.clock, msg -> {})) {
      TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/h.csv");

      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("another rcsync run holds the lock .rcsync/sync.lock");
    }
    assertThat(smsMagicNotes(w)).isEmpty();
  }

  @Test
  void withoutCsvTheOrgsHistoryIsReadAndAPortWithoutOneSaysToExport() {
    TestWorld w = world();
    TestWorld.Result none = w.run("import-smsmagic");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("cannot read the SMS-Magic objects: export SMS History and Incoming SMS with Data"
        + " Loader and pass --from-csv FILE");

    InMemoryHistory history = new InMemoryHistory().describedAs("org: smagicinteract__smsMagic__c")
        .add(new SmsMagicRecord(SalesforceId.of("a3S000000000009AAA"), "SM-9", SmsMagicFieldMap.smsHistory().object(),
            Direction.OUTBOUND, "(502) 813-8900", "", "From the org", Instant.parse("2024-01-05T10:00:00Z"),
            Optional.empty(), Optional.empty(), Optional.empty(), "DELIVERED", false));
    AdapterFactory base = w.adapters();
    AdapterFactory withHistory = new AdapterFactory() {
      @Override
      public RingCentralPorts ringCentral(ConfigFile config, CliEnvironment env, ApiCalls apiCalls) {
        throw new AssertionError("the import reads no RingCentral credential");
      }

      @Override
      public SalesforcePorts salesforce(ConfigFile config, Optional<String> targetOrg, CliEnvironment env,
          ApiCalls apiCalls) {
        return SalesforcePorts.withHistory(base.salesforce(config, targetOrg, env, apiCalls), (fields, batch) -> history);
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = io.rcsync.cli.command.RcsyncCommand.commandLine(w.environment().withAdapters(withHistory));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("import-smsmagic", "--since", "2024-01-01");

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("rcsync import-smsmagic · org: smagicinteract__smsMagic__c · 2024-01-01T00:00:00Z"
        + " .. now", "Matter 1");
    assertThat(smsMagicNotes(w)).extracting(n -> n.externalId())
        .containsExactly("smsmagic_a3S000000000009AAA");
  }

  /** One page of {@code n} SMS History records to the demo Matter's number, ids from {@code first}. */
  static List<SmsMagicRecord> page(int first, int n) {
    List<SmsMagicRecord> records = new java.util.ArrayList<>();
    for (int i = first; i < first + n; i++) {
      records.add(new SmsMagicRecord(SalesforceId.of(String.format("a3S0000000%05dAAA", i)), "SM-" + i,
          SmsMagicFieldMap.smsHistory().object(), Direction.OUTBOUND, "(502) 813-8900", "", "text " + i,
          Instant.parse("2024-01-05T10:00:00Z").plusSeconds(60L * i), Optional.empty(), Optional.empty(),
          Optional.empty(), "DELIVERED", false));
    }
    return records;
  }

  @Test
  void ctrlCOrSigtermStopsBeforeTheNextPageWritesTheReportOfEveryRecordReadAndReleasesTheLock() throws Exception {
    TestWorld w = world();
    List<Runnable> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Thread[] signal = new Thread[1];
    // three pages of 3; the signal comes while page 2 is read (as Ctrl-C would, on the JVM's shutdown thread)
    io.rcsync.core.port.out.HistorySource history = new io.rcsync.core.port.out.HistorySource() {
      int reads;

      @Override
      public Page read(Query query, Optional<String> cursor) {
        reads++;
        if (reads == 2) {
          signal[0] = new Thread(() -> hooks.forEach(Runnable::run), "test-sigint");
          signal[0].start();
          awaitText(err, "interrupted: stopping before the next page");
        }
        assertThat(reads).as("no page is read after the stop").isLessThanOrEqualTo(2);
        return new Page(page(reads * 10, 3), List.of(), Optional.of("page" + (reads + 1)));
      }

      @Override
      public String description() {
        return "org: smagicinteract__smsMagic__c";
      }
    };
    AdapterFactory base = w.adapters();
    AdapterFactory withHistory = new AdapterFactory() {
      @Override
      public RingCentralPorts ringCentral(ConfigFile config, CliEnvironment env, ApiCalls apiCalls) {
        throw new AssertionError("the import reads no RingCentral credential");
      }

      @Override
      public SalesforcePorts salesforce(ConfigFile config, Optional<String> targetOrg, CliEnvironment env,
          ApiCalls apiCalls) {
        return SalesforcePorts.withHistory(base.salesforce(config, targetOrg, env, apiCalls), (f, b) -> history);
      }
    };
    CommandLine cl = io.rcsync.cli.command.RcsyncCommand.commandLine(
        w.environment().withAdapters(withHistory).withShutdownHooks(hooks::add, () -> 2)); // SIGINT
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("import-smsmagic");
    signal[0].join();

    assertThat(hooks).as("the verb registers its stop with the environment").hasSize(1);
    // the JVM itself exits 130 once the hook returns: the verb and the report say the same (fresh17 #8)
    assertThat(code).as(out + "\n" + err).isEqualTo(130);
    assertThat(out.toString())
        .contains("Run stopped early: reading the SMS-Magic history (org: smagicinteract__smsMagic__c) failed:"
            + " interrupted (Ctrl-C or SIGTERM) before the next page")
        .containsPattern("Check: read 6 = .* failed 6 .*— balanced")
        // core writes in chunks of 10,000 texts: the 6 read were not written yet and are failed "not processed"
        .contains("not processed: run stopped")
        .contains("interrupted after writing 0 Note(s); 6 record(s) not written are in the failures CSV; re-run the"
            + " same command to finish (it is idempotent");
    assertThat(err.toString()).doesNotContain("did not stop within");
    JsonNode report = new ObjectMapper().readTree(w.lastReport("-import-smsmagic.json").toFile());
    assertThat(report.path("aborted").asText()).contains("interrupted (Ctrl-C or SIGTERM)");
    assertThat(report.path("exitCode").asInt()).isEqualTo(130);
    assertThat(report.path("totals").path("fetched").asLong()).isEqualTo(6);
    assertThat(w.lastReport("-import-smsmagic-failures.csv")).content().hasLineCount(7);
    // the hook returned after the lock was released: the next run takes it without a take-over warning
    assertThat(Files.readString(dir.resolve(".rcsync/sync.lock"))).isEmpty();
    // and a hook that runs at the normal exit of a finished run returns at once
    hooks.get(0).run();
    assertThat(err.toString()).containsOnlyOnce("interrupted: stopping");
  }

  private static void awaitText(StringWriter w, String text) {
    for (int i = 0; i < 500 && !w.toString().contains(text); i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The Notes the import wrote, keyed smsmagic_ (the store's find returns rc_msg_ Notes only). */
  static List<io.rcsync.core.domain.NoteRecord> smsMagicNotes(TestWorld w) {
    return w.notes.all().stream().filter(n -> n.externalId() != null && n.externalId().startsWith("smsmagic_"))
        .toList();
  }

  @Test
  void progressIsPlainLinesOffATerminalAndABarOnOne() {
    TestWorld w = world();
    w.write("exports/h.csv", export());
    TestWorld.Result plain = w.run("import-smsmagic", "--from-csv", "exports/h.csv", "--dry-run");
    w.interactive = true;
    TestWorld.Result bar = w.run("import-smsmagic", "--from-csv", "exports/h.csv", "--dry-run");

    assertThat(plain.err()).contains("12:00:00Z read 4 record(s): 4 so far");
    assertThat(bar.err()).contains("[SMS-Magic history] 4 read").doesNotContain("so far");
  }

  @Test
  void bytesThatAreNotUtf8DeepInAnExportStopTheRunWithWhatWasReadAccountedFor() throws Exception {
    TestWorld w = world();
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < 2500; i++) {
      csv.append(row(String.format("a3S00000000%04d", i), "SM-" + i, "2024-03-01T14:05:09.000Z", "hello " + i,
          "5029990001", "IN", "", ""));
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.write(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.write(row("a3S000000009999", "SM-X", "2024-03-01T14:05:09.000Z", "caf\u00e9", "5029990001", "IN", "", "")
        .getBytes("windows-1252"));
    Files.createDirectories(dir.resolve("exports"));
    Files.write(dir.resolve("exports/late.csv"), bytes.toByteArray());

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/late.csv");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("Run stopped early: reading the SMS-Magic history",
        "exports/late.csv: holds bytes that are not valid UTF-8; pass --csv-charset")
        .contains("— balanced")
        // core's rule for a stopped run: the first page, read but not yet written, is failed "not processed"
        .containsPattern("Check: read 2000 = .* failed 2000 ")
        .contains("not processed: run stopped");
  }

  @Test
  void theSameExportTwiceIsAUsageError() {
    TestWorld w = world();
    w.write("exports/h.csv", export());

    TestWorld.Result r = w.run("import-smsmagic", "--from-csv", "exports/h.csv", "--from-csv", "./exports/h.csv");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--from-csv names the same file twice");
  }

  /** fresh16 #19: the README's CLI table names every option the verb has of its own (not the shared ones). */
  @Test
  void theReadmesCliTableNamesEveryImportOption() throws Exception {
    String row = Files.readAllLines(Path.of("../README.md")).stream()
        .filter(l -> l.startsWith("| `rcsync import-smsmagic ")).findFirst().orElseThrow();
    List<String> shared = List.of("--help", "--version", "--config", "--report-dir", "--target-org", "--state-file");
    List<String> own = io.rcsync.cli.command.RcsyncCommand.commandLine(world().environment())
        .getSubcommands().get("import-smsmagic").getCommandSpec().options().stream()
        .map(o -> o.longestName()).filter(n -> !shared.contains(n)).toList();

    assertThat(own).contains("--object", "--csv-zone");
    assertThat(own).allSatisfy(option -> assertThat(row).contains("[" + option));
  }

  @Test
  void helpShowsTheVerbWithItsOptions() {
    TestWorld w = world();
    TestWorld.Result root = w.run("--help");
    TestWorld.Result help = w.run("import-smsmagic", "--help");

    assertThat(root.out()).contains("import-smsmagic", "Bring the retired SMS-Magic package's text history");
    assertThat(help.out()).contains("--dry-run", "--since", "--until", "--from-csv", "--object", "--csv-zone",
        "--csv-charset", "--config", "--target-org", "smsmagic_{record Id}", "rcsync rollback --source smsmagic");
  }
}
