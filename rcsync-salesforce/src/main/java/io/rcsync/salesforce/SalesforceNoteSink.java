package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteField;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes Notes to Salesforce. Fields: the external id ({@code External_Id__c = rc_msg_{id}}, or {@code smsmagic_{record
 * Id}} for an imported SMS-Magic record), {@code OwnerId}, topic,
 * body, the Matter or the Intake lookup (the other cleared) and, when configured, the message time field (ISO-8601
 * UTC) and the counterparty field (the 10 digits the match used, e.g. {@code 5028138900}). A Phone field edited in the
 * UI under a US/Canada locale holds a 10-digit number as {@code (502) 813-8900} ("Standard 'Phone' field length and
 * formatting": https://help.salesforce.com/s/articleView?id=000385963&type=1), so stored values are read back
 * normalized and compared as numbers, never as text.
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
 *   <li>{@link #expect}: with {@link SalesforceConfig#compositeQueries()} and a case directory from the same
 *       {@link SalesforceAdapters}, the texts about to be looked up are queued; the directory's composite lookup call
 *       carries, in its free slots ({@link CompositeRiders}), one statement per up to {@value #AHEAD_IDS} of them
 *       ({@code ... WHERE <External Id> IN ('rc_msg_1',...) OR <External Id> LIKE 'rc\_msg\_7\_%'}, the LIKE for a
 *       group text's {@code rc_msg_{id}_{caseId}} Notes: a trailing wildcard on the indexed external id) and, before
 *       the first {@link #bodyFormat}, the describe of the Note object (an sObject resource: it does not count
 *       toward the five query operations). {@link #findExisting} and {@link #bodyFormat} then answer from those
 *       answers without a call, each answer used once, and look up themselves whatever was not covered (the
 *       directory made no call, its call failed, a rider's answer was an error); such a call of its own fills its
 *       free query slots with keys still queued, so they too are known before their batch is written. At most
 *       {@value #AHEAD_CAP} keys are held queued or answered; older ones are forgotten and looked up again when
 *       asked.
 * </ul>
 *
 * <p>Answers from ahead are at most one chunk of texts old. A Note created by someone else in between is met as new:
 * {@link #create} upserts by external id, so Salesforce updates that Note instead of adding a second one
 * ({@code created: false} in the result, "Upsert Records Using sObject Collections":
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm),
 * and the run counts it as updated; that is the same race {@link #findExisting} and {@link #create} always had, only
 * longer. A Note deleted in between fails its field update with Salesforce's error for that record.
 *
 * <p>{@code UNABLE_TO_LOCK_ROW} records are retried alone. Throws {@link io.rcsync.core.port.out.ExternalSystemException}
 * when a whole call is refused (quota spent, authentication lost, service down).
 */
public final class SalesforceNoteSink implements NoteSink {
  /** External ids per {@link #findExisting} call from core; the sink splits them by URL length. */
  static final int LOOKUP_SIZE = 1_000;
  /**
   * External ids (and group prefixes) per statement looked up ahead: a quarter of a 10,000-text chunk, so a chunk's
   * lookups fit the free slots of its case lookup call; about 25 characters an id keeps the statement well under
   * SOQL's 100,000. When most of them exist (a re-run), the answer comes in two pages of up to 2,000 records, the
   * second read through {@code nextRecordsUrl} (one call).
   */
  static final int AHEAD_IDS = 2_500;
  /** Keys held queued, and keys held answered, ahead of {@link #findExisting}. */
  static final int AHEAD_CAP = 20_000;

  private final SalesforceHttp http;
  private final LitifySchema schema;
  private final CollectionsUpsert upsert;
  private final boolean ahead;
  /** This sink's side of the rides (null when it has no carrier). */
  private final Rider rider;
  private NoteBodyFormat bodyFormat;
  // ---- looked up ahead (guarded by this) ----
  /** External ids to look up in the next carrier call, and bare keys whose {@code _{caseId}} Notes are wanted too. */
  private final Set<String> queuedKeys = new java.util.LinkedHashSet<>();
  private final Set<String> queuedGroups = new java.util.LinkedHashSet<>();
  private boolean describeQueued;
  /** Keys whose answer is known (found or not), bare keys all of whose group Notes are known, and those found. */
  private final Set<String> coveredKeys = new java.util.LinkedHashSet<>();
  private final Set<String> coveredGroups = new java.util.LinkedHashSet<>();
  private final Map<String, StoredNote> foundAhead = new HashMap<>();

  public SalesforceNoteSink(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    this(new SalesforceHttp(config, auth, apiCalls));
  }

  SalesforceNoteSink(SalesforceHttp http) {
    this(http, null);
  }

  /** A sink whose {@link #expect expected} lookups ride in the composite calls of {@code riders}' carrier, if any. */
  SalesforceNoteSink(SalesforceHttp http, CompositeRiders riders) {
    this.http = http;
    this.schema = Objects.requireNonNull(http.config().schema());
    validate(schema);
    this.upsert = new CollectionsUpsert(http);
    this.ahead = riders != null && http.config().compositeQueries();
    this.rider = ahead ? new Rider() : null;
    if (ahead) {
      riders.register(rider);
    }
  }

  static void validate(LitifySchema s) {
    Soql.identifier(s.noteObject(), "noteObject");
    Soql.identifier(s.noteBodyField(), "noteBodyField");
    Soql.identifier(s.noteTopicField(), "noteTopicField");
    Soql.identifier(s.noteMatterField(), "noteMatterField");
    Soql.identifier(s.noteIntakeField(), "noteIntakeField");
    Soql.identifier(s.noteExternalIdField(), "noteExternalIdField");
    s.messageTimeField().ifPresent(f -> Soql.identifier(f, "messageTimeField"));
    s.counterpartyField().ifPresent(f -> Soql.identifier(f, "counterpartyField"));
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
          case COUNTERPARTY -> schema.counterpartyField().filter(c -> d.counterparty() != null)
              .ifPresent(c -> f.put(c, d.counterparty().digits()));
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
    Map<String, StoredNote> out = new HashMap<>();
    List<String> ids = fromAhead(new LinkedHashSet<>(externalIds), out);
    if (ids.isEmpty()) {
      return out;
    }
    String select = "SELECT " + String.join(", ", selectFields()) + " FROM " + schema.noteObject() + " WHERE "
        + schema.noteExternalIdField() + " IN (";
    // in a composite body only the SOQL limit binds a statement (see SalesforceCaseDirectory#inBody)
    int budget = http.config().compositeQueries() ? Integer.MAX_VALUE : http.config().maxUrlLength()
        - http.instanceUrlLength() - http.config().dataPath().length() - "/query?q=".length();
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
      // keys expected for later batches fill this call's free query slots (when no case lookup carried them)
      List<CompositeRiders.Ride> rides = rider == null ? List.of()
          : rider.take(SalesforceConfig.MAX_COMPOSITE_QUERIES - batch.size(), 0);
      if (batch.size() == 1 && rides.isEmpty() && fitsUrl(batch.get(0))) {
        read(http.get(queryPath(batch.get(0)), what), exact, what, out);
        continue;
      }
      for (JsonNode first : composite(batch, rides, what)) {
        read(first, exact, what, out);
      }
    }
    return out;
  }

  private String queryPath(String soql) {
    return http.config().dataPath() + "/query?q=" + Soql.encode(soql);
  }

  private boolean fitsUrl(String soql) {
    return http.instanceUrlLength() + queryPath(soql).length() <= http.config().maxUrlLength();
  }

  // ---- ahead of findExisting ------------------------------------------------------------------------------------

  /**
   * Queues the texts' keys ({@code rc_msg_{id}} or {@code smsmagic_{record Id}}; for RingCentral group texts also their
   * {@code rc_msg_{id}_} prefixes) and, before the body format is
   * known, the describe of the Note object, to ride in the case directory's next composite lookup call. Does nothing
   * when this sink has no carrier (built alone, or {@code compositeQueries(false)}).
   */
  @Override
  public void expect(Collection<MessageId> texts, Collection<MessageId> groupTexts) {
    if (!ahead) {
      return;
    }
    synchronized (this) {
      texts.forEach(m -> queuedKeys.add(m.externalId()));
      groupTexts.forEach(m -> {
        queuedKeys.add(m.externalId());
        // only a RingCentral text has further Notes rc_msg_{id}_{caseId}; an SMS-Magic record's one Note
        // smsmagic_{record Id} is looked up by its key, never by a LIKE
        if (m.mayBeGroupText()) {
          queuedGroups.add(m.externalId());
        }
      });
      trimOldest(queuedKeys, AHEAD_CAP);
      trimOldest(queuedGroups, AHEAD_CAP);
      describeQueued |= bodyFormat == null;
    }
  }

  /**
   * Moves into {@code out} the Notes looked up ahead among {@code ids}, each answer used once, and returns the ids no
   * answer covers (to look up now; they leave the queue).
   */
  private synchronized List<String> fromAhead(Set<String> ids, Map<String, StoredNote> out) {
    if (coveredKeys.isEmpty() && coveredGroups.isEmpty()) {
      queuedKeys.removeAll(ids);
      queuedGroups.removeAll(ids);
      return List.copyOf(ids);
    }
    List<String> uncovered = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (String id : ids) {
      if (coveredKeys.contains(id) || coveringGroup(id, coveredGroups) != null) {
        used.add(id);
        StoredNote n = foundAhead.remove(id);
        if (n != null) {
          out.put(id, n);
        }
      } else {
        uncovered.add(id);
      }
    }
    used.forEach(coveredKeys::remove);
    used.forEach(coveredGroups::remove); // a text's group Notes are asked for together with its bare key
    uncovered.forEach(queuedKeys::remove);
    uncovered.forEach(queuedGroups::remove);
    return uncovered;
  }

  /** The bare key of {@code groups} that {@code key} starts with followed by {@code _}, or null. */
  private static String coveringGroup(String key, Set<String> groups) {
    if (groups.isEmpty()) {
      return null;
    }
    // a group's key is rc_msg_{id}: its further Notes' keys have an underscore after the prefix's
    int from = TextSource.ofExternalId(key).map(src -> src.prefix().length()).orElse(key.length());
    for (int i = key.indexOf('_', from); i > 0; i = key.indexOf('_', i + 1)) {
      String bare = key.substring(0, i);
      if (groups.contains(bare)) {
        return bare;
      }
    }
    return null;
  }

  private static void trimOldest(Set<String> set, int cap) {
    Iterator<String> it = set.iterator();
    while (set.size() > cap && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** Forgets the oldest answers beyond the cap, with the Notes found under them. */
  private void trimAnswers() {
    Iterator<String> keys = coveredKeys.iterator();
    while (coveredKeys.size() > AHEAD_CAP && keys.hasNext()) {
      foundAhead.remove(keys.next());
      keys.remove();
    }
    if (coveredGroups.size() > AHEAD_CAP) {
      Set<String> dropped = new HashSet<>();
      Iterator<String> groups = coveredGroups.iterator();
      while (coveredGroups.size() > AHEAD_CAP && groups.hasNext()) {
        dropped.add(groups.next());
        groups.remove();
      }
      foundAhead.keySet().removeIf(k -> !coveredKeys.contains(k) && coveringGroup(k, coveredGroups) == null);
    }
  }

  /** The sink's side of {@link CompositeRiders}: its queued lookups and describe, and where their answers go. */
  private final class Rider implements CompositeRiders.Source {
    @Override
    public List<CompositeRiders.Ride> take(int querySlots, int otherSlots) {
      synchronized (SalesforceNoteSink.this) {
        List<CompositeRiders.Ride> out = new ArrayList<>();
        if (describeQueued && bodyFormat == null && otherSlots > 0) {
          describeQueued = false;
          out.add(new CompositeRiders.Ride(http.config().dataPath() + "/sobjects/" + schema.noteObject() + "/describe",
              false, this::described));
        }
        for (int slot = 0; slot < querySlots && !queuedKeys.isEmpty(); slot++) {
          out.add(statement());
        }
        return out;
      }
    }

    @Override
    public void reset() {
      synchronized (SalesforceNoteSink.this) {
        queuedKeys.clear();
        queuedGroups.clear();
        describeQueued = false;
        coveredKeys.clear();
        coveredGroups.clear();
        foundAhead.clear();
      }
    }

    /** One statement over the oldest queued keys, as many as {@value #AHEAD_IDS} and the SOQL limit allow. */
    private CompositeRiders.Ride statement() {
      String field = schema.noteExternalIdField();
      String select = "SELECT " + String.join(", ", selectFields()) + " FROM " + schema.noteObject() + " WHERE ";
      int room = http.config().maxSoqlLength() - select.length() - field.length() - " IN ()".length();
      Set<String> keys = new java.util.LinkedHashSet<>();
      Set<String> groups = new java.util.LinkedHashSet<>();
      List<String> likes = new ArrayList<>();
      int length = 0;
      for (Iterator<String> it = queuedKeys.iterator(); it.hasNext() && keys.size() < AHEAD_IDS; ) {
        String key = it.next();
        String literal = Soql.literal(key);
        String like = queuedGroups.contains(key) ? " OR " + field + " LIKE " + Soql.likePrefix(key + "_") : "";
        if (!keys.isEmpty() && length + literal.length() + 1 + like.length() > room) {
          break;
        }
        it.remove();
        keys.add(key);
        length += literal.length() + 1 + like.length();
        if (!like.isEmpty()) {
          queuedGroups.remove(key);
          groups.add(key);
          likes.add(like);
        }
      }
      String soql = select + field + " IN (" + String.join(",", keys.stream().map(Soql::literal).toList()) + ")"
          + String.join("", likes);
      return new CompositeRiders.Ride(queryPath(soql), true, r -> answered(keys, groups, r));
    }

    /** Keeps the Notes a ridden statement found, and marks its keys known; an error leaves them to findExisting. */
    private void answered(Set<String> keys, Set<String> groups, SalesforceHttp.Response r) {
      if (!r.ok()) {
        return;
      }
      Map<String, StoredNote> found = new HashMap<>();
      String what = "existing-Note lookup on " + schema.noteObject();
      try {
        JsonNode page = r.body();
        while (true) {
          for (JsonNode rec : page.path("records")) {
            String ext = rec.path(schema.noteExternalIdField()).asText("");
            if (keys.contains(ext) || coveringGroup(ext, groups) != null) {
              found.put(ext, stored(rec, ext));
            }
          }
          String next = page.path("nextRecordsUrl").asText("");
          if (page.path("done").asBoolean(true) || next.isEmpty()) {
            break;
          }
          page = http.get(next, what + " (next page)");
        }
      } catch (RuntimeException e) {
        // the keys stay uncovered: findExisting looks them up itself and meets the failure there, not the carrier
        return;
      }
      synchronized (SalesforceNoteSink.this) {
        coveredKeys.addAll(keys);
        coveredGroups.addAll(groups);
        foundAhead.putAll(found);
        trimAnswers();
      }
    }

    /** The body format from a ridden describe; an error leaves it to {@link #bodyFormat()}'s own describe. */
    private void described(SalesforceHttp.Response r) {
      NoteBodyFormat format;
      if (r.status() == 404) {
        format = NoteBodyFormat.PLAIN_TEXT;
      } else if (r.ok()) {
        format = formatOf(Optional.of(SalesforceDescribe.parse(r.body(), schema.noteObject())));
      } else {
        return;
      }
      synchronized (SalesforceNoteSink.this) {
        if (bodyFormat == null) {
          bodyFormat = format;
        }
      }
    }
  }

  /**
   * The statements, and rides of keys expected later, as query subrequests of one {@code POST /composite} call
   * ({@code {"allOrNone":false,"compositeRequest":[{"method":"GET","url":".../query?q=...","referenceId":"q0"},...]}},
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm);
   * each subresponse's {@code body} is the query's first page.
   *
   * @return the first page of each statement, in order
   * @throws io.rcsync.core.port.out.ExternalSystemException when the call, or any one statement, is refused: the
   *     lookup of the whole batch then fails as a refused {@code GET /query} does
   */
  private List<JsonNode> composite(List<String> statements, List<CompositeRiders.Ride> rides, String what) {
    com.fasterxml.jackson.databind.node.ObjectNode body =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.put("allOrNone", false);
    com.fasterxml.jackson.databind.node.ArrayNode requests = body.putArray("compositeRequest");
    for (int k = 0; k < statements.size(); k++) {
      requests.addObject().put("method", "GET").put("url", queryPath(statements.get(k))).put("referenceId", "q" + k);
    }
    for (int k = 0; k < rides.size(); k++) {
      requests.addObject().put("method", "GET").put("url", rides.get(k).url()).put("referenceId", "r" + k);
    }
    JsonNode answer = http.send("POST", http.config().dataPath() + "/composite", body,
        what + " (composite of " + (statements.size() + rides.size()) + " queries)");
    Map<String, JsonNode> byRef = new HashMap<>();
    for (JsonNode sub : answer.path("compositeResponse")) {
      byRef.put(sub.path("referenceId").asText(), sub);
    }
    for (int k = 0; k < rides.size(); k++) {
      JsonNode sub = byRef.get("r" + k);
      if (sub != null) { // else unanswered: those keys are looked up when asked for
        rides.get(k).answer().accept(
            new SalesforceHttp.Response(sub.path("httpStatusCode").asInt(500), sub.path("body"), ""));
      }
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
    schema.counterpartyField().ifPresent(f::add);
    return f;
  }

  private StoredNote stored(JsonNode r, String ext) {
    return new StoredNote(SalesforceId.of(r.path("Id").asText()), ext, text(r, "OwnerId").map(SalesforceId::of),
        text(r, schema.noteTopicField()).orElse(""), text(r, schema.noteBodyField()).orElse(""),
        text(r, schema.noteMatterField()).map(SalesforceId::of), text(r, schema.noteIntakeField()).map(SalesforceId::of),
        schema.messageTimeField().flatMap(t -> text(r, t)).map(SalesforceDates::parse),
        schema.messageTimeField().isPresent(),
        schema.counterpartyField().flatMap(c -> text(r, c)).flatMap(v -> PhoneNormalizer.normalize(v).asNumber()),
        schema.counterpartyField().isPresent());
  }

  private static Optional<String> text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  /**
   * Rich text when the describe of the Note object says the body field is a Rich Text Area, else plain; one describe
   * call (none when the describe rode in a lookup call, see {@link #expect}), then cached for this sink. A missing object or field reads as plain (the writes then fail with
   * Salesforce's own error for each record).
   */
  @Override
  public synchronized NoteBodyFormat bodyFormat() {
    if (bodyFormat == null) {
      bodyFormat = formatOf(new SalesforceDescribe(http).object(schema.noteObject()));
    }
    return bodyFormat;
  }

  private NoteBodyFormat formatOf(Optional<SalesforceDescribe.ObjectInfo> noteObject) {
    return noteObject.flatMap(o -> o.fields().entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(schema.noteBodyField())).map(Map.Entry::getValue).findFirst())
        .map(f -> f.richText() ? NoteBodyFormat.RICH_TEXT : NoteBodyFormat.PLAIN_TEXT)
        .orElse(NoteBodyFormat.PLAIN_TEXT);
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
    if (d.counterparty() != null) {
      schema.counterpartyField().ifPresent(c -> f.put(c, d.counterparty().digits()));
    }
    return new CollectionsUpsert.Row(d.externalId(), f);
  }

  @Override
  public String toString() {
    return "SalesforceNoteSink[" + schema.noteObject() + "." + schema.noteExternalIdField() + "]";
  }
}
