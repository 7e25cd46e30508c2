package io.rcsync.testkit.sim.salesforce;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What tests and the demo do to the org in-process, as an administrator (no HTTP call, not counted): insert, update
 * and delete with system fields allowed, read records back, run SOQL, add users, seed Matters and Intakes from core
 * case records. Each operation holds the store's monitor.
 */
final class OrgAdmin {
  private final OrgSchema schema;
  private final OrgStore store;
  private final Clock clock;
  private final ZoneId zone;
  private final String apiVersion;
  private final AccessTokens tokens;
  /** Recorded as creator and modifier of admin writes; null until the integration user exists. */
  private String runningUser;

  OrgAdmin(OrgSchema schema, OrgStore store, Clock clock, ZoneId zone, String apiVersion, AccessTokens tokens) {
    this.schema = schema;
    this.store = store;
    this.clock = clock;
    this.zone = zone;
    this.apiVersion = apiVersion;
    this.tokens = tokens;
  }

  void runningUser(String userId) {
    this.runningUser = userId;
  }

  String insert(String object, Map<String, ?> values) {
    SObjectType type = schema.requireObject(object);
    Map<String, Object> raw = new LinkedHashMap<>(values);
    if (type.name().equals(OrgSchema.USER) && type.hasField("IsActive")) {
      raw.putIfAbsent("IsActive", true);
    }
    synchronized (store) {
      OrgStore.Prepared p = prepareOrThrow(type, raw);
      SaveResult r = store.create(List.of(p), true, OrgStore.Mode.ADMIN, runningUser).get(0);
      if (!r.success()) {
        throw new IllegalArgumentException("insert " + type.name() + " failed: " + r.errors().get(0));
      }
      return r.id();
    }
  }

  /** Updates fields of a record as an administrator would. */
  void update(String object, String id, Map<String, ?> values) {
    SObjectType type = schema.requireObject(object);
    synchronized (store) {
      SaveResult r = store.update(id, prepareOrThrow(type, values), OrgStore.Mode.ADMIN, runningUser);
      if (!r.success()) {
        throw new IllegalArgumentException("update " + type.name() + " " + id + " failed: " + r.errors().get(0));
      }
    }
  }

  /** Soft-deletes a record (it stays visible to queryAll). */
  void delete(String id) {
    synchronized (store) {
      SaveResult r = store.delete(List.of(id), true).get(0);
      if (!r.success()) {
        throw new IllegalArgumentException("delete " + id + " failed: " + r.errors().get(0));
      }
    }
  }

  private OrgStore.Prepared prepareOrThrow(SObjectType type, Map<String, ?> values) {
    try {
      return store.prepare(type, values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(type.name() + ": " + e.getMessage(), e);
    }
  }

  List<Map<String, Object>> records(String object, boolean includeDeleted) {
    SObjectType type = schema.requireObject(object);
    synchronized (store) {
      return store.records(type, includeDeleted).stream().map(StoredRecord::snapshot).toList();
    }
  }

  int count(String object) {
    SObjectType type = schema.requireObject(object);
    synchronized (store) {
      return store.records(type, false).size();
    }
  }

  /** The undeleted record with this id (15 or 18 characters), if it is of this object. */
  Optional<Map<String, Object>> find(String object, String id) {
    SObjectType type = schema.requireObject(object);
    synchronized (store) {
      return store.byId(id).filter(r -> r.type == type && !r.deleted).map(StoredRecord::snapshot);
    }
  }

  /** Undeleted records whose field equals the value (text compared ignoring case). */
  List<Map<String, Object>> findBy(String object, String field, Object value) {
    SObjectType type = schema.requireObject(object);
    SObjectField f = type.field(field).orElseThrow(() -> new IllegalArgumentException(
        "object " + type.name() + " has no field '" + field + "'"));
    Object wanted = ValueCodec.coerce(f, value);
    synchronized (store) {
      return store.records(type, false).stream()
          .filter(r -> wanted == null ? r.get(f) == null
              : r.get(f) != null && SoqlValueOrder.of(f.type()).compare(r.get(f), wanted) == 0)
          .map(StoredRecord::snapshot).toList();
    }
  }

  QueryResult query(String soql, boolean all) {
    SoqlAst.Query q = SoqlParser.parse(soql);
    synchronized (store) {
      SoqlEngine.Result r = new SoqlEngine(store, clock.instant(), zone, apiVersion).execute(q, all);
      return new QueryResult(r.totalSize(), r.records());
    }
  }

  /** Adds an active user with a generated id. */
  SalesforceId addUser(String name) {
    Map<String, Object> values = new LinkedHashMap<>();
    SObjectType user = schema.requireObject(OrgSchema.USER);
    putIfField(user, values, "Name", name);
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".");
    putIfField(user, values, "Username", slug + "." + tokens.randomAlphanumeric(6).toLowerCase(Locale.ROOT)
        + "@rcsync.sim");
    putIfField(user, values, "IsActive", true);
    putIfField(user, values, "UserType", "Standard");
    return SalesforceId.of(insert(OrgSchema.USER, values));
  }

