package io.rcsync.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account of one rollback.
 *
 * @param matched Notes the filters selected
 * @param refused selected records without an {@code rc_msg_} external id, never deleted
 * @param sample a few of the selected Notes, one line each, for the dry-run preview
 * @param manifest where the manifest of the deleted Notes was written (confirm runs)
 * @param blocked why nothing was deleted although {@code --confirm} was given (e.g. over --max-delete)
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
    Map<String, Long> apiCalls) {
  public RollbackReport {
    sample = List.copyOf(sample);
    failures = List.copyOf(failures);
    manifest = manifest == null ? Optional.empty() : manifest;
    blocked = blocked == null ? Optional.empty() : blocked;
    apiCalls = Map.copyOf(apiCalls);
  }
}
