package io.rcsync.core.port.in;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ReportRows;
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
 * @param relink re-apply matching on purpose: rewrite the owner and the Matter/Intake lookups of existing Notes in
 *     the window, overwriting staff corrections ({@code rcsync sync --relink}); false keeps them
 *     ({@link io.rcsync.core.domain.NoteFieldOwnership})
 * @param rows where the run's per-text report rows go as they happen (issue 13 item 2); empty keeps them all in the
 *     {@link io.rcsync.core.report.RunReport}
 */
public record SyncCommand(
    SyncMode mode,
    String wave,
    Optional<ExtensionId> extension,
    Optional<Instant> since,
    Optional<Instant> until,
    boolean dryRun,
    ProgressListener progress,
    boolean relink,
    Optional<ReportRows> rows) {
  /** A run whose report keeps every row (no {@link ReportRows}). */
  public SyncCommand(SyncMode mode, String wave, Optional<ExtensionId> extension, Optional<Instant> since,
      Optional<Instant> until, boolean dryRun, ProgressListener progress, boolean relink) {
    this(mode, wave, extension, since, until, dryRun, progress, relink, Optional.empty());
  }

  /** A run that keeps staff's owners and lookups (no relink). */
  public SyncCommand(SyncMode mode, String wave, Optional<ExtensionId> extension, Optional<Instant> since,
      Optional<Instant> until, boolean dryRun, ProgressListener progress) {
    this(mode, wave, extension, since, until, dryRun, progress, false);
  }

  public SyncCommand {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(wave, "wave");
    extension = extension == null ? Optional.empty() : extension;
    since = since == null ? Optional.empty() : since;
    until = until == null ? Optional.empty() : until;
    progress = progress == null ? ProgressListener.NONE : progress;
    rows = rows == null ? Optional.empty() : rows;
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
    return new SyncCommand(mode, wave, Optional.of(ext), since, until, dryRun, progress, relink, rows);
  }

  public SyncCommand withProgress(ProgressListener listener) {
    return new SyncCommand(mode, wave, extension, since, until, dryRun, listener, relink, rows);
  }

  /** The same run with its per-text report rows sent to {@code to} as they happen instead of kept in the report. */
  public SyncCommand withRows(ReportRows to) {
    return new SyncCommand(mode, wave, extension, since, until, dryRun, progress, relink, Optional.of(to));
  }

  /** The same run with {@code --relink} on or off. */
  public SyncCommand withRelink(boolean on) {
    return new SyncCommand(mode, wave, extension, since, until, dryRun, progress, on, rows);
  }
}
