package io.rcsync.cli.output;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.FileCounts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.MissingFile;
import io.rcsync.core.report.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The JSON report files as documents Jackson writes component by component, in declaration order. This is the stable
 * schema operators' scripts read, kept apart from core's report records (which carry no Jackson annotations) so a
 * rename in core cannot silently rename a field in a file. Each {@code of} factory masks secrets in free text
 * ({@code mask}), renders instants as ISO-8601 strings and optionals as {@code null}.
 */
final class ReportJson {
  private ReportJson() {}

  /** The first fields of every report. */
  record Header(String verb, String startedAt, String finishedAt, long durationMs, int exitCode) {
    static Header of(String verb, Instant startedAt, Instant finishedAt, int exitCode) {
      return new Header(verb, startedAt.toString(), finishedAt.toString(),
          Duration.between(startedAt, finishedAt).toMillis(), exitCode);
    }
  }

  /** {@link Counts} with its match rate rounded to four decimals. */
  record CountsJson(long fetched, long intakerFiltered, long matchedMatter, long matchedIntake, long unmatched,
      long failed, long purged, long held, long created, long updated, long unchanged, long ambiguous,
      long deliveryFailed, long matchedLate, long groupTexts, long extraGroupNotes, double matchRate) {
    static CountsJson of(Counts c) {
      return of(c, c.matchRate());
    }

    /** An import's counts: the match rate over the records that could match ({@link #importMatchRate}). */
    static CountsJson ofImport(Counts c) {
      return of(c, importMatchRate(c));
    }

    private static CountsJson of(Counts c, double matchRate) {
      return new CountsJson(c.fetched(), c.intakerFiltered(), c.matchedMatter(), c.matchedIntake(), c.unmatched(),
          c.failed(), c.purged(), c.held(), c.created(), c.updated(), c.unchanged(), c.ambiguous(), c.deliveryFailed(),
          c.matchedLate(), c.groupTexts(), c.extraGroupNotes(), Math.round(matchRate * 10000) / 10000.0);
    }
  }

  /**
   * An SMS-Magic import's match rate (fresh16 #11): (Matter + Intake) / (read − de-duplicated), 0 when every record
   * was de-duplicated or none was read. A de-duplicated record is not written because its text already has an
   * rc_msg_ Note (or is a copy of an Incoming SMS record), so it neither matched nor failed to match.
   */
  static double importMatchRate(Counts c) {
    long couldMatch = c.fetched() - c.deduplicated();
    return couldMatch <= 0 ? 0.0 : (double) c.matched() / couldMatch;
  }

  /**
   * MMS media figures (issue 12), see core's {@code FileCounts}: every media attachment of a text whose Note exists
   * lands in one of copied, alreadyStored, overLimit, typeRefused, failed, unavailable, skipped (or, in a dry run,
   * wouldCopy); {@code refused} = overLimit + typeRefused; {@code linksMoved} counts links changed because staff moved
   * a Note (not an outcome); bytes are exact byte counts.
   */
  record AttachmentsJson(long media, long copied, long bytesCopied, long alreadyStored, long refused, long overLimit,
      long typeRefused, long failed, long unavailable, long skipped, long wouldCopy, long wouldCopyBytes,
      long sizeUnknown, long linksMoved) {
    static AttachmentsJson of(FileCounts f) {
      return new AttachmentsJson(f.media(), f.copied(), f.bytesCopied(), f.alreadyStored(), f.refused(), f.overLimit(),
          f.typeRefused(), f.failed(), f.unavailable(), f.skipped(), f.wouldCopy(), f.wouldCopyBytes(), f.sizeUnknown(),
          f.linksMoved());
    }
  }

  /**
   * One extension's row: its counts inline, between the window and the error. {@code read} says how an incremental
   * run read it by RingCentral Message Sync ("message sync: incremental", "message sync: full from D", "… after a
   * rejected token"); null for a creation-time window (backfill, or a source without Message Sync).
   */
  record ExtensionRow(String extension, String staff, String windowFrom, String windowTo, String read,
      @JsonUnwrapped CountsJson counts, AttachmentsJson attachments, String error) {
    static ExtensionRow of(ExtensionSummary e, UnaryOperator<String> mask) {
      return new ExtensionRow(e.extension(), e.staffName(), text(e.windowFrom()), text(e.windowTo()),
          e.messageSyncRead().orElse(null), CountsJson.of(e.counts()), AttachmentsJson.of(e.files()),
          e.error().map(mask).orElse(null));
    }
  }

