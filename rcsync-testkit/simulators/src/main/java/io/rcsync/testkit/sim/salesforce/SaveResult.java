package io.rcsync.testkit.sim.salesforce;

import java.util.List;

/** The outcome of one record of a create, upsert or delete: id when it succeeded, else the errors. */
public record SaveResult(String id, boolean success, boolean created, List<RecordError> errors) {
  public SaveResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  static SaveResult ok(String id, boolean created) {
    return new SaveResult(id, true, created, List.of());
  }

  static SaveResult failed(RecordError error) {
    return new SaveResult(null, false, false, List.of(error));
  }
}
