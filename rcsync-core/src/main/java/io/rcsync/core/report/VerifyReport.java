package io.rcsync.core.report;

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
    Map<String, Long> apiCalls) {
  public VerifyReport {
    missing = List.copyOf(missing);
    orphaned = List.copyOf(orphaned);
    orphanCheck = orphanCheck == null ? Optional.empty() : orphanCheck;
    apiCalls = Map.copyOf(apiCalls);
  }

  public boolean complete() {
    return missing.isEmpty() && orphaned.isEmpty();
  }
}
