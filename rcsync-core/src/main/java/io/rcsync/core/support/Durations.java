package io.rcsync.core.support;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people read them: {@code 250ms}, {@code 45s}, {@code 1.5s}, {@code 3m 05s}, {@code 2h 10m},
 * {@code 3d 4h}.
 *
 * <p>One format for the whole tool. It lives in core because the run reports, the console, the run lock and the
 * adapters' error messages ("... for 2m 05s (4 attempts)") all print durations, and an operator comparing a report
 * with a log line should read the same text in both. This is the format operators already saw in reports and on
 * the console; the RingCentral adapter's former shorter variant ({@code 2m 5s}) was dropped for it.
 */
public final class Durations {
  private Durations() {}

  /** The duration in its largest two units; a negative one reads as zero ({@code 0ms}). */
  public static String human(Duration d) {
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.getSeconds();
    if (s < 1) {
      return d.toMillis() + "ms";
    }
    if (s < 60) {
      return d.toMillis() % 1000 == 0 || s >= 10 ? s + "s" : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format(Locale.ROOT, "%dd %dh", s / 86400, (s % 86400) / 3600);
  }
}
