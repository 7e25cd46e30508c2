package io.rcsync.cli.command;

import io.rcsync.cli.output.ConsoleReport;
import io.rcsync.cli.output.ProgressPrinter;
import io.rcsync.cli.output.ReportWriter;
import io.rcsync.cli.output.SalesforceApiUsage;
import io.rcsync.cli.output.StreamedSyncRows;
import io.rcsync.cli.store.CsvHistorySource;
import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.cli.store.RunLock;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.config.ConfigException;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.port.in.ImportHistoryUseCase;
import io.rcsync.core.port.in.ImportHistoryUseCase.ImportCommand;
import io.rcsync.core.port.out.ConfigMismatchException;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.ImportHistoryService;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code rcsync import-smsmagic} (issue 15): the retired SMS-Magic package's message history, read from the org (SMS
 * History and Incoming SMS, SOQL pages through the Salesforce adapter) or from Data Loader CSV exports
 * ({@link CsvHistorySource}), written as Notes by core's {@link ImportHistoryService} exactly as RingCentral texts are.
 * The run is a sync's in every outward respect: it takes the sync's run lock (never runs alongside a sync; not in a
 * dry run), shows progress, streams its failure/unmatched/de-duplicated rows to their CSVs, writes the JSON report
 * and exits by {@link ExitCodes#forRun}. Ctrl-C or SIGTERM stops it before the next page with the report written and
 * the lock released ({@link RunInterrupt}). It touches no watermark, checkpoint or late-match list, and no RingCentral
 * credential is read.
 */
@Command(
    name = "import-smsmagic",
    mixinStandardHelpOptions = true,
    header = "Bring the retired SMS-Magic package's text history across as Notes.",
    sortOptions = false,
    description = {
        "Write every SMS-Magic record (SMS History and Incoming SMS) as a Note exactly like a RingCentral text: the",
        "same match policy, or the record's own Matter/Intake lookup; topic by direction; the message time; owner =",
        "the sending user when active, else smsmagic.defaultOwner. Keyed External_Id__c = smsmagic_{record Id}, so a",
        "re-run changes nothing and never a staff correction.",
        "",
        "A record that is the same text as an rc_msg_ Note (same counterparty and body, within",
        "smsmagic.dedupWindowMinutes) is not written: RingCentral's Note wins, the record is counted de-duplicated and",
        "listed in the -deduplicated.csv. Run the RingCentral backfill over the overlap first, then this import.",
        "",
        "  rcsync import-smsmagic --dry-run",
        "  rcsync import-smsmagic [--since 2022-01-01] [--until 2024-06-01]",
        "  rcsync import-smsmagic --from-csv sms-history.csv --from-csv incoming-sms.csv [--csv-zone America/Chicago]",
        "",
        "Dates: YYYY-MM-DD (midnight UTC) or an ISO instant (2022-01-01T14:00:00Z); --until is exclusive; both compare",
        "the record's CreatedDate.",
        "",
        "Undo (deletes only smsmagic_ Notes; a restore manifest is written first):",
        "  rcsync rollback --source smsmagic --confirm"})
final class ImportSmsMagicVerb extends Verb {
  @Option(names = "--dry-run", description = {"Read, match and look up as a real run does; write nothing to Salesforce.",
      "Existing Notes are still looked up, so created/updated/unchanged and de-duplicated are what the run would do."})
  boolean dryRun;

  @Option(names = "--since", paramLabel = "DATE", converter = Converters.DateArg.class,
      description = "Only records created on or after DATE (CreatedDate).")
  Instant since;

  @Option(names = "--until", paramLabel = "DATE", converter = Converters.DateArg.class,
      description = "Only records created before DATE (exclusive).")
  Instant until;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH,
      description = "The sync's state file (default: ${DEFAULT-VALUE}): the import takes the run lock beside it, so it"
          + " never runs alongside a sync; it reads and writes no watermark.")
  String stateFile;

  @Mixin
  CsvOptions csvOptions;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
    csvOptions.check(this);
    if (since != null && until != null && !since.isBefore(until)) {
      throw usage("--since " + since + " must be before --until " + until);
    }
    notInTheFuture("--since", since);
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    SmsMagicSettings settings = settings(config);
    ReportWriter reports = reports(cfg).checkWritable();
    configWarnings(config);
    // the exports' headers are checked before the lock is taken or Salesforce is asked anything
    try (CsvHistorySource csv = csvOptions.open(this, config)) {
      Path state = env().resolve(stateFile);
      String label = "import-smsmagic" + (dryRun ? " --dry-run" : "");
      ApiCalls calls = new ApiCalls();
      ExternalFailures seen = failures();
      // Ctrl-C/SIGTERM: stop before the next page, write the report, release the lock (fresh16 #3)
      RunInterrupt interrupt = RunInterrupt.register(env(), err());
      try (RunLock lock = dryRun ? null : lock(state, config, label)) {
        SalesforcePorts sf = salesforce(file, org, calls, seen);
        checkSalesforceFirst(sf, file, org);
        var usageBefore = sf.apiQuota().usage();
        HistorySource source = interrupt.guard(csv != null ? csv : orgHistory(sf, settings));
        ImportHistoryUseCase importer = service(config, sf, env().clock(), calls);
        ReportWriter.ImportRun run = new ReportWriter.ImportRun(source.description(), Optional.ofNullable(since),
            Optional.ofNullable(until));
        ProgressPrinter progress = new ProgressPrinter(err(), env().interactive(), env().clock(), 0,
            lock == null ? () -> {} : lock::heartbeat);
        try (StreamedSyncRows rows = reports.streamImportRows()) {
          RunReport report;
          try {
            report = importer.importHistory(new ImportCommand(source, run.since(), run.until(), dryRun, progress,
                Optional.of(rows)));
          } catch (ConfigMismatchException e) {
            throw inConfig(config, e); // exit 2, one line naming the file and key; no table
          } finally {
            progress.finish();
          }
          int code = interrupt.exitCode(ExitCodes.forRun(report, seen));
          SalesforceApiUsage api = new SalesforceApiUsage(usageBefore, sf.apiQuota().usage(),
              file.salesforce().apiReservePercent());
          ReportWriter.Written files = reports.importHistory(report, code, run, api, rows);
          ConsoleReport.importHistory(out(), report, files, secrets(), api, run);
          interrupt.summary(report).ifPresent(line -> {
            out().println(line);
            out().flush();
          });
          return code;
        }
      } finally {
        interrupt.finished();
      }
    }
  }

  /** The config's {@code smsmagic} section; without {@code smsmagic.defaultOwner} no import or check starts. */
  static SmsMagicSettings settings(SyncConfig config) {
    SmsMagicSettings settings = config.smsmagic();
    if (settings.defaultOwner().isEmpty()) {
      throw new ConfigException(config.source(), "smsmagic.defaultOwner", "not set: the import needs the Salesforce"
          + " User Id (005...) that owns imported Notes whose sender is unknown or not an active user");
    }
    return settings;
  }

  /**
   * A setting the org contradicts (a default owner that is no active User, a configured field the org lacks) as the
   * config error it is: one line naming the config file and key.
   */
  static ConfigException inConfig(SyncConfig config, ConfigMismatchException e) {
    return new ConfigException(config.source(), e.key(), e.problem());
  }

  /**
   * Core's import (and its check) on the run's Salesforce ports. Active users: the org's active standard Users on
   * the same session when the ports have them (one query a run, before anything is read), else the roster's
   * sfUserIds. The integration user is not known to the CLI: it owns a Note only if it is an active standard User
   * a record names as its sender.
   */
  static ImportHistoryService service(SyncConfig config, SalesforcePorts sf, java.time.Clock clock, ApiCalls calls) {
    return new ImportHistoryService(config.toSettings(), config.smsmagic(), sf.cases(), sf.sink(), sf.store(),
        sf.staff(), Optional.empty(), clock, calls);
  }

  /** The org's SMS History and Incoming SMS, or one line saying this connection cannot read them. */
  static HistorySource orgHistory(SalesforcePorts sf, SmsMagicSettings settings) {
    return sf.history(settings.fields(), settings.queryBatchSize()).orElseThrow(() -> new ExternalSystemException(
        ApiCalls.SALESFORCE, ExternalSystemException.Kind.REJECTED, "this connection (" + sf.describe() + ") cannot"
            + " read the SMS-Magic objects: export SMS History and Incoming SMS with Data Loader and pass --from-csv"
            + " FILE"));
  }

  /** The Data Loader export options of {@code import-smsmagic} and {@code verify --source smsmagic}. */
  static final class CsvOptions {
    @Option(names = "--from-csv", paramLabel = "FILE", description = {"Read a Data Loader export instead of the org"
        + " (repeat for SMS History and Incoming SMS). Its first row names the fields; it must have the ID column.",
        "Which object a file holds is told by its body column (SMSTEXT__C or SMS_TEXT__C), or by --object."})
    List<String> fromCsv = new ArrayList<>();

    @Option(names = "--object", paramLabel = "NAME",
        description = "What every --from-csv file holds: outgoing (SMS History) or incoming (Incoming SMS), as named"
            + " in config smsmagic.objects (default: told by each file's body column).")
    String object;

    @Option(names = "--csv-zone", paramLabel = "ZONE", converter = ZoneArg.class,
        description = "Zone of date-times without one in a --from-csv file, e.g. America/Chicago (default: config"
            + " smsmagic.csvZone, else config timeZone, else UTC). Data Loader's own exports carry Z and need none.")
    ZoneId csvZone;

    @Option(names = "--csv-charset", paramLabel = "CHARSET", converter = CharsetArg.class,
        description = "Encoding of the --from-csv files, e.g. windows-1252 (default: UTF-8; a UTF-8 byte order mark"
            + " is dropped).")
    Charset csvCharset;

    /** A CSV option without {@code --from-csv} is a usage error naming it. */
    void check(Verb verb) {
      if (fromCsv.isEmpty() && (object != null || csvZone != null || csvCharset != null)) {
        throw verb.usage((object != null ? "--object" : csvZone != null ? "--csv-zone" : "--csv-charset")
            + " applies to --from-csv files only: add --from-csv FILE, or leave it out to read the org");
      }
    }

    /**
     * The exports, their headers checked now; null without {@code --from-csv}. Zone-less date-times are read in
     * {@link #zone}.
     */
    CsvHistorySource open(Verb verb, SyncConfig config) {
      if (fromCsv.isEmpty()) {
        return null;
      }
      List<Path> files = fromCsv.stream().map(verb.env()::resolve).toList();
      if (new java.util.HashSet<>(files).size() < files.size()) {
        throw verb.usage("--from-csv names the same file twice: give each export once");
      }
      java.util.Map.Entry<ZoneId, String> zone = zone(csvZone, config);
      return CsvHistorySource.open(files, verb.env()::display, config.smsmagic().fields(), new CsvHistorySource.Options(
          Optional.ofNullable(object), zone.getKey(), csvCharset != null ? csvCharset : StandardCharsets.UTF_8,
          zone.getValue()));
    }

    /**
     * The zone of zone-less CSV date-times and where it came from (fresh16 #6: an Excel re-save shows the firm's wall
     * time): {@code --csv-zone}, else config {@code smsmagic.csvZone}, else config {@code timeZone} (which
     * {@code init} writes), else UTC.
     */
    static java.util.Map.Entry<ZoneId, String> zone(ZoneId option, SyncConfig config) {
      if (option != null) {
        return java.util.Map.entry(option, "--csv-zone");
      }
      if (config.smsmagic().configuredCsvZone().isPresent()) {
        return java.util.Map.entry(config.smsmagic().configuredCsvZone().get(), "config smsmagic.csvZone");
      }
      return config.timeZone().map(z -> java.util.Map.entry(z, "config timeZone"))
          .orElse(java.util.Map.entry(java.time.ZoneOffset.UTC, CsvHistorySource.Options.DEFAULT_ZONE_FROM));
    }
  }

  /** An IANA zone id ({@code America/Chicago}, {@code UTC}). */
  static final class ZoneArg implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value.strip());
      } catch (java.time.DateTimeException e) {
        throw new TypeConversionException("'" + value + "' is not a time zone: use an IANA id such as America/Chicago"
            + " or UTC");
      }
    }
  }

  /** A charset Java knows ({@code UTF-8}, {@code windows-1252}, {@code ISO-8859-1}). */
  static final class CharsetArg implements ITypeConverter<Charset> {
    @Override
    public Charset convert(String value) {
      try {
        return Charset.forName(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a charset: use e.g. UTF-8, windows-1252 or"
            + " ISO-8859-1");
      }
    }
  }
}
