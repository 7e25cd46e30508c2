package io.rcsync.testkit.sim.ringcentral;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One usage-plan group's limit: at most {@code requests} per {@code window}. RingCentral's documented defaults are
 * Light 50, Medium 40, Heavy 10 and Auth 5 requests per 60 seconds
 * (https://developers.ringcentral.com/guide/basics/rate-limits).
 */
public record RateLimit(String group, int requests, Duration window) {
  public static final String LIGHT = "Light";
  public static final String MEDIUM = "Medium";
  public static final String HEAVY = "Heavy";
  public static final String AUTH = "Auth";

  public RateLimit {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(window, "window");
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1");
    }
    if (window.isNegative() || window.isZero() || window.toMillis() < 1000) {
      throw new IllegalArgumentException("window must be at least one second");
    }
  }

  public static RateLimit of(String group, int requests, Duration window) {
    return new RateLimit(group, requests, window);
  }

  /** RingCentral's default limits per group and minute. */
  public static List<RateLimit> documentedDefaults() {
    Duration minute = Duration.ofSeconds(60);
    return List.of(of(LIGHT, 50, minute), of(MEDIUM, 40, minute), of(HEAVY, 10, minute), of(AUTH, 5, minute));
  }
}
