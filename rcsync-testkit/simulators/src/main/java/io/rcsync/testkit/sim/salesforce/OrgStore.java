package io.rcsync.testkit.sim.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated org's records and the DML rules Salesforce applies to them: field-level access, types, lengths,
 * required fields, lookups and owners, unique and external-id fields, all-or-none rollback and soft delete
 * (deleted records stay visible to {@code queryAll}). Not thread-safe: callers hold the store's monitor.
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
  private final Map<String, LinkedHashMap<String, StoredRecord>> tables = new HashMap<>();
  private final Map<String, StoredRecord> byKey = new HashMap<>();
  /**
   * Records (deleted ones too) by the normalised value of each unique or external-id field, keyed
   * {@code object.field} in lower case: upsert matching and duplicate checks look values up here instead of scanning
   * the table, which kept a 20,000-Note re-run from taking minutes.
   */
  private final Map<String, Map<String, Set<StoredRecord>>> valueIndex = new HashMap<>();
  private final Map<String, Long> autoNumbers = new HashMap<>();
  private long sequence = 1;
  private RecordFaults faults = NO_FAULTS;
  /** Open composite transaction (allOrNone=true): the undo steps of every write it made, else null. */
  private UndoLog transaction;

  OrgStore(OrgSchema schema, Clock clock) {
    this.schema = schema;
    this.clock = clock;
    for (SObjectType t : schema.objects()) {
      tables.put(lower(t.name()), new LinkedHashMap<>());
    }
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
      List<StoredRecord> matches = withValue(type, externalIdField, key.get());
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
    return Optional.ofNullable(normalizedKey(p.values().get(field)));
  }

  /** External ids and unique values match case-insensitively. */
  private static String normalizedKey(Object value) {
    return value == null ? null : value.toString().toLowerCase(Locale.ROOT);
  }

  private SaveResult insert(Prepared p, Mode mode, String runningUser, UndoLog undo) {
    SObjectType type = p.type();
    Optional<RecordError> common = commonChecks(p, mode);
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
        if (byKey.containsKey(SalesforceIds.key(id.toString()))) {
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
        return SaveResult.failed(fieldAccessError(notCreateable));
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
    Optional<RecordError> refs = referenceChecks(type, values, type.fields());
    if (refs.isPresent()) {
      return SaveResult.failed(refs.get());
    }
    Optional<RecordError> dup = uniqueChecks(type, values, null);
    if (dup.isPresent()) {
      return SaveResult.failed(dup.get());
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
        values.put(f.name(), nextAutoNumber(type, f));
      }
    }
    String id = explicitId != null ? explicitId : SalesforceIds.newId(type.keyPrefix(), sequence++);
    StoredRecord record = new StoredRecord(type, id, values);
    tables.get(lower(type.name())).put(SalesforceIds.key(id), record);
    byKey.put(SalesforceIds.key(id), record);
    index(record, record.values, true);
    undo.add(() -> {
      tables.get(lower(type.name())).remove(SalesforceIds.key(id));
      byKey.remove(SalesforceIds.key(id));
      index(record, record.values, false);
    });
    return SaveResult.ok(id, true);
  }

  private SaveResult update(StoredRecord record, Prepared p, Mode mode, UndoLog undo, SObjectField matchedOn,
      String runningUser) {
    Optional<RecordError> common = commonChecks(p, mode);
    if (common.isPresent()) {
      return SaveResult.failed(common.get());
    }
    if (p.has("Id") && mode == Mode.API) {
      Object id = p.values().get(record.type.field("Id").orElseThrow());
      if (id != null && !SalesforceIds.key(id.toString()).equals(SalesforceIds.key(record.id))) {
        return SaveResult.failed(fieldAccessError(List.of("Id")));
      }
    }
    if (mode == Mode.API) {
      List<String> notUpdateable = p.values().keySet().stream()
          .filter(f -> !f.updateable() && !f.is("Id") && (matchedOn == null || !f.is(matchedOn.name())))
          .map(SObjectField::name).toList();
      if (!notUpdateable.isEmpty()) {
        return SaveResult.failed(fieldAccessError(notUpdateable));
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
    Optional<RecordError> refs = referenceChecks(record.type, values, p.values().keySet());
    if (refs.isPresent()) {
      return SaveResult.failed(refs.get());
    }
    Optional<RecordError> dup = uniqueChecks(record.type, values, record);
    if (dup.isPresent()) {
      return SaveResult.failed(dup.get());
    }
    if (mode == Mode.API || !p.has("LastModifiedDate")) {
      values.put("LastModifiedDate", now());
    }
    stampAudit(record.type, values, runningUser, mode == Mode.API || !p.has("LastModifiedById"));
    Map<String, Object> before = record.values;
    replaceValues(record, values);
    undo.add(() -> replaceValues(record, before));
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

  /** Unknown fields, text lengths and restricted picklists. */
  private Optional<RecordError> commonChecks(Prepared p, Mode mode) {
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
  private Optional<RecordError> referenceChecks(SObjectType type, Map<String, Object> values,
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
      StoredRecord target = byKey.get(SalesforceIds.key(id));
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

  private Optional<RecordError> uniqueChecks(SObjectType type, Map<String, Object> values, StoredRecord self) {
    for (SObjectField f : type.fields()) {
      if (!f.unique()) {
        continue;
      }
      String key = normalizedKey(values.get(f.name()));
      if (key == null) {
        continue;
      }
      for (StoredRecord other : withValue(type, f, key)) {
        if (other != self) {
          return Optional.of(RecordError.of("DUPLICATE_VALUE",
              "duplicate value found: " + f.name() + " duplicates value on record with id: " + other.id, f.name()));
        }
      }
    }
    return Optional.empty();
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
        byValue.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).add(record);
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

  /** Undeleted records of the type whose field holds the value (compared as {@link #normalizedKey}). */
  private List<StoredRecord> withValue(SObjectType type, SObjectField f, String key) {
    if (!indexed(f)) {
      return records(type, false).stream().filter(r -> key.equals(normalizedKey(r.get(f)))).toList();
    }
    Set<StoredRecord> holders = valueIndex.getOrDefault(indexKey(type, f), Map.of()).getOrDefault(key, Set.of());
    return holders.stream().filter(r -> !r.deleted).toList();
  }

  private static RecordError fieldAccessError(List<String> fields) {
    return new RecordError("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
        + String.join(", ", fields) + ". Please check the security settings of this field and verify that it is "
        + "read/write for your profile or permission set.", fields);
  }

  private String nextAutoNumber(SObjectType type, SObjectField f) {
    long n = autoNumbers.merge(type.name() + "." + f.name(), 1L, Long::sum);
    String format = f.autoNumberFormat();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(0+)}").matcher(format);
    if (!m.find()) {
      return format + n;
    }
    String digits = String.format(Locale.ROOT, "%0" + m.group(1).length() + "d", n);
    return format.substring(0, m.start()) + digits + format.substring(m.end());
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
    StoredRecord r = byKey.get(SalesforceIds.key(id));
    if (r == null) {
      return SaveResult.failed(RecordError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"));
    }
    if (r.deleted) {
      return SaveResult.failed(RecordError.of("ENTITY_IS_DELETED", "entity is deleted"));
    }
    if (r.type.name().equals(OrgSchema.USER)) {
      return SaveResult.failed(RecordError.of("INVALID_TYPE_FOR_OPERATION", "entity type cannot be deleted"));
    }
    r.deleted = true;
    undo.add(() -> r.deleted = false);
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
        transaction.steps.addAll(undo.steps);
      }
      return results;
    }
    undo.rollback();
    return results.stream().map(r -> r.success() ? SaveResult.failed(RecordError.of(
        "ALL_OR_NONE_OPERATION_ROLLED_BACK",
        "Record rolled back because not all records were valid and the request was using AllOrNone header"))
        : r).toList();
  }

  /** Reverses the writes of one request, last first. */
  private static final class UndoLog {
    private final List<Runnable> steps = new ArrayList<>();

    void add(Runnable step) {
      steps.add(step);
    }

    void rollback() {
      for (int i = steps.size() - 1; i >= 0; i--) {
        steps.get(i).run();
      }
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
