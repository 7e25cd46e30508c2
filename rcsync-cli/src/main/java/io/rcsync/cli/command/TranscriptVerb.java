package io.rcsync.cli.command;

import io.rcsync.cli.output.TranscriptHtml;
import io.rcsync.cli.store.AtomicFiles;
import io.rcsync.cli.store.LocalFileException;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.RecordDirectory;
import io.rcsync.core.report.Transcript;
import io.rcsync.core.service.TranscriptService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rcsync transcript --record ID [--out FILE.html]} (issue 14): a Matter's or Intake's texts as one
 * self-contained HTML page. Reads Salesforce only; writes the page (0600) and one console line. Exit 0 with a page;
 * 1 when the record has no rcsync Notes (no page written); 2 for a bad id or a record that is neither a Matter nor an
 * Intake; 3 when Salesforce cannot be reached or refuses the login.
 */
@Command(
    name = "transcript",
    mixinStandardHelpOptions = true,
    header = "Write a Matter's or Intake's texts as a conversation (one HTML file).",
    sortOptions = false,
    description = {
        "Read the record's rcsync Notes (and their MMS files) from Salesforce and write them as chat bubbles: texts",
        "received on the left, sent on the right, in message order, with staff names and times in the config's",
        "timeZone (default: this computer's), one conversation per number (salesforce.note.counterpartyField; Notes",
        "without it go under the record's own numbers, and the page counts them). One self-contained, printable HTML",
        "file; nothing is written to Salesforce.",
        "Exit 1 when the record has no rcsync Notes (no file is written).",
        "",
        "  rcsync transcript --record a0LUV00000G5NHJ2A3 [--out client-file/texts.html]"})
final class TranscriptVerb extends Verb {
  @Option(names = "--record", required = true, paramLabel = "ID",
      description = "The Matter or Intake id (15 or 18 characters, from its Salesforce URL).")
  String record;

