package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A Matter or Intake that may hold a phone number.
 *
 * @param status the value of the configured status field ("Open", "Closed", "Converted", ...), may be null
 * @param phoneValues stored value of every configured phone field, as typed by users (may be null/blank)
 */
public record CaseRecord(
    SalesforceId id, CaseKind kind, String status, Instant createdDate, Map<String, String> phoneValues) {
  public CaseRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdDate, "createdDate");
    phoneValues = phoneValues == null ? Map.of() : Map.copyOf(stripNulls(phoneValues));
  }

  private static Map<String, String> stripNulls(Map<String, String> in) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    in.forEach((k, v) -> {
      if (k != null && v != null) {
        out.put(k, v);
      }
    });
    return out;
  }
}
