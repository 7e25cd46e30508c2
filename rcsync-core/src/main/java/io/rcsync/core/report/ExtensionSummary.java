package io.rcsync.core.report;

import java.time.Instant;
import java.util.Optional;

/**
 * One extension's row of a run report.
 *
 * @param windowFrom the start of what was read: the creation-time window's start; for a Message Sync read the full
 *     sync's {@code dateFrom}, or the previous sync time of an incremental one; null when nothing was read
 * @param windowTo the window's (exclusive) end, or the Message Sync's {@code syncTime}; null when nothing was read
 * @param error why fetching stopped early for this extension, when it did
 * @param read how the extension was read when it was read by RingCentral Message Sync (issue 11), e.g.
 *     "message sync: incremental", "message sync: full from 2026-04-20T11:30:00Z",
 *     "message sync: full from 2026-04-19T11:30:00Z after a rejected token"; null for a creation-time window read
 * @param files what happened to the MMS media of the extension's texts (issue 12)
 */
public record ExtensionSummary(
    String extension, String staffName, Instant windowFrom, Instant windowTo, Counts counts, Optional<String> error,
    String read, FileCounts files) {

  public ExtensionSummary {
    files = files == null ? FileCounts.ZERO : files;
  }

  /** A row without MMS media figures. */
  public ExtensionSummary(String extension, String staffName, Instant windowFrom, Instant windowTo, Counts counts,
      Optional<String> error, String read) {
    this(extension, staffName, windowFrom, windowTo, counts, error, read, FileCounts.ZERO);
  }

  /** A row read by creation-time window (no Message Sync). */
  public ExtensionSummary(String extension, String staffName, Instant windowFrom, Instant windowTo, Counts counts,
      Optional<String> error) {
    this(extension, staffName, windowFrom, windowTo, counts, error, null);
  }

  /** How the row was read by Message Sync, if it was. */
  public Optional<String> messageSyncRead() {
    return Optional.ofNullable(read);
  }
}
