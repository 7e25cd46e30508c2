package io.rcsync.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The account of one restore from a rollback manifest. */
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
    Map<String, Long> apiCalls) {
  public RestoreReport {
    failures = List.copyOf(failures);
    apiCalls = Map.copyOf(apiCalls);
  }
}
