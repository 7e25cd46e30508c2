package io.rcsync.testkit.sim.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated org's DML: create, update, upsert on external ids and soft delete (deleted records stay visible to
 * {@code queryAll}), with required fields, audit fields and owners, all-or-none rollback and composite transactions.
 * Records live in {@link RecordTables}, ids come from {@link OrgIds}, and the per-record checks (field-level access,
 * types, lengths, lookups, unique values) are {@link DmlChecks}. Not thread-safe: callers hold the store's monitor.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm">Core Data Types and API error codes</a>
 */
final class OrgStore {
  /** API = a REST request (field-level access enforced); ADMIN = test seeding (system fields and Id may be set). */
  enum Mode {
    API,
    ADMIN
  }

  /** Injected per-record failures (fault injection), consulted before a record is processed. */
  interface RecordFaults {
    Optional<RecordError> forExternalId(String value);

    Optional<RecordError> forDelete(String id);
  }

  static final RecordFaults NO_FAULTS = new RecordFaults() {
    @Override
    public Optional<RecordError> forExternalId(String value) {
      return Optional.empty();
    }

    @Override
    public Optional<RecordError> forDelete(String id) {
      return Optional.empty();
    }
  };

  final OrgSchema schema;
  private final Clock clock;
  private final RecordTables tables;
  private final OrgIds ids = new OrgIds();
  private final DmlChecks checks;
  private RecordFaults faults = NO_FAULTS;
  /** Open composite transaction (allOrNone=true): the undo steps of every write it made, else null. */
  private UndoLog transaction;

  OrgStore(OrgSchema schema, Clock clock) {
    this.schema = schema;
    this.clock = clock;
    this.tables = new RecordTables(schema);
    this.checks = new DmlChecks(schema, tables);
  }

  void faults(RecordFaults recordFaults) {
    this.faults = recordFaults;
  }

  /**
   * Starts collecting the writes of several requests (a composite call with {@code allOrNone=true}) so that
   * {@link #rollbackTransaction()} can undo all of them.
   */
  void beginTransaction() {
    if (transaction != null) {
      throw new IllegalStateException("a transaction is already open");
    }
    transaction = new UndoLog();
  }

  /** Keeps the writes made since {@link #beginTransaction()}. */
  void commitTransaction() {
    transaction = null;
  }

  /** Undoes every write made since {@link #beginTransaction()}, last first. */
  void rollbackTransaction() {
    UndoLog t = transaction;
    transaction = null;
    if (t != null) {
      t.rollback();
    }
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  // ---- reads -----------------------------------------------------------------------------------------------

  /** Records of a type in insertion order, optionally with the deleted ones. */
  Collection<StoredRecord> records(SObjectType type, boolean includeDeleted) {
    return tables.records(type, includeDeleted);
  }

  /** See {@link RecordTables#lookUp}: records by Id or an indexed field's values, or empty when not indexed. */
  Optional<List<StoredRecord>> lookUp(SObjectType type, SObjectField f, Collection<String> values,
      boolean includeDeleted) {
    return tables.lookUp(type, f, values, includeDeleted);
  }

  /** Any record with this id (15 or 18 characters), deleted or not. */

  Optional<StoredRecord> byId(String id) {
    return tables.byId(id);
  }

  // ---- create / update / upsert ----------------------------------------------------------------------------

  /** Converts a record's raw values to stored values; throws IllegalArgumentException like a JSON parse error. */
  Prepared prepare(SObjectType type, Map<String, ?> raw) {
    Map<SObjectField, Object> values = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ?> e : raw.entrySet()) {
      if (e.getKey().equals("attributes")) {
        continue;
      }
      Optional<SObjectField> field = type.field(e.getKey());
      if (field.isEmpty()) {
        unknown.add(e.getKey());
        continue;
      }
      values.put(field.get(), ValueCodec.coerce(field.get(), e.getValue()));
    }
    return new Prepared(type, values, unknown);
  }

  /** A record's values after type conversion, with the names that matched no field. */
  record Prepared(SObjectType type, Map<SObjectField, Object> values, List<String> unknownFields) {
    boolean has(String fieldName) {
      return values.keySet().stream().anyMatch(f -> f.is(fieldName));
    }

