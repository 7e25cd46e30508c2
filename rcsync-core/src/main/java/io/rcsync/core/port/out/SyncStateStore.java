package io.rcsync.core.port.out;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.UnmatchedText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local sync state: per-extension watermarks for incremental runs (every message created before an extension's
 * watermark has been written or deliberately skipped), and the unmatched texts awaiting a late match (issue 10
 * item 3). Saves must be atomic (a crash never leaves a half-written state).
 */
public interface SyncStateStore {
  Optional<Instant> watermark(ExtensionId extension);

  /** Atomically replaces the watermarks of the given extensions, leaving the others untouched. */
  void saveWatermarks(Map<ExtensionId, Instant> watermarks);

  /**
   * The texts no Matter or Intake held when they were read, which incremental runs re-check until they are
   * {@code unmatchedRetryDays} old; empty for a fresh store. The default (for stores written before late matches)
   * keeps none.
   */
  default List<UnmatchedText> pendingUnmatched() {
    return List.of();
  }

  /**
   * Atomically replaces the whole list of texts awaiting a late match (an empty list clears it), leaving the
   * watermarks untouched. The default keeps nothing, so a store that does not override it gives no late matches.
   */
  default void savePendingUnmatched(List<UnmatchedText> texts) {}

  /**
   * The extension's Message Sync checkpoint (issue 11 item 1), if an incremental run by Message Sync has completed
   * for it. A state file written before Message Sync has none: the next incremental run does a full sync from the
   * extension's watermark. The default keeps none.
   */
  default Optional<MessageSyncCheckpoint> syncCheckpoint(ExtensionId extension) {
    return Optional.empty();
  }

  /**
   * Atomically replaces the checkpoints of the given extensions, leaving the others, the watermarks and the
   * late-match list untouched. The default keeps nothing (every incremental run is then a full sync).
   */
  default void saveSyncCheckpoints(Map<ExtensionId, MessageSyncCheckpoint> checkpoints) {}
}
