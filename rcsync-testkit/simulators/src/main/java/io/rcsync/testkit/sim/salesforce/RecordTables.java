package io.rcsync.testkit.sim.salesforce;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Record storage of the simulated org: one table per object in insertion order, the records by id key (15
 * characters, whatever object), and an index of unique and external-id values. Writes go through here so that the
 * index stays right and each write leaves its undo step. Not thread-safe: callers hold the store's monitor.
 */
final class RecordTables {
  private final Map<String, LinkedHashMap<String, StoredRecord>> tables = new HashMap<>();
  private final Map<String, StoredRecord> byKey = new HashMap<>();
  /**
   * Records (deleted ones too) by the normalised value of each unique or external-id field, keyed
   * {@code object.field} in lower case: upsert matching and duplicate checks look values up here instead of scanning
   * the table, which kept a 20,000-Note re-run from taking minutes.
   */
  private final Map<String, Map<String, Set<StoredRecord>>> valueIndex = new HashMap<>();
  private long nextSeq;

  RecordTables(OrgSchema schema) {
    for (SObjectType t : schema.objects()) {
      tables.put(lower(t.name()), new LinkedHashMap<>());
    }
  }

  /** Records of a type in insertion order, optionally with the deleted ones. */
  Collection<StoredRecord> records(SObjectType type, boolean includeDeleted) {
    Collection<StoredRecord> all = tables.get(lower(type.name())).values();
    return includeDeleted ? all : all.stream().filter(r -> !r.deleted).toList();
  }

  /** Any record with this id (15 or 18 characters), deleted or not. */
  Optional<StoredRecord> byId(String id) {
    if (!SalesforceIds.looksLikeId(id)) {
      return Optional.empty();
    }
    return Optional.ofNullable(byKey.get(SalesforceIds.key(id)));
  }

  /** The record with this well-formed id (see {@link SalesforceIds#looksLikeId}), deleted or not; else null. */
  StoredRecord get(String wellFormedId) {
    return byKey.get(SalesforceIds.key(wellFormedId));
  }

  /** Stores a new record. */
  void add(StoredRecord record, UndoLog undo) {
    SObjectType type = record.type;
    String key = SalesforceIds.key(record.id);
    record.seq = nextSeq++;
    tables.get(lower(type.name())).put(key, record);
    byKey.put(key, record);
    index(record, record.values, true);
    undo.add(() -> {
      tables.get(lower(type.name())).remove(key);
      byKey.remove(key);
      index(record, record.values, false);
    });
  }

  /** Replaces a record's values. */
  void replace(StoredRecord record, Map<String, Object> values, UndoLog undo) {
    Map<String, Object> before = record.values;
    replaceValues(record, values);
    undo.add(() -> replaceValues(record, before));
  }

  /** Undeleted records of the type whose field holds the value (compared as {@link #normalizedKey}). */
  List<StoredRecord> withValue(SObjectType type, SObjectField f, String key) {
    if (!indexed(f)) {
      return records(type, false).stream().filter(r -> key.equals(normalizedKey(r.get(f)))).toList();
    }
    Set<StoredRecord> holders = valueIndex.getOrDefault(indexKey(type, f), Map.of()).getOrDefault(key, Set.of());
    return holders.stream().filter(r -> !r.deleted).toList();
  }

  /**
   * The records of the type holding one of {@code values} in {@code f}, in table (insertion) order, when {@code f}
   * is {@code Id} or an indexed (unique or external-id) field; empty when it is not, and the caller scans instead.
   * A superset is fine: the query's WHERE filter is still applied to each record returned.
   *
   * @param values the literal values (decoded strings), compared as {@link #normalizedKey}
   */
  Optional<List<StoredRecord>> lookUp(SObjectType type, SObjectField f, Collection<String> values,
      boolean includeDeleted) {
    boolean id = f.is("Id");
    if (!id && !indexed(f)) {
      return Optional.empty();
    }
    Map<String, Set<StoredRecord>> byValue = id ? Map.of() : valueIndex.getOrDefault(indexKey(type, f), Map.of());
    Set<StoredRecord> found = new LinkedHashSet<>();
    for (String v : values) {
      if (id) {
        StoredRecord r = SalesforceIds.looksLikeId(v) ? byKey.get(SalesforceIds.key(v)) : null;
        if (r != null && r.type == type) {
          found.add(r);
        }
      } else {
        found.addAll(byValue.getOrDefault(normalizedKey(v), Set.of()));
      }
    }
    return Optional.of(found.stream().filter(r -> includeDeleted || !r.deleted)
        .sorted(java.util.Comparator.comparingLong(r -> r.seq)).toList());
  }

  /** External ids and unique values match case-insensitively. */
  static String normalizedKey(Object value) {
    return value == null ? null : value.toString().toLowerCase(Locale.ROOT);
  }

  // ---- value index -----------------------------------------------------------------------------------------

  private static boolean indexed(SObjectField f) {
    return (f.unique() || f.externalId()) && !f.is("Id") && !f.is("IsDeleted");
  }

  private static String indexKey(SObjectType type, SObjectField f) {
    return lower(type.name()) + "." + lower(f.name());
  }

  /** Adds (or removes) the record under each indexed field's value in {@code values}. */
  private void index(StoredRecord record, Map<String, Object> values, boolean add) {
    for (SObjectField f : record.type.fields()) {
      if (!indexed(f)) {
        continue;
      }
      String key = normalizedKey(values.get(f.name()));
      if (key == null) {
        continue;
      }
      Map<String, Set<StoredRecord>> byValue = valueIndex.computeIfAbsent(indexKey(record.type, f),
          k -> new HashMap<>());
      if (add) {
        byValue.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(record);
      } else {
        Set<StoredRecord> holders = byValue.get(key);
        if (holders != null) {
          holders.remove(record);
          if (holders.isEmpty()) {
            byValue.remove(key);
          }
        }
      }
    }
  }

  private void replaceValues(StoredRecord record, Map<String, Object> values) {
    index(record, record.values, false);
    record.values = values;
    index(record, values, true);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
