package io.rcsync.testkit.contract;

import io.rcsync.core.domain.SalesforceId;

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
}
