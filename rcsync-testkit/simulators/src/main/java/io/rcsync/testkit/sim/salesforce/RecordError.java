package io.rcsync.testkit.sim.salesforce;

import java.util.List;

/**
 * A record-level error as sObject Collections report it: {@code {"statusCode","message","fields"}}.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm">Upsert Records Using sObject Collections</a>
 */
public record RecordError(String statusCode, String message, List<String> fields) {
  public RecordError {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  static RecordError of(String statusCode, String message, String... fields) {
    return new RecordError(statusCode, message, List.of(fields));
  }

  @Override
  public String toString() {
    return statusCode + ": " + message + (fields.isEmpty() ? "" : " " + fields);
  }
}
