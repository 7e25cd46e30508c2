package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Matters and Intakes in memory. {@link #findByPhones} returns what Salesforce would for the adapter's query: every
 * record any of whose configured phone fields a SOQL {@code LIKE} of the number's digit groups finds (ASCII or
 * fullwidth, see {@link PhoneNumber#searchForms()}) and that holds the number once normalised
 * ({@link PhoneNormalizer#findAll}: labels, extensions, Unicode dashes and spaces, two numbers in one field), and
 * counts one Salesforce call per invocation with numbers.
 *
 * <p>With {@link #likeFalsePositives(boolean)} it also returns what a SOQL {@code LIKE '%502%813%8900%'}
 * would: records whose stored value holds the digit groups in order, even when it is another number, so
 * tests can check that core confirms candidates. Thread-safe.
 */
public final class InMemoryCaseDirectory implements CaseDirectory {
  private final LitifySchema schema;
  private final ApiCalls apiCalls;
  private final Map<SalesforceId, CaseRecord> records = new LinkedHashMap<>();
  private final List<Integer> batchSizes = new ArrayList<>();
  private boolean like;
  private int idLookups;
  private long failAfterCalls = -1;
  private ExternalSystemException.Kind failureKind = ExternalSystemException.Kind.CONNECTION;

  public InMemoryCaseDirectory() {
    this(LitifySchema.defaults(), new ApiCalls());
  }

  public InMemoryCaseDirectory(LitifySchema schema, ApiCalls apiCalls) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
  }

  public static InMemoryCaseDirectory holding(Collection<CaseRecord> records) {
    return new InMemoryCaseDirectory().addAll(records);
  }

  public synchronized InMemoryCaseDirectory add(CaseRecord... more) {
    return addAll(List.of(more));
  }

  public synchronized InMemoryCaseDirectory addAll(Collection<CaseRecord> more) {
    for (CaseRecord r : more) {
      records.put(r.id(), r);
    }
    return this;
  }

  public synchronized InMemoryCaseDirectory likeFalsePositives(boolean enabled) {
    this.like = enabled;
    return this;
  }

  /** After {@code calls} more successful lookups, every lookup throws an {@link ExternalSystemException}. */
  public synchronized InMemoryCaseDirectory failAfterCalls(int calls, ExternalSystemException.Kind kind) {
    this.failAfterCalls = batchSizes.size() + calls;
    this.failureKind = Objects.requireNonNull(kind);
    return this;
  }

  @Override
  public synchronized List<CaseRecord> findByPhones(Collection<PhoneNumber> numbers) {
    if (numbers.isEmpty()) {
      return List.of();
    }
    apiCalls.increment(ApiCalls.SALESFORCE);
    if (failAfterCalls >= 0 && batchSizes.size() >= failAfterCalls) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, failureKind,
          "Salesforce query failed (" + failureKind + ", injected by InMemoryCaseDirectory)");
    }
    batchSizes.add(numbers.size());
    Set<PhoneNumber> wanted = new HashSet<>(numbers);
    List<CaseRecord> out = new ArrayList<>();
    for (CaseRecord r : records.values()) {
      if (holdsAny(r, wanted)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The kind of each id that is one of these records, as the Salesforce adapter's {@code Id IN (...)} queries answer;
   * one Salesforce call per invocation with ids ({@link #idLookups()}).
   */
  @Override
  public synchronized Optional<Map<String, CaseKind>> kindsOf(Collection<SalesforceId> ids) {
    Map<String, CaseKind> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return Optional.of(out);
    }
    apiCalls.increment(ApiCalls.SALESFORCE);
    idLookups++;
    for (SalesforceId id : ids) {
      for (CaseRecord r : records.values()) {
        if (r.id().sameRecord(id)) {
          out.put(id.shortForm(), r.kind());
        }
      }
    }
    return Optional.of(out);
  }

  /** Calls of {@link #kindsOf} with ids. */
  public synchronized int idLookups() {
    return idLookups;
  }

  private boolean holdsAny(CaseRecord r, Set<PhoneNumber> wanted) {
    for (String field : schema.phoneFields()) {
      String stored = r.phoneValues().get(field);
      if (stored == null) {
        continue;
      }
      for (PhoneNumber n : wanted) {
        // what Salesforce's LIKE finds (ASCII or fullwidth digit groups in order, anything between them) ...
        if (likeMatches(stored, n)
            // ... and, unless false positives are wanted, only when the value really holds the number
            && (like || PhoneNormalizer.findAll(stored).contains(n))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * SOQL {@code LIKE '%502%813%8900%' OR LIKE '%５０２%８１３%８９００%'}: the three digit groups appear in order, in
   * ASCII or fullwidth digits (the patterns the Salesforce adapter sends, {@link PhoneNumber#searchForms()}).
   */
  static boolean likeMatches(String stored, PhoneNumber n) {
    return n.foundInOrderIn(stored);
  }

  /** Lookups made (each counted one Salesforce call). */
  public synchronized int findCalls() {
    return batchSizes.size();
  }

  /** How many numbers each lookup asked for, in order. */
  public synchronized List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  public synchronized List<CaseRecord> records() {
    return List.copyOf(records.values());
  }
}
