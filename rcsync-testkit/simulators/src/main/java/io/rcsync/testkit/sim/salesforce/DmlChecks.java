package io.rcsync.testkit.sim.salesforce;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-record DML checks Salesforce applies before a write, each giving the first error as the API reports it:
 * unknown fields, text lengths and restricted picklists; lookups (malformed, wrong type, missing, deleted, inactive
 * owner); unique values; field-level access.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm">Core Data Types and API error codes</a>
 */
final class DmlChecks {
  private final OrgSchema schema;
  private final RecordTables tables;

  DmlChecks(OrgSchema schema, RecordTables tables) {
    this.schema = schema;
    this.tables = tables;
  }

  /** Unknown fields, text lengths and restricted picklists. */
  Optional<RecordError> common(OrgStore.Prepared p) {
    if (!p.unknownFields().isEmpty()) {
      String name = p.unknownFields().get(0);
      return Optional.of(RecordError.of("INVALID_FIELD",
          "No such column '" + name + "' on sobject of type " + p.type().name(), name));
    }
    for (Map.Entry<SObjectField, Object> e : p.values().entrySet()) {
      SObjectField f = e.getKey();
      Object v = e.getValue();
      if (v instanceof String s && f.type().isText() && f.length() > 0 && s.length() > f.length()) {
        String shown = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return Optional.of(RecordError.of("STRING_TOO_LONG",
            f.label() + ": data value too large: " + shown + " (max length=" + f.length() + ")", f.name()));
      }
      if (v instanceof String s && f.type() == FieldType.PICKLIST && f.restrictedPicklist()
          && f.picklistValues().stream().noneMatch(s::equals)) {
        return Optional.of(RecordError.of("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            f.label() + ": bad value for restricted picklist field: " + s, f.name()));
      }
    }
    return Optional.empty();
  }

  /** Lookups must name an existing, undeleted record of a referenced type; owners must be active users. */
  Optional<RecordError> references(SObjectType type, Map<String, Object> values,
      Collection<SObjectField> written) {
    for (SObjectField f : type.fields()) {
      if (f.type() != FieldType.REFERENCE || written.stream().noneMatch(w -> w.is(f.name()))) {
        continue;
      }
      Object v = values.get(f.name());
      if (v == null) {
        continue;
      }
      String id = v.toString();
      if (!SalesforceIds.looksLikeId(id)) {
        return Optional.of(RecordError.of("MALFORMED_ID", f.label() + ": id value of incorrect type: " + id,
            f.name()));
      }
      StoredRecord target = tables.get(id);
      boolean typeMatches = target != null
          ? f.referenceTo().stream().anyMatch(t -> t.equalsIgnoreCase(target.type.name()))
          : f.referenceTo().stream().anyMatch(t -> schema.object(t).map(SObjectType::keyPrefix)
              .filter(id::startsWith).isPresent())
              || schema.objectWithKeyPrefix(id.substring(0, 3)).isEmpty();
      if (!typeMatches) {
        return Optional.of(RecordError.of("FIELD_INTEGRITY_EXCEPTION",
            f.label() + ": id value of incorrect type: " + id, f.name()));
      }
      if (target == null) {
        return Optional.of(RecordError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", f.name()));
      }
      if (target.deleted) {
        return Optional.of(RecordError.of("ENTITY_IS_DELETED", "entity is deleted", f.name()));
      }
      if (f.is("OwnerId") && target.type.name().equals(OrgSchema.USER)
          && Boolean.FALSE.equals(target.get("IsActive"))) {
        return Optional.of(RecordError.of("INACTIVE_OWNER_OR_USER",
            "operation performed with inactive user [" + target.id + "] as owner of " + type.name(), f.name()));
      }
      values.put(f.name(), target.id);
    }
    return Optional.empty();
  }

  /** Unique fields: no other record (deleted ones aside) may hold the same value, compared ignoring case. */
  Optional<RecordError> unique(SObjectType type, Map<String, Object> values, StoredRecord self) {
    for (SObjectField f : type.fields()) {
      if (!f.unique()) {
        continue;
      }
      String key = RecordTables.normalizedKey(values.get(f.name()));
      if (key == null) {
        continue;
      }
      for (StoredRecord other : tables.withValue(type, f, key)) {
        if (other != self) {
          return Optional.of(RecordError.of("DUPLICATE_VALUE",
              "duplicate value found: " + f.name() + " duplicates value on record with id: " + other.id, f.name()));
        }
      }
    }
    return Optional.empty();
  }

  /** INVALID_FIELD_FOR_INSERT_UPDATE for fields the API may not write. */
  static RecordError fieldAccess(List<String> fields) {
    return new RecordError("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
        + String.join(", ", fields) + ". Please check the security settings of this field and verify that it is "
        + "read/write for your profile or permission set.", fields);
  }
}
