package io.rcsync.cli.command;

import io.rcsync.cli.output.ConsoleReport;
import io.rcsync.cli.output.ReportWriter;
import io.rcsync.core.RcSync;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.Wave;
import io.rcsync.cli.store.CsvHistorySource;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.port.in.VerifyHistoryUseCase.VerifyHistoryCommand;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.port.in.VerifyNotesUseCase.VerifyCommand;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.service.ImportHistoryService;
import io.rcsync.core.report.VerifyReport;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "List texts that should have a Note and have none.",
    sortOptions = false,
    description = {
        "Prove the Notes are a complete record of a window: list every text that matches a Matter or Intake and has",
        "no Note, and every Note whose text RingCentral no longer holds (needs salesforce.note.messageTimeField).",
        "Also every MMS Note whose Salesforce File is missing (files the attachments.* settings refuse are counted",
        "apart; --no-check-files skips this). Writes nothing to Salesforce. Exit 1 when something is missing.",
        "",
        "  rcsync verify --since 2026-09-26 [--until 2026-10-01] [--wave NAME] [--ext ID]",
        "",
        "--source smsmagic checks an SMS-Magic import instead: the history is read again (the org, or the",
        "same --from-csv exports) as a dry-run import reads it, and every record that should have a Note and has none",
        "is listed; reading the org without --since/--until, also every smsmagic_ Note whose record is gone (an",
        "export may be one of several, so a check against --from-csv files judges no orphan).",
        "",
        "  rcsync verify --source smsmagic [--from-csv sms-history.csv --from-csv incoming-sms.csv]"})
final class VerifyVerb extends Verb {
  @Option(names = "--source", paramLabel = "rc|smsmagic", defaultValue = "rc",
      converter = Converters.TextSourceArg.class,
      description = "Whose Notes to check: rc, RingCentral's texts (default), or smsmagic, an SMS-Magic import's.")
  TextSource source;

  @Option(names = "--since", paramLabel = "DATE", converter = Converters.DateArg.class,
      description = "Window start (YYYY-MM-DD or ISO instant); required for --source rc. With --source smsmagic: only"
          + " records created since DATE (default: the whole history).")
  Instant since;

  @Option(names = "--until", paramLabel = "DATE", converter = Converters.DateArg.class, description = "Window end, exclusive (default: now).")
  Instant until;

  @Option(names = "--wave", paramLabel = "NAME", description = "Wave to check (default: activeWave).")
  String wave;

  @Option(names = "--ext", paramLabel = "ID", description = "Only this extension (id or number).")
  String ext;

  @Option(names = "--check-files", negatable = true,
      description = "Check that each MMS Note has its Salesforce Files (default: on; --no-check-files to skip).")
  Boolean checkFiles;

  @Mixin
  ImportSmsMagicVerb.CsvOptions csvOptions;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
    if (source == TextSource.SMS_MAGIC) {
      return verifyHistory();
    }
    if (since == null) {
      throw usage("verify needs --since DATE (YYYY-MM-DD or an ISO instant): the window of RingCentral texts to check");
    }
    if (!csvOptions.fromCsv.isEmpty()) {
      throw usage("--from-csv is an SMS-Magic export: use it with --source smsmagic");
    }
    csvOptions.check(this);
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    Wave w = wave(config, wave);
    Optional<StaffMember> member = ext == null ? Optional.empty() : Optional.of(member(config, w, ext));
    if (until != null && !since.isBefore(until)) {
      throw usage("--since " + since + " must be before --until " + until);
    }
    notInTheFuture("--since", since);
    ReportWriter reports = reports(cfg).checkWritable();
    configWarnings(config);
    ApiCalls calls = new ApiCalls();
    ExternalFailures seen = failures();
    Connections c = connect(file, org, calls, seen);
    preflight(c);
    Optional<ExtensionId> only = member.flatMap(StaffMember::extensionId);
    if (member.isPresent() && only.isEmpty()) {
      only = Optional.of(extensionIdByNumber(c.rc().extensions(), member.get()));
    }
    RcSync.Builder builder = c.rcsync(config, env(), calls);
    // issue 12: each found Note's MMS media is looked up in Salesforce Files by key
    if (checkFiles == null || checkFiles) {
      c.sf().files().ifPresent(builder::fileStore);
    } else {
      builder.fileStore(null); // the report then says files were not checked
    }
    RcSync rcsync = builder.build();
    VerifyReport report = rcsync.verify(new VerifyCommand(w.name(), only, since, Optional.ofNullable(until)));
    int code = ExitCodes.forVerify(report, seen);
    ReportWriter.Written files = reports.verify(report, code);
    ConsoleReport.verify(out(), report, files, secrets());
    return code;
  }

  /**
   * {@code --source smsmagic} (issue 15): core's history check ({@link ImportHistoryService#verifyHistory}) on the
   * org's SMS-Magic objects or the given exports; Salesforce only, nothing written. Without --since/--until the
   * {@code smsmagic_} Notes are read too (the Note store's query for the SMS-Magic source, never an {@code rc_msg_}
   * Note), and those whose record the history no longer holds are listed as orphaned.
   */
  private Integer verifyHistory() {
    if (wave != null || ext != null || checkFiles != null) {
      throw usage((wave != null ? "--wave" : ext != null ? "--ext" : "--check-files") + " applies to --source rc only:"
          + " an SMS-Magic record belongs to no wave or extension, and its MMS keeps only a URL");
    }
    csvOptions.check(this);
    if (since != null && until != null && !since.isBefore(until)) {
      throw usage("--since " + since + " must be before --until " + until);
    }
    notInTheFuture("--since", since);
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    SmsMagicSettings settings = ImportSmsMagicVerb.settings(config);
    ReportWriter reports = reports(cfg).checkWritable();
    configWarnings(config);
    try (CsvHistorySource csv = csvOptions.open(this, config)) {
      ApiCalls calls = new ApiCalls();
      ExternalFailures seen = failures();
      SalesforcePorts sf = salesforce(file, org, calls, seen);
      checkSalesforceFirst(sf, file, org);
      HistorySource history = csv != null ? csv : ImportSmsMagicVerb.orgHistory(sf, settings);
      VerifyReport report;
      try {
        report = ImportSmsMagicVerb.service(config, sf, env().clock(), calls).verifyHistory(
            new VerifyHistoryCommand(history, Optional.ofNullable(since), Optional.ofNullable(until),
                Optional.of(() -> sf.store().find(NoteStore.Query.all(Set.of(TextSource.SMS_MAGIC))))));
      } catch (io.rcsync.core.port.out.ConfigMismatchException e) {
        throw ImportSmsMagicVerb.inConfig(config, e);
      }
      int code = ExitCodes.forVerify(report, seen);
      ReportWriter.Written files = reports.verify(report, code);
      ConsoleReport.verifyHistory(out(), report, files, secrets(), history.description());
      return code;
    }
  }
}
