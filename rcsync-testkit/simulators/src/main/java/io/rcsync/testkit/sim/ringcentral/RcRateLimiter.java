package io.rcsync.testkit.sim.ringcentral;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rate limits per usage-plan group (Light, Medium, Heavy, Auth): every response of a limited endpoint carries
 * {@code X-Rate-Limit-Group/-Limit/-Remaining/-Window}; once a window's budget is spent the answer is {@code 429}
 * with {@code Retry-After} until the window ends (https://developers.ringcentral.com/guide/basics/rate-limits).
 * Windows are fixed, starting at a group's first request. Not thread-safe: the simulator calls it under its lock.
 */
final class RcRateLimiter {
  /** The verdict on one request: the rate-limit headers to send and, when the budget is spent, the 429 to send. */
  record Admission(Map<String, String> headers, RcResponse rejection) {}

  private final Map<String, RateLimit> limits = new HashMap<>();
  private final Map<String, Window> windows = new HashMap<>();

  RcRateLimiter(List<RateLimit> initial) {
    initial.forEach(l -> limits.put(l.group(), l));
  }

  /** Sets or replaces one group's limit (its window restarts). */
  void set(RateLimit limit) {
    limits.put(limit.group(), limit);
    windows.remove(limit.group());
  }

  void clear() {
    limits.clear();
    windows.clear();
  }

  /** Counts a request of {@code group} (null = not limited) against its window. */
  Admission admit(String group, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    RateLimit limit = group == null ? null : limits.get(group);
    if (limit == null) {
      return new Admission(headers, null);
    }
    Window w = windows.get(limit.group());
    if (w == null || !now.isBefore(w.start.plus(limit.window()))) {
      w = new Window(now);
      windows.put(limit.group(), w);
    }
    headers.put("X-Rate-Limit-Group", limit.group());
    headers.put("X-Rate-Limit-Limit", Integer.toString(limit.requests()));
    headers.put("X-Rate-Limit-Window", Long.toString(limit.window().toSeconds()));
    if (w.used >= limit.requests()) {
      Duration left = Duration.between(now, w.start.plus(limit.window()));
      long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
      headers.put("X-Rate-Limit-Remaining", "0");
      headers.put("Retry-After", Long.toString(seconds));
      RcResponse r = RcErrors.api(429, "CMN-301", "Request rate exceeded");
      r.headers.putAll(headers);
      return new Admission(headers, r);
    }
    w.used++;
    headers.put("X-Rate-Limit-Remaining", Integer.toString(limit.requests() - w.used));
    return new Admission(headers, null);
  }

  private static final class Window {
    final Instant start;
    int used;

    Window(Instant start) {
      this.start = start;
    }
  }
}
