package io.rcsync.core.service.sync;

import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.FileCounts;
import io.rcsync.core.report.ExtensionSummary;
import java.time.Instant;
import java.util.Optional;

/** One extension's row of the {@link RunLedger}: its counters, window, error and earliest unwritten text. */
final class ExtensionTally {
  final SyncTarget target;
  /** Of {@code fetched}: texts of the late-match list counted by this run (they were not read by its fetch). */
  long lateFetched;
  long fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous;
  long purged, held, unchanged, deliveryFailed, matchedLate, groupTexts, extraGroupNotes, deduplicated;
  TimeWindow window;
  boolean readCompletely;
  String error;
  Instant earliestUnwritten;
  /** A text of the read itself (not a late re-check) failed to be written: no new checkpoint. */
  boolean leftUnwritten;
  /** The checkpoint the extension's Message Sync returned (never shown), and how it was read. */
  MessageSyncCheckpoint checkpoint;
  String syncRead;
  /** What happened to the MMS media of the extension's texts. */
  FileCounts files = FileCounts.ZERO;

  ExtensionTally(SyncTarget target) {
    this.target = target;
  }

  void failed(SmsMessage m) {
    failed++;
    leftUnwritten = true;
    unwritten(m);
  }

  /** The text was not written: the watermark must not pass it. */
  void unwritten(SmsMessage m) {
    if (earliestUnwritten == null || m.creationTime().isBefore(earliestUnwritten)) {
      earliestUnwritten = m.creationTime();
    }
  }

  Counts counts() {
    return new Counts(fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous,
        purged, held, unchanged, deliveryFailed, matchedLate, groupTexts, extraGroupNotes, deduplicated);
  }

  ExtensionSummary summary() {
    return new ExtensionSummary(target.shown(), target.staffName(), window == null ? null : window.from(),
        window == null ? null : window.to(), counts(), Optional.ofNullable(error), syncRead, files);
  }
}