  @Option(names = "--out", paramLabel = "FILE.html",
      description = "Where to write the page (default: <report-dir>/transcript-<ID>.html).")
  String out;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
    SalesforceId id = recordId(record);
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    Path target = env().resolve(out != null ? out : Path.of(cfg.reportDir, "transcript-" + id.value() + ".html").toString());
    if (java.nio.file.Files.isDirectory(target)) {
      throw usage("--out " + out + " is a directory; name a file, e.g. " + env().display(target.resolve("transcript-"
          + id.value() + ".html")));
    }
    configWarnings(config);
    ApiCalls calls = new ApiCalls();
    ExternalFailures seen = failures();
    SalesforcePorts sf = salesforce(file, org, calls, seen);
    checkSalesforceFirst(sf, file, org);
    RecordDirectory records = sf.records().orElseThrow(() -> usage(
        "transcript reads a Salesforce org; this environment's Salesforce (" + sf.describe() + ") has no records to read"));
    // a Rich Text Area body is HTML (one describe of the Note object tells); its text is what the bubble shows
    boolean richText = sf.sink().bodyFormat() == io.rcsync.core.domain.NoteBodyFormat.RICH_TEXT;
    TranscriptService service = new TranscriptService(config.roster(), config.topicMap(), config.schema(), config.zone(),
        sf.store(), sf.files(), records, env().clock(), calls,
        richText ? io.rcsync.cli.output.RichTextBodies::toText : java.util.function.UnaryOperator.identity());
    Optional<Transcript> found = service.transcript(id);
    if (found.isEmpty()) {
      throw usage("--record " + id.value() + ": no " + config.schema().matterObject() + " (Matter) or "
          + config.schema().intakeObject() + " (Intake) has this id" + keyPrefixHint(id.value())
          + "; copy the id from the Matter's or Intake's Salesforce URL");
    }
    Transcript t = found.get();
    String name = t.kindLabel() + " " + (t.recordName().isBlank() ? id.value() : t.recordName() + " (" + id.value() + ")");
    long sfCalls = calls.count(ApiCalls.SALESFORCE);
    if (t.counts().notes() == 0) {
      out().println(name + " has no rcsync Notes (no texts synced to it yet): no transcript written; "
          + sfCalls + " Salesforce API calls");
      out().flush();
      return 1;
    }
    Path createdDir = firstMissingDirectory(target.toAbsolutePath().getParent());
    try {
      AtomicFiles.write(target, TranscriptHtml.render(t).getBytes(StandardCharsets.UTF_8), AtomicFiles.ATOMIC_RENAME,
          true);
    } catch (IOException e) {
      throw new LocalFileException("cannot write " + env().display(target) + ": " + e.getMessage(), e);
    }
    Transcript.Counts n = t.counts();
    out().println("Transcript of " + name + " written to " + env().display(target) + ": " + n.notes() + " texts ("
        + n.inbound() + " received, " + n.outbound() + " sent, " + n.failed() + " failed"
        + (n.otherTopic() > 0 ? ", " + n.otherTopic() + " other topic" : "") + ") in " + t.conversations().size()
        + (t.conversations().size() == 1 ? " conversation, " : " conversations, ") + filesLinked(n.files())
        + (n.filesMissing() > 0 ? " (" + n.filesMissing() + " not in Salesforce Files)" : "") + "; " + sfCalls
        + " Salesforce API calls" + (createdDir == null ? "" : " (created the directory "
            + env().display(createdDir) + ")"));
    out().flush();
    return 0;
  }

  /** "1 file linked", "3 files linked". */
  static String filesLinked(long n) {
    return n + (n == 1 ? " file linked" : " files linked");
  }

  /** The outermost directory of {@code dir} that does not exist yet (the write creates it and those below), or null. */
  private static Path firstMissingDirectory(Path dir) {
    Path missing = null;
    for (Path d = dir; d != null && !java.nio.file.Files.exists(d); d = d.getParent()) {
      missing = d;
    }
    return missing;
  }

  /**
   * Standard objects' key prefixes (the first 3 characters of every id), the same in every org (a list:
   * http://www.fishofprey.com/2011/09/obscure-salesforce-object-key-prefixes.html; an org's own are in
   * {@code SELECT Label, KeyPrefix FROM EntityDefinition}). Custom objects' prefixes differ per org and would cost a
   * describe-global call, so those are only called "another custom object".
   */
  private static final java.util.Map<String, String> STANDARD_PREFIXES = java.util.Map.ofEntries(
      java.util.Map.entry("001", "an Account"), java.util.Map.entry("002", "a (classic) Note"),
      java.util.Map.entry("003", "a Contact"), java.util.Map.entry("005", "a User"),
      java.util.Map.entry("006", "an Opportunity"), java.util.Map.entry("00D", "the Organization"),
      java.util.Map.entry("00G", "a Group or Queue"), java.util.Map.entry("00P", "an Attachment"),
      java.util.Map.entry("00Q", "a Lead"), java.util.Map.entry("00T", "a Task"), java.util.Map.entry("00U", "an Event"),
      java.util.Map.entry("015", "a Document"), java.util.Map.entry("068", "a ContentVersion (a File's version)"),
      java.util.Map.entry("069", "a ContentDocument (a File)"), java.util.Map.entry("500", "a Case"),
      java.util.Map.entry("701", "a Campaign"));

  /** "; it is a User's id (key prefix 005)" when the prefix tells, else "" (fresh14 #17 d). */
  static String keyPrefixHint(String id) {
    String prefix = id.substring(0, 3);
    String object = STANDARD_PREFIXES.get(prefix);
    if (object != null) {
      return "; it is " + object + "'s id (key prefix " + prefix + ")";
    }
    if (prefix.startsWith("a")) {
      return "; its key prefix " + prefix + " is another custom object's (a Note's id, perhaps)";
    }
    return "";
  }

  /**
   * The id in its 18-character form, when it is 15 or 18 letters and digits (a valid checksum); else a usage error
   * naming the value.
   */
  private SalesforceId recordId(String value) {
    String v = value == null ? "" : value.strip();
    if (!v.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
      throw usage("--record '" + value + "' is not a Salesforce record id: expected 15 or 18 letters and digits, as in"
          + " the record's URL (…/lightning/r/litify_pm__Matter__c/a0LUV00000G5NHJ2A3/view)");
    }
    if (v.length() == 18 && !SalesforceId.checksum(v.substring(0, 15)).equalsIgnoreCase(v.substring(15))) {
      throw usage("--record '" + value + "' is not a valid 18-character Salesforce id: its last 3 characters do not"
          + " match the first 15; copy the id again from the record's URL");
    }
    // the 18-character form, so a 15-character id names the same default file as its 18-character twin
    return SalesforceId.of(v.length() == 15 ? v + SalesforceId.checksum(v) : v);
  }
}
