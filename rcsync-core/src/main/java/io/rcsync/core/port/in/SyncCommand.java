package io.rcsync.core.port.in;

import io.rcsync.core.domain.ExtensionId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One sync run.
 *
 * @param wave the wave whose extensions to sync
 * @param extension only this extension of the wave, when present
 * @param since backfill start (required for BACKFILL)
 * @param until backfill end, exclusive; now when absent
 * @param dryRun write nothing, report what would happen
 */
public record SyncCommand(
    SyncMode mode,
    String wave,
    Optional<ExtensionId> extension,
    Optional<Instant> since,
    Optional<Instant> until,
    boolean dryRun,
    ProgressListener progress) {
  public SyncCommand {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(wave, "wave");
    extension = extension == null ? Optional.empty() : extension;
    since = since == null ? Optional.empty() : since;
    until = until == null ? Optional.empty() : until;
    progress = progress == null ? ProgressListener.NONE : progress;
    if (mode == SyncMode.BACKFILL && since.isEmpty()) {
      throw new IllegalArgumentException("a backfill needs --since");
    }
    if (mode == SyncMode.INCREMENTAL && (since.isPresent() || until.isPresent())) {
      throw new IllegalArgumentException("--since/--until apply to --backfill, not --incremental");
    }
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new IllegalArgumentException("--since " + since.get() + " must be before --until " + until.get());
    }
  }

  public static SyncCommand backfill(String wave, Instant since, Instant until, boolean dryRun) {
    return new SyncCommand(SyncMode.BACKFILL, wave, Optional.empty(), Optional.of(since), Optional.ofNullable(until),
        dryRun, ProgressListener.NONE);
  }

  public static SyncCommand incremental(String wave, boolean dryRun) {
    return new SyncCommand(SyncMode.INCREMENTAL, wave, Optional.empty(), Optional.empty(), Optional.empty(), dryRun,
        ProgressListener.NONE);
  }

  public SyncCommand onlyExtension(ExtensionId ext) {
    return new SyncCommand(mode, wave, Optional.of(ext), since, until, dryRun, progress);
  }

  public SyncCommand withProgress(ProgressListener listener) {
    return new SyncCommand(mode, wave, extension, since, until, dryRun, listener);
  }
}