  record Sync(@JsonUnwrapped Header header, String mode, boolean dryRun, String wave, CountsJson totals,
      boolean balanced, List<ExtensionRow> extensions, SortedMap<String, Long> apiCalls, List<String> skippedStaff,
      List<String> warnings, String aborted, long failureCount, long unmatchedCount, AttachmentsJson attachments,
      Map<String, String> files,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      SalesforceApiUsage.Json salesforceApi) {
    static Sync of(RunReport r, int exitCode, Map<String, String> files, UnaryOperator<String> mask) {
      return of(r, exitCode, files, mask, null);
    }

    /** With the org's API usage around the run (issue 13); {@code api} null or unknown leaves the key out. */
    static Sync of(RunReport r, int exitCode, Map<String, String> files, UnaryOperator<String> mask,
        SalesforceApiUsage api) {
      boolean balanced = r.totals().balanced() && r.extensions().stream().allMatch(e -> e.counts().balanced());
      return new Sync(Header.of(r.verb(), r.startedAt(), r.finishedAt(), exitCode), r.mode(), r.dryRun(), r.wave(),
          CountsJson.of(r.totals()), balanced, r.extensions().stream().map(e -> ExtensionRow.of(e, mask)).toList(),
          new TreeMap<>(r.apiCalls()), masked(r.skippedStaff(), mask), masked(r.warnings(), mask),
          r.aborted().map(mask).orElse(null), r.rows().failures(), r.rows().unmatched(),
          AttachmentsJson.of(r.fileTotals()), files, api == null || !api.known() ? null : api.json());
    }
  }

  /**
   * One owner's row of an SMS-Magic import (issue 15): the import's ledger has a row per Note owner, never a
   * RingCentral extension; {@code ownerId} is the owner's Salesforce User Id.
   */
  record OwnerRow(String ownerId, String owner, @JsonUnwrapped CountsJson counts, long deduplicated, String error) {
    static OwnerRow of(ExtensionSummary e, UnaryOperator<String> mask) {
      return new OwnerRow(e.extension(), e.staffName(), CountsJson.ofImport(e.counts()), e.counts().deduplicated(),
          e.error().map(mask).orElse(null));
    }
  }

  /** An import's totals: the sync's counts and {@code deduplicated}, which is one of the categories that add up. */
  record ImportCounts(@JsonUnwrapped CountsJson counts, long deduplicated) {
    static ImportCounts of(Counts c) {
      return new ImportCounts(CountsJson.ofImport(c), c.deduplicated());
    }
  }

  /**
   * {@code import-smsmagic} (issue 15): where the records came from and the window, then the sync's report fields
   * with owners in place of extensions; {@code balanced} is fetched = intakerFiltered + matchedMatter + matchedIntake
   * + unmatched + failed + purged + held + deduplicated.
   */
  record Import(@JsonUnwrapped Header header, String source, String since, String until, boolean dryRun,
      ImportCounts totals, boolean balanced, List<OwnerRow> owners, SortedMap<String, Long> apiCalls,
      List<String> warnings, String aborted, long failureCount, long unmatchedCount, long deduplicatedCount,
      Map<String, String> files,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      SalesforceApiUsage.Json salesforceApi) {
    static Import of(RunReport r, int exitCode, ReportWriter.ImportRun run, Map<String, String> files,
        UnaryOperator<String> mask, SalesforceApiUsage api) {
      boolean balanced = r.totals().balanced() && r.extensions().stream().allMatch(e -> e.counts().balanced());
      return new Import(Header.of(r.verb(), r.startedAt(), r.finishedAt(), exitCode), mask.apply(run.source()),
          run.since().map(Instant::toString).orElse(null), run.until().map(Instant::toString).orElse(null), r.dryRun(),
          ImportCounts.of(r.totals()), balanced, r.extensions().stream().map(e -> OwnerRow.of(e, mask)).toList(),
          new TreeMap<>(r.apiCalls()), masked(r.warnings(), mask), r.aborted().map(mask).orElse(null),
          r.rows().failures(), r.rows().unmatched(), r.rows().deduplicated(), files,
          api == null || !api.known() ? null : api.json());
    }
  }

