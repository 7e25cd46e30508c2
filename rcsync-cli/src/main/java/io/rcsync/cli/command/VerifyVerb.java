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
import io.rcsync.core.port.in.VerifyNotesUseCase.VerifyCommand;
import io.rcsync.core.report.VerifyReport;
import java.time.Instant;
import java.util.Optional;
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
        "  rcsync verify --since 2026-09-26 [--until 2026-10-01] [--wave NAME] [--ext ID]"})
final class VerifyVerb extends Verb {
  @Option(names = "--since", required = true, paramLabel = "DATE", converter = Converters.DateArg.class,
      description = "Window start (YYYY-MM-DD or ISO instant).")
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
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
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
}
