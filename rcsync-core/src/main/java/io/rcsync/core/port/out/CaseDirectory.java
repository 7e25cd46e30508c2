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
}
