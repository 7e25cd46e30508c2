package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteField;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes Notes to Salesforce. Fields: the external id ({@code External_Id__c = rc_msg_{id}}), {@code OwnerId}, topic,
 * body, the Matter or the Intake lookup (the other cleared) and, when configured, the message time field (ISO-8601
 * UTC).
 *
 * <ul>
 *   <li>{@link #findExisting}: {@code SELECT Id, <those fields> FROM <Note> WHERE <External Id> IN ('rc_msg_1',...)},
 *       as many ids per query as keep the GET under {@link SalesforceConfig#maxUrlLength()} (about 450 with the
 *       default 15,000), every page followed through {@code nextRecordsUrl}
 *       (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm). With
 *       {@link SalesforceConfig#compositeQueries()} (default) up to five such statements go as query subrequests in
 *       one {@code POST /composite} call (one API call); a lone statement is a plain {@code GET /query}. Only exact
 *       external id matches are returned (SOQL {@code =}/{@code IN} on text is case-insensitive).
 *   <li>{@link #create} / {@link #upsert}: sObject Collections upsert on the external id, {@code allOrNone=false}, 200
 *       records a collection, up to five collections (1,000 records) in one {@code POST /composite} call unless
 *       {@link SalesforceConfig#compositeBatching()} is off, every field ({@link CollectionsUpsert}); upsert keeps a
 *       race with another writer from making a duplicate.
 *   <li>{@link #update}: sObject Collections update by id with only the named fields
 *       (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm).
 *   <li>{@link #bodyFormat}: one describe of the Note object on first use (per sink: the CLI builds one per run);
 *       a body field with {@code extraTypeInfo: richtextarea} or {@code htmlFormatted: true} is rich text.
 * </ul>
 *
 * <p>{@code UNABLE_TO_LOCK_ROW} records are retried alone. Throws {@link io.rcsync.core.port.out.ExternalSystemException}
 * when a whole call is refused (quota spent, authentication lost, service down).
 */
public final class SalesforceNoteSink implements NoteSink {
  /** External ids per {@link #findExisting} call from core; the sink splits them by URL length. */
  static final int LOOKUP_SIZE = 1_000;

  private final SalesforceHttp http;
  private final LitifySchema schema;
  private final CollectionsUpsert upsert;
  private NoteBodyFormat bodyFormat;

  public SalesforceNoteSink(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    this(new SalesforceHttp(config, auth, apiCalls));
  }

  SalesforceNoteSink(SalesforceHttp http) {
    this.http = http;
    this.schema = Objects.requireNonNull(http.config().schema());
    validate(schema);
    this.upsert = new CollectionsUpsert(http);
  }

  static void validate(LitifySchema s) {
    Soql.identifier(s.noteObject(), "noteObject");
    Soql.identifier(s.noteBodyField(), "noteBodyField");
    Soql.identifier(s.noteTopicField(), "noteTopicField");
    Soql.identifier(s.noteMatterField(), "noteMatterField");
    Soql.identifier(s.noteIntakeField(), "noteIntakeField");
    Soql.identifier(s.noteExternalIdField(), "noteExternalIdField");
    s.messageTimeField().ifPresent(f -> Soql.identifier(f, "messageTimeField"));
  }

  @Override
  public List<WriteOutcome> upsert(List<NoteDraft> notes) {
    if (notes.isEmpty()) {
      return List.of();
    }
    List<CollectionsUpsert.Row> rows = notes.stream().map(this::row).toList();
    return upsert.upsert(schema.noteObject(), schema.noteExternalIdField(), rows);
  }

  @Override
  public List<WriteOutcome> create(List<NoteDraft> notes) {
    return upsert(notes);
  }

  @Override
  public List<WriteOutcome> update(List<NoteUpdate> updates) {
    if (updates.isEmpty()) {
      return List.of();
    }
    List<CollectionsUpsert.Row> rows = new ArrayList<>(updates.size());
    for (NoteUpdate u : updates) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("id", u.id().value());
      NoteDraft d = u.draft();
      for (NoteField field : u.fields()) {
        switch (field) {
          case OWNER -> f.put("OwnerId", d.owner().value());
          case TOPIC -> f.put(schema.noteTopicField(), d.topic());
          case BODY -> f.put(schema.noteBodyField(), d.body());
          case MESSAGE_TIME -> schema.messageTimeField().ifPresent(t -> f.put(t, d.messageTime().toString()));
          case CASE_LINK -> {
            f.put(schema.noteMatterField(), d.matter().map(SalesforceId::value).orElse(null));
            f.put(schema.noteIntakeField(), d.intake().map(SalesforceId::value).orElse(null));
          }
        }
      }
      rows.add(new CollectionsUpsert.Row(u.externalId(), f));
    }
    return upsert.update(schema.noteObject(), rows);
  }

  @Override
  public int maxLookupSize() {
    return LOOKUP_SIZE;
  }

  /** True: {@link #findExisting} queries by external id and {@link #update} writes single fields. */
  @Override
  public boolean findsExisting() {
    return true;
  }

  @Override
  public Map<String, StoredNote> findExisting(List<String> externalIds) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(externalIds));
    Map<String, StoredNote> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    String select = "SELECT " + String.join(", ", selectFields()) + " FROM " + schema.noteObject() + " WHERE "
        + schema.noteExternalIdField() + " IN (";
    int budget = http.config().maxUrlLength() - http.instanceUrlLength() - http.config().dataPath().length()
        - "/query?q=".length();
    int maxSoql = http.config().maxSoqlLength();
    List<String> statements = new ArrayList<>();
    int start = 0;
    while (start < ids.size()) {
      // as many ids as keep both the encoded GET URL and the statement within their limits
      int end = start + 1;
      int encoded = Soql.encodedLength(select + Soql.literal(ids.get(start)) + ")");
      int plain = select.length() + Soql.literal(ids.get(start)).length() + 1;
      while (end < ids.size()) {
        String next = "," + Soql.literal(ids.get(end));
        int e = Soql.encodedLength(next);
        if (encoded + e > budget || plain + next.length() > maxSoql) {
          break;
        }
        encoded += e;
        plain += next.length();
        end++;
      }
      List<String> chunk = ids.subList(start, end);
      statements.add(select + String.join(",", chunk.stream().map(Soql::literal).toList()) + ")");
      start = end;
    }
    java.util.Set<String> exact = new java.util.HashSet<>(ids);
    String what = "existing-Note lookup on " + schema.noteObject();
    int group = http.config().compositeQueries() ? SalesforceConfig.MAX_COMPOSITE_QUERIES : 1;
    for (int i = 0; i < statements.size(); i += group) {
      List<String> batch = statements.subList(i, Math.min(statements.size(), i + group));
      if (batch.size() == 1) {
        read(http.get(queryPath(batch.get(0)), what), exact, what, out);
        continue;
      }
      for (JsonNode first : composite(batch, what)) {
        read(first, exact, what, out);
      }
    }
    return out;
  }

  private String queryPath(String soql) {
    return http.config().dataPath() + "/query?q=" + Soql.encode(soql);
  }

  /**
   * The statements as query subrequests of one {@code POST /composite} call
   * ({@code {"allOrNone":false,"compositeRequest":[{"method":"GET","url":".../query?q=...","referenceId":"q0"},...]}},
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm);
   * each subresponse's {@code body} is the query's first page.
   *
   * @return the first page of each statement, in order
   * @throws io.rcsync.core.port.out.ExternalSystemException when the call, or any one statement, is refused: the
   *     lookup of the whole batch then fails as a refused {@code GET /query} does
   */
  private List<JsonNode> composite(List<String> statements, String what) {
    com.fasterxml.jackson.databind.node.ObjectNode body =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.put("allOrNone", false);
    com.fasterxml.jackson.databind.node.ArrayNode requests = body.putArray("compositeRequest");
    for (int k = 0; k < statements.size(); k++) {
      requests.addObject().put("method", "GET").put("url", queryPath(statements.get(k))).put("referenceId", "q" + k);
    }
    JsonNode answer = http.send("POST", http.config().dataPath() + "/composite", body,
        what + " (composite of " + statements.size() + " queries)");
    Map<String, JsonNode> byRef = new HashMap<>();
    for (JsonNode sub : answer.path("compositeResponse")) {
      byRef.put(sub.path("referenceId").asText(), sub);
    }
    List<JsonNode> pages = new ArrayList<>();
    for (int k = 0; k < statements.size(); k++) {
      JsonNode sub = byRef.get("q" + k);
      if (sub == null) {
        throw new io.rcsync.core.port.out.ExternalSystemException(ApiCalls.SALESFORCE,
            io.rcsync.core.port.out.ExternalSystemException.Kind.CONNECTION,
            "Salesforce's composite answer lacks the result of query q" + k + " of the " + what + ": run again");
      }
      pages.add(http.require(new SalesforceHttp.Response(sub.path("httpStatusCode").asInt(500), sub.path("body"), ""),
          what));
    }
    return pages;
  }

  /** Takes the exact matches of a first page and of every later page ({@code nextRecordsUrl}, one GET each). */
  private void read(JsonNode page, java.util.Set<String> exact, String what, Map<String, StoredNote> out) {
    while (true) {
      for (JsonNode r : page.path("records")) {
        String ext = r.path(schema.noteExternalIdField()).asText("");
        if (exact.contains(ext)) {
          out.put(ext, stored(r, ext));
        }
      }
      String next = page.path("nextRecordsUrl").asText("");
      if (page.path("done").asBoolean(true) || next.isEmpty()) {
        return;
      }
      page = http.get(next, what + " (next page)");
    }
  }

  private List<String> selectFields() {
    List<String> f = new ArrayList<>(List.of("Id", schema.noteExternalIdField(), "OwnerId", schema.noteTopicField(),
        schema.noteBodyField(), schema.noteMatterField(), schema.noteIntakeField()));
    schema.messageTimeField().ifPresent(f::add);
    return f;
  }

  private StoredNote stored(JsonNode r, String ext) {
    return new StoredNote(SalesforceId.of(r.path("Id").asText()), ext, text(r, "OwnerId").map(SalesforceId::of),
        text(r, schema.noteTopicField()).orElse(""), text(r, schema.noteBodyField()).orElse(""),
        text(r, schema.noteMatterField()).map(SalesforceId::of), text(r, schema.noteIntakeField()).map(SalesforceId::of),
        schema.messageTimeField().flatMap(t -> text(r, t)).map(SalesforceDates::parse),
        schema.messageTimeField().isPresent());
  }

  private static Optional<String> text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  /**
   * Rich text when the describe of the Note object says the body field is a Rich Text Area, else plain; one describe
   * call, then cached for this sink. A missing object or field reads as plain (the writes then fail with
   * Salesforce's own error for each record).
   */
  @Override
  public synchronized NoteBodyFormat bodyFormat() {
    if (bodyFormat == null) {
      bodyFormat = new SalesforceDescribe(http).object(schema.noteObject())
          .flatMap(o -> o.fields().entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase(schema.noteBodyField())).map(Map.Entry::getValue).findFirst())
          .map(f -> f.richText() ? NoteBodyFormat.RICH_TEXT : NoteBodyFormat.PLAIN_TEXT)
          .orElse(NoteBodyFormat.PLAIN_TEXT);
    }
    return bodyFormat;
  }

  /**
   * 1,000 ({@link SalesforceConfig#MAX_COMPOSITE_RECORDS}: five collections of 200 in one composite call) with
   * {@link SalesforceConfig#compositeBatching()}, else 200 (one collection a call).
   */
  @Override
  public int maxBatchSize() {
    return http.config().compositeBatching() ? SalesforceConfig.MAX_COMPOSITE_RECORDS
        : SalesforceConfig.MAX_COLLECTION_SIZE;
  }

  private CollectionsUpsert.Row row(NoteDraft d) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put(schema.noteExternalIdField(), d.externalId());
    f.put("OwnerId", d.owner().value());
    f.put(schema.noteTopicField(), d.topic());
    f.put(schema.noteBodyField(), d.body());
    f.put(schema.noteMatterField(), d.matter().map(SalesforceId::value).orElse(null));
    f.put(schema.noteIntakeField(), d.intake().map(SalesforceId::value).orElse(null));
    schema.messageTimeField().ifPresent(t -> f.put(t, d.messageTime().toString()));
    return new CollectionsUpsert.Row(d.externalId(), f);
  }

  @Override
  public String toString() {
    return "SalesforceNoteSink[" + schema.noteObject() + "." + schema.noteExternalIdField() + "]";
  }
}
