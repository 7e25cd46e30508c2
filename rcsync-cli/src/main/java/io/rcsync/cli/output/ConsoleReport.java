package io.rcsync.cli.output;

import io.rcsync.core.support.Redactor;
import io.rcsync.core.support.Durations;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.FileCounts;
import io.rcsync.core.service.sync.MmsNoteBody;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import io.rcsync.core.domain.TextSource;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;

/** What a person reads after a run: the per-extension table, the balance check, API calls and where the files are. */
public final class ConsoleReport {
  static final List<String> COLUMNS = List.of("ext", "staff", "fetched", "Intaker-filtered", "Matter", "Intake",
      "unmatched", "purged", "held", "created", "updated", "unchanged", "failed", "match rate");
  private static final int SAMPLE_ROWS = 10;

  private ConsoleReport() {}

  public static void sync(PrintWriter out, RunReport r, ReportWriter.Written files, List<String> secrets) {
    sync(out, r, files, secrets, null);
  }

  /** As {@link #sync(PrintWriter, RunReport, ReportWriter.Written, List)}, with the API-usage line when known. */
  public static void sync(PrintWriter out, RunReport r, ReportWriter.Written files, List<String> secrets,
      SalesforceApiUsage api) {
    out.println(title(r));
    List<List<String>> rows = new ArrayList<>();
    for (ExtensionSummary e : r.extensions()) {
      rows.add(row(e.extension() + (e.error().isPresent() ? " !" : ""), e.staffName(), e.counts()));
    }
    rows.add(row("TOTAL", "", r.totals()));
    table(out, COLUMNS, rows, 2);
    Counts t = r.totals();
    boolean balanced = t.balanced() && r.extensions().stream().allMatch(e -> e.counts().balanced());
    out.printf(Locale.ROOT, "Check: fetched %d = Intaker-filtered %d + Matter %d + Intake %d + unmatched %d + failed %d"
            + " + purged %d + held %d%s%n",
        t.fetched(), t.intakerFiltered(), t.matchedMatter(), t.matchedIntake(), t.unmatched(), t.failed(), t.purged(),
        t.held(), balanced ? " — balanced, every message accounted for"
            : " — NOT BALANCED: " + (t.fetched() - t.intakerFiltered() - t.matched() - t.unmatched() - t.failed()
                - t.purged() - t.held()) + " message(s) unaccounted for (a bug: please report it with the JSON report)");
    groupTextsLine(t).ifPresent(out::println);
    notesCheck(t).ifPresent(out::println);
    messageSyncLine(r).ifPresent(out::println);
    if (t.purged() > 0) {
      out.println("Purged in RingCentral: " + t.purged() + " (the record is gone, so no Note can be written; existing Notes are kept)");
    }
    if (t.held() > 0) {
      out.println("Held: " + t.held() + " outbound text(s) still queued or sending; the next run writes them once sent or failed");
    }
    if (t.deliveryFailed() > 0) {
      out.println("Delivery failed: " + t.deliveryFailed() + " outbound text(s) RingCentral could not deliver; their Notes"
          + " carry the failed topic");
    }
    if (t.matchedLate() > 0) {
      out.println("Matched late: " + t.matchedLate() + " text(s) unmatched by an earlier run now have their Matter or Intake");
    }
    if (t.ambiguous() > 0) {
      out.println("Ambiguous matches: " + t.ambiguous() + " (several records held the number; the newest of the best tier won)");
    }
    filesLine(r).ifPresent(out::println);
    out.println("API calls: " + apiCalls(r.apiCalls()) + "   duration " + Durations.human(r.duration()));
    if (api != null && api.known()) {
      out.println(api.line());
    }
    for (ExtensionSummary e : r.extensions()) {
      e.error().ifPresent(err -> out.println("! " + e.extension() + " (" + e.staffName() + "): " + Redactor.mask(err, secrets)));
    }
    r.aborted().ifPresent(a -> out.println("Run stopped early: " + Redactor.mask(a, secrets)));
    for (String s : r.skippedStaff()) {
      out.println("Skipped: " + s);
    }
    for (String w : r.warnings()) {
      out.println("Warning: " + Redactor.mask(w, secrets));
    }
    if (!r.failures().isEmpty()) {
      out.println("Failed messages (first " + Math.min(SAMPLE_ROWS, r.failures().size()) + " of " + r.rows().failures() + "):");
      issues(out, r.failures(), secrets);
    }
    out.println("Report:    " + files.report());
    out.println("Failures:  " + files.files().get("failures") + " (" + rows(r.rows().failures()) + ")");
    out.println("Unmatched: " + files.files().get("unmatched") + " (" + rows(r.rows().unmatched()) + ")");
    if (files.files().containsKey("attachments")) {
      out.println("Files:     " + files.files().get("attachments") + " (" + rows(r.rows().files()) + ")");
    }
    out.flush();
  }

