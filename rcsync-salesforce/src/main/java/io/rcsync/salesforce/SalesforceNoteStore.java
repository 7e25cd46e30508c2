package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.salesforce.internal.CollectionsUpsert;
import io.rcsync.salesforce.internal.SalesforceDates;
import io.rcsync.salesforce.internal.SalesforceHttp;
import io.rcsync.salesforce.internal.Soql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Notes rcsync wrote, for rollback, restore and verify.
 *
 * <ul>
 *   <li>{@link #find}: SOQL on the Note object, always {@code ExternalId LIKE 'rc\_msg\_%'} (the underscores
 *       escaped, or {@code _} would match any character), plus owners, a time window on the message time field
 *       when configured (else CreatedDate) and an exact message id; every page followed through
 *       {@code nextRecordsUrl} (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm).
 *   <li>{@link #delete}: {@code DELETE /composite/sobjects?ids=...&allOrNone=false}, at most 200 ids
 *       (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm);
 *       the caller (core's RollbackService) has checked every record's {@code rc_msg_} prefix.
 *   <li>{@link #restore}: the same collections upsert as {@link SalesforceNoteSink}, from a manifest's fields.
 * </ul>
 */
public final class SalesforceNoteStore implements NoteStore {
  /** Fields Salesforce sets itself; a manifest holding them must not try to write them back. */
  private static final Set<String> READ_ONLY = Set.of("id", "createddate", "createdbyid", "lastmodifieddate",
      "lastmodifiedbyid", "systemmodstamp", "isdeleted", "lastvieweddate", "lastreferenceddate", "attributes");
  private static final int OWNERS_PER_QUERY = 200;

  private final SalesforceHttp http;
  private final LitifySchema schema;
  private final CollectionsUpsert upsert;

  public SalesforceNoteStore(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    this(new SalesforceHttp(config, auth, apiCalls));
  }

  SalesforceNoteStore(SalesforceHttp http) {
    this.http = Objects.requireNonNull(http);
    this.schema = http.config().schema();
    SalesforceNoteSink.validate(schema);
    this.upsert = new CollectionsUpsert(http);
  }

  // ---- find -----------------------------------------------------------------------------------------

  @Override
  public List<NoteRecord> find(Query query) {
    List<List<SalesforceId>> ownerGroups = new ArrayList<>();
    List<SalesforceId> owners = query.owners().stream().sorted((a, b) -> a.value().compareTo(b.value())).toList();
    if (owners.isEmpty()) {
      ownerGroups.add(List.of());
    } else {
      for (int i = 0; i < owners.size(); i += OWNERS_PER_QUERY) {
        ownerGroups.add(owners.subList(i, Math.min(owners.size(), i + OWNERS_PER_QUERY)));
      }
    }
    Map<String, NoteRecord> byId = new LinkedHashMap<>();
    for (List<SalesforceId> group : ownerGroups) {
      String soql = soql(query, group);
      String what = "query on " + schema.noteObject();
      JsonNode page = http.get(http.config().dataPath() + "/query?q=" + Soql.encode(soql), what);
      while (true) {
        for (JsonNode r : page.path("records")) {
          NoteRecord n = toRecord(r);
          // LIKE is case-insensitive in SOQL: 'RC_MSG_1' matches too, and is not ours
          if (n.writtenByRcsync()) {
            byId.putIfAbsent(n.id().shortForm(), n);
          }
        }
        String next = page.path("nextRecordsUrl").asText("");
        if (page.path("done").asBoolean(true) || next.isEmpty()) {
          break;
        }
        page = http.get(next, what + " (next page)");
      }
    }
    return List.copyOf(byId.values());
  }

  /** The statement for one group of owners; visible for tests. */
  String soql(Query query, List<SalesforceId> owners) {
    String ext = schema.noteExternalIdField();
    String timeField = schema.messageTimeField().orElse("CreatedDate");
    StringBuilder sb = new StringBuilder("SELECT ").append(String.join(", ", selectFields()))
        .append(" FROM ").append(schema.noteObject())
        .append(" WHERE ").append(ext).append(" LIKE ").append(Soql.likePrefix(MessageId.EXTERNAL_ID_PREFIX));
    if (!owners.isEmpty()) {
      sb.append(" AND OwnerId IN ").append(Soql.idList(owners));
    }
    query.since().ifPresent(t -> sb.append(" AND ").append(timeField).append(" >= ").append(Soql.dateTime(Soql.ceilToSecond(t))));
    query.until().ifPresent(t -> sb.append(" AND ").append(timeField).append(" < ").append(Soql.dateTime(Soql.ceilToSecond(t))));
    query.messageId().ifPresent(m -> sb.append(" AND ").append(ext).append(" = ").append(Soql.literal(m.externalId())));
    return sb.toString();
  }

  private List<String> selectFields() {
    Set<String> f = new LinkedHashSet<>();
    f.add("Id");
    f.add(schema.noteExternalIdField());
    f.add("OwnerId");
    f.add(schema.noteTopicField());
    f.add(schema.noteBodyField());
    f.add(schema.noteMatterField());
    f.add(schema.noteIntakeField());
    schema.messageTimeField().ifPresent(f::add);
    f.add("CreatedDate");
    return List.copyOf(f);
  }

  private NoteRecord toRecord(JsonNode r) {
    SalesforceId id = SalesforceId.of(r.path("Id").asText());
    String externalId = r.path(schema.noteExternalIdField()).asText("");
    Optional<SalesforceId> owner = text(r, "OwnerId").map(SalesforceId::of);
    Instant created = SalesforceDates.parse(r.path("CreatedDate").asText());
    Optional<Instant> messageTime = schema.messageTimeField().flatMap(f -> text(r, f)).map(SalesforceDates::parse);
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String f : selectFields()) {
      if (f.equals("Id") || f.equals("CreatedDate")) {
        continue;
      }
      fields.put(f, value(r.get(f)));
    }
    return new NoteRecord(id, externalId, owner, created, messageTime, fields);
  }

  private static Optional<String> text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  // ---- delete -------------------------------------------------------------------------------------

  @Override
  public List<DeleteOutcome> delete(List<SalesforceId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    if (ids.size() > maxBatchSize()) {
      throw new IllegalArgumentException("at most " + maxBatchSize() + " ids per delete, got " + ids.size());
    }
    String path = http.config().dataPath() + "/composite/sobjects?ids="
        + ids.stream().map(SalesforceId::value).collect(Collectors.joining(",")) + "&allOrNone=false";
    JsonNode results = http.send("DELETE", path, null, "delete of " + ids.size() + " " + schema.noteObject() + " records");
    List<DeleteOutcome> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      SalesforceId id = ids.get(i);
      JsonNode r = results.isArray() && i < results.size() ? results.get(i) : null;
      if (r == null) {
        out.add(DeleteOutcome.failed(id, "NO_RESULT", "Salesforce returned no result for this record"));
      } else if (r.path("success").asBoolean(false)) {
        out.add(DeleteOutcome.ok(id));
      } else {
        List<SalesforceHttp.ApiError> errors = SalesforceHttp.errorsOf(r.path("errors"));
        SalesforceHttp.ApiError e = errors.isEmpty()
            ? new SalesforceHttp.ApiError("UNKNOWN_ERROR", "Salesforce reported failure without an error", List.of())
            : errors.get(0);
        out.add(DeleteOutcome.failed(id, e.code(), e.message()));
      }
    }
    return out;
  }

  // ---- restore ------------------------------------------------------------------------------------

  @Override
  public List<WriteOutcome> restore(List<NoteRecord> records) {
    List<WriteOutcome> out = new ArrayList<>(records.size());
    List<CollectionsUpsert.Row> rows = new ArrayList<>();
    List<Integer> rowIndex = new ArrayList<>();
    WriteOutcome[] slots = new WriteOutcome[records.size()];
    for (int i = 0; i < records.size(); i++) {
      NoteRecord r = records.get(i);
      Map<String, Object> fields = new LinkedHashMap<>();
      String bad = null;
      for (Map.Entry<String, Object> e : r.fields().entrySet()) {
        String name = e.getKey();
        if (!Soql.isIdentifier(name)) {
          bad = name;
          break;
        }
        if (READ_ONLY.contains(name.toLowerCase(Locale.ROOT)) || name.equalsIgnoreCase(schema.noteExternalIdField())) {
          continue;
        }
        fields.put(name, e.getValue());
      }
      if (bad != null) {
        slots[i] = WriteOutcome.failed(r.externalId(), "INVALID_FIELD_NAME",
            "the manifest names a field '" + bad + "' that is not a valid Salesforce API name", List.of(bad));
        continue;
      }
      fields.put(schema.noteExternalIdField(), r.externalId());
      if (!fields.containsKey("OwnerId") && r.owner().isPresent()) {
        fields.put("OwnerId", r.owner().get().value());
      }
      rows.add(new CollectionsUpsert.Row(r.externalId(), fields));
      rowIndex.add(i);
    }
    if (!rows.isEmpty()) {
      List<WriteOutcome> written = upsert.upsert(schema.noteObject(), schema.noteExternalIdField(), rows);
      for (int k = 0; k < written.size(); k++) {
        slots[rowIndex.get(k)] = written.get(k);
      }
    }
    for (WriteOutcome o : slots) {
      out.add(o);
    }
    return out;
  }

  @Override
  public int maxBatchSize() {
    return SalesforceConfig.MAX_COLLECTION_SIZE;
  }

  @Override
  public String toString() {
    return "SalesforceNoteStore[" + schema.noteObject() + "]";
  }
}