  record Verify(@JsonUnwrapped Header header, String wave, String windowFrom, String windowTo, long fetched,
      long expected, long notesFound, int missingCount, boolean complete, boolean checkedEverything,
      int uncheckedCount, List<String> problems, List<String> orphaned, String orphanCheck,
      SortedMap<String, Long> apiCalls, Map<String, String> files, String fileCheck, long filesChecked,
      int missingFilesCount, long filesRefusedByPolicy, List<MissingFile> missingFiles, long groupTexts,
      long extraGroupNotes, long notesNotExpected, String noteTimeField) {
    static Verify of(VerifyReport r, int exitCode, Map<String, String> files, UnaryOperator<String> mask) {
      return new Verify(Header.of("verify", r.startedAt(), r.finishedAt(), exitCode), r.wave(),
          r.windowFrom().toString(), r.windowTo().toString(), r.fetched(), r.expected(), r.notesFound(),
          r.missing().size(), r.complete(), r.checkedEverything(), r.unchecked().size(), masked(r.problems(), mask),
          masked(r.orphaned(), mask), r.orphanCheck().orElse("done"), new TreeMap<>(r.apiCalls()), files,
          r.fileCheck().map(mask).orElse("done"), r.filesChecked(), r.missingFiles().size(), r.filesRefusedByPolicy(),
          r.missingFiles().stream().map(f -> new MissingFile(f.messageId(), f.noteExternalId(), f.attachmentId(),
              mask.apply(f.fileName()), mask.apply(f.reason()))).toList(), r.groupTexts(), r.extraGroupNotes(),
          r.notesNotExpected(), r.noteTimeField());
    }
  }

  /** A rollback; {@code filters} as the verb describes its command (nulls for filters not given). */
  record Rollback(@JsonUnwrapped Header header, boolean dryRun, Map<String, Object> filters, long matched,
      long refused, long deleted, long failed, String manifest, String blocked, List<String> sample,
      List<String> failures, SortedMap<String, Long> apiCalls, Map<String, String> files, long filesMatched,
      long filesDeleted, long filesFailed, List<String> filesNotRestorable, List<String> filesKept) {
    static Rollback of(RollbackReport r, int exitCode, Map<String, Object> filters, Map<String, String> files,
        UnaryOperator<String> mask) {
      return new Rollback(Header.of("rollback", r.startedAt(), r.finishedAt(), exitCode), r.dryRun(), filters,
          r.matched(), r.refused(), r.deleted(), r.failed(), r.manifest().orElse(null), r.blocked().orElse(null),
          masked(r.sample(), mask), masked(r.failures(), mask), new TreeMap<>(r.apiCalls()), files, r.filesMatched(),
          r.filesDeleted(), r.filesFailed(), masked(r.filesNotRestorable(), mask), masked(r.filesKept(), mask));
    }
  }

  record Restore(@JsonUnwrapped Header header, boolean dryRun, String manifest, long records, long created,
      long updated, long failed, List<String> failures, SortedMap<String, Long> apiCalls, Map<String, String> files,
      long fileCount, long filesPresent, long filesRestored, long filesFailed, List<String> fileFailures) {
    static Restore of(RestoreReport r, int exitCode, Map<String, String> files, UnaryOperator<String> mask) {
      return new Restore(Header.of("restore", r.startedAt(), r.finishedAt(), exitCode), r.dryRun(), r.manifest(),
          r.records(), r.created(), r.updated(), r.failed(), masked(r.failures(), mask), new TreeMap<>(r.apiCalls()),
          files, r.files(), r.filesPresent(), r.filesRestored(), r.filesFailed(), masked(r.fileFailures(), mask));
    }
  }

  /** Any other verb (doctor, schedule, demo): the header, then the verb's own fields as given. */
  record Generic(@JsonUnwrapped Header header, @JsonAnyGetter Map<String, ?> body) {}

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  private static List<String> masked(List<String> values, UnaryOperator<String> mask) {
    return values.stream().map(mask).toList();
  }
}
