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
   * Called by the use cases at the start of every sync, ingest and verify run. A directory that caches lookups drops
   * them here, so a long-running process ({@code rcsync serve}, a webhook service) sees the Matters and Intakes created
   * since its last run — a lead's late match depends on it — while one run never queries a number twice. The
   * default does nothing (no cache).
   */
  default void startRun() {}
}
