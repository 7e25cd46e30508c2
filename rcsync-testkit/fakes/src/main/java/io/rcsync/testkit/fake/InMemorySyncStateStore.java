package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.port.out.SyncStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Watermarks, Message Sync checkpoints and the late-match list in memory; every watermark and checkpoint save is
 * recorded so tests can see what a run stored. Thread-safe.
 */
public final class InMemorySyncStateStore implements SyncStateStore {
  private final Map<ExtensionId, Instant> marks = new TreeMap<>();
  private final List<Map<ExtensionId, Instant>> saves = new ArrayList<>();
  private List<UnmatchedText> unmatched = List.of();
  private final Map<ExtensionId, MessageSyncCheckpoint> checkpoints = new TreeMap<>();
  private final List<Map<ExtensionId, MessageSyncCheckpoint>> checkpointSaves = new ArrayList<>();

  @Override
  public synchronized Optional<MessageSyncCheckpoint> syncCheckpoint(ExtensionId extension) {
    return Optional.ofNullable(checkpoints.get(extension));
  }

  @Override
  public synchronized void saveSyncCheckpoints(Map<ExtensionId, MessageSyncCheckpoint> saved) {
    Map<ExtensionId, MessageSyncCheckpoint> copy = new TreeMap<>(saved);
    checkpoints.putAll(copy);
    checkpointSaves.add(java.util.Collections.unmodifiableMap(copy));
  }

  /** Sets a checkpoint directly (test setup), not recorded as a save. */
  public synchronized InMemorySyncStateStore setCheckpoint(ExtensionId extension, MessageSyncCheckpoint checkpoint) {
    checkpoints.put(extension, checkpoint);
    return this;
  }

  /** Every {@link #saveSyncCheckpoints} call's argument, in order. */
  public synchronized List<Map<ExtensionId, MessageSyncCheckpoint>> checkpointSaves() {
    return List.copyOf(checkpointSaves);
  }

  @Override
  public synchronized List<UnmatchedText> pendingUnmatched() {
    return unmatched;
  }

  @Override
  public synchronized void savePendingUnmatched(List<UnmatchedText> texts) {
    unmatched = List.copyOf(texts);
  }

  @Override
  public synchronized Optional<Instant> watermark(ExtensionId extension) {
    return Optional.ofNullable(marks.get(extension));
  }

  @Override
  public synchronized void saveWatermarks(Map<ExtensionId, Instant> watermarks) {
    Map<ExtensionId, Instant> copy = new TreeMap<>(watermarks);
    marks.putAll(copy);
    saves.add(java.util.Collections.unmodifiableMap(copy));
  }

  /** Sets a watermark directly (test setup), not recorded as a save. */
  public synchronized InMemorySyncStateStore set(ExtensionId extension, Instant watermark) {
    marks.put(extension, watermark);
    return this;
  }

  public synchronized Map<ExtensionId, Instant> all() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(marks));
  }

  /** Every {@link #saveWatermarks} call's argument, in order. */
  public synchronized List<Map<ExtensionId, Instant>> saves() {
    return List.copyOf(saves);
  }
}
