package io.rcsync.testkit.contract;

import io.rcsync.core.domain.SalesforceId;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a Note into a backend that rcsync did NOT write (a user's, or another integration's), so contract tests
 * can check rcsync never reads or deletes it.
 */
@FunctionalInterface
public interface ForeignNoteWriter {
  /**
   * @param externalIdOrNull the Note's external id field value, or null for none
   */
  void insert(String externalIdOrNull, SalesforceId owner, String body);

  /**
   * Inserts as {@link #insert} and returns the new Note's Salesforce id when the backend can tell: the contract cases
   * that try to delete a foreign Note need it and are skipped without it. Default: inserts and returns empty; make a
   * writer that returns ids with {@link #withIds}.
   */
  default Optional<SalesforceId> insertReturningId(String externalIdOrNull, SalesforceId owner, String body) {
    insert(externalIdOrNull, owner, body);
    return Optional.empty();
  }

  /** A foreign Note writer that returns each new Note's id. */
  @FunctionalInterface
  interface WithIds {
    /** Inserts the Note (see {@link ForeignNoteWriter#insert}) and returns its Salesforce id. */
    SalesforceId insert(String externalIdOrNull, SalesforceId owner, String body);
  }

  /** A {@link ForeignNoteWriter} whose {@link #insertReturningId} gives the id {@code writer} returns. */
  static ForeignNoteWriter withIds(WithIds writer) {
    Objects.requireNonNull(writer, "writer");
    return new ForeignNoteWriter() {
      @Override
      public void insert(String externalIdOrNull, SalesforceId owner, String body) {
        writer.insert(externalIdOrNull, owner, body);
      }

      @Override
      public Optional<SalesforceId> insertReturningId(String externalIdOrNull, SalesforceId owner, String body) {
        return Optional.of(writer.insert(externalIdOrNull, owner, body));
      }
    };
  }
}
