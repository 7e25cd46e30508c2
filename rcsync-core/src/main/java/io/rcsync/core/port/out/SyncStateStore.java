package io.rcsync.core.port.out;

import io.rcsync.core.domain.ExtensionId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Per-extension watermarks for incremental runs: every message created before an extension's watermark has
 * been written or deliberately skipped. Saves must be atomic (a crash never leaves a half-written state).
 */
public interface SyncStateStore {
  Optional<Instant> watermark(ExtensionId extension);

  /** Atomically replaces the watermarks of the given extensions, leaving the others untouched. */
  void saveWatermarks(Map<ExtensionId, Instant> watermarks);
}
