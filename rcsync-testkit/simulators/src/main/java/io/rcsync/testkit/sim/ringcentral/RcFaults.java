package io.rcsync.testkit.sim.ringcentral;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fault injection: the next N requests to an endpoint (or to any) are answered with a given status, 503 as
 * RingCentral's CMN-211 "Service temporarily unavailable", optionally with {@code Retry-After}. Faults are used in the
 * order they were added. Not thread-safe: the simulator calls it under its lock.
 */
final class RcFaults {
  private final List<Fault> faults = new ArrayList<>();

  /** {@code endpoint} null = any endpoint. */
  void add(SimEndpoint endpoint, int requests, int status, Duration retryAfter) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1");
    }
    faults.add(new Fault(endpoint, requests, status, retryAfter));
  }

  /** The injected answer for a request to {@code endpoint}, using up one request of the first matching fault; or null. */
  RcResponse take(SimEndpoint endpoint) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.endpoint == null || f.endpoint == endpoint) {
        f.remaining--;
        if (f.remaining <= 0) {
          faults.remove(i);
        }
        return f.response();
      }
    }
    return null;
  }

  private static final class Fault {
    final SimEndpoint endpoint;
    int remaining;
    final int status;
    final Duration retryAfter;

    Fault(SimEndpoint endpoint, int remaining, int status, Duration retryAfter) {
      this.endpoint = endpoint;
      this.remaining = remaining;
      this.status = status;
      this.retryAfter = retryAfter;
    }

    RcResponse response() {
      RcResponse r = status == 503
          ? RcErrors.api(status, "CMN-211", "Service temporarily unavailable")
          : RcErrors.api(status, "CMN-" + status, "Injected failure");
      if (retryAfter != null) {
        r.headers.put("Retry-After", Long.toString(Math.max(0, retryAfter.toSeconds())));
      }
      return r;
    }
  }
}