  SalesforceId addUser(SalesforceId id, String name) {
    return addUser(id, name, null, null, null);
  }

  /**
   * An active standard user with this id (nothing happens if it exists): {@code Name} is {@code name}, else first and
   * last name joined as Salesforce shows them; the username is the e-mail plus the id (unique even when two users share
   * an e-mail), else one made from the id.
   */
  SalesforceId addUser(SalesforceId id, String name, String firstName, String lastName, String email) {
    synchronized (store) {
      Optional<StoredRecord> existing = store.byId(id.value());
      if (existing.isPresent()) {
        return SalesforceId.of(existing.get().id);
      }
      Map<String, Object> values = new LinkedHashMap<>();
      SObjectType user = schema.requireObject(OrgSchema.USER);
      values.put("Id", id.value());
      String full = name != null ? name
          : ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
      putIfField(user, values, "Name", full);
      if (firstName != null) {
        putIfField(user, values, "FirstName", firstName);
      }
      putIfField(user, values, "LastName", lastName != null ? lastName : full);
      if (email != null) {
        putIfField(user, values, "Email", email);
      }
      putIfField(user, values, "Username", email != null
          ? email.strip().toLowerCase(Locale.ROOT) + "." + id.shortForm().toLowerCase(Locale.ROOT)
          : "user." + id.shortForm().toLowerCase(Locale.ROOT) + "@rcsync.sim");
      putIfField(user, values, "IsActive", true);
      putIfField(user, values, "UserType", "Standard");
      return SalesforceId.of(insert(OrgSchema.USER, values));
    }
  }

  /**
   * Inserts Matters and Intakes from core case records: their ids, status, creation time and phone field values,
   * in the objects and fields {@code names} gives.
   */
  /** How many Matters and Intakes {@link #seedCases} named. */
  private int seededNames;

  void seedCases(List<CaseRecord> cases, LitifySchema names) {
    for (CaseRecord c : cases) {
      boolean matter = c.kind() == CaseKind.MATTER;
      String object = matter ? names.matterObject() : names.intakeObject();
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("Id", c.id().value());
      values.put("CreatedDate", c.createdDate());
      values.put("LastModifiedDate", c.createdDate());
      values.put(matter ? names.matterStatusField() : names.intakeStatusField(), c.status());
      values.putAll(c.phoneValues());
      // Name is never blank in an org (Litify's Matter/Intake number, an auto-number): one per seeded record
      values.put("Name", (matter ? "MAT-" : "INT-") + String.format(java.util.Locale.ROOT, "%06d", ++seededNames));
      insert(object, values);
    }
  }

  private static void putIfField(SObjectType type, Map<String, Object> values, String field, Object value) {
    if (type.hasField(field)) {
      values.put(field, value);
    }
  }
}
