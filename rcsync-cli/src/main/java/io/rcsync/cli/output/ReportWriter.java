package io.rcsync.cli.output;

import io.rcsync.core.support.Redactor;
import io.rcsync.cli.store.AtomicFiles;
import io.rcsync.cli.store.LocalFileException;
import io.rcsync.cli.store.ReportNames;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the report files of every verb into the reports directory: {@code <UTC stamp>-<verb>.json} and, for sync,
 * {@code -failures.csv} and {@code -unmatched.csv} (message id, extension, counterparty, reason), for verify
 * {@code -missing.csv} and {@code -unchecked.csv}, for rollback and restore {@code -failures.csv} (record, reason). The JSON schema is stable: operators' scripts read it.
 */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final Function<Path, String> display;
  private final List<String> secrets;

  /** Paths written by one verb, as shown to the operator, by kind ("report", "failures", "unmatched", "missing"). */
  public record Written(Map<String, String> files) {
    public String report() {
      return files.get("report");
    }
  }

  public ReportWriter(Path dir, Function<Path, String> display, List<String> secrets) {
    this.dir = dir;
    this.display = display;
    this.secrets = List.copyOf(secrets);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Fails now, naming the directory, when reports cannot be written there: a verb checks this before it changes
   * anything, so a run never writes Notes or moves watermarks and then loses its account.
   */
  public ReportWriter checkWritable() {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".rcsync-write-check-", ".tmp");
      Files.delete(probe);
      return this;
    } catch (IOException | UnsupportedOperationException e) {
      throw new LocalFileException("cannot write reports to " + display.apply(dir) + " (" + e.getMessage()
          + "): pass --report-dir DIR to write elsewhere; nothing was done", e);
    }
  }

  // ---- sync ---------------------------------------------------------------------------------------------

  public Written sync(RunReport r, int exitCode, String verb) {
    Path json = ReportNames.claim(dir, r.startedAt(), verb, ".json");
    Path failures = ReportNames.sibling(json, "-failures.csv");
    Path unmatched = ReportNames.sibling(json, "-unmatched.csv");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("report", display.apply(json));
    files.put("failures", display.apply(failures));
    files.put("unmatched", display.apply(unmatched));

    ObjectNode root = header(r.verb(), r.startedAt(), r.finishedAt(), exitCode);
    root.put("mode", r.mode());
    root.put("dryRun", r.dryRun());
    root.put("wave", r.wave());
    root.set("totals", counts(r.totals()));
    root.put("balanced", r.totals().balanced() && r.extensions().stream().allMatch(e -> e.counts().balanced()));
    ArrayNode rows = root.putArray("extensions");
    for (ExtensionSummary e : r.extensions()) {
      ObjectNode row = rows.addObject();
      row.put("extension", e.extension());
      row.put("staff", e.staffName());
      row.put("windowFrom", e.windowFrom() == null ? null : e.windowFrom().toString());
      row.put("windowTo", e.windowTo() == null ? null : e.windowTo().toString());
      row.setAll(counts(e.counts()));
      row.put("error", e.error().map(this::clean).orElse(null));
    }
    root.set("apiCalls", JSON.valueToTree(new java.util.TreeMap<>(r.apiCalls())));
    strings(root.putArray("skippedStaff"), r.skippedStaff());
    strings(root.putArray("warnings"), r.warnings());
    root.put("aborted", r.aborted().map(this::clean).orElse(null));
    root.put("failureCount", r.failures().size());
    root.put("unmatchedCount", r.unmatched().size());
    root.set("files", JSON.valueToTree(files));
    write(failures, Csv.issues(clean(r.failures())));
    write(unmatched, Csv.issues(clean(r.unmatched())));
    write(json, root);
    return new Written(files);
  }

  // ---- rollback / restore / verify -----------------------------------------------------------------------

  public Written rollback(RollbackReport r, int exitCode, Map<String, Object> filters) {
    Path json = ReportNames.claim(dir, r.startedAt(), "rollback", ".json");
    Path failures = ReportNames.sibling(json, "-failures.csv");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("report", display.apply(json));
    files.put("failures", display.apply(failures));
    ObjectNode root = header("rollback", r.startedAt(), r.finishedAt(), exitCode);
    root.put("dryRun", r.dryRun());
    root.set("filters", JSON.valueToTree(filters));
    root.put("matched", r.matched());
    root.put("refused", r.refused());
    root.put("deleted", r.deleted());
    root.put("failed", r.failed());
    root.put("manifest", r.manifest().orElse(null));
    root.put("blocked", r.blocked().orElse(null));
    strings(root.putArray("sample"), r.sample());
    strings(root.putArray("failures"), r.failures());
    root.set("apiCalls", JSON.valueToTree(new java.util.TreeMap<>(r.apiCalls())));
    root.set("files", JSON.valueToTree(files));
    write(failures, Csv.recordFailures(r.failures().stream().map(this::clean).toList()));
    write(json, root);
    return new Written(files);
  }

  public Written restore(RestoreReport r, int exitCode) {
    Path json = ReportNames.claim(dir, r.startedAt(), "restore", ".json");
    Path failures = ReportNames.sibling(json, "-failures.csv");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("report", display.apply(json));
    files.put("failures", display.apply(failures));
    ObjectNode root = header("restore", r.startedAt(), r.finishedAt(), exitCode);
    root.put("dryRun", r.dryRun());
    root.put("manifest", r.manifest());
    root.put("records", r.records());
    root.put("created", r.created());
    root.put("updated", r.updated());
    root.put("failed", r.failed());
    strings(root.putArray("failures"), r.failures());
    root.set("apiCalls", JSON.valueToTree(new java.util.TreeMap<>(r.apiCalls())));
    root.set("files", JSON.valueToTree(files));
    write(failures, Csv.recordFailures(r.failures().stream().map(this::clean).toList()));
    write(json, root);
    return new Written(files);
  }

  public Written verify(VerifyReport r, int exitCode) {
    Path json = ReportNames.claim(dir, r.startedAt(), "verify", ".json");
    Path missing = ReportNames.sibling(json, "-missing.csv");
    Path unchecked = ReportNames.sibling(json, "-unchecked.csv");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("report", display.apply(json));
    files.put("missing", display.apply(missing));
    files.put("unchecked", display.apply(unchecked));
    ObjectNode root = header("verify", r.startedAt(), r.finishedAt(), exitCode);
    root.put("wave", r.wave());
    root.put("windowFrom", r.windowFrom().toString());
    root.put("windowTo", r.windowTo().toString());
    root.put("fetched", r.fetched());
    root.put("expected", r.expected());
    root.put("notesFound", r.notesFound());
    root.put("missingCount", r.missing().size());
    root.put("complete", r.complete());
    root.put("checkedEverything", r.checkedEverything());
    root.put("uncheckedCount", r.unchecked().size());
    strings(root.putArray("problems"), r.problems());
    strings(root.putArray("orphaned"), r.orphaned());
    root.put("orphanCheck", r.orphanCheck().orElse("done"));
    root.set("apiCalls", JSON.valueToTree(new java.util.TreeMap<>(r.apiCalls())));
    root.set("files", JSON.valueToTree(files));
    write(missing, Csv.issues(clean(r.missing())));
    write(unchecked, Csv.issues(clean(r.unchecked())));
    write(json, root);
    return new Written(files);
  }

  /** Any other verb (doctor, schedule, demo): the given body under the common header. */
  public Written generic(String verb, Instant startedAt, Instant finishedAt, int exitCode, Map<String, ?> body) {
    Path json = ReportNames.claim(dir, startedAt, verb, ".json");
    ObjectNode root = header(verb, startedAt, finishedAt, exitCode);
    body.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
    write(json, root);
    return new Written(Map.of("report", display.apply(json)));
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private ObjectNode header(String verb, Instant started, Instant finished, int exitCode) {
    ObjectNode root = JSON.createObjectNode();
    root.put("verb", verb);
    root.put("startedAt", started.toString());
    root.put("finishedAt", finished.toString());
    root.put("durationMs", Duration.between(started, finished).toMillis());
    root.put("exitCode", exitCode);
    return root;
  }

  static ObjectNode counts(Counts c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("fetched", c.fetched());
    n.put("intakerFiltered", c.intakerFiltered());
    n.put("matchedMatter", c.matchedMatter());
    n.put("matchedIntake", c.matchedIntake());
    n.put("unmatched", c.unmatched());
    n.put("failed", c.failed());
    n.put("created", c.created());
    n.put("updated", c.updated());
    n.put("ambiguous", c.ambiguous());
    n.put("matchRate", Math.round(c.matchRate() * 10000) / 10000.0);
    return n;
  }

  private void strings(ArrayNode arr, List<String> values) {
    values.forEach(v -> arr.add(clean(v)));
  }

  private String clean(String s) {
    return Redactor.mask(s, secrets);
  }

  private List<MessageIssue> clean(List<MessageIssue> issues) {
    List<MessageIssue> out = new ArrayList<>(issues.size());
    for (MessageIssue i : issues) {
      out.add(new MessageIssue(i.messageId(), i.extension(), i.counterparty(), clean(i.reason())));
    }
    return out;
  }

  private void write(Path file, ObjectNode root) {
    try {
      write(file, JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new LocalFileException("cannot write report " + display.apply(file) + ": " + e.getMessage(), e);
    }
  }

  private void write(Path file, String text) {
    try {
      AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), AtomicFiles.ATOMIC_RENAME);
    } catch (IOException e) {
      throw new LocalFileException("cannot write report " + display.apply(file) + ": " + e.getMessage(), e);
    }
  }
}
