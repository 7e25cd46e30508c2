package io.rcsync.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The account of one restore from a rollback manifest.
 *
 * @param files the files the manifest records (issue 12); a dry run counts them and re-creates none
 * @param filesPresent those already in Salesforce under their key, not uploaded again
 * @param filesRestored those downloaded again from RingCentral and uploaded, linked to the restored Note
 * @param filesFailed those not restored; one line each in {@link #fileFailures} (e.g. RingCentral purged the message)
 */
public record RestoreReport(
    boolean dryRun,
    String manifest,
    Instant startedAt,
    Instant finishedAt,
    long records,
    long created,
    long updated,
    long failed,
    List<String> failures,
    Map<String, Long> apiCalls,
    long files,
    long filesPresent,
    long filesRestored,
    long filesFailed,
    List<String> fileFailures) {
  public RestoreReport {
    fileFailures = List.copyOf(fileFailures);
    failures = List.copyOf(failures);
    apiCalls = Map.copyOf(apiCalls);
  }

  /** A restore of Notes only (a manifest without files). */
  public RestoreReport(boolean dryRun, String manifest, Instant startedAt, Instant finishedAt, long records, long created,
      long updated, long failed, List<String> failures, Map<String, Long> apiCalls) {
    this(dryRun, manifest, startedAt, finishedAt, records, created, updated, failed, failures, apiCalls, 0, 0, 0, 0,
        List.of());
  }
}
