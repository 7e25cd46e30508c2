package io.rcsync.core.report;

import io.rcsync.core.domain.TextSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The completeness check of a window: which texts that should have a Note have none, and which Notes point at
 * a message the phone system no longer holds.
 *
 * @param expected messages that match a Matter/Intake and so should have a Note
 * @param missing those without a Note: message id, extension, counterparty, reason
 * @param orphaned external ids of Notes in the window whose message RingCentral no longer returns
 * @param orphanCheck why orphans were not checked, when they were not
 * @param unchecked texts the check fetched but could not classify (lookup failed, malformed record, roster member
 *     without sfUserId): whether they should have a Note is unknown
 * @param problems what kept the check from reading everything (an extension's fetch failed, the run stopped)
 * @param filesChecked MMS media attachments of found Notes whose Salesforce File was looked up by key (issue 12)
 * @param missingFiles those without their file: "Notes with missing files"; any makes the window incomplete
 * @param filesRefusedByPolicy media a sync does not copy ({@code attachments.enabled} false, content type not in
 *     {@code attachments.contentTypes}, listed size over {@code attachments.maxBytes}): not looked up, not missing
 * @param fileCheck why files were not checked, when they were not (no file store configured, the check stopped)
 * @param groupTexts matched texts with several Notes (a group text on several Matters/Intakes): {@link #expected}
 *     counts Notes, so it is the matched texts plus {@code extraGroupNotes}
 * @param extraGroupNotes the Notes of those texts beyond the first (n - 1 each)
 * @param noteTimeField the Note field that placed Notes in the window when they were looked up: the configured
 *     {@code salesforce.note.messageTimeField}, else {@code CreatedDate} (then only a lower bound: every Note created
 *     since the window opened is found, whatever its text's time)
 * @param source whose texts were checked: {@link TextSource#RINGCENTRAL} (a sync's window), or
 *     {@link TextSource#SMS_MAGIC} ({@code verify --source smsmagic}: {@link #fetched} counts history records read,
 *     {@link #orphaned} lists {@code smsmagic_} Notes whose SMS-Magic record the org no longer holds)
 */
public record VerifyReport(
    String wave,
    Instant windowFrom,
    Instant windowTo,
    Instant startedAt,
    Instant finishedAt,
    long fetched,
    long expected,
    long notesFound,
    List<MessageIssue> missing,
    List<String> orphaned,
    Optional<String> orphanCheck,
    Map<String, Long> apiCalls,
    List<MessageIssue> unchecked,
    List<String> problems,
    long filesChecked,
    List<MissingFile> missingFiles,
    long filesRefusedByPolicy,
    Optional<String> fileCheck,
    long groupTexts,
    long extraGroupNotes,
    String noteTimeField,
    TextSource source) {

  /** The Note field a report names when none was given: the lookup by {@code CreatedDate}. */
  public static final String CREATED_DATE = "CreatedDate";

  public VerifyReport {
    source = source == null ? TextSource.RINGCENTRAL : source;
    noteTimeField = noteTimeField == null ? CREATED_DATE : noteTimeField;
    missingFiles = List.copyOf(missingFiles);
    fileCheck = fileCheck == null ? Optional.empty() : fileCheck;
    unchecked = List.copyOf(unchecked);
    problems = List.copyOf(problems);
    missing = List.copyOf(missing);
    orphaned = List.copyOf(orphaned);
    orphanCheck = orphanCheck == null ? Optional.empty() : orphanCheck;
    apiCalls = Map.copyOf(apiCalls);
  }

  /** A check of RingCentral's texts (before issue 15's SMS-Magic check). */
  public VerifyReport(String wave, Instant windowFrom, Instant windowTo, Instant startedAt, Instant finishedAt,
      long fetched, long expected, long notesFound, List<MessageIssue> missing, List<String> orphaned,
      Optional<String> orphanCheck, Map<String, Long> apiCalls, List<MessageIssue> unchecked, List<String> problems,
      long filesChecked, List<MissingFile> missingFiles, long filesRefusedByPolicy, Optional<String> fileCheck,
      long groupTexts, long extraGroupNotes, String noteTimeField) {
    this(wave, windowFrom, windowTo, startedAt, finishedAt, fetched, expected, notesFound, missing, orphaned, orphanCheck,
        apiCalls, unchecked, problems, filesChecked, missingFiles, filesRefusedByPolicy, fileCheck, groupTexts,
        extraGroupNotes, noteTimeField, TextSource.RINGCENTRAL);
  }

  /** A report without the group-text figures (before fresh14 #6): none, Notes placed by {@code CreatedDate}. */
  public VerifyReport(String wave, Instant windowFrom, Instant windowTo, Instant startedAt, Instant finishedAt,
      long fetched, long expected, long notesFound, List<MessageIssue> missing, List<String> orphaned,
      Optional<String> orphanCheck, Map<String, Long> apiCalls, List<MessageIssue> unchecked, List<String> problems,
      long filesChecked, List<MissingFile> missingFiles, long filesRefusedByPolicy, Optional<String> fileCheck) {
    this(wave, windowFrom, windowTo, startedAt, finishedAt, fetched, expected, notesFound, missing, orphaned, orphanCheck,
        apiCalls, unchecked, problems, filesChecked, missingFiles, filesRefusedByPolicy, fileCheck, 0, 0, CREATED_DATE);
  }

  /** The texts that should have a Note: {@link #expected} Notes less the group texts' further Notes. */
  public long expectedTexts() {
    return expected - extraGroupNotes;
  }

  /**
   * Found Notes that no text of the check expected: with {@code CreatedDate} as {@link #noteTimeField}, Notes created
   * since the window opened for texts outside it; with a message-time field, Notes whose text RingCentral no longer
   * returns or that no longer matches a Matter/Intake. {@code notesFound - (expected - missing)}, never negative.
   */
  public long notesNotExpected() {
    return Math.max(0, notesFound - (expected - missing.size()));
  }

  /** A report without a file check (before issue 12): {@link #fileCheck} says files were not checked. */
  public VerifyReport(String wave, Instant windowFrom, Instant windowTo, Instant startedAt, Instant finishedAt,
      long fetched, long expected, long notesFound, List<MessageIssue> missing, List<String> orphaned,
      Optional<String> orphanCheck, Map<String, Long> apiCalls, List<MessageIssue> unchecked, List<String> problems) {
    this(wave, windowFrom, windowTo, startedAt, finishedAt, fetched, expected, notesFound, missing, orphaned, orphanCheck,
        apiCalls, unchecked, problems, 0, List.of(), 0, Optional.of(FILES_NOT_CHECKED));
  }

  /** {@link #fileCheck} when no file store is configured. */
  public static final String FILES_NOT_CHECKED = "files were not checked: no file store configured";

  /** A report of a check that read and classified everything (before the {@code unchecked}/{@code problems} lists). */
  public VerifyReport(String wave, Instant windowFrom, Instant windowTo, Instant startedAt, Instant finishedAt,
      long fetched, long expected, long notesFound, List<MessageIssue> missing, List<String> orphaned,
      Optional<String> orphanCheck, Map<String, Long> apiCalls) {
    this(wave, windowFrom, windowTo, startedAt, finishedAt, fetched, expected, notesFound, missing, orphaned, orphanCheck,
        apiCalls, List.of(), List.of());
  }

  /** True when every text in the window was read and classified, so {@link #missing} is the whole truth. */
  public boolean checkedEverything() {
    return unchecked.isEmpty() && problems.isEmpty();
  }

  /**
   * The proof: everything was checked and no text lacks its Note. Orphans (Notes whose text RingCentral no longer
   * returns, even as Deleted or Purged) are listed but do not make a window incomplete: rcsync keeps the Note of a
   * text deleted later on purpose (issue 10), and no sync could "fill" such a gap. A Note whose MMS file is missing
   * ({@link #missingFiles}) makes the window incomplete as a missing Note does.
   */
  public boolean complete() {
    return checkedEverything() && missing.isEmpty() && missingFiles.isEmpty();
  }
}
