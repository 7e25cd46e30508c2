package io.rcsync.core.domain;

import java.util.Objects;

/** What happened to one record of a batch delete. */
public record DeleteOutcome(SalesforceId id, boolean deleted, String errorCode, String message) {
  public DeleteOutcome {
    Objects.requireNonNull(id, "id");
  }

  public static DeleteOutcome ok(SalesforceId id) {
    return new DeleteOutcome(id, true, null, null);
  }

  public static DeleteOutcome failed(SalesforceId id, String code, String message) {
    return new DeleteOutcome(id, false, code, message);
  }
}