    Object get(String fieldName) {
      return values.entrySet().stream().filter(e -> e.getKey().is(fieldName)).findFirst().map(Map.Entry::getValue)
          .orElse(null);
    }
  }

  /** Creates records one by one (sObject Collections create). */
  List<SaveResult> create(List<Prepared> records, boolean allOrNone, Mode mode, String runningUser) {
    UndoLog undo = new UndoLog();
    List<SaveResult> results = new ArrayList<>();
    for (Prepared p : records) {
      Optional<RecordError> fault = externalIdFault(p);
      results.add(fault.map(SaveResult::failed).orElseGet(() -> insert(p, mode, runningUser, undo)));
    }
    return finish(results, allOrNone, undo);
  }

  /** Upserts records of one type matched on an external id field (sObject Collections upsert). */
  List<SaveResult> upsert(SObjectType type, SObjectField externalIdField, List<Prepared> records, boolean allOrNone,
      Mode mode, String runningUser) {
    Map<String, Integer> occurrences = new HashMap<>();
    for (Prepared p : records) {
      keyOf(p, externalIdField).ifPresent(k -> occurrences.merge(k, 1, Integer::sum));
    }
    UndoLog undo = new UndoLog();
    List<SaveResult> results = new ArrayList<>();
    for (Prepared p : records) {
      Optional<String> key = keyOf(p, externalIdField);
      Object value = p.get(externalIdField.name());
      if (key.isPresent() && occurrences.get(key.get()) > 1) {
        results.add(SaveResult.failed(RecordError.of("DUPLICATE_EXTERNAL_ID",
            "Duplicate external id specified: " + value, externalIdField.name())));
        continue;
      }
      Optional<RecordError> fault = externalIdFault(p);
      if (fault.isPresent()) {
        results.add(SaveResult.failed(fault.get()));
        continue;
      }
      if (key.isEmpty()) {
        results.add(insert(p, mode, runningUser, undo));
        continue;
      }
      List<StoredRecord> matches = tables.withValue(type, externalIdField, key.get());
      if (matches.size() > 1) {
        results.add(SaveResult.failed(RecordError.of("DUPLICATE_EXTERNAL_ID",
            externalIdField.name() + ": more than one record found for external id field: "
                + matches.stream().map(r -> r.id).toList(), externalIdField.name())));
      } else if (matches.size() == 1) {
        results.add(update(matches.get(0), p, mode, undo, externalIdField, runningUser));
      } else {
        results.add(insert(p, mode, runningUser, undo));
      }
    }
    return finish(results, allOrNone, undo);
  }

