package io.rcsync.cli.output;

import io.rcsync.core.support.Redactor;
import io.rcsync.cli.store.AtomicFiles;
import io.rcsync.cli.store.LocalFileException;
import io.rcsync.cli.store.ReportNames;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the report files of every verb into the reports directory: {@code <UTC stamp>-<verb>.json} and, for sync,
 * {@code -failures.csv} and {@code -unmatched.csv} (message id, extension, counterparty, reason) and, when the run met
 * MMS media, {@code -attachments.csv} (every media attachment and its outcome: copied, already stored, would copy,
 * over limit, type refused, failed, skipped, with the reason), for verify
 * {@code -missing.csv}, {@code -unchecked.csv} and {@code -missing-files.csv} (messageId, noteExternalId, attachmentId,
 * fileName, reason: MMS files missing or not linked to their Note and Matter/Intake), for rollback and restore {@code -failures.csv} (record, reason),
 * for {@code import-smsmagic} (issue 15) the sync's two CSVs and {@code -deduplicated.csv} (history_key, kept_key,
 * counterparty, reason).
 * The JSON schema is stable, operators' scripts read it: its documents are in {@link ReportJson}, the CSV format in
 * {@link ReportCsv}. Secrets are masked in free text (reasons, errors, warnings) before anything is written.
 */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
      .withZone(java.time.ZoneOffset.UTC);

  private final Path dir;
  private final Function<Path, String> display;
  private final List<String> secrets;

  /**
   * Paths written by one verb, as shown to the operator, by kind ("report", "failures", "unmatched", "missing",
   * "missing-files" …).
   */
  public record Written(Map<String, String> files) {
    public String report() {
      return files.get("report");
    }
  }

  /**
   * Touches nothing on disk: the directory is created by the first report written, and {@link #checkWritable()}
   * fails early when it cannot be.
   *
   * @param dir the reports directory ({@code --report-dir}, already resolved against the working directory)
   * @param display how a path appears in messages and in {@link Written} (the CLI shows it relative to the working
   *     directory when inside it)
   * @param secrets values replaced by {@code ****} wherever they occur in free text (reasons, errors, warnings);
   *     values shorter than {@link Redactor#MIN_SECRET_LENGTH} characters are not masked. Copied.
   */
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
    return sync(r, exitCode, verb, null);
  }

  /** As {@link #sync(RunReport, int, String)}, with {@code salesforceApi} in the JSON when {@code api} is known. */
  public Written sync(RunReport r, int exitCode, String verb, SalesforceApiUsage api) {
    Map<String, String> csvs = new LinkedHashMap<>();
    csvs.put("failures", ReportCsv.issues(r.failures(), this::clean));
    csvs.put("unmatched", ReportCsv.issues(r.unmatched(), this::clean));
    if (!r.files().isEmpty()) {
      // issue 12: every MMS media attachment with its outcome; only when the run had any
      csvs.put("attachments", ReportCsv.attachments(r.files(), this::clean));
    }
    return report(verb, r.startedAt(), csvs, files -> ReportJson.Sync.of(r, exitCode, files, this::clean, api));
  }

  /**
   * Opens the CSVs a sync run streams its rows into as they happen (issue 13 item 2); pass them to the run
   * ({@code SyncCommand.withRows}) and then to {@link #sync(RunReport, int, String, SalesforceApiUsage,
   * StreamedSyncRows)}. Close them in a finally block: that deletes what was not renamed into place.
   *
   * @throws LocalFileException when the reports directory cannot be written, naming it
   */
  public StreamedSyncRows streamSyncRows() {
    return new StreamedSyncRows(dir, this::clean, display, false);
  }

  /**
   * As {@link #streamSyncRows}, for an SMS-Magic import ({@link #importHistory}): the failures/unmatched CSVs name
   * their second column owner (the owner's User Id).
   */
  public StreamedSyncRows streamImportRows() {
    return new StreamedSyncRows(dir, this::clean, display, true);
  }

  /**
   * As {@link #sync(RunReport, int, String, SalesforceApiUsage)}, with the run's rows already written by
   * {@code rows}: its CSVs are renamed to the report's {@code -failures.csv}, {@code -unmatched.csv} and (when the
   * run had MMS media, {@code r.rows().files() > 0}) {@code -attachments.csv}; the JSON counts the rows from
   * {@link RunReport#rows()}.
   */
  public Written sync(RunReport r, int exitCode, String verb, SalesforceApiUsage api, StreamedSyncRows rows) {
    if (!r.rows().streamed()) {
      return sync(r, exitCode, verb, api);
    }
    Map<String, Path> parts = rows.finish();
    Map<String, Object> csvs = new LinkedHashMap<>();
    csvs.put("failures", parts.get("failures"));
    csvs.put("unmatched", parts.get("unmatched"));
    if (r.rows().files() > 0) {
      csvs.put("attachments", parts.get("attachments"));
    }
    return report(verb, r.startedAt(), csvs, files -> ReportJson.Sync.of(r, exitCode, files, this::clean, api));
  }

  // ---- import-smsmagic ----------------------------------------------------------------------------------

  /**
   * What an SMS-Magic import read (issue 15), for its JSON report.
   *
   * @param source the history source's {@link io.rcsync.core.port.out.HistorySource#description()}, e.g.
   *     {@code "file: export.csv (smagicinteract__smsMagic__c)"}
   * @param since {@code --since} (inclusive, on the record's CreatedDate), empty when not given
   * @param until {@code --until} (exclusive), empty when not given
   */
  public record ImportRun(String source, java.util.Optional<Instant> since, java.util.Optional<Instant> until) {
    public ImportRun {
      java.util.Objects.requireNonNull(source, "source");
      since = since == null ? java.util.Optional.empty() : since;
      until = until == null ? java.util.Optional.empty() : until;
    }
  }

  /**
   * An SMS-Magic import's files (issue 15): {@code <stamp>-import-smsmagic.json} and beside it
   * {@code -failures.csv} and {@code -unmatched.csv} (the sync's columns but the second: message_id is the record's
   * 18-character Id, owner the owner's User Id) and {@code -deduplicated.csv} (history_key, kept_key,
   * counterparty, reason), always all three. With {@code rows} streamed the CSVs are the files it wrote, renamed into
   * place; else they are written from the report's lists.
   */
  public Written importHistory(RunReport r, int exitCode, ImportRun run, SalesforceApiUsage api,
      StreamedSyncRows rows) {
    Map<String, Object> csvs = new LinkedHashMap<>();
    if (rows != null && r.rows().streamed()) {
      Map<String, Path> parts = rows.finish();
      csvs.put("failures", parts.get("failures"));
      csvs.put("unmatched", parts.get("unmatched"));
      csvs.put("deduplicated", parts.get("deduplicated"));
    } else {
      csvs.put("failures", ReportCsv.ownerIssues(r.failures(), this::clean));
      csvs.put("unmatched", ReportCsv.ownerIssues(r.unmatched(), this::clean));
      csvs.put("deduplicated", ReportCsv.deduplicated(r.deduplicated(), this::clean));
    }
    return report(r.verb(), r.startedAt(), csvs,
        files -> ReportJson.Import.of(r, exitCode, run, files, this::clean, api));
  }

  // ---- rollback / restore / verify -----------------------------------------------------------------------

  public Written rollback(RollbackReport r, int exitCode, Map<String, Object> filters) {
    return report("rollback", r.startedAt(), Map.of("failures", ReportCsv.recordFailures(r.failures(), this::clean)),
        files -> ReportJson.Rollback.of(r, exitCode, filters, files, this::clean));
  }

  public Written restore(RestoreReport r, int exitCode) {
    // the Notes' failures, then one row per file not restored (its key in the record column)
    List<String> rows = new java.util.ArrayList<>(r.failures());
    rows.addAll(r.fileFailures());
    return report("restore", r.startedAt(), Map.of("failures", ReportCsv.recordFailures(rows, this::clean)),
        files -> ReportJson.Restore.of(r, exitCode, files, this::clean));
  }

  public Written verify(VerifyReport r, int exitCode) {
    Map<String, String> csvs = new LinkedHashMap<>();
    csvs.put("missing", ReportCsv.issues(r.missing(), this::clean));
    csvs.put("unchecked", ReportCsv.issues(r.unchecked(), this::clean));
    // issue 12 (review 23): MMS files missing or not linked, always written like -missing.csv
    csvs.put("missing-files", ReportCsv.missingFiles(r.missingFiles(), this::clean));
    return report("verify", r.startedAt(), csvs, files -> ReportJson.Verify.of(r, exitCode, files, this::clean));
  }

  /**
   * One verb's files: claims {@code <stamp>-<verb>.json}, writes each CSV beside it as {@code -<kind>.csv} (in the
   * map's order; a {@link String} is the CSV's text, a {@link Path} a finished file renamed into place), then the JSON
   * document built from the paths as shown ({@code report} first, then each kind).
   */
  private Written report(String verb, Instant startedAt, Map<String, ?> csvs,
      Function<Map<String, String>, Object> document) {
    Path json = ReportNames.claim(dir, startedAt, verb, ".json");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("report", display.apply(json));
    Map<Path, Object> contents = new LinkedHashMap<>();
    csvs.forEach((kind, content) -> {
      Path csv = ReportNames.sibling(json, "-" + kind + ".csv");
      files.put(kind, display.apply(csv));
      contents.put(csv, content);
    });
    contents.forEach((csv, content) -> {
      if (content instanceof Path part) {
        move(part, csv);
      } else {
        write(csv, (String) content);
      }
    });
    writeJson(json, document.apply(files));
    return new Written(files);
  }

  /** Any other verb (doctor, schedule, demo): the given body under the common header. */
  public Written generic(String verb, Instant startedAt, Instant finishedAt, int exitCode, Map<String, ?> body) {
    Path json = ReportNames.claim(dir, startedAt, verb, ".json");
    writeJson(json, new ReportJson.Generic(ReportJson.Header.of(verb, startedAt, finishedAt, exitCode), body));
    return new Written(Map.of("report", display.apply(json)));
  }

  /**
   * Appends failed texts to the day's failures file of a long-running verb ({@code rcsync serve}):
   * {@code <UTC yyyyMMdd>-<verb>-failures.csv} in the reports directory, the same columns and format as sync's
   * {@code -failures.csv} (message_id, extension, counterparty, reason; the header once, when the file is created),
   * reasons masked. One writer at a time (synchronized).
   *
   * @param at when the texts failed: picks the day's file
   * @return the file as shown to the operator
   * @throws LocalFileException when the file cannot be written, naming it
   */
  public synchronized String appendFailures(String verb, Instant at, List<MessageIssue> issues) {
    Path file = dir.resolve(DAY.format(at) + "-" + verb + "-failures.csv");
    try {
      Files.createDirectories(dir);
      boolean fresh = !Files.exists(file);
      if (fresh && Files.getFileStore(dir).supportsFileAttributeView("posix")) {
        // like every other report file (written through a 0600 temp file): it holds clients' numbers and texts' ids
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      String text = fresh ? ReportCsv.issues(issues, this::clean) : ReportCsv.issueRows(issues, this::clean);
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new LocalFileException("cannot write " + display.apply(file) + ": " + e.getMessage(), e);
    }
    return display.apply(file);
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private String clean(String s) {
    return Redactor.mask(s, secrets);
  }

  private void writeJson(Path file, Object document) {
    try {
      write(file, JSON.writeValueAsString(document) + "\n");
    } catch (IOException e) {
      throw new LocalFileException("cannot write report " + display.apply(file) + ": " + e.getMessage(), e);
    }
  }

  private void move(Path part, Path file) {
    try {
      AtomicFiles.ATOMIC_RENAME.move(part, file);
      AtomicFiles.forceDirectory(dir);
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