  /** The owner table's columns of an SMS-Magic import (issue 15): a row per Note owner, never an extension. */
  static final List<String> IMPORT_COLUMNS = List.of("owner (User Id)", "owner", "read", "Intaker-filtered", "Matter",
      "Intake", "unmatched", "de-duplicated", "created", "updated", "unchanged", "failed", "match rate");

  /**
   * What a person reads after {@code rcsync import-smsmagic} (issue 15), in the sync's shape: the title (source, window,
   * DRY RUN), one row per Note owner, the add-up check with de-duplicated as one of its categories, the Notes check,
   * a "De-duplicated" line naming its CSV, API calls and usage, warnings, the first failed records and the files.
   */
  public static void importHistory(PrintWriter out, RunReport r, ReportWriter.Written files, List<String> secrets,
      SalesforceApiUsage api, ReportWriter.ImportRun run) {
    out.println("rcsync " + r.verb() + " · " + Redactor.mask(run.source(), secrets) + " · "
        + run.since().map(Instant::toString).orElse("first record") + " .. "
        + run.until().map(Instant::toString).orElse("now") + (r.dryRun() ? " · DRY RUN (nothing written)" : ""));
    List<List<String>> rows = new ArrayList<>();
    for (ExtensionSummary e : r.extensions()) {
      rows.add(importRow(e.extension() + (e.error().isPresent() ? " !" : ""), e.staffName(), e.counts()));
    }
    rows.add(importRow("TOTAL", "", r.totals()));
    table(out, IMPORT_COLUMNS, rows, 2);
    Counts t = r.totals();
    boolean balanced = t.balanced() && r.extensions().stream().allMatch(e -> e.counts().balanced());
    String others = t.purged() + t.held() > 0 ? String.format(Locale.ROOT, " + purged %d + held %d", t.purged(), t.held())
        : "";
    out.printf(Locale.ROOT, "Check: read %d = Intaker-filtered %d + Matter %d + Intake %d + unmatched %d + failed %d"
            + " + de-duplicated %d%s%s%n",
        t.fetched(), t.intakerFiltered(), t.matchedMatter(), t.matchedIntake(), t.unmatched(), t.failed(),
        t.deduplicated(), others, balanced ? " — balanced, every record accounted for"
            : " — NOT BALANCED: " + (t.fetched() - t.intakerFiltered() - t.matched() - t.unmatched() - t.failed()
                - t.deduplicated() - t.purged() - t.held()) + " record(s) unaccounted for (a bug: please report it"
                + " with the JSON report)");
    notesCheck(t).ifPresent(out::println);
    out.println("De-duplicated: " + t.deduplicated() + " record(s) not written: the same text already has an rc_msg_"
        + " Note (RingCentral's wins) or is a copy of an Incoming SMS record; listed in "
        + files.files().get("deduplicated"));
    if (t.deliveryFailed() > 0) {
      out.println("Delivery failed: " + t.deliveryFailed() + " outbound record(s) SMS-Magic marks as not delivered"
          + " (smsmagic.failedStatuses); their Notes carry the failed topic");
    }
    if (t.ambiguous() > 0) {
      out.println("Ambiguous matches: " + t.ambiguous() + " (several records held the number; the newest of the best"
          + " tier won)");
    }
    out.println("API calls: " + apiCalls(r.apiCalls()) + "   duration " + Durations.human(r.duration()));
    if (api != null && api.known()) {
      out.println(api.line());
    }
    for (ExtensionSummary e : r.extensions()) {
      e.error().ifPresent(err -> out.println("! " + e.extension() + " (" + e.staffName() + "): "
          + Redactor.mask(err, secrets)));
    }
    r.aborted().ifPresent(a -> out.println("Run stopped early: " + Redactor.mask(a, secrets)));
    for (String w : r.warnings()) {
      out.println("Warning: " + Redactor.mask(w, secrets));
    }
    if (!r.failures().isEmpty()) {
      out.println("Failed records (first " + Math.min(SAMPLE_ROWS, r.failures().size()) + " of " + r.rows().failures()
          + "):");
      issues(out, r.failures(), secrets, "owner");
    }
    out.println("Report:        " + files.report());
    out.println("Failures:      " + files.files().get("failures") + " (" + rows(r.rows().failures()) + ")");
    out.println("Unmatched:     " + files.files().get("unmatched") + " (" + rows(r.rows().unmatched()) + ")");
    out.println("De-duplicated: " + files.files().get("deduplicated") + " (" + rows(r.rows().deduplicated()) + ")");
    out.flush();
  }

