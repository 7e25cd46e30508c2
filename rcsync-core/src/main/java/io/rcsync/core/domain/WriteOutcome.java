package io.rcsync.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one record of a batch write, keyed by the Note's external id.
 *
 * @param errorCode Salesforce's status code when failed (e.g. {@code FIELD_CUSTOM_VALIDATION_EXCEPTION})
 */
public record WriteOutcome(
    String externalId, Status status, Optional<SalesforceId> id, String errorCode, String message, List<String> fields) {
  public enum Status {
    CREATED,
    UPDATED,
    FAILED
  }

  public WriteOutcome {
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(status, "status");
    id = id == null ? Optional.empty() : id;
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public static WriteOutcome created(String externalId, SalesforceId id) {
    return new WriteOutcome(externalId, Status.CREATED, Optional.of(id), null, null, List.of());
  }

  public static WriteOutcome updated(String externalId, SalesforceId id) {
    return new WriteOutcome(externalId, Status.UPDATED, Optional.of(id), null, null, List.of());
  }

  public static WriteOutcome failed(String externalId, String errorCode, String message, List<String> fields) {
    return new WriteOutcome(externalId, Status.FAILED, Optional.empty(), errorCode, message, fields);
  }

  public boolean succeeded() {
    return status != Status.FAILED;
  }

  /** One line for reports: code, message and fields. */
  public String describeError() {
    if (succeeded()) {
      return "";
    }
    return (errorCode == null ? "ERROR" : errorCode) + ": " + (message == null ? "" : message)
        + (fields.isEmpty() ? "" : " " + fields);
  }
}