  /** Updates one record by id (in-process API), as {@code runningUser}. */
  SaveResult update(String id, Prepared p, Mode mode, String runningUser) {
    Optional<StoredRecord> target = byId(id).filter(r -> r.type == p.type());
    if (target.isEmpty()) {
      return SaveResult.failed(RecordError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"));
    }
    if (target.get().deleted) {
      return SaveResult.failed(RecordError.of("ENTITY_IS_DELETED", "entity is deleted"));
    }
    return update(target.get(), p, mode, new UndoLog(), null, runningUser);
  }

  /** Updates records by id (sObject Collections update): one result per record, in order. */
  List<SaveResult> updateById(List<Map.Entry<String, Prepared>> records, boolean allOrNone, Mode mode,
      String runningUser) {
    UndoLog undo = new UndoLog();
    List<SaveResult> results = new ArrayList<>();
    for (Map.Entry<String, Prepared> e : records) {
      String id = e.getKey();
      Prepared p = e.getValue();
      if (id.isEmpty()) {
        results.add(SaveResult.failed(RecordError.of("MISSING_ARGUMENT", "Id not specified in an update call")));
        continue;
      }
      if (!SalesforceIds.looksLikeId(id)) {
        results.add(SaveResult.failed(RecordError.of("MALFORMED_ID", "malformed id " + id, "Id")));
        continue;
      }
      Optional<StoredRecord> target = byId(id).filter(r -> r.type == p.type());
      if (target.isEmpty()) {
        results.add(SaveResult.failed(RecordError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")));
      } else if (target.get().deleted) {
        results.add(SaveResult.failed(RecordError.of("ENTITY_IS_DELETED", "entity is deleted")));
      } else {
        Optional<RecordError> fault = externalIdFault(p).or(() -> recordFault(target.get()));
        results.add(fault.map(SaveResult::failed).orElseGet(() -> update(target.get(), p, mode, undo, null, runningUser)));
      }
    }
    return finish(results, allOrNone, undo);
  }

  /** An injected fault for a stored record, looked up by its external id values. */
  private Optional<RecordError> recordFault(StoredRecord r) {
    for (SObjectField f : r.type.externalIdFields()) {
      Object v = r.values.get(f.name());
      if (v != null) {
        Optional<RecordError> e = faults.forExternalId(v.toString());
        if (e.isPresent()) {
          return e;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<RecordError> externalIdFault(Prepared p) {
    for (SObjectField f : p.type().externalIdFields()) {
      Object v = p.values().get(f);
      if (v != null) {
        Optional<RecordError> e = faults.forExternalId(v.toString());
        if (e.isPresent()) {
          return e;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> keyOf(Prepared p, SObjectField field) {
    return Optional.ofNullable(RecordTables.normalizedKey(p.values().get(field)));
  }

  /**
   * A second {@code ContentDocumentLink} between the same document and record is refused as Salesforce does:
   * {@code DUPLICATE_VALUE} "Document with ID: ... is already linked with the entity with ID: ..." on
   * {@code LinkedEntityId} (the error reported for a file uploaded to a record and then linked to it again:
   * https://crsinfosolutions.com/fix-contentdocumentlink-duplicate-error).
   */
  private Optional<RecordError> alreadyLinked(SObjectType type, Map<String, Object> values) {
    if (!type.name().equalsIgnoreCase(OrgSchema.CONTENT_DOCUMENT_LINK)) {
      return Optional.empty();
    }
    Object doc = values.get("ContentDocumentId");
    Object entity = values.get("LinkedEntityId");
    if (doc == null || entity == null) {
      return Optional.empty();
    }
    String docKey = SalesforceIds.key(doc.toString());
    String entityKey = SalesforceIds.key(entity.toString());
    for (StoredRecord other : tables.withValue(type, type.field("ContentDocumentId").orElseThrow(),
        RecordTables.normalizedKey(doc))) {
      Object e = other.get(type.field("LinkedEntityId").orElseThrow());
      if (SalesforceIds.key(String.valueOf(other.values.get("ContentDocumentId"))).equals(docKey)
          && e != null && SalesforceIds.key(e.toString()).equals(entityKey)) {
        return Optional.of(RecordError.of("DUPLICATE_VALUE", "Document with ID: " + doc
            + " is already linked with the entity with ID: " + entity, "LinkedEntityId"));
      }
    }
    return Optional.empty();
  }

  private SaveResult insert(Prepared p, Mode mode, String runningUser, UndoLog undo) {
    SObjectType type = p.type();
    Optional<RecordError> common = checks.common(p);
    if (common.isPresent()) {
      return SaveResult.failed(common.get());
    }
    String explicitId = null;
    if (p.has("Id")) {
      Object id = p.values().get(type.field("Id").orElseThrow());
      if (mode == Mode.API) {
        return SaveResult.failed(RecordError.of("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call",
            "Id"));
      }
      if (id != null) {
        if (!SalesforceIds.looksLikeId(id.toString())) {
          return SaveResult.failed(RecordError.of("MALFORMED_ID", "malformed id " + id, "Id"));
        }
        if (tables.get(id.toString()) != null) {
          return SaveResult.failed(RecordError.of("DUPLICATE_VALUE",
              "duplicate value found: Id duplicates value on record with id: " + id, "Id"));
        }
        explicitId = id.toString().length() == 18 ? id.toString() : SalesforceIds.to18(id.toString());
      }
    }
    if (mode == Mode.API) {
      List<String> notCreateable = p.values().keySet().stream().filter(f -> !f.createable()).map(SObjectField::name)
          .toList();
      if (!notCreateable.isEmpty()) {
        return SaveResult.failed(DmlChecks.fieldAccess(notCreateable));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (SObjectField f : type.fields()) {
      if (f.type() == FieldType.BOOLEAN && !f.is("IsDeleted")) {
        values.put(f.name(), false);
      }
    }
    p.values().forEach((f, v) -> {
      if (!f.is("Id") && !f.is("IsDeleted")) {
        values.put(f.name(), v);
      }
    });
    Optional<SObjectField> owner = type.field("OwnerId");
    if (owner.isPresent() && values.get(owner.get().name()) == null && runningUser != null) {
      values.put(owner.get().name(), runningUser);
    }
    List<String> missing = new ArrayList<>();
    for (SObjectField f : type.fields()) {
      if (!f.nillable() && f.createable() && !f.autoNumber() && f.type() != FieldType.BOOLEAN
          && values.get(f.name()) == null) {
        missing.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      return SaveResult.failed(new RecordError("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing,
          missing));
    }
    Optional<RecordError> refs = checks.references(type, values, type.fields());
    if (refs.isPresent()) {
      return SaveResult.failed(refs.get());
    }
    Optional<RecordError> dup = checks.unique(type, values, null);
    if (dup.isPresent()) {
      return SaveResult.failed(dup.get());
    }
    Optional<RecordError> linked = alreadyLinked(type, values);
    if (linked.isPresent()) {
      return SaveResult.failed(linked.get());
    }
    Instant now = now();
    values.putIfAbsent("CreatedDate", now);
    values.putIfAbsent("LastModifiedDate", now);
    if (values.get("CreatedDate") == null) {
      values.put("CreatedDate", now);
    }
    if (values.get("LastModifiedDate") == null) {
      values.put("LastModifiedDate", values.get("CreatedDate"));
    }
    if (values.get("CreatedById") == null && runningUser != null && type.hasField("CreatedById")) {
      values.put("CreatedById", runningUser);
    }
    stampAudit(type, values, runningUser, values.get("LastModifiedById") == null);
    for (SObjectField f : type.fields()) {
      if (f.autoNumber() && values.get(f.name()) == null) {
        values.put(f.name(), ids.nextAutoNumber(type, f));
      }
    }
    String id = explicitId != null ? explicitId : ids.nextId(type);
    tables.add(new StoredRecord(type, id, values), undo);
    return SaveResult.ok(id, true);
  }

  private SaveResult update(StoredRecord record, Prepared p, Mode mode, UndoLog undo, SObjectField matchedOn,
      String runningUser) {
    Optional<RecordError> common = checks.common(p);
    if (common.isPresent()) {
      return SaveResult.failed(common.get());
    }
    if (p.has("Id") && mode == Mode.API) {
      Object id = p.values().get(record.type.field("Id").orElseThrow());
      if (id != null && !SalesforceIds.key(id.toString()).equals(SalesforceIds.key(record.id))) {
        return SaveResult.failed(DmlChecks.fieldAccess(List.of("Id")));
      }
    }
    if (mode == Mode.API) {
      List<String> notUpdateable = p.values().keySet().stream()
          .filter(f -> !f.updateable() && !f.is("Id") && (matchedOn == null || !f.is(matchedOn.name())))
          .map(SObjectField::name).toList();
      if (!notUpdateable.isEmpty()) {
        return SaveResult.failed(DmlChecks.fieldAccess(notUpdateable));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>(record.values);
    p.values().forEach((f, v) -> {
      if (!f.is("Id") && !f.is("IsDeleted")) {
        values.put(f.name(), v);
      }
    });
    List<String> missing = p.values().keySet().stream()
        .filter(f -> !f.nillable() && values.get(f.name()) == null && !f.is("Id")).map(SObjectField::name).toList();
    if (!missing.isEmpty()) {
      return SaveResult.failed(new RecordError("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing,
          missing));
    }
    Optional<RecordError> refs = checks.references(record.type, values, p.values().keySet());
    if (refs.isPresent()) {
      return SaveResult.failed(refs.get());
    }
    Optional<RecordError> dup = checks.unique(record.type, values, record);
    if (dup.isPresent()) {
      return SaveResult.failed(dup.get());
    }
    if (mode == Mode.API || !p.has("LastModifiedDate")) {
      values.put("LastModifiedDate", now());
    }
    stampAudit(record.type, values, runningUser, mode == Mode.API || !p.has("LastModifiedById"));
    tables.replace(record, values, undo);
    return SaveResult.ok(record.id, false);
  }

  /**
   * SystemModstamp follows LastModifiedDate; LastModifiedById becomes the running user when {@code byUser} (an API
   * write, or a seeding that did not set it).
   */
  private static void stampAudit(SObjectType type, Map<String, Object> values, String runningUser, boolean byUser) {
    if (type.hasField("SystemModstamp")) {
      values.put("SystemModstamp", values.get("LastModifiedDate"));
    }
    if (byUser && runningUser != null && type.hasField("LastModifiedById")) {
      values.put("LastModifiedById", runningUser);
    }
  }

  // ---- delete ----------------------------------------------------------------------------------------------

  /** Soft-deletes records by id (sObject Collections delete); results in the order of the ids. */
  List<SaveResult> delete(List<String> ids, boolean allOrNone) {
    UndoLog undo = new UndoLog();
    List<SaveResult> results = new ArrayList<>();
    for (String id : ids) {
      results.add(deleteOne(id, undo));
    }
    return finish(results, allOrNone, undo);
  }

  private SaveResult deleteOne(String id, UndoLog undo) {
    if (!SalesforceIds.looksLikeId(id)) {
      return SaveResult.failed(RecordError.of("MALFORMED_ID", "malformed id " + id));
    }
    Optional<RecordError> fault = faults.forDelete(id);
    if (fault.isPresent()) {
      return SaveResult.failed(fault.get());
    }
    StoredRecord r = tables.get(id);
    if (r == null) {
      return SaveResult.failed(RecordError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"));
    }
    if (r.deleted) {
      return SaveResult.failed(RecordError.of("ENTITY_IS_DELETED", "entity is deleted"));
    }
    if (r.type.name().equals(OrgSchema.USER) || r.type.name().equals(OrgSchema.CONTENT_VERSION)) {
      // ContentVersion supports no delete(): delete its ContentDocument (Object Reference, "Supported Calls")
      return SaveResult.failed(RecordError.of("INVALID_TYPE_FOR_OPERATION", "entity type cannot be deleted"));
    }
    r.deleted = true;
    undo.add(() -> r.deleted = false);
    if (r.type.name().equals(OrgSchema.CONTENT_DOCUMENT)) {
      // "When you delete a document, all versions of the document are deleted, including ratings, comments, and
      // tags" and its links go with it:
      // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentdocument.htm
      for (String child : List.of(OrgSchema.CONTENT_VERSION, OrgSchema.CONTENT_DOCUMENT_LINK)) {
        schema.object(child).ifPresent(t -> {
          for (StoredRecord c : tables.records(t, false)) {
            Object doc = c.values.get("ContentDocumentId");
            if (doc != null && SalesforceIds.key(doc.toString()).equals(SalesforceIds.key(r.id))) {
              c.deleted = true;
              undo.add(() -> c.deleted = false);
            }
          }
        });
      }
    }
    return SaveResult.ok(r.id, false);
  }

  /**
   * With allOrNone, one failure rolls everything back and every record that had succeeded reports
   * ALL_OR_NONE_OPERATION_ROLLED_BACK.
   *
   * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm">Create Records Using sObject Collections</a>
   */
  private List<SaveResult> finish(List<SaveResult> results, boolean allOrNone, UndoLog undo) {
    if (!allOrNone || results.stream().allMatch(SaveResult::success)) {
      if (transaction != null) {
        transaction.addAll(undo);
      }
      return results;
    }
    undo.rollback();
    return results.stream().map(r -> r.success() ? SaveResult.failed(RecordError.of(
        "ALL_OR_NONE_OPERATION_ROLLED_BACK",
        "Record rolled back because not all records were valid and the request was using AllOrNone header"))
        : r).toList();
  }
}
