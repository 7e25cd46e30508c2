package io.rcsync.cli.command;

import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.FileStore;

import io.rcsync.cli.output.ConsoleReport;
import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.cli.output.ReportWriter;
import io.rcsync.cli.store.RunLock;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.RestoreReport;
import java.util.List;
import io.rcsync.core.service.RollbackService;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    header = "Put back the Notes (and MMS files, from RingCentral) of a rollback manifest.",
    sortOptions = false,
    description = {
        "Put back the Notes of a rollback manifest (upsert by external id: running it twice is harmless), of the",
        "source the rollback took (rc_msg_ RingCentral Notes or smsmagic_ imported SMS-Magic history Notes); a",
        "manifest holding any other key, or a record of another source than its header names, is refused.",
        "Their MMS files are downloaded again from RingCentral (the manifest holds each file's content URI, not its",
        "bytes) and uploaded to the restored Notes and linked to their Matters/Intakes; a file is restorable only",
        "while RingCentral still holds its message, and one already in Salesforce is linked, not uploaded again.",
        "--dry-run says how many files are restorable. Needs RingCentral credentials when the manifest has files.",
        "",
        "  rcsync restore reports/20261125T130846Z-rollback-manifest.jsonl [--dry-run]"})
final class RestoreVerb extends Verb {
  @Parameters(index = "0", paramLabel = "MANIFEST", description = "A *-rollback-manifest.jsonl file written by rollback --confirm.")
  String manifest;

  @Option(names = "--dry-run", description = "Read and check the manifest, write nothing.")
  boolean dryRun;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH, hidden = true,
      description = "Locates the run lock (beside the state file).")
  String stateFile;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  private static final NoteStore NOT_NEEDED = new NoteStore() {
    @Override
    public List<io.rcsync.core.domain.NoteRecord> find(Query query) {
      throw new IllegalStateException("a restore dry run reads nothing from Salesforce");
    }

    @Override
    public List<io.rcsync.core.domain.DeleteOutcome> delete(List<io.rcsync.core.domain.SalesforceId> ids) {
      throw new IllegalStateException("a restore dry run deletes nothing");
    }

    @Override
    public List<io.rcsync.core.domain.WriteOutcome> restore(List<io.rcsync.core.domain.NoteRecord> records) {
      throw new IllegalStateException("a restore dry run writes nothing");
    }
  };

  @Override
  public Integer call() {
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    ApiCalls calls = new ApiCalls();
    ExternalFailures seen = failures();
    // read the manifest before opening anything: a wrong path is a usage error, not a login
    manifests(cfg).read(manifest);
    ReportWriter reports = reports(cfg).checkWritable();
    try (RunLock lock = dryRun ? null : lock(env().resolve(stateFile), config, "restore")) {
      // a dry run only reads the manifest: no Salesforce login needed
      NoteStore store = NOT_NEEDED;
      Optional<FileStore> fileStore = Optional.empty();
      Optional<AttachmentSource> attachments = Optional.empty();
      if (!dryRun) {
        SalesforcePorts sf = salesforce(file, org, calls, seen);
        checkSalesforceFirst(sf, file, org);
        store = sf.store();
        // issue 12: the manifest's files are downloaded again from RingCentral and uploaded to the restored Notes
        fileStore = sf.files();
        attachments = optionalRingCentral(file, calls, seen).flatMap(RingCentralPorts::attachments);
      }
      RollbackService service = new RollbackService(config.roster(), store, manifests(cfg), env().clock(), calls,
          fileStore, attachments, Optional.empty());
      RestoreReport report = service.restore(manifest, dryRun);
      int code = ExitCodes.forRestore(report, seen);
      ReportWriter.Written files = reports.restore(report, code);
      ConsoleReport.restore(out(), report, files, secrets());
      return code;
    }
  }
}
