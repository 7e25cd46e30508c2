package io.rcsync.cli.command;

import io.rcsync.cli.output.ConsoleReport;
import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.cli.output.ReportWriter;
import io.rcsync.cli.store.RunLock;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.port.in.RollbackCommand;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.service.RollbackService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    header = "Delete Notes rcsync wrote (dry run unless --confirm; manifest first).",
    sortOptions = false,
    description = {
        "Delete Notes rcsync wrote, of one source: RingCentral's (External_Id__c starting rc_msg_, the default) or,",
        "with --source smsmagic, the imported SMS-Magic history (smsmagic_); no other record is ever touched.",
        "Dry run unless --confirm: prints the count and a sample. With --confirm a manifest of every record (all",
        "fields) is written to the reports directory first, then Notes are deleted 200 a call;",
        "'rcsync restore MANIFEST' puts them back.",
        "MMS files (Salesforce Files rcsync copied, keys rc_att_...) go with their Notes. The manifest keeps each",
        "file's RingCentral content URI, never its bytes: restore downloads it again from RingCentral, so a file is",
        "restorable only while RingCentral still holds its message. Rollback reads those URIs from RingCentral (dry",
        "run too); a file it cannot find there is not restorable: the dry run lists it, --confirm keeps it and its Note (exit 1)",
        "unless --allow-unrestorable-files. A file also linked to an rcsync Note outside the selection is kept.",
        "",
        "  rcsync rollback --wave wave1_intake                 (preview)",
        "  rcsync rollback --wave wave1_intake --confirm",
        "  rcsync rollback --message-id 1234567 --confirm",
        "  rcsync rollback --source smsmagic --since 2024-01-01   (preview of imported history Notes)"})
final class RollbackVerb extends Verb {
  @Option(names = "--wave", paramLabel = "NAME", description = "Only Notes owned by this wave's staff (their sfUserId).")
  String wave;

  @Option(names = "--owner", paramLabel = "USER_ID", converter = Converters.SalesforceIdArg.class,
      description = "Only Notes owned by this Salesforce user (005...).")
  SalesforceId owner;

  @Option(names = "--since", paramLabel = "DATE", converter = Converters.DateArg.class,
      description = "Only Notes of texts from this time on (message time field when configured, else CreatedDate).")
  Instant since;

  @Option(names = "--until", paramLabel = "DATE", converter = Converters.DateArg.class, description = "... and before this time (exclusive).")
  Instant until;

  @Option(names = "--source", paramLabel = "rc|smsmagic", converter = Converters.TextSourceArg.class,
      description = "Whose Notes: rc (RingCentral texts, rc_msg_; default) or smsmagic (imported SMS-Magic history,"
          + " smsmagic_). One source per rollback.")
  TextSource source;

  @Option(names = "--message-id", paramLabel = "ID", converter = Converters.MessageIdArg.class,
      description = "Only the Note(s) of this text: a RingCentral message (1234567 or rc_msg_1234567) or an SMS-Magic"
          + " record (smsmagic_a1S..., with --source smsmagic).")
  MessageId messageId;

  @Option(names = "--confirm", description = "Really delete (after writing the manifest).")
  boolean confirm;

  @Option(names = "--allow-unrestorable-files",
      description = "Also delete MMS files restore could not re-create (not found at RingCentral); they are then lost.")
  boolean allowUnrestorableFiles;

  @Option(names = "--max-delete", paramLabel = "N",
      description = "Allow deleting up to N Notes (default: config rollback.maxDelete, 1000).")
  Integer maxDelete;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH, hidden = true,
      description = "Locates the run lock (beside the state file).")
  String stateFile;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    if (wave != null) {
      wave(config, wave);
    }
    if (maxDelete != null && maxDelete < 0) {
      throw usage("--max-delete must not be negative, got " + maxDelete);
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw usage("--since " + since + " must be before --until " + until);
    }
    TextSource from = source == null ? TextSource.RINGCENTRAL : source;
    if (messageId != null && messageId.source() != from) {
      throw usage("--message-id " + messageId.externalId() + " is the key of " + (messageId.source() == TextSource.SMS_MAGIC
          ? "an SMS-Magic history Note" : "a RingCentral Note") + ": add --source " + messageId.source().cliName());
    }
    RollbackCommand command = new RollbackCommand(Optional.ofNullable(wave), Optional.ofNullable(owner),
        Optional.ofNullable(since), Optional.ofNullable(until), Optional.ofNullable(messageId), confirm,
        maxDelete == null ? config.maxDelete() : maxDelete, allowUnrestorableFiles, from);
    ReportWriter reports = reports(cfg).checkWritable();
    configWarnings(config);
    ApiCalls calls = new ApiCalls();
    ExternalFailures seen = failures();
    try (RunLock lock = confirm ? lock(env().resolve(stateFile), config, "rollback --confirm") : null) {
      SalesforcePorts sf = salesforce(file, org, calls, seen);
      checkSalesforceFirst(sf, file, org);
      // issue 12: rcsync's files go with their Notes; RingCentral is read (when there are files, dry run too) to
      // record each file's content URI in the manifest, so restore can download it again
      Optional<RingCentralPorts> rc = optionalRingCentral(file, calls, seen);
      RollbackService service = new RollbackService(config.roster(), sf.store(), manifests(cfg), env().clock(), calls,
          sf.files(), rc.flatMap(RingCentralPorts::attachments), rc.map(RingCentralPorts::messages));
      RollbackReport report = service.rollback(command);
      int code = ExitCodes.forRollback(report, seen);
      ReportWriter.Written files = reports.rollback(report, code, filters(command));
      ConsoleReport.rollback(out(), report, files, secrets(), command.maxDelete());
      return code;
    }
  }

  private static Map<String, Object> filters(RollbackCommand c) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("wave", c.wave().orElse(null));
    f.put("owner", c.owner().map(SalesforceId::value).orElse(null));
    f.put("since", c.since().map(Instant::toString).orElse(null));
    f.put("until", c.until().map(Instant::toString).orElse(null));
    f.put("source", c.source().cliName());
    f.put("messageId", c.messageId().map(MessageId::value).orElse(null));
    f.put("confirm", c.confirm());
    f.put("maxDelete", c.maxDelete());
    f.put("allowUnrestorableFiles", c.allowUnrestorableFiles());
    return f;
  }
}
