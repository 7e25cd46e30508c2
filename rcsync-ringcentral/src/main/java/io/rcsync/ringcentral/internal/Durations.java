package io.rcsync.ringcentral.internal;

import java.time.Duration;

/** Short human-readable durations for error messages: {@code 45s}, {@code 2m 5s}, {@code 1h 3m}. */
public final class Durations {
  private Durations() {}

  public static String format(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms == 0 ? "0s" : ms + "ms";
    }
    long s = ms / 1000;
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return h + "h" + (m > 0 ? " " + m + "m" : "");
    }
    if (m > 0) {
      return m + "m" + (sec > 0 ? " " + sec + "s" : "");
    }
    return sec + "s";
  }
}
