package io.rcsync.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account of one rollback.
 *
 * @param matched Notes the filters selected
 * @param refused selected records that are not Notes of the rollback's source ({@code rc_msg_}, or {@code smsmagic_} with
 *     {@code --source smsmagic}; a look-alike such as {@code RC_MSG_1}), never deleted
 * @param sample a few of the selected Notes, one line each, for the dry-run preview
 * @param manifest where the manifest of the deleted Notes was written (confirm runs)
 * @param blocked why nothing was deleted although {@code --confirm} was given (e.g. over --max-delete)
 * @param filesMatched rcsync's Salesforce Files ({@code rc_att_} keys) linked to the selected Notes: what a dry run
 *     would delete (issue 12)
 * @param filesDeleted those deleted (before their Notes; see {@code RollbackService})
 * @param filesFailed those not deleted; their Notes are kept and listed in {@link #failures}
 * @param filesNotRestorable files recorded in the manifest without a RingCentral content URI (the message was not
 *     found at RingCentral, or RingCentral could not be read): restore cannot re-create them; one line each. Without
 *     {@code --allow-unrestorable-files} they and their Notes are kept (the dry run lists them the same way)
 * @param filesKept files not deleted because they stay linked to an rcsync Note outside the selection (a group text's
 *     other Note); only the deleted Notes' links go with them. One line each
 */
public record RollbackReport(
    boolean dryRun,
    Instant startedAt,
    Instant finishedAt,
    long matched,
    long refused,
    long deleted,
    long failed,
    List<String> sample,
    List<String> failures,
    Optional<String> manifest,
    Optional<String> blocked,
    Map<String, Long> apiCalls,
    long filesMatched,
    long filesDeleted,
    long filesFailed,
    List<String> filesNotRestorable,
    List<String> filesKept) {
  public RollbackReport {
    filesNotRestorable = List.copyOf(filesNotRestorable);
    filesKept = filesKept == null ? List.of() : List.copyOf(filesKept);
    sample = List.copyOf(sample);
    failures = List.copyOf(failures);
    manifest = manifest == null ? Optional.empty() : manifest;
    blocked = blocked == null ? Optional.empty() : blocked;
    apiCalls = Map.copyOf(apiCalls);
  }

  /** Without kept files. */
  public RollbackReport(boolean dryRun, Instant startedAt, Instant finishedAt, long matched, long refused, long deleted,
      long failed, List<String> sample, List<String> failures, Optional<String> manifest, Optional<String> blocked,
      Map<String, Long> apiCalls, long filesMatched, long filesDeleted, long filesFailed,
      List<String> filesNotRestorable) {
    this(dryRun, startedAt, finishedAt, matched, refused, deleted, failed, sample, failures, manifest, blocked, apiCalls,
        filesMatched, filesDeleted, filesFailed, filesNotRestorable, List.of());
  }

  /** A rollback of Notes without files (no file store configured, or none linked). */
  public RollbackReport(boolean dryRun, Instant startedAt, Instant finishedAt, long matched, long refused, long deleted,
      long failed, List<String> sample, List<String> failures, Optional<String> manifest, Optional<String> blocked,
      Map<String, Long> apiCalls) {
    this(dryRun, startedAt, finishedAt, matched, refused, deleted, failed, sample, failures, manifest, blocked, apiCalls,
        0, 0, 0, List.of(), List.of());
  }
}
