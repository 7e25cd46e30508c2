package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 *   <li>{@link #find}: SOQL on the Note object, always filtered on the asked sources' key prefixes:
 *       {@code ExternalId LIKE 'rc\_msg\_%'} by default, {@code (ExternalId LIKE 'rc\_msg\_%' OR ExternalId LIKE
 *       'smsmagic\_%')} or the SMS-Magic one alone when asked (issue 15; the underscores escaped, or {@code _} would
 *       match any character; LIKE folds case, so every record is checked again with {@link TextSource#owns}), plus
 *       owners, a time window on the message time field
 *       when configured (else CreatedDate), an exact message id, one Matter or Intake (its lookups) and a set of
 *       parties ({@code (Matter IN (...) OR Intake IN (...) OR counterparty IN (...))}, issue 15's de-duplication),
 *       a long owner or party list split into as many statements as keep each GET within
 *       {@link SalesforceConfig#maxUrlLength()} and each statement within SOQL's 100,000 characters (both limits
 *       cited in {@link SalesforceConfig}), the answers joined, each Note once; every page followed through
 *       {@code nextRecordsUrl} (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm).
 *       It selects every field the user may create and update, found by describing the Note object once
 *       (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm),
 *       so a rollback manifest holds all of a Note's fields (design.md §4), not only the ones rcsync writes: a field
 *       someone filled in after the sync comes back on restore too.
 *   <li>{@link #delete}: {@code DELETE /composite/sobjects?ids=...&allOrNone=false}, at most 200 ids
 *       (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm).
 *       That resource deletes records of any object, so the ids are first read back from the Note object (one query
 *       per batch) and only live Notes whose external id starts with {@code rc_msg_} or {@code smsmagic_}
 *       (case-sensitive, {@link TextSource#ofExternalId}) are deleted; any other id is refused for itself, whatever
 *       the caller checked.
 *   <li>{@link #restore}: the same collections upsert as {@link SalesforceNoteSink}, from a manifest's fields.
 * </ul>
 */
public final class SalesforceNoteStore implements NoteStore {
  /** Fields Salesforce sets itself; a manifest holding them must not try to write them back. */
  private static final Set<String> READ_ONLY = Set.of("id", "createddate", "createdbyid", "lastmodifieddate",
      "lastmodifiedbyid", "systemmodstamp", "isdeleted", "lastvieweddate", "lastreferenceddate", "attributes");
  private static final int OWNERS_PER_QUERY = 200;
  /** Field types SOQL cannot return for many rows at once (base64) or that are read through their parts. */
  private static final Set<String> UNSELECTABLE_TYPES = Set.of("base64", "address", "location");
  /** Refusal codes of {@link #delete} for ids that are not Notes rcsync wrote. */
  static final String NOT_WRITTEN_BY_RCSYNC = "NOT_WRITTEN_BY_RCSYNC";
  static final String NOT_A_LIVE_NOTE = "NOT_A_LIVE_NOTE";

  private final SalesforceHttp http;
  private final LitifySchema schema;
  private final CollectionsUpsert upsert;
  /** The writable fields beyond the configured ones, from one describe of the Note object; null until read. */
  private List<String> extraFields;

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
  public synchronized List<NoteRecord> find(Query query) {
    List<PartyTerm> terms = query.parties().map(this::terms).orElse(null);
    if (terms != null && terms.isEmpty()) {
      return List.of(); // a party filter no Note can meet: no call
    }
    if (extraFields == null) {
      extraFields = describeWritableFields();
    }
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
    java.util.ArrayDeque<Part> pending = new java.util.ArrayDeque<>();
    ownerGroups.forEach(g -> pending.add(new Part(g, terms)));
    int urlBudget = http.config().maxUrlLength() - http.instanceUrlLength() - http.config().dataPath().length()
        - "/query?q=".length();
    while (!pending.isEmpty()) {
      Part part = pending.removeFirst();
      String soql = soql(query, part.owners(), part.terms());
      boolean tooLong = Soql.encodedLength(soql) > urlBudget || soql.length() > http.config().maxSoqlLength();
      if (tooLong && part.owners().size() > 1) {
        // every writable field plus many owners: halve the owner list until the GET fits (414 URI Too Long else)
        List<SalesforceId> g = part.owners();
        pending.addFirst(new Part(g.subList(g.size() / 2, g.size()), part.terms()));
        pending.addFirst(new Part(g.subList(0, g.size() / 2), part.terms()));
        continue;
      }
      if (tooLong && part.terms() != null && part.terms().size() > 1) {
        // the same for a party filter: the union of the halves' answers is the whole set's (each Note kept once)
        List<PartyTerm> t = part.terms();
        pending.addFirst(new Part(part.owners(), t.subList(t.size() / 2, t.size())));
        pending.addFirst(new Part(part.owners(), t.subList(0, t.size() / 2)));
        continue;
      }
      String what = "query on " + schema.noteObject();
      JsonNode page = http.get(http.config().dataPath() + "/query?q=" + Soql.encode(soql), what);
      while (true) {
        for (JsonNode r : page.path("records")) {
          NoteRecord n = toRecord(r);
          // LIKE is case-insensitive in SOQL: 'RC_MSG_1' and 'SMSMAGIC_1' match too, and are not ours
          if (query.asksFor(n.externalId())) {
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

  /**
   * One aggregate query, {@code SELECT MIN(f), MAX(f) FROM <Note> WHERE <ext> LIKE 'rc\_msg\_%'} with {@code f} the
   * message time field when configured, else CreatedDate: the period the {@code rc_msg_} Notes cover (issue 15, the
   * import's de-duplication). Aggregate functions ignore nulls, and without GROUP BY the answer is one
   * {@code AggregateResult} record whose unaliased columns are {@code expr0} and {@code expr1}, both null when no Note
   * matches (Aggregate Functions,
   * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-agg-functions.html;
   * the implied {@code expri} aliases,
   * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_SOQL_agg_fns.htm). LIKE
   * folds case, so a look-alike such as {@code RC_MSG_1} may widen the span: that only costs a look-up, never misses
   * a duplicate.
   *
   * @return {@link Span#NONE} when there are no {@code rc_msg_} Notes (or none has a message time); else their first
   *     and last time
   */
  @Override
  public Span rcNoteSpan() {
    String timeField = schema.messageTimeField().orElse("CreatedDate");
    String soql = "SELECT MIN(" + timeField + "), MAX(" + timeField + ") FROM " + schema.noteObject() + " WHERE "
        + sourceFilter(schema.noteExternalIdField(), Set.of(TextSource.RINGCENTRAL));
    JsonNode page = http.get(http.config().dataPath() + "/query?q=" + Soql.encode(soql),
        "span of the rc_msg_ " + schema.noteObject() + " records");
    JsonNode row = page.path("records").path(0);
    Optional<String> first = text(row, "expr0");
    Optional<String> last = text(row, "expr1");
    if (first.isEmpty() || last.isEmpty()) {
      return Span.NONE;
    }
    return Span.of(SalesforceDates.parse(first.get()), SalesforceDates.parse(last.get()));
  }

  /** One statement's share of a query: a group of owners (empty = any) and of party terms (null = any party). */
  private record Part(List<SalesforceId> owners, List<PartyTerm> terms) {}

  /** One value of a {@link Query.Parties} filter, compared with one field. */
  private record PartyTerm(String field, String literal) {}

  /**
   * A party filter as the values each field is compared with, in a stable order: Matter ids, Intake ids, then per
   * number its 10 digits (what the sink writes) and {@code (502) 813-8900} (what a US/Canada-locale UI edit stores:
   * "Standard 'Phone' field length and formatting", https://help.salesforce.com/s/articleView?id=000385963&type=1);
   * numbers only when a counterparty field is configured.
   */
  private List<PartyTerm> terms(Query.Parties parties) {
    List<PartyTerm> out = new ArrayList<>();
    parties.matters().stream().map(SalesforceId::value).sorted()
        .forEach(v -> out.add(new PartyTerm(schema.noteMatterField(), v)));
    parties.intakes().stream().map(SalesforceId::value).sorted()
        .forEach(v -> out.add(new PartyTerm(schema.noteIntakeField(), v)));
    schema.counterpartyField().ifPresent(f -> parties.counterparties().stream().sorted().forEach(n -> {
      out.add(new PartyTerm(f, n.digits()));
      out.add(new PartyTerm(f, "(" + n.areaCode() + ") " + n.exchange() + "-" + n.line()));
    }));
    return out;
  }

  /** The statement for one group of owners; visible for tests. */
  String soql(Query query, List<SalesforceId> owners) {
    return soql(query, owners, query.parties().map(this::terms).orElse(null));
  }

  /** The statement for one group of owners and of party terms (null = any party); visible for tests. */
  String soql(Query query, List<SalesforceId> owners, List<PartyTerm> terms) {
    String ext = schema.noteExternalIdField();
    String timeField = schema.messageTimeField().orElse("CreatedDate");
    StringBuilder sb = new StringBuilder("SELECT ").append(String.join(", ", selectFields()))
        .append(" FROM ").append(schema.noteObject())
        .append(" WHERE ").append(sourceFilter(ext, query.sources()));
    if (!owners.isEmpty()) {
      sb.append(" AND OwnerId IN ").append(Soql.idList(owners));
    }
    query.since().ifPresent(t -> sb.append(" AND ").append(timeField).append(" >= ").append(Soql.dateTime(Soql.ceilToSecond(t))));
    query.until().ifPresent(t -> sb.append(" AND ").append(timeField).append(" < ").append(Soql.dateTime(Soql.ceilToSecond(t))));
    // a message's Notes: rc_msg_{id}, and a group text's further Notes rc_msg_{id}_{caseId}; an SMS-Magic record has
    // its one Note smsmagic_{record Id} (never a group text), so no LIKE for it
    query.messageId().ifPresent(m -> {
      if (m.source() == TextSource.RINGCENTRAL) {
        sb.append(" AND (").append(ext).append(" = ").append(Soql.literal(m.externalId()))
            .append(" OR ").append(ext).append(" LIKE ").append(Soql.likePrefix(m.externalId() + "_")).append(")");
      } else {
        sb.append(" AND ").append(ext).append(" = ").append(Soql.literal(m.externalId()));
      }
    });
    query.onRecord().ifPresent(r -> sb.append(" AND (").append(schema.noteMatterField()).append(" = ")
        .append(Soql.literal(r.value())).append(" OR ").append(schema.noteIntakeField()).append(" = ")
        .append(Soql.literal(r.value())).append(")"));
    if (terms != null) {
      // (Matter IN (...) OR Intake IN (...) OR counterparty IN (...)): both lookups are indexed
      Map<String, List<String>> byField = new LinkedHashMap<>();
      terms.forEach(t -> byField.computeIfAbsent(t.field(), k -> new ArrayList<>()).add(Soql.literal(t.literal())));
      List<String> ins = byField.entrySet().stream()
          .map(e -> e.getKey() + " IN (" + String.join(",", e.getValue()) + ")").toList();
      sb.append(" AND ").append(ins.size() == 1 ? ins.get(0) : "(" + String.join(" OR ", ins) + ")");
    }
    return sb.toString();
  }

  /**
   * {@code ext LIKE 'rc\_msg\_%'}, or for several sources {@code (ext LIKE 'rc\_msg\_%' OR ext LIKE 'smsmagic\_%')},
   * in {@link TextSource} order so the statement is the same whatever order the sources were given in.
   */
  private static String sourceFilter(String ext, Set<TextSource> sources) {
    List<String> likes = java.util.Arrays.stream(TextSource.values()).filter(sources::contains)
        .map(s -> ext + " LIKE " + Soql.likePrefix(s.prefix())).toList();
    return likes.size() == 1 ? likes.get(0) : "(" + String.join(" OR ", likes) + ")";
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
    // the counterparty's number, by which a transcript groups its conversations (NoteRecord#counterparty)
    schema.counterpartyField().ifPresent(f::add);
    Set<String> lower = new java.util.HashSet<>();
    f.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
    for (String extra : extraFields == null ? List.<String>of() : extraFields) {
      if (lower.add(extra.toLowerCase(Locale.ROOT))) {
        f.add(extra);
      }
    }
    f.add("CreatedDate");
    return List.copyOf(f);
  }

  /**
   * Every field of the Note object this user may both create and update (so a restore can write it back whether the
   * Note is gone or still there), except types SOQL cannot list for many rows.
   */
  private List<String> describeWritableFields() {
    String object = schema.noteObject();
    JsonNode d = http.get(http.config().dataPath() + "/sobjects/" + object + "/describe", "describe of " + object);
    List<String> out = new ArrayList<>();
    for (JsonNode f : d.path("fields")) {
      String name = f.path("name").asText("");
      if (Soql.isIdentifier(name) && f.path("createable").asBoolean(false) && f.path("updateable").asBoolean(false)
          && !f.path("calculated").asBoolean(false)
          && !UNSELECTABLE_TYPES.contains(f.path("type").asText("").toLowerCase(Locale.ROOT))
          && !READ_ONLY.contains(name.toLowerCase(Locale.ROOT))) {
        out.add(name);
      }
    }
    return List.copyOf(out);
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
    DeleteOutcome[] slots = new DeleteOutcome[ids.size()];
    Map<String, String> externalIds = liveNoteExternalIds(ids);
    List<Integer> allowed = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      SalesforceId id = ids.get(i);
      String ext = externalIds.get(id.shortForm());
      if (ext == null) {
        slots[i] = DeleteOutcome.failed(id, NOT_A_LIVE_NOTE, "not deleted: no undeleted " + schema.noteObject()
            + " has this id (already deleted, or a record of another object)");
      } else if (TextSource.ofExternalId(ext).isEmpty()) {
        // exactly the two prefixes, case-sensitive: SMSMAGIC_1, xsmsmagic_1 and a bare smsmagic_ are refused
        slots[i] = DeleteOutcome.failed(id, NOT_WRITTEN_BY_RCSYNC, "not deleted: its " + schema.noteExternalIdField()
            + " '" + ext + "' does not start with " + TextSource.allPrefixes() + ", so rcsync did not write it");
      } else {
        allowed.add(i);
      }
    }
    if (!allowed.isEmpty()) {
      String path = http.config().dataPath() + "/composite/sobjects?ids="
          + allowed.stream().map(i -> ids.get(i).value()).collect(Collectors.joining(",")) + "&allOrNone=false";
      JsonNode results = http.send("DELETE", path, null,
          "delete of " + allowed.size() + " " + schema.noteObject() + " records");
      for (int k = 0; k < allowed.size(); k++) {
        SalesforceId id = ids.get(allowed.get(k));
        JsonNode r = results.isArray() && k < results.size() ? results.get(k) : null;
        DeleteOutcome o;
        if (r == null) {
          o = DeleteOutcome.failed(id, "NO_RESULT", "Salesforce returned no result for this record");
        } else if (r.path("success").asBoolean(false)) {
          o = DeleteOutcome.ok(id);
        } else {
          List<SalesforceHttp.ApiError> errors = SalesforceHttp.errorsOf(r.path("errors"));
          SalesforceHttp.ApiError e = errors.isEmpty()
              ? new SalesforceHttp.ApiError("UNKNOWN_ERROR", "Salesforce reported failure without an error", List.of())
              : errors.get(0);
          o = DeleteOutcome.failed(id, e.code(), e.message());
        }
        slots[allowed.get(k)] = o;
      }
    }
    return List.of(slots);
  }

  /**
   * External id of each id that is a live record of the Note object, keyed by the 15-character id: the guard in
   * front of every delete. Deleted records and records of other objects are simply absent.
   */
  private Map<String, String> liveNoteExternalIds(List<SalesforceId> ids) {
    String ext = schema.noteExternalIdField();
    String soql = "SELECT Id, " + ext + " FROM " + schema.noteObject() + " WHERE Id IN " + Soql.idList(ids);
    String what = "check of the " + schema.noteObject() + " records to delete";
    Map<String, String> out = new HashMap<>();
    JsonNode page = http.get(http.config().dataPath() + "/query?q=" + Soql.encode(soql), what);
    while (true) {
      for (JsonNode r : page.path("records")) {
        String id = r.path("Id").asText("");
        if (id.length() >= 15) {
          out.put(id.substring(0, 15), r.path(ext).asText(""));
        }
      }
      String next = page.path("nextRecordsUrl").asText("");
      if (page.path("done").asBoolean(true) || next.isEmpty()) {
        return out;
      }
      page = http.get(next, what + " (next page)");
    }
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
