package io.rcsync.testkit.sim.salesforce;

import java.util.List;
import java.util.Map;

/**
 * The answer to an in-process {@link SalesforceSimulator#query(String)}: every matching record (no paging), each
 * shaped as the REST API returns it ({@code attributes} first, datetimes as {@code 2026-01-01T10:00:00.000+0000}).
 * For {@code SELECT COUNT()} the records are empty and {@code totalSize} is the count.
 */
public record QueryResult(int totalSize, List<Map<String, Object>> records) {
  public QueryResult {
    records = List.copyOf(records);
  }
}
