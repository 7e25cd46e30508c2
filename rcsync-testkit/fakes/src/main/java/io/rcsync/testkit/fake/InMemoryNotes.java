package io.rcsync.testkit.fake;

import io.rcsync.core.support.SalesforceDateTimes;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteField;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Litify Notes in memory, behaving like Salesforce does for rcsync: one store behind both {@link NoteSink} and
 * {@link NoteStore}.
 *
 * <ul>
 *   <li>Upsert by external id: the first write is CREATED with a fresh 18-character {@code a0X…} id, later ones
 *       UPDATED. Each record is validated like Salesforce would: its Matter/Intake lookup must name a known
 *       record of that kind ({@code INVALID_CROSS_REFERENCE_KEY}) and its owner a known user
 *       ({@code INVALID_FIELD}); a bad record fails alone (allOrNone=false).
 *   <li>Fields are stored under the {@link LitifySchema} API names plus {@code OwnerId}; the message time
 *       field, when configured, holds Salesforce's datetime text ({@code 2026-04-01T12:00:00.000+0000}); the
 *       counterparty field, when configured, the draft's 10 digits ({@code 5028138900}).
 *   <li>{@link #find} returns only Notes whose external id carries the prefix of a source the query asks for
 *       ({@code rc_msg_} by default, {@code smsmagic_} when asked; case-sensitive, as {@code TextSource#owns}).
 *   <li>{@link #delete} deletes only Notes keyed by either prefix (the same guard as the Salesforce store); any other
 *       Note fails for itself with {@value #NOT_WRITTEN_BY_RCSYNC}.
 *   <li>{@link #findExisting} by exact external id, {@link #create} as an upsert, {@link #update} of only the named
 *       fields by record id; every write sets the Note's {@link #lastModifiedDate} (a Note not written keeps it).
 *   <li>The body field's type is plain text unless {@link #bodyFormat(NoteBodyFormat)} says rich text.
 *   <li>Failures can be injected per record ({@link #failRecord}) or for whole calls
 *       ({@link #failAfterCalls}), and every call counts one {@link ApiCalls#SALESFORCE} request.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class InMemoryNotes implements NoteSink, NoteStore {
  public static final String OWNER_FIELD = "OwnerId";
  /** The error code of a delete refused because the Note's external id is no rcsync key. */
  public static final String NOT_WRITTEN_BY_RCSYNC = "NOT_WRITTEN_BY_RCSYNC";


  private final LitifySchema schema;
  private final Clock clock;
  private final ApiCalls apiCalls;
  private final SalesforceIds ids;

  private final Map<String, CaseKind> cases = new HashMap<>();
  private final Set<String> users = new HashSet<>();
  /** Every Note by Salesforce id (15-char form), in insertion order. */
  private final Map<String, NoteRecord> notes = new LinkedHashMap<>();
  /** Salesforce id (15-char form) by external id. */
  private final Map<String, String> byExternalId = new HashMap<>();
  private final Set<String> deleted = new HashSet<>();
  private final Map<String, Injected> injected = new HashMap<>();
  private final List<String> callLog = new ArrayList<>();
  private final List<Integer> upsertBatchSizes = new ArrayList<>();
  private int upsertCalls;
  private int updateCalls;
  private int findExistingCalls;
  private int lookupSize = 1000;
  private NoteBodyFormat bodyFormat = NoteBodyFormat.PLAIN_TEXT;
  /** LastModifiedDate by Salesforce id (15-char form): set on create and on every update. */
  private final Map<String, Instant> lastModified = new HashMap<>();
  private int findCalls;
  private int deleteCalls;
  private int restoreCalls;
  private long failAfterCalls = -1;
  private ExternalSystemException.Kind failureKind = ExternalSystemException.Kind.QUOTA_EXCEEDED;

  private static final class Injected {
    final String code;
    final String message;
    int remaining;

    Injected(String code, String message, int remaining) {
      this.code = code;
      this.message = message;
      this.remaining = remaining;
    }
  }

  public InMemoryNotes() {
    this(LitifySchema.defaults(), Clock.systemUTC(), new ApiCalls());
  }

  public InMemoryNotes(LitifySchema schema, Clock clock, ApiCalls apiCalls) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
    this.ids = SalesforceIds.notes();
  }

  // ---- setup -----------------------------------------------------------------------------------------

  public synchronized InMemoryNotes knowCases(Collection<CaseRecord> records) {
    for (CaseRecord r : records) {
      cases.put(r.id().shortForm(), r.kind());
    }
    return this;
  }

  public synchronized InMemoryNotes knowCase(SalesforceId id, CaseKind kind) {
    cases.put(id.shortForm(), kind);
    return this;
  }

  public synchronized InMemoryNotes knowUsers(Collection<SalesforceId> userIds) {
    for (SalesforceId u : userIds) {
      users.add(u.shortForm());
    }
    return this;
  }

  public synchronized InMemoryNotes knowUser(SalesforceId userId) {
    users.add(userId.shortForm());
    return this;
  }

  /**
   * Makes every write or delete of the record with this external id (or Salesforce id) fail with the given
   * Salesforce status code, e.g. {@code FIELD_CUSTOM_VALIDATION_EXCEPTION}.
   */
  public InMemoryNotes failRecord(String externalIdOrId, String code) {
    return failRecord(externalIdOrId, code, "injected failure", Integer.MAX_VALUE);
  }

  /** As {@link #failRecord(String, String)}, for the next {@code times} attempts only (e.g. UNABLE_TO_LOCK_ROW). */
  public synchronized InMemoryNotes failRecord(String externalIdOrId, String code, String message, int times) {
    injected.put(externalIdOrId, new Injected(code, message, times));
    return this;
  }

  public synchronized InMemoryNotes clearRecordFailures() {
    injected.clear();
    return this;
  }

  /**
   * After {@code calls} more calls (of any kind) succeed, every call throws an {@link ExternalSystemException}
   * of kind QUOTA_EXCEEDED, as Salesforce does once the org's daily request limit is spent.
   */
  public InMemoryNotes failAfterCalls(int calls) {
    return failAfterCalls(calls, ExternalSystemException.Kind.QUOTA_EXCEEDED);
  }

  public synchronized InMemoryNotes failAfterCalls(int calls, ExternalSystemException.Kind kind) {
    this.failAfterCalls = totalCalls() + calls;
    this.failureKind = Objects.requireNonNull(kind);
    return this;
  }

  public synchronized InMemoryNotes stopFailing() {
    this.failAfterCalls = -1;
    return this;
  }

  /**
   * Puts a Note into the org that rcsync did not write (another tool's, or a user's), bypassing validation and
   * call counting. Returns its id.
   */
  public synchronized SalesforceId insertForeign(String externalIdOrNull, SalesforceId owner, String body) {
    SalesforceId id = ids.next();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(schema.noteExternalIdField(), externalIdOrNull);
    fields.put(OWNER_FIELD, owner == null ? null : owner.value());
    fields.put(schema.noteBodyField(), body);
    String external = externalIdOrNull == null ? "" : externalIdOrNull;
    NoteRecord r = new NoteRecord(id, external, Optional.ofNullable(owner), now(), Optional.empty(), fields);
    notes.put(id.shortForm(), r);
    if (externalIdOrNull != null) {
      byExternalId.put(externalIdOrNull, id.shortForm());
    }
    return id;
  }

  /**
   * Gives a stored Note another owner, as staff do in Salesforce (OwnerId is theirs: rcsync never rewrites it),
   * bypassing validation and call counting. The owner need not be a known user or in any wave.
   *
   * @throws IllegalArgumentException when no Note has this external id
   */
  public synchronized InMemoryNotes reassign(String externalId, SalesforceId newOwner) {
    Objects.requireNonNull(newOwner, "newOwner");
    String key = byExternalId.get(externalId);
    NoteRecord r = key == null ? null : notes.get(key);
    if (r == null) {
      throw new IllegalArgumentException("no Note with external id " + externalId + " to reassign");
    }
    Map<String, Object> fields = new LinkedHashMap<>(r.fields());
    fields.put(OWNER_FIELD, newOwner.value());
    notes.put(key, new NoteRecord(r.id(), r.externalId(), Optional.of(newOwner), r.createdDate(), r.messageTime(), fields));
    lastModified.put(key, now());
    return this;
  }

  /**
   * Sets a stored Note's counterparty field to {@code value} (null empties it), as a Note written before the field was
   * configured, or edited by staff, holds it; bypasses validation and call counting.
   *
   * @throws IllegalArgumentException when no Note has this external id or the schema has no counterparty field
   */
  public synchronized InMemoryNotes setCounterparty(String externalId, String value) {
    String field = schema.counterpartyField().orElseThrow(() -> new IllegalArgumentException(
        "this org's schema has no counterparty field: build it with LitifySchema#withCounterpartyField"));
    String key = byExternalId.get(externalId);
    NoteRecord r = key == null ? null : notes.get(key);
    if (r == null) {
      throw new IllegalArgumentException("no Note with external id " + externalId);
    }
    Map<String, Object> fields = new LinkedHashMap<>(r.fields());
    fields.put(field, value);
    notes.put(key, new NoteRecord(r.id(), r.externalId(), r.owner(), r.createdDate(), r.messageTime(), fields));
    lastModified.put(key, now());
    return this;
  }

  /**
   * Points a stored Note's Matter lookup at another Matter, as staff do in Salesforce when a text was filed on the
   * wrong Matter (after creation the case link is theirs unless {@code --relink}), bypassing validation and call
   * counting.
   *
   * @throws IllegalArgumentException when no Note has this external id
   */
  public synchronized InMemoryNotes moveToMatter(String externalId, SalesforceId matter) {
    Objects.requireNonNull(matter, "matter");
    String key = byExternalId.get(externalId);
    NoteRecord r = key == null ? null : notes.get(key);
    if (r == null) {
      throw new IllegalArgumentException("no Note with external id " + externalId + " to move");
    }
    Map<String, Object> fields = new LinkedHashMap<>(r.fields());
    fields.put(schema.noteMatterField(), matter.value());
    notes.put(key, new NoteRecord(r.id(), r.externalId(), r.owner(), r.createdDate(), r.messageTime(), fields));
    lastModified.put(key, now());
    return this;
  }

  // ---- NoteSink --------------------------------------------------------------------------------------

  /** Salesforce sObject Collections accept up to 200 records a request, for upsert and delete alike. */
  @Override
  public int maxBatchSize() {
    return 200;
  }

  @Override
  public synchronized List<WriteOutcome> upsert(List<NoteDraft> drafts) {
    requireBatch(drafts.size(), "upsert");
    upsertCalls++;
    upsertBatchSizes.add(drafts.size());
    call("upsert");
    List<WriteOutcome> out = new ArrayList<>(drafts.size());
    Set<String> inBatch = new HashSet<>();
    for (NoteDraft d : drafts) {
      String ext = d.externalId();
      if (!inBatch.add(ext)) {
        out.add(WriteOutcome.failed(ext, "DUPLICATE_EXTERNAL_ID",
            "External id " + ext + " appears more than once in this request", List.of(schema.noteExternalIdField())));
        continue;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put(schema.noteExternalIdField(), ext);
      fields.put(OWNER_FIELD, d.owner().value());
      fields.put(schema.noteTopicField(), d.topic());
      fields.put(schema.noteBodyField(), d.body());
      fields.put(schema.noteMatterField(), d.matter().map(SalesforceId::value).orElse(null));
      fields.put(schema.noteIntakeField(), d.intake().map(SalesforceId::value).orElse(null));
      schema.messageTimeField().ifPresent(f -> fields.put(f, formatDateTime(d.messageTime())));
      if (d.counterparty() != null) {
        schema.counterpartyField().ifPresent(f -> fields.put(f, d.counterparty().digits()));
      }
      out.add(write(ext, Optional.of(d.owner()), fields, Optional.of(d.messageTime())));
    }
    return out;
  }

  /** Ids per {@link #findExisting} call: what fits one SOQL GET of external ids on a real org (URL-bound). */
  @Override
  public synchronized int maxLookupSize() {
    return lookupSize;
  }

  /** Sets {@link #maxLookupSize()} (default 1,000), e.g. to make a sync write in smaller batches. */
  public synchronized InMemoryNotes lookupSize(int ids) {
    if (ids < 1) {
      throw new IllegalArgumentException("lookupSize must be at least 1, was " + ids);
    }
    this.lookupSize = ids;
    return this;
  }

  /** True: Notes are found by external id and updated field by field, as Salesforce does. */
  @Override
  public boolean findsExisting() {
    return true;
  }

  @Override
  public synchronized Map<String, StoredNote> findExisting(List<String> externalIds) {
    findExistingCalls++;
    call("findExisting");
    Map<String, StoredNote> out = new HashMap<>();
    for (String ext : externalIds) {
      String key = byExternalId.get(ext);
      NoteRecord r = key == null ? null : notes.get(key);
      if (r != null && r.externalId().equals(ext)) {
        out.put(ext, new StoredNote(r.id(), ext, r.owner(), str(r.fields().get(schema.noteTopicField())),
            str(r.fields().get(schema.noteBodyField())), id(r.fields().get(schema.noteMatterField())),
            id(r.fields().get(schema.noteIntakeField())), r.messageTime(), schema.messageTimeField().isPresent(),
            r.counterparty(schema), schema.counterpartyField().isPresent()));
      }
    }
    return out;
  }

  private static String str(Object v) {
    return v == null ? null : v.toString();
  }

  private static Optional<SalesforceId> id(Object v) {
    return v == null ? Optional.empty() : Optional.of(SalesforceId.of(v.toString()));
  }

  /** As Salesforce's collections upsert (one call, counted in {@link #upsertCalls()}). */
  @Override
  public List<WriteOutcome> create(List<NoteDraft> drafts) {
    return upsert(drafts);
  }

  /** As sObject Collections update by id: only the named fields change; one call per invocation. */
  @Override
  public synchronized List<WriteOutcome> update(List<NoteUpdate> updates) {
    requireBatch(updates.size(), "update");
    updateCalls++;
    call("update");
    List<WriteOutcome> out = new ArrayList<>(updates.size());
    for (NoteUpdate u : updates) {
      String ext = u.externalId();
      NoteRecord existing = notes.get(u.id().shortForm());
      if (existing == null) {
        out.add(deleted.contains(u.id().shortForm())
            ? WriteOutcome.failed(ext, "ENTITY_IS_DELETED", "entity is deleted", List.of())
            : WriteOutcome.failed(ext, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of()));
        continue;
      }
      Injected inj = takeInjected(ext, existing.id().value());
      if (inj != null) {
        out.add(WriteOutcome.failed(ext, inj.code, inj.message, List.of()));
        continue;
      }
      NoteDraft d = u.draft();
      Map<String, Object> fields = new LinkedHashMap<>(existing.fields());
      Optional<SalesforceId> owner = existing.owner();
      Optional<Instant> messageTime = existing.messageTime();
      for (NoteField f : u.fields()) {
        switch (f) {
          case OWNER -> {
            owner = Optional.of(d.owner());
            fields.put(OWNER_FIELD, d.owner().value());
          }
          case TOPIC -> fields.put(schema.noteTopicField(), d.topic());
          case BODY -> fields.put(schema.noteBodyField(), d.body());
          case MESSAGE_TIME -> {
            if (schema.messageTimeField().isPresent()) {
              fields.put(schema.messageTimeField().get(), formatDateTime(d.messageTime()));
              messageTime = Optional.of(d.messageTime().truncatedTo(ChronoUnit.SECONDS));
            }
          }
          case COUNTERPARTY -> {
            if (d.counterparty() != null) {
              schema.counterpartyField().ifPresent(c -> fields.put(c, d.counterparty().digits()));
            }
          }
          case CASE_LINK -> {
            fields.put(schema.noteMatterField(), d.matter().map(SalesforceId::value).orElse(null));
            fields.put(schema.noteIntakeField(), d.intake().map(SalesforceId::value).orElse(null));
          }
        }
      }
      WriteOutcome invalid = validate(ext, owner, fields);
      if (invalid != null) {
        out.add(invalid);
        continue;
      }
      notes.put(existing.id().shortForm(), new NoteRecord(existing.id(), existing.externalId(), owner,
          existing.createdDate(), messageTime, fields));
      lastModified.put(existing.id().shortForm(), now());
      out.add(WriteOutcome.updated(ext, existing.id()));
    }
    return out;
  }

  @Override
  public synchronized NoteBodyFormat bodyFormat() {
    return bodyFormat;
  }

  /** Makes the body field a Rich Text Area ({@link NoteBodyFormat#RICH_TEXT}) or plain Long Text. */
  public synchronized InMemoryNotes bodyFormat(NoteBodyFormat format) {
    this.bodyFormat = Objects.requireNonNull(format);
    return this;
  }

  // ---- NoteStore -------------------------------------------------------------------------------------

  @Override
  public synchronized List<NoteRecord> find(Query query) {
    findCalls++;
    call("find");
    return notes.values().stream()
        .filter(r -> query.asksFor(r.externalId()))
        .filter(r -> query.owners().isEmpty()
            || r.owner().filter(o -> query.owners().stream().anyMatch(o::sameRecord)).isPresent())
        // a message's Notes: rc_msg_{id} and a group text's further rc_msg_{id}_{caseId}; smsmagic_{record Id}
        .filter(r -> query.messageId().map(m -> MessageId.ofNoteKey(r.externalId()).equals(Optional.of(m))).orElse(true))
        .filter(r -> inRange(r, query.since(), query.until()))
        .filter(r -> query.onRecord().map(c -> id(r.fields().get(schema.noteMatterField())).map(c::sameRecord).orElse(false)
            || id(r.fields().get(schema.noteIntakeField())).map(c::sameRecord).orElse(false)).orElse(true))
        .filter(r -> query.parties().map(p -> ofParties(r, p)).orElse(true))
        .sorted(Comparator.comparing(NoteRecord::effectiveTime).thenComparing(r -> r.id().value()))
        .toList();
  }

  /**
   * A {@link Query.Parties} filter as Salesforce applies it: Matter lookup in the matters, Intake lookup in the
   * intakes, or (with a counterparty field) the stored number in the counterparties. Numbers are compared normalized
   * here, in whatever form they are stored; Salesforce compares the two forms it is given.
   */
  private boolean ofParties(NoteRecord r, Query.Parties p) {
    if (id(r.fields().get(schema.noteMatterField())).filter(m -> p.matters().stream().anyMatch(m::sameRecord)).isPresent()
        || id(r.fields().get(schema.noteIntakeField())).filter(i -> p.intakes().stream().anyMatch(i::sameRecord)).isPresent()) {
      return true;
    }
    return r.counterparty(schema).filter(p.counterparties()::contains).isPresent();
  }

  /**
   * As Salesforce's one aggregate query answers it (one call, logged "span"): the earliest and latest message time of
   * the {@code rc_msg_} Notes when the schema has a message time field (Notes without one are ignored, as MIN/MAX
   * ignore nulls), else of their CreatedDate; {@link Span#NONE} when there is none.
   */
  @Override
  public synchronized Span rcNoteSpan() {
    call("span");
    List<Instant> times = notes.values().stream()
        .filter(r -> TextSource.RINGCENTRAL.owns(r.externalId()))
        .map(r -> schema.messageTimeField().isPresent() ? r.messageTime() : Optional.of(r.createdDate()))
        .flatMap(Optional::stream)
        .sorted()
        .toList();
    return times.isEmpty() ? Span.NONE : Span.of(times.get(0), times.get(times.size() - 1));
  }

  private boolean inRange(NoteRecord r, Optional<Instant> since, Optional<Instant> until) {
    if (since.isEmpty() && until.isEmpty()) {
      return true;
    }
    // SOQL compares the message time field when one is configured (a null value never matches), else CreatedDate
    Optional<Instant> t = schema.messageTimeField().isPresent() ? r.messageTime() : Optional.of(r.createdDate());
    if (t.isEmpty()) {
      return false;
    }
    return since.map(s -> !t.get().isBefore(s)).orElse(true) && until.map(u -> t.get().isBefore(u)).orElse(true);
  }

  @Override
  public synchronized List<DeleteOutcome> delete(List<SalesforceId> idsToDelete) {
    requireBatch(idsToDelete.size(), "delete");
    deleteCalls++;
    call("delete");
    List<DeleteOutcome> out = new ArrayList<>(idsToDelete.size());
    for (SalesforceId id : idsToDelete) {
      String key = id.shortForm();
      NoteRecord r = notes.get(key);
      if (r == null) {
        out.add(deleted.contains(key)
            ? DeleteOutcome.failed(id, "ENTITY_IS_DELETED", "entity is deleted")
            : DeleteOutcome.failed(id, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"));
        continue;
      }
      if (!r.writtenByRcsync()) {
        out.add(DeleteOutcome.failed(id, NOT_WRITTEN_BY_RCSYNC, "not deleted: its external id '" + r.externalId()
            + "' does not start with " + TextSource.allPrefixes() + ", so rcsync did not write it"));
        continue;
      }
      Injected inj = takeInjected(r.externalId(), r.id().value());
      if (inj != null) {
        out.add(DeleteOutcome.failed(id, inj.code, inj.message));
        continue;
      }
      notes.remove(key);
      if (!r.externalId().isEmpty()) {
        byExternalId.remove(r.externalId());
      }
      deleted.add(key);
      out.add(DeleteOutcome.ok(r.id()));
    }
    return out;
  }

  @Override
  public synchronized List<WriteOutcome> restore(List<NoteRecord> records) {
    requireBatch(records.size(), "restore");
    restoreCalls++;
    call("restore");
    List<WriteOutcome> out = new ArrayList<>(records.size());
    for (NoteRecord r : records) {
      Map<String, Object> fields = new LinkedHashMap<>(r.fields());
      fields.put(schema.noteExternalIdField(), r.externalId());
      Optional<SalesforceId> owner = r.owner();
      if (owner.isEmpty() && fields.get(OWNER_FIELD) instanceof String s) {
        owner = Optional.of(SalesforceId.of(s));
      }
      owner.ifPresent(o -> fields.put(OWNER_FIELD, o.value()));
      Optional<Instant> messageTime = schema.messageTimeField()
          .map(fields::get)
          .flatMap(InMemoryNotes::parseDateTime)
          .or(r::messageTime);
      out.add(write(r.externalId(), owner, fields, messageTime));
    }
    return out;
  }

  // ---- shared ----------------------------------------------------------------------------------------

  private WriteOutcome write(String ext, Optional<SalesforceId> owner, Map<String, Object> fields, Optional<Instant> messageTime) {
    Injected inj = takeInjected(ext, null);
    if (inj != null) {
      return WriteOutcome.failed(ext, inj.code, inj.message, List.of());
    }
    WriteOutcome invalid = validate(ext, owner, fields);
    if (invalid != null) {
      return invalid;
    }
    String existingKey = byExternalId.get(ext);
    NoteRecord existing = existingKey == null ? null : notes.get(existingKey);
    if (existing != null) {
      Injected byId = takeInjected(null, existing.id().value());
      if (byId != null) {
        return WriteOutcome.failed(ext, byId.code, byId.message, List.of());
      }
      NoteRecord updated = new NoteRecord(existing.id(), ext, owner, existing.createdDate(),
          schema.messageTimeField().isPresent() ? messageTime : Optional.empty(), fields);
      notes.put(existingKey, updated);
      lastModified.put(existingKey, now());
      return WriteOutcome.updated(ext, existing.id());
    }
    SalesforceId id = ids.next();
    NoteRecord created = new NoteRecord(id, ext, owner, now(),
        schema.messageTimeField().isPresent() ? messageTime : Optional.empty(), fields);
    notes.put(id.shortForm(), created);
    lastModified.put(id.shortForm(), created.createdDate());
    byExternalId.put(ext, id.shortForm());
    return WriteOutcome.created(ext, id);
  }

  private WriteOutcome validate(String ext, Optional<SalesforceId> owner, Map<String, Object> fields) {
    WriteOutcome bad = checkLookup(ext, fields, schema.noteMatterField(), CaseKind.MATTER);
    if (bad == null) {
      bad = checkLookup(ext, fields, schema.noteIntakeField(), CaseKind.INTAKE);
    }
    if (bad != null) {
      return bad;
    }
    if (owner.isEmpty() || !users.contains(owner.get().shortForm())) {
      return WriteOutcome.failed(ext, "INVALID_FIELD",
          "OwnerId: " + owner.map(SalesforceId::value).orElse("(none)") + " is not an active user",
          List.of(OWNER_FIELD));
    }
    return null;
  }

  private WriteOutcome checkLookup(String ext, Map<String, Object> fields, String field, CaseKind kind) {
    Object v = fields.get(field);
    if (v == null) {
      return null;
    }
    String s = v.toString();
    boolean ok;
    try {
      ok = kind == cases.get(SalesforceId.of(s).shortForm());
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    return ok ? null : WriteOutcome.failed(ext, "INVALID_CROSS_REFERENCE_KEY",
        "invalid cross reference id: " + field + " = " + s, List.of(field));
  }

  private Injected takeInjected(String ext, String id) {
    Injected inj = ext == null ? null : injected.get(ext);
    if (inj == null && id != null) {
      inj = injected.get(id);
    }
    if (inj == null || inj.remaining <= 0) {
      return null;
    }
    if (inj.remaining != Integer.MAX_VALUE) {
      inj.remaining--;
    }
    return inj;
  }

  private void call(String what) {
    apiCalls.increment(ApiCalls.SALESFORCE);
    callLog.add(what);
    if (failAfterCalls >= 0 && callLog.size() > failAfterCalls) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, failureKind,
          failureKind == ExternalSystemException.Kind.QUOTA_EXCEEDED
              ? "Salesforce REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded (injected by InMemoryNotes)"
              : "Salesforce " + what + " failed (" + failureKind + ", injected by InMemoryNotes)");
    }
  }

  private void requireBatch(int size, String what) {
    if (size > maxBatchSize()) {
      throw new IllegalArgumentException(
          what + " of " + size + " records exceeds the sObject Collections limit of " + maxBatchSize());
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** {@code t} as Salesforce writes a dateTime (core's {@link SalesforceDateTimes#format}). */
  public static String formatDateTime(Instant t) {
    return SalesforceDateTimes.format(t);
  }

  static Optional<Instant> parseDateTime(Object value) {
    return value instanceof String s ? SalesforceDateTimes.parse(s) : Optional.empty();
  }

  // ---- inspection ------------------------------------------------------------------------------------

  /** Every Note in the org, rcsync's and foreign ones. */
  public synchronized List<NoteRecord> all() {
    return List.copyOf(notes.values());
  }

  /** Notes rcsync wrote (external id {@code rc_msg_…} or {@code smsmagic_…}). */
  public synchronized List<NoteRecord> rcsyncNotes() {
    return notes.values().stream().filter(NoteRecord::writtenByRcsync).toList();
  }

  public synchronized Optional<NoteRecord> byExternalId(String externalId) {
    String key = byExternalId.get(externalId);
    return key == null ? Optional.empty() : Optional.ofNullable(notes.get(key));
  }

  public Optional<NoteRecord> forMessage(MessageId id) {
    return byExternalId(id.externalId());
  }

  public synchronized int size() {
    return notes.size();
  }

  /** Upsert calls made, including one that threw (each was a request to Salesforce). */
  public synchronized int upsertCalls() {
    return upsertCalls;
  }

  public synchronized List<Integer> upsertBatchSizes() {
    return List.copyOf(upsertBatchSizes);
  }

  /** sObject Collections update calls ({@link #update}). */
  public synchronized int updateCalls() {
    return updateCalls;
  }

  public synchronized int findExistingCalls() {
    return findExistingCalls;
  }

  /** When the Note with this external id was last written (created, upserted or updated); empty when none. */
  public synchronized Optional<Instant> lastModifiedDate(String externalId) {
    String key = byExternalId.get(externalId);
    return key == null ? Optional.empty() : Optional.ofNullable(lastModified.get(key));
  }

  public synchronized int findCalls() {
    return findCalls;
  }

  public synchronized int deleteCalls() {
    return deleteCalls;
  }

  public synchronized int restoreCalls() {
    return restoreCalls;
  }

  public synchronized int totalCalls() {
    return callLog.size();
  }

  /** Every call in order: "upsert", "findExisting", "update", "find", "span" ({@link #rcNoteSpan}), "delete", "restore". */
  public synchronized List<String> callLog() {
    return List.copyOf(callLog);
  }

  public LitifySchema schema() {
    return schema;
  }
}
