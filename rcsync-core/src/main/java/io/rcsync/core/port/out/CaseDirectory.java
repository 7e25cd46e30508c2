package io.rcsync.core.port.out;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.PhoneNumber;
import java.util.Collection;
import java.util.List;

/**
 * Finds the Matters and Intakes whose phone fields may hold any of many numbers, in as few calls as the
 * backing system allows. Core confirms each candidate by normalising its stored values, so an implementation
 * may return false positives (a LIKE match) but must not miss a record that holds a number in any formatting.
 */
public interface CaseDirectory {
  List<CaseRecord> findByPhones(Collection<PhoneNumber> numbers);

  /**
   * Which of these ids are Matters or Intakes of the org (issue 15: an SMS-Magic record's own lookup may name a
   * deleted record or another object's Id, e.g. a {@code 005} User), in as few calls as the backing system allows.
   * The Salesforce adapter asks {@code SELECT Id FROM <Matter object> WHERE Id IN (...)} and the same of the Intake
   * object, up to 200 ids a statement, both in one {@code POST /composite} call by default (one API call), and
   * remembers the answers for the run ({@link #startRun()}).
   *
   * @param ids 15- or 18-character ids, any object
   * @return empty when this directory cannot tell (then every id is taken as the record it names: the default);
   *     else, keyed by 15-character id ({@link io.rcsync.core.domain.SalesforceId#shortForm()}), the kind of each id
   *     that is a Matter or an Intake; an id that is neither is absent
   * @throws ExternalSystemException when the backing system cannot be asked
   */
  default java.util.Optional<java.util.Map<String, io.rcsync.core.domain.CaseKind>> kindsOf(
      Collection<io.rcsync.core.domain.SalesforceId> ids) {
    return java.util.Optional.empty();
  }

  /**
   * Called by the use cases at the start of every sync, ingest and verify run. A directory that caches lookups drops
   * them here, so a long-running process ({@code rcsync serve}, a webhook service) sees the Matters and Intakes created
   * since its last run — a lead's late match depends on it — while one run never queries a number twice. The
   * default does nothing (no cache).
   */
  default void startRun() {}
}
