package io.rcsync.testkit.sim.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;

/** One record of the simulated org: its type, 18-character id, field values (Java types) and deleted flag. */
final class StoredRecord {
  final SObjectType type;
  final String id;
  /** Canonical field name to value: String, Instant, LocalDate, Boolean or Double. Ids are 18-character strings. */
  Map<String, Object> values;
  boolean deleted;
  /** Position in its table's insertion order (set when stored): index lookups return records in table order. */
  long seq;

  StoredRecord(SObjectType type, String id, Map<String, Object> values) {
    this.type = type;
    this.id = id;
    this.values = values;
  }

  Object get(SObjectField field) {
    if (field.is("Id")) {
      return id;
    }
    if (field.is("IsDeleted")) {
      return deleted;
    }
    return values.get(field.name());
  }

  Object get(String fieldName) {
    return type.field(fieldName).map(this::get).orElse(null);
  }

  /** Every field of the type, in declaration order, with Java values. */
  Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (SObjectField f : type.fields()) {
      out.put(f.name(), get(f));
    }
    return out;
  }
}