  private static List<String> importRow(String owner, String name, Counts c) {
    return List.of(owner, name == null ? "" : truncate(name, 20), n(c.fetched()), n(c.intakerFiltered()),
        n(c.matchedMatter()), n(c.matchedIntake()), n(c.unmatched()), n(c.deduplicated()), n(c.created()),
        n(c.updated()), n(c.unchanged()), n(c.failed()),
        c.fetched() - c.deduplicated() <= 0 ? "-" : Math.round(ReportJson.importMatchRate(c) * 100) + "%");
  }

  /**
   * "Group texts: 1 (2 Notes, one per matched Matter/Intake)": why there are more Notes than matched texts; empty when
   * the run matched no text with several Notes.
   */
  static Optional<String> groupTextsLine(Counts t) {
    if (t.groupTexts() == 0) {
      return Optional.empty();
    }
    return Optional.of("Group texts: " + t.groupTexts() + " (" + (t.groupTexts() + t.extraGroupNotes())
        + " Notes, one per matched Matter/Intake)");
  }

  /**
   * The second check, on Notes rather than texts: "Notes 994 (created 72 + updated 0 + unchanged 922) = Matter 805 +
   * Intake 188 + 1 more for group texts", plus the Notes of texts that failed after some of their Notes were written.
   * Empty when the run counted no Note, or when the Notes fall short of the matched texts (a dry run that counts no
   * Note), where the equation would not say anything true.
   */
  static Optional<String> notesCheck(Counts t) {
    if (t.notes() == 0 || t.notesOfFailedTexts() < 0) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "Notes %d (created %d + updated %d + unchanged %d) = Matter %d + Intake %d", t.notes(), t.created(),
        t.updated(), t.unchanged(), t.matchedMatter(), t.matchedIntake()));
    if (t.extraGroupNotes() > 0) {
      sb.append(" + ").append(t.extraGroupNotes()).append(" more for group texts");
    }
    if (t.notesOfFailedTexts() > 0) {
      sb.append(" + ").append(t.notesOfFailedTexts()).append(" of group texts that failed (another of their Notes was"
          + " not written)");
    }
    return Optional.of(sb.toString());
  }

  /**
   * The MMS media line (issue 12), when the run met any: "Files: 5 copied (3.1 MB), 2 already stored, 1 over
   * attachments.maxBytes, 0 failed", plus the type refusals and skips when there are; a dry run says what would be
   * copied ("Files (dry run): 3 would be copied (2.0 MB + 1 of size unknown), 1 already stored, ...").
   */
  static Optional<String> filesLine(RunReport r) {
    FileCounts f = r.fileTotals();
    if (f.media() == 0) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    if (r.dryRun()) {
      sb.append("Files (dry run): ").append(f.wouldCopy()).append(" would be copied (")
          .append(MmsNoteBody.humanSize(f.wouldCopyBytes()))
          .append(f.sizeUnknown() > 0 ? " + " + f.sizeUnknown() + " of size unknown" : "").append(")");
    } else {
      sb.append("Files: ").append(f.copied()).append(" copied (").append(MmsNoteBody.humanSize(f.bytesCopied()))
          .append(")");
    }
    sb.append(", ").append(f.alreadyStored()).append(" already stored, ").append(f.overLimit())
        .append(" over attachments.maxBytes");
    if (f.typeRefused() > 0) {
      sb.append(", ").append(f.typeRefused()).append(" not in attachments.contentTypes");
    }
    if (f.skipped() > 0) {
      sb.append(", ").append(f.skipped()).append(" skipped");
    }
    sb.append(", ").append(f.failed()).append(" failed");
    if (f.unavailable() > 0) {
      sb.append(", ").append(f.unavailable()).append(" unavailable (gone at RingCentral or refused for good)");
    }
    if (f.linksMoved() > 0) {
      sb.append(", ").append(f.linksMoved()).append(" link(s) moved with their Note");
    }
    return Optional.of(sb.toString());
  }

  /** @param maxDelete the delete cap the run had, so a preview over it says what --confirm will need */
  public static void rollback(PrintWriter out, RollbackReport r, ReportWriter.Written files, List<String> secrets,
      long maxDelete) {
    if (r.dryRun()) {
      out.println("Rollback DRY RUN: " + r.matched() + " Note(s) would be deleted"
          + (r.refused() > 0 ? "; " + r.refused() + " selected record(s) are not Notes of the rollback's source"
              + " (rcsync deletes only " + io.rcsync.core.domain.TextSource.allPrefixes() + " Notes, one source per run)"
              + " and are never deleted" : ""));
    } else if (r.blocked().isPresent()) {
      out.println("Rollback refused: " + r.blocked().get());
    } else {
      out.println("Rollback: deleted " + r.deleted() + " of " + r.matched() + " Note(s)" + (r.failed() > 0 ? ", " + r.failed() + " failed" : ""));
    }
    if (r.filesMatched() > 0) {
      out.println(r.dryRun() || r.blocked().isPresent()
          ? "  MMS files on them (deleted with their Notes): " + r.filesMatched()
          : "  MMS files: deleted " + r.filesDeleted() + " of " + r.filesMatched()
              + (r.filesFailed() > 0 ? ", " + r.filesFailed() + " failed (their Notes kept)" : ""));
    }
    if (!r.filesNotRestorable().isEmpty()) {
      out.println("  MMS files restore could not re-create (no RingCentral content URI; each line says why): " + r.filesNotRestorable().size()
          + (r.filesNotRestorable().size() > SAMPLE_ROWS ? " (first " + SAMPLE_ROWS + " below; all in the report)" : ""));
    }
    r.filesNotRestorable().stream().limit(SAMPLE_ROWS)
        .forEach(f -> out.println("  not restorable: " + Redactor.mask(f, secrets)));
    if (!r.filesKept().isEmpty()) {
      out.println("  MMS files kept (shared with an rcsync Note that stays): " + r.filesKept().size());
    }
    r.filesKept().stream().limit(SAMPLE_ROWS).forEach(f -> out.println("  kept: " + Redactor.mask(f, secrets)));
    if (!r.sample().isEmpty()) {
      out.println("Sample (" + r.sample().size() + " of " + r.matched() + "):");
      r.sample().forEach(s -> out.println("  " + s));
    }
    r.failures().stream().limit(SAMPLE_ROWS).forEach(f -> out.println("  failed: " + Redactor.mask(f, secrets)));
    r.manifest().ifPresent(m -> {
      out.println("Manifest:  " + m);
      out.println("Undo with: rcsync restore " + m);
    });
    if (r.dryRun() && r.matched() > 0) {
      out.println("Nothing was deleted. Add --confirm to delete them (a restore manifest is written first).");
      if (r.matched() > maxDelete) {
        out.println("Note: " + r.matched() + " is more than the delete limit of " + maxDelete + ": --confirm will also need "
            + "--max-delete " + r.matched() + ", or narrow the filters.");
      }
    }
    out.println("API calls: " + apiCalls(r.apiCalls()));
    out.println("Report:    " + files.report());
    if (r.failed() > 0) {
      out.println("Failures:  " + files.files().get("failures") + " (" + rows(r.failures().size()) + ")");
    }
    out.flush();
  }

  public static void restore(PrintWriter out, RestoreReport r, ReportWriter.Written files, List<String> secrets) {
    if (r.dryRun()) {
      out.println("Restore DRY RUN: " + r.records() + " Note(s) in " + r.manifest() + " would be put back. Run without --dry-run to restore them.");
    } else {
      out.println("Restore: " + r.records() + " Note(s) from " + r.manifest() + ": created " + r.created() + ", updated "
          + r.updated() + ", failed " + r.failed());
    }
    r.failures().stream().limit(SAMPLE_ROWS).forEach(f -> out.println("  failed: " + Redactor.mask(f, secrets)));
    if (r.files() > 0) {
      out.println(r.dryRun() ? "  MMS files in the manifest (re-downloaded from RingCentral): " + r.files() + ": "
          + (r.files() - r.filesFailed()) + " restorable, " + r.filesFailed() + " not"
          : "  MMS files: " + r.files() + " in the manifest: restored " + r.filesRestored() + ", already present "
              + r.filesPresent() + ", failed " + r.filesFailed());
    }
    r.fileFailures().stream().limit(SAMPLE_ROWS).forEach(f -> out.println("  file failed: " + Redactor.mask(f, secrets)));
    out.println("API calls: " + apiCalls(r.apiCalls()));
    out.println("Report:    " + files.report());
    if (r.failed() > 0 || (!r.dryRun() && r.filesFailed() > 0)) {
      out.println("Failures:  " + files.files().get("failures") + " (" + rows(r.failures().size()
          + (r.dryRun() ? 0 : r.fileFailures().size())) + ")");
    }
    out.flush();
  }

  public static void verify(PrintWriter out, VerifyReport r, ReportWriter.Written files, List<String> secrets) {
    verify(out, r, files, secrets, "Verify wave " + r.wave() + ", " + r.windowFrom() + " .. " + r.windowTo(),
        "INCOMPLETE: run 'rcsync sync --backfill --wave " + r.wave() + " --since " + r.windowFrom() + " --until "
            + r.windowTo() + "' to fill the gaps, then verify again.");
  }

  /**
   * {@code verify --source smsmagic} (issue 15): verify's lines for an SMS-Magic import's check of {@code source}
   * (the history's description); the gaps are filled by running the import again.
   */
  public static void verifyHistory(PrintWriter out, VerifyReport r, ReportWriter.Written files, List<String> secrets,
      String source) {
    verify(out, r, files, secrets, "Verify SMS-Magic history (" + Redactor.mask(source, secrets) + "), "
            + historyWindow(r),
        "INCOMPLETE: run 'rcsync import-smsmagic' again (same --from-csv/--since/--until) to fill the gaps, then"
            + " verify again.");
  }

  /**
   * The records a history check read: "all records" without --since/--until (core then reports the window from the
   * epoch to the check's start), else "records created FROM .. TO" (open ends: "first record", "now").
   */
  static String historyWindow(VerifyReport r) {
    boolean fromStart = r.windowFrom().equals(Instant.EPOCH);
    boolean toNow = !r.windowTo().isBefore(r.startedAt());
    if (fromStart && toNow) {
      return "all records";
    }
    return "records created " + (fromStart ? "first record" : r.windowFrom().toString()) + " .. "
        + (toNow ? "now" : r.windowTo().toString());
  }

  private static void verify(PrintWriter out, VerifyReport r, ReportWriter.Written files, List<String> secrets,
      String title, String incomplete) {
    boolean history = r.source() == TextSource.SMS_MAGIC;
    out.println(title);
    out.println((history ? "  records read:            " : "  texts fetched:           ") + r.fetched());
    out.println("  should have a Note:      " + r.expected() + (r.extraGroupNotes() > 0 ? " (" + r.expectedTexts()
        + " texts; " + r.groupTexts() + " group text(s) have " + (r.groupTexts() + r.extraGroupNotes())
        + " Notes, one per matched Matter/Intake)" : ""));
    out.println("  rcsync Notes found:      " + r.notesFound() + notesFoundDetail(r));
    out.println("  missing Notes:           " + r.missing().size());
    out.println("  orphaned Notes:          " + (r.orphanCheck().isPresent() ? "not checked (" + r.orphanCheck().get() + ")" : r.orphaned().size()));
    out.println("  MMS files checked:       " + (r.fileCheck().isPresent() && r.filesChecked() == 0
        ? "not checked (" + r.fileCheck().get() + ")" : r.filesChecked()));
    out.println("  Notes with missing files: " + r.missingFiles().size());
    if (r.filesRefusedByPolicy() > 0) {
      out.println("  files refused by policy: " + r.filesRefusedByPolicy() + " (attachments.* settings; not copied, not missing)");
    }
    if (!r.unchecked().isEmpty()) {
      out.println("  could not be checked:    " + r.unchecked().size());
    }
    r.problems().forEach(p -> out.println("! " + Redactor.mask(p, secrets)));
    if (!r.unchecked().isEmpty()) {
      out.println("Texts the check could not classify (first " + Math.min(SAMPLE_ROWS, r.unchecked().size()) + " of "
          + r.unchecked().size() + "):");
      issues(out, r.unchecked(), secrets);
    }
    if (!r.missing().isEmpty()) {
      out.println("Texts without a Note (first " + Math.min(SAMPLE_ROWS, r.missing().size()) + " of " + r.missing().size() + "):");
      issues(out, r.missing(), secrets);
    }
    if (!r.missingFiles().isEmpty()) {
      out.println("Notes with missing files (first " + Math.min(SAMPLE_ROWS, r.missingFiles().size()) + " of "
          + r.missingFiles().size() + "):");
      r.missingFiles().stream().limit(SAMPLE_ROWS).forEach(f -> out.println("  " + f.messageId() + "  "
          + f.noteExternalId() + "  attachment " + f.attachmentId() + "  " + Redactor.mask(f.fileName(), secrets)
          + "  " + Redactor.mask(f.reason(), secrets)));
    }
    if (!r.orphaned().isEmpty()) {
      out.println(history ? "smsmagic_ Notes whose SMS-Magic record the org no longer holds (kept on purpose; not a"
          + " gap):" : "Notes whose text RingCentral no longer holds (kept on purpose; not a gap):");
      r.orphaned().stream().limit(SAMPLE_ROWS).forEach(o -> out.println("  " + o));
    }
    out.println(!r.checkedEverything()
        ? "NOT PROVEN: the check could not read or classify every text (see above); fix that and verify again."
        : r.complete() ? (history ? "Complete: every SMS-Magic record read that matches a Matter or Intake has its"
            + " Note." : "Complete: every text in the window that matches a Matter or Intake has its Note.")
        : incomplete);
    out.println("API calls: " + apiCalls(r.apiCalls()));
    out.println("Report:    " + files.report());
    out.println("Missing:   " + files.files().get("missing") + " (" + rows(r.missing().size()) + ")");
    if (!r.unchecked().isEmpty()) {
      out.println("Unchecked: " + files.files().get("unchecked") + " (" + rows(r.unchecked().size()) + ")");
    }
    if (files.files().containsKey("missing-files")) {
      out.println("Missing files: " + files.files().get("missing-files") + " (" + rows(r.missingFiles().size()) + ")");
    }
    out.flush();
  }

  /**
   * Why verify found more Notes than it expects, so the figures add up on screen: " = 994 expected + 5 more created
   * since 2026-09-01 (by CreatedDate) for texts outside the window ..."; empty when every found Note was expected.
   */
  static String notesFoundDetail(VerifyReport r) {
    long more = r.notesNotExpected();
    if (more == 0) {
      return "";
    }
    long expectedFound = r.notesFound() - more;
    String head = " = " + expectedFound + " expected + " + more + " more";
    if (VerifyReport.CREATED_DATE.equals(r.noteTimeField())) {
      return head + " created since " + r.windowFrom() + " (judged by CreatedDate) for texts outside the window; "
          + "set salesforce.note.messageTimeField to judge by message time";
    }
    if (r.source() == TextSource.SMS_MAGIC) {
      return head + " whose SMS-Magic record it did not expect (gone from the org, filtered or no longer matched)";
    }
    return head + " in the window by " + r.noteTimeField() + " whose text it did not expect (gone from RingCentral,"
        + " filtered or no longer matched)";
  }

  // ---- pieces ------------------------------------------------------------------------------------------

  /**
   * "rcsync sync incremental · wave w · <what was read>": the one window all extensions shared; else "by Message Sync"
   * when each extension was read by RingCentral Message Sync (each from its own sync token and time),
   * "per-extension windows" for creation-time windows that differ, "no window" when nothing was read.
   */
  static String title(RunReport r) {
    List<ExtensionSummary> read = r.extensions().stream().filter(e -> e.windowFrom() != null)
        .toList();
    long bySync = read.stream().filter(e -> e.messageSyncRead().isPresent()).count();
    List<String> windows = read.stream().map(e -> fmt(e.windowFrom()) + " .. " + fmt(e.windowTo())).distinct().toList();
    String window = read.isEmpty() ? "no window"
        : windows.size() == 1 ? windows.get(0)
        : bySync == read.size() ? "by Message Sync"
        : bySync > 0 ? "by Message Sync and per-extension windows" : "per-extension windows";
    return "rcsync " + r.verb() + " " + r.mode() + " · wave " + r.wave() + " · " + window + (r.dryRun() ? " · DRY RUN (nothing written)" : "");
  }

  /**
   * "Read by Message Sync: 8 incremental, 1 full from 2026-04-19T11:30:00Z" — how the run's extensions were read, when
   * any was read by RingCentral Message Sync (issue 11); empty for a window read.
   */
  static java.util.Optional<String> messageSyncLine(RunReport r) {
    java.util.Map<String, Long> kinds = r.extensions().stream()
        .map(e -> e.messageSyncRead().orElse(null)).filter(java.util.Objects::nonNull)
        .map(read -> read.startsWith("message sync: ") ? read.substring("message sync: ".length()) : read)
        .collect(Collectors.groupingBy(k -> k, java.util.LinkedHashMap::new, Collectors.counting()));
    if (kinds.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("Read by Message Sync: " + kinds.entrySet().stream()
        .map(k -> k.getValue() + " " + k.getKey()).collect(Collectors.joining(", ")));
  }

  private static String fmt(Instant t) {
    return t == null ? "?" : t.toString();
  }

  public static String apiCalls(Map<String, Long> calls) {
    if (calls.isEmpty()) {
      return "none";
    }
    return new java.util.TreeMap<>(calls).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static List<String> row(String ext, String staff, Counts c) {
    return List.of(ext, staff == null ? "" : truncate(staff, 20), n(c.fetched()), n(c.intakerFiltered()), n(c.matchedMatter()),
        n(c.matchedIntake()), n(c.unmatched()), n(c.purged()), n(c.held()), n(c.created()), n(c.updated()),
        n(c.unchanged()), n(c.failed()),
        c.fetched() == 0 ? "-" : Math.round(c.matchRate() * 100) + "%");
  }

  private static String n(long v) {
    return Long.toString(v);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static void issues(PrintWriter out, List<MessageIssue> issues, List<String> secrets) {
    issues(out, issues, secrets, "extension");
  }

  /** The first rows of a failures/unmatched list; {@code second} names the column (an import's is the owner). */
  private static void issues(PrintWriter out, List<MessageIssue> issues, List<String> secrets, String second) {
    List<List<String>> rows = new ArrayList<>();
    for (MessageIssue i : issues.subList(0, Math.min(SAMPLE_ROWS, issues.size()))) {
      rows.add(List.of(i.messageId(), i.extension(), i.counterparty() == null ? "" : i.counterparty(),
          Redactor.mask(i.reason(), secrets)));
    }
    table(out, List.of("message id", second, "counterparty", "reason"), rows, 0, "  ");
  }

  /** "1 row", "0 rows", "12 rows". */
  static String rows(long n) {
    return n + (n == 1 ? " row" : " rows");
  }

  /** A left-aligned text table; columns from {@code firstNumeric} on are right-aligned. */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows, int firstNumeric) {
    table(out, header, rows, firstNumeric, "");
  }

  /** As {@link #table(PrintWriter, List, List, int)}, every line (header and rows alike) after {@code indent}. */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows, int firstNumeric, String indent) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    out.println(indent + line(header, w, firstNumeric, false));
    for (int k = 0; k < rows.size(); k++) {
      List<String> r = rows.get(k);
      if (firstNumeric > 0 && k == rows.size() - 1 && "TOTAL".equals(r.get(0))) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
          rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        out.println(indent + rule);
      }
      out.println(indent + line(r, w, firstNumeric, firstNumeric > 0));
    }
  }

  private static String line(List<String> cells, int[] w, int firstNumeric, boolean alignNumbers) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String c = cells.get(i);
      boolean right = firstNumeric > 0 && i >= firstNumeric;
      sb.append(right ? " ".repeat(w[i] - c.length()) + c : c + (i == cells.size() - 1 ? "" : " ".repeat(w[i] - c.length())));
    }
    return sb.toString().stripTrailing();
  }
}
