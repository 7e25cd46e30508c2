package io.rcsync.core.domain;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counter of API calls per external system ("ringcentral", "salesforce"). Adapters increment it
 * for every HTTP request they send; run reports show the difference between two snapshots.
 */
public final class ApiCalls {
  public static final String RINGCENTRAL = "ringcentral";
  public static final String SALESFORCE = "salesforce";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void increment(String system) {
    counts.computeIfAbsent(system, k -> new LongAdder()).increment();
  }

  public long count(String system) {
    LongAdder a = counts.get(system);
    return a == null ? 0 : a.sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Calls made since an earlier snapshot. */
  public Map<String, Long> since(Map<String, Long> earlier) {
    Map<String, Long> out = new TreeMap<>();
    snapshot().forEach((k, v) -> out.put(k, v - earlier.getOrDefault(k, 0L)));
    return out;
  }
}
