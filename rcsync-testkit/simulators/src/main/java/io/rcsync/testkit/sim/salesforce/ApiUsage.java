package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API usage of the simulated org: requests per endpoint, composite subrequests per endpoint, and the DailyApiRequests
 * budget (at 0 every request answers 403 REQUEST_LIMIT_EXCEEDED). Thread-safe.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm">API Request Limits and Allocations</a>
 */
final class ApiUsage {
  private final Map<Endpoint, AtomicLong> counters = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, AtomicLong> subrequestCounters = new EnumMap<>(Endpoint.class);
  private final AtomicLong dailyMax;
  private final AtomicLong dailyRemaining;

  ApiUsage(long dailyApiRequests) {
    this.dailyMax = new AtomicLong(dailyApiRequests);
    this.dailyRemaining = new AtomicLong(dailyApiRequests);
    for (Endpoint e : Endpoint.values()) {
      counters.put(e, new AtomicLong());
      subrequestCounters.put(e, new AtomicLong());
    }
  }

  /** Sets the maximum and refills the remaining budget to it. */
  void setDailyLimit(long max) {
    dailyMax.set(max);
    dailyRemaining.set(max);
  }

  void setDailyRemaining(long remaining) {
    dailyRemaining.set(remaining);
  }

  long dailyRemaining() {
    return dailyRemaining.get();
  }

  long dailyLimit() {
    return dailyMax.get();
  }

  /** Takes one request from the daily budget; false when it is spent. */
  boolean consume() {
    return dailyRemaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  void count(Endpoint endpoint) {
    counters.get(endpoint).incrementAndGet();
  }

  void countSubrequest(Endpoint endpoint) {
    subrequestCounters.get(endpoint).incrementAndGet();
  }

  long subrequests(Endpoint endpoint) {
    return subrequestCounters.get(endpoint).get();
  }

  long calls(Endpoint endpoint) {
    return counters.get(endpoint).get();
  }

  long totalCalls() {
    return counters.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Non-zero counters by endpoint. */
  Map<Endpoint, Long> callCounts() {
    Map<Endpoint, Long> out = new EnumMap<>(Endpoint.class);
    counters.forEach((k, v) -> {
      if (v.get() > 0) {
        out.put(k, v.get());
      }
    });
    return Collections.unmodifiableMap(out);
  }

  void reset() {
    counters.values().forEach(c -> c.set(0));
    subrequestCounters.values().forEach(c -> c.set(0));
  }
}
