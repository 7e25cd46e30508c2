package io.rcsync.cli.output;

import java.time.Duration;

/** Durations as people read them: 45s, 3m 05s, 2h 10m, 3d 4h. */
public final class Durations {
  private Durations() {}

  public static String human(Duration d) {
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.getSeconds();
    if (s < 1) {
      return d.toMillis() + "ms";
    }
    if (s < 60) {
      return d.toMillis() % 1000 == 0 || s >= 10 ? s + "s" : String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
    if (s < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format(java.util.Locale.ROOT, "%dd %dh", s / 86400, (s % 86400) / 3600);
  }
}
