package io.rcsync.cli.command;

import io.rcsync.cli.output.ConsoleReport;
import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.cli.output.ProgressPrinter;
import io.rcsync.cli.output.ReportWriter;
import io.rcsync.cli.output.StreamedSyncRows;
import io.rcsync.cli.output.SalesforceApiUsage;
import io.rcsync.cli.store.RunLock;
import io.rcsync.core.RcSync;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.report.RunReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    header = "Mirror texts into Litify Notes (backfill a window or incremental).",
    sortOptions = false,
    description = {
        "Mirror a wave's texts into Notes (keyed by External_Id__c = rc_msg_{id}): a Note is created once; a re-run writes",
        "only what changed in the text (body, message time, sent/failed topic) and never a staff-corrected owner or lookup.",
        "",
        "  rcsync sync --backfill --since 2026-09-26 [--until 2026-10-01] [--dry-run]",
        "  rcsync sync --incremental            (from each extension's watermark minus the hot-tier overlap)",
        "",
        "Dates: YYYY-MM-DD (midnight UTC) or an ISO instant (2026-09-26T14:00:00Z); --until is exclusive."})
final class SyncVerb extends Verb {
  @Option(names = "--backfill", description = "Sync the window --since .. --until (default until: now).")
  boolean backfill;

  @Option(names = "--incremental", description = "Sync from each extension's saved watermark to now (cron/launchd).")
  boolean incremental;

  @Option(names = "--since", paramLabel = "DATE", converter = Converters.DateArg.class, description = "Backfill start (inclusive).")
  Instant since;

  @Option(names = "--until", paramLabel = "DATE", converter = Converters.DateArg.class, description = "Backfill end (exclusive).")
  Instant until;

  @Option(names = "--dry-run", description = {"Write nothing to Salesforce or the state file; report what would happen.",
      "Existing Notes are still looked up, so created/updated/unchanged are what the run would do; with --relink a "
      + "warning counts the staff corrections it would overwrite."})
  boolean dryRun;

  @Option(names = "--relink", description = {"Re-apply matching on purpose: rewrite the owner and the Matter/Intake "
      + "lookups of Notes that already exist in the window, overwriting staff corrections.",
      "Without it an existing Note keeps its owner and lookups; only its body, message time and delivery-status topic "
      + "are kept current."})
  boolean relink;

  @Option(names = "--wave", paramLabel = "NAME", description = "Wave to sync (default: the config's activeWave).")
  String wave;

  @Option(names = "--ext", paramLabel = "ID", description = "Only this extension of the wave (extension id or number).")
  String ext;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH,
      description = "Incremental watermarks (default: ${DEFAULT-VALUE}); the run lock sits beside it.")
  String stateFile;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
    SyncMode mode = mode();
    notInTheFuture("--since", since);
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    Wave w = wave(config, wave);
    Optional<StaffMember> member = ext == null ? Optional.empty() : Optional.of(member(config, w, ext));
    // validates the window before anything is opened
    SyncCommand command = new SyncCommand(mode, w.name(), member.flatMap(StaffMember::extensionId),
        Optional.ofNullable(since), Optional.ofNullable(until), dryRun, null, relink);
    ReportWriter reports = reports(cfg).checkWritable();
    configWarnings(config, w.name());
    Path state = env().resolve(stateFile);
    ApiCalls calls = new ApiCalls();
    ExternalFailures seen = failures();
    String label = "sync --" + mode.name().toLowerCase(java.util.Locale.ROOT) + (dryRun ? " --dry-run" : "");
    // Ctrl-C/SIGTERM: stop soon, write the report, release the lock (fresh16 #3; see RunInterrupt)
    RunInterrupt interrupt = RunInterrupt.register(env(), err());
    try (RunLock lock = dryRun ? null : lock(state, config, label)) {
      Connections c = connect(file, org, calls, seen);
      // after the login check: Sforce-Limit-Info of the run's first Salesforce call (issue 13)
      var usageBefore = c.sf().apiQuota().usage();
      preflight(c);
      if (member.isPresent() && member.get().extensionId().isEmpty()) {
        command = command.onlyExtension(extensionIdByNumber(c.rc().extensions(), member.get()));
      }
      RcSync rcsync = c.rcsync(config, env(), calls)
          .stateStore(new FileSyncStateStore(state, env().display(state), env().clock()))
          .manifestStore(manifests(cfg))
          .build();
      int targets = member.isPresent() ? 1 : (int) w.members().stream().filter(StaffMember::hasExtension).count();
      ProgressPrinter progress = new ProgressPrinter(err(), env().interactive(), env().clock(), targets,
          lock == null ? () -> {} : lock::heartbeat);
      RunReport report;
      // issue 13 item 2: failure/unmatched/attachment rows go to their CSVs as they happen, not into memory
      try (StreamedSyncRows rows = reports.streamSyncRows()) {
        try {
          SyncCommand run = command.withProgress(progress).withRows(rows);
          report = interrupt.during(() -> rcsync.sync(run));
        } finally {
          progress.finish();
        }
        int code = interrupt.exitCode(ExitCodes.forRun(report, seen));
        SalesforceApiUsage api = new SalesforceApiUsage(usageBefore, c.sf().apiQuota().usage(),
            file.salesforce().apiReservePercent());
        ReportWriter.Written files = reports.sync(report, code, "sync", api, rows);
        ConsoleReport.sync(out(), report, files, secrets(), api);
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

  private SyncMode mode() {
    if (backfill && incremental) {
      throw usage("--backfill and --incremental exclude each other: choose one");
    }
    if (incremental) {
      return SyncMode.INCREMENTAL;
    }
    if (backfill || since != null) {
      if (since == null) {
        throw usage("--backfill needs --since DATE (YYYY-MM-DD or an ISO instant)");
      }
      return SyncMode.BACKFILL;
    }
    throw usage("say what to sync: --backfill --since DATE [--until DATE], or --incremental");
  }
}
