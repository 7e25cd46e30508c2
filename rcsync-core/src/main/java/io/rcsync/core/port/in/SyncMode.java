package io.rcsync.core.port.in;

/** How the window of a sync run is chosen. */
public enum SyncMode {
  /** An explicit window ({@code --since}/{@code --until}). */
  BACKFILL,
  /** From each extension's saved watermark, minus the hot-tier lookback, to now. */
  INCREMENTAL
}
