package io.rcsync.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.support.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link FileStore} on Salesforce Files.
 *
 * <p><b>Calls for N new files</b>: {@link #uploadAll} {@code ceil(N/200)} (more when 200 files exceed 500 MB; the
 * caller's batches are smaller: see {@code UploadBatcher}), or {@link #upload} N (one each, streamed),
 * {@link #share} {@code ceil(N/200) + 1}; lookups {@link #findByKeys} and {@link #findByNotes} 2 per URL-budget
 * batch of Notes (the files, then their links), {@link #storedKeys} 1 (no links).
 *
 * <p><b>Upload</b> (1 API call a file): one multipart {@code POST /sobjects/ContentVersion} (an {@code entity_content}
 * JSON part and the {@code VersionData} bytes, streamed from the source, never held whole), with
 * {@code FirstPublishLocationId} = the Note, so Salesforce creates the ContentDocument and links it to the Note. The
 * create answers the version's id only, so the returned {@link StoredFile} has no ContentDocumentId yet (null):
 * {@link #share} resolves it. Multipart rather than JSON base64: multipart carries up to 2 GB per ContentVersion, JSON
 * only 37.5 MB of base64 and needs the whole file in memory
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_insert_update_blob.htm).
 * An upload is sent once, never retried (the stream cannot be read twice): a failure is that file's outcome and the
 * next run uploads it (its key is not found).
 *
 * <p><b>Share</b> (a batch of files to their Matters/Intakes): one query for the ContentDocumentIds of the versions
 * that lack one (more only when the ids overflow the URL budget), then one sObject Collections create of
 * {@code ContentDocumentLink} (ShareType V, Visibility {@link SalesforceConfig#fileVisibility()}, InternalUsers
 * unless {@code attachments.visibility} widens it) per 200 links, {@code allOrNone=false}; a link
 * Salesforce refuses as {@value #ALREADY_LINKED} already exists and counts as linked.
 *
 * <p><b>The key</b> ({@code rc_att_{messageId}_{attachmentId}}) is written to {@code ContentVersion.ExternalDocumentInfo1}:
 * a string(1000) that is createable, updateable and <em>filterable</em> (Object Reference, ContentVersion), so
 * {@code WHERE ExternalDocumentInfo1 IN (...)} finds rcsync's files; users do not see or edit it in Lightning.
 * Rejected alternatives: {@code Description} is a textarea (not filterable); {@code Title} is what users rename;
 * {@code PathOnClient} sets the file's type from its extension and is the file name users see on download;
 * {@code ReasonForChange} is meant for a new version's comment. A custom field cannot be assumed in a Litify org.
 *
 * <p><b>Lookups</b> go through the Notes, never by key over the whole org ({@code ExternalDocumentInfo1} has no
 * index): {@code ContentVersion WHERE ContentDocumentId IN (SELECT ContentDocumentId FROM ContentDocumentLink WHERE
 * LinkedEntityId IN (:noteIds))}, every version (the key may be on an older one), keys matched in Java, one file per
 * ContentDocument; then, when the links are wanted, {@code ContentDocumentLink WHERE ContentDocumentId IN (...)}.
 * Links to users (key prefix 005, the owner's own link) are left out of {@link StoredFile#linkedTo()}. Title and
 * PathOnClient are shortened to their field lengths keeping the extension.
 *
 * <p><b>Delete</b>: ContentDocuments (every version and link goes with them), 200 per sObject Collections DELETE,
 * only those of which any version carries an rcsync key; others come back as failed outcomes.
 */
public final class SalesforceFileStore implements FileStore {
  /** The ContentVersion field holding rcsync's key (see the class comment for why this one). */
  public static final String KEY_FIELD = "ExternalDocumentInfo1";
  /** Every key rcsync writes starts with this. */
  public static final String KEY_PREFIX = io.rcsync.core.domain.FileKey.PREFIX;
  /**
   * The error code Salesforce gives a {@code ContentDocumentLink} insert whose document is already linked with the
   * record ("Document with ID ... is already linked with the entity with ID ...: [LinkedEntityId]"); {@link #share}
   * counts it as linked. Salesforce's error-code list names DUPLICATE_VALUE but does not document this message;
   * it is the one reported for a file uploaded to a record and then linked to it again
   * (https://crsinfosolutions.com/fix-contentdocumentlink-duplicate-error).
   */
  public static final String ALREADY_LINKED = "DUPLICATE_VALUE";
  /** Outcome code for a delete refused because the document is not one rcsync uploaded. */
  public static final String NOT_RCSYNC_FILE = "NOT_AN_RCSYNC_FILE";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION_FIELDS = "Id, ContentDocumentId, ContentSize, PathOnClient, " + KEY_FIELD;
  private static final int IDS_PER_QUERY = 200;

  private final SalesforceHttp http;

  SalesforceFileStore(SalesforceHttp http) {
    this.http = http;
  }

  /** The largest file this store uploads, in bytes ({@link SalesforceConfig#maxFileBytes()}). */
  public long maxFileBytes() {
    return http.config().maxFileBytes();
  }

  // ---- find ----------------------------------------------------------------------------------------

  @Override
  public Map<String, StoredFile> findByKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
    Map<String, JsonNode> versions = keyedVersions(keys, noteIds, "lookup of files by key");
    Map<String, List<SalesforceId>> links = linksOf(versions.values());
    Map<String, StoredFile> out = new LinkedHashMap<>();
    versions.forEach((key, v) -> out.put(key, stored(v, links)));
    return out;
  }

  /** One query per batch of Notes (the versions of the documents linked to them); no link lookup. */
  @Override
  public Set<String> storedKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
    return Set.copyOf(keyedVersions(keys, noteIds, "check of files by key").keySet());
  }

  @Override
  public List<StoredFile> findByNotes(Collection<SalesforceId> noteIds) {
    Map<String, JsonNode> byDocument = new LinkedHashMap<>();
    for (JsonNode v : versionsOnNotes(noteIds, "lookup of the Notes' files")) {
      if (v.path(KEY_FIELD).asText("").startsWith(KEY_PREFIX)) {
        byDocument.putIfAbsent(documentOf(v), v);
      }
    }
    Map<String, List<SalesforceId>> links = linksOf(byDocument.values());
    return byDocument.values().stream().map(v -> stored(v, links)).toList();
  }

  /**
   * The version carrying each wanted key, found through the Notes (see {@link #versionsOnNotes}); a key carried
   * by versions of several documents (a double upload) gives the first document's.
   */
  private Map<String, JsonNode> keyedVersions(Collection<String> keys, Collection<SalesforceId> noteIds, String what) {
    Set<String> wanted = new LinkedHashSet<>(keys);
    Map<String, JsonNode> found = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return found;
    }
    for (JsonNode v : versionsOnNotes(noteIds, what)) {
      String key = v.path(KEY_FIELD).asText("");
      if (wanted.contains(key)) {
        found.putIfAbsent(key, v);
      }
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String key : wanted) {
      if (found.containsKey(key)) {
        out.put(key, found.get(key));
      }
    }
    return out;
  }

  /**
   * Every version (not only the latest: staff may upload a new version that lacks rcsync's key, and the key stays on
   * the version rcsync uploaded) of every document linked to these Notes, one query per batch of Notes:
   * {@code SELECT ... FROM ContentVersion WHERE ContentDocumentId IN (SELECT ContentDocumentId FROM ContentDocumentLink
   * WHERE LinkedEntityId IN (:noteIds))}.
   *
   * <p>Why through the Notes: {@code ExternalDocumentInfo1} has no index, so {@code WHERE ExternalDocumentInfo1 IN
   * (...)} scans every ContentVersion in the org (a firm with millions of files hits QUERY_TIMEOUT and every file of
   * the batch fails). Lookup and master-detail fields are indexed and a filter on an indexed field stays selective
   * below the optimizer's threshold (standard index: 30% of the first million records)
   * (https://developer.salesforce.com/docs/platform/salesforce-large-data-volumes-bp/guide/ldv-deployments-infrastructure-indexes.html;
   * https://developer.salesforce.com/blogs/engineering/2013/07/maximizing-the-performance-of-force-com-soql-reports-and-list-views).
   * Both filters here are on references ({@code LinkedEntityId}, {@code ContentDocumentId}), a few rows per Note. The
   * semi-join also satisfies ContentDocumentLink's rule that a query filter on LinkedEntityId or ContentDocumentId
   * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentdocumentlink.htm,
   * "Usage"). Rows come oldest document first ({@code ORDER BY CreatedDate}), so a double upload resolves to the
   * first file every time.
   */
  private List<JsonNode> versionsOnNotes(Collection<SalesforceId> noteIds, String what) {
    List<String> notes = noteIds.stream().map(id -> Soql.literal(id.value())).distinct().toList();
    List<JsonNode> out = new ArrayList<>();
    String head = "SELECT " + VERSION_FIELDS + " FROM ContentVersion WHERE ContentDocumentId IN (SELECT "
        + "ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId IN ";
    String tail = ") ORDER BY CreatedDate, Id";
    for (List<String> group : fitting(head + tail, notes)) {
      out.addAll(query(head + "(" + String.join(",", group) + ")" + tail, what));
    }
    return out;
  }

  private static String documentOf(JsonNode version) {
    return version.path("ContentDocumentId").asText("").substring(0, Math.min(15,
        version.path("ContentDocumentId").asText("").length()));
  }

  /** Each document's linked records (not users), by 15-character ContentDocumentId. */
  private Map<String, List<SalesforceId>> linksOf(Collection<JsonNode> versions) {
    List<String> documents = versions.stream().map(v -> Soql.literal(v.path("ContentDocumentId").asText()))
        .distinct().toList();
    Map<String, List<SalesforceId>> out = new LinkedHashMap<>();
    String head = "SELECT ContentDocumentId, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId IN ";
    for (List<String> group : fitting(head, documents)) {
      for (JsonNode r : query(head + "(" + String.join(",", group) + ")", "lookup of file links")) {
        String entity = r.path("LinkedEntityId").asText("");
        if (entity.length() >= 15 && !entity.startsWith("005")) {
          out.computeIfAbsent(r.path("ContentDocumentId").asText().substring(0, 15), k -> new ArrayList<>())
              .add(SalesforceId.of(entity));
        }
      }
    }
    return out;
  }

  private static StoredFile stored(JsonNode v, Map<String, List<SalesforceId>> links) {
    String doc = v.path("ContentDocumentId").asText();
    JsonNode name = v.get("PathOnClient");
    return new StoredFile(v.path(KEY_FIELD).asText(), SalesforceId.of(v.path("Id").asText()), SalesforceId.of(doc),
        v.path("ContentSize").asLong(), links.getOrDefault(doc.substring(0, 15), List.of()),
        name == null || name.isNull() ? Optional.empty() : Optional.of(name.asText()));
  }

  /** Splits literals into IN lists whose GET fits the URL budget, at most {@value #IDS_PER_QUERY} each. */
  private List<List<String>> fitting(String head, List<String> literals) {
    return fitting(head, literals, IDS_PER_QUERY);
  }

  /** Splits literals into IN lists whose GET fits the URL budget, at most {@code perQuery} each. */
  private List<List<String>> fitting(String head, List<String> literals, int perQuery) {
    int budget = http.config().maxUrlLength() - http.instanceUrlLength() - http.config().dataPath().length()
        - "/query?q=".length();
    List<List<String>> out = new ArrayList<>();
    List<String> group = new ArrayList<>();
    int length = Soql.encodedLength(head + "()");
    for (String lit : literals) {
      int add = Soql.encodedLength(lit) + 3;
      if (!group.isEmpty() && (length + add > budget || group.size() >= perQuery)) {
        out.add(group);
        group = new ArrayList<>();
        length = Soql.encodedLength(head + "()");
      }
      group.add(lit);
      length += add;
    }
    if (!group.isEmpty()) {
      out.add(group);
    }
    return out;
  }

  private List<JsonNode> query(String soql, String what) {
    return http.queryAll(soql, what);
  }

  // ---- upload --------------------------------------------------------------------------------------

  /**
   * Links the files to their records: one query for the ContentDocumentIds of the files {@link #upload} returned
   * (their versions' ids, batched to the URL budget), then sObject Collections creates of {@code ContentDocumentLink}
   * (ShareType V, Visibility {@link SalesforceConfig#fileVisibility()}), {@value SalesforceConfig#MAX_COLLECTION_SIZE} a call, {@code allOrNone=false}
   * so one refused link does not undo the others. A share whose file already lists the record is linked without a
   * call; one Salesforce refuses with {@value #ALREADY_LINKED} (the document is already linked with the record) counts
   * as linked. Each outcome's {@link Share#file()} is the file with its ContentDocumentId resolved and the record
   * added to {@code linkedTo} when linked.
   */
  @Override
  public List<ShareOutcome> share(List<Share> shares) {
    Map<String, SalesforceId> documents = documentsOf(shares);
    ShareOutcome[] out = new ShareOutcome[shares.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < shares.size(); i++) {
      Share s = shares.get(i);
      SalesforceId doc = s.file().contentDocumentId() != null ? s.file().contentDocumentId()
          : documents.get(s.file().contentVersionId().shortForm());
      if (doc == null) {
        out[i] = new ShareOutcome(s, Optional.of(SalesforceHttp.oneLine("file " + s.file().key() + ": ContentVersion "
            + s.file().contentVersionId().value() + " is not in Salesforce (deleted?); not linked to "
            + s.record().value() + "; the next run uploads it again")));
      } else {
        out[i] = new ShareOutcome(new Share(withDocument(s.file(), doc), s.record()), Optional.empty());
        if (s.file().linkedTo().stream().noneMatch(l -> l.sameRecord(s.record()))) {
          pending.add(i);
        }
      }
    }
    for (int from = 0; from < pending.size(); from += SalesforceConfig.MAX_COLLECTION_SIZE) {
      List<Integer> chunk = pending.subList(from, Math.min(pending.size(), from + SalesforceConfig.MAX_COLLECTION_SIZE));
      List<Map<String, Object>> records = new ArrayList<>();
      for (int i : chunk) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("attributes", Map.of("type", "ContentDocumentLink"));
        link.put("ContentDocumentId", out[i].share().file().contentDocumentId().value());
        link.put("LinkedEntityId", out[i].share().record().value());
        // V: users who can see the record can view the file. Visibility InternalUsers (the default) keeps the file
        // from Experience Cloud (client portal) users who can see the Matter; AllUsers shows it to them too
        // (attachments.visibility). Values AllUsers / InternalUsers / SharedUsers:
        // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentdocumentlink.htm
        // https://developer.salesforce.com/docs/atlas.en-us.254.0.uiapi.meta/uiapi/ui_api_responses_contentdocumentlink.htm
        link.put("ShareType", "V");
        link.put("Visibility", http.config().fileVisibility());
        records.add(link);
      }
      // sObject Collections create, up to 200 records of any type a request:
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
      JsonNode results = http.send("POST", http.config().dataPath() + "/composite/sobjects",
          Map.of("allOrNone", false, "records", records), "link of " + chunk.size() + " files to their records");
      for (int k = 0; k < chunk.size(); k++) {
        int i = chunk.get(k);
        Share s = out[i].share();
        JsonNode res = results.isArray() && k < results.size() ? results.get(k) : null;
        List<SalesforceHttp.ApiError> errors = res == null ? List.of() : SalesforceHttp.errorsOf(res.path("errors"));
        boolean linked = res != null && (res.path("success").asBoolean(false)
            || errors.stream().anyMatch(e -> ALREADY_LINKED.equals(e.code())));
        if (linked) {
          List<SalesforceId> links = new ArrayList<>(s.file().linkedTo());
          links.add(s.record());
          StoredFile f = s.file();
          out[i] = new ShareOutcome(new Share(new StoredFile(f.key(), f.contentVersionId(), f.contentDocumentId(),
              f.sizeBytes(), links), s.record()), Optional.empty());
        } else {
          out[i] = new ShareOutcome(s, Optional.of(SalesforceHttp.oneLine("file " + s.file().key() + " not linked to "
              + s.record().value() + " (" + (errors.isEmpty() ? "Salesforce returned no result for this link"
              : errors.get(0).describe()) + "); the next run links it")));
        }
      }
    }
    return List.of(out);
  }

  /** The ContentDocumentIds of the shares' files that lack one, by the version's 15-character id: one query. */
  private Map<String, SalesforceId> documentsOf(List<Share> shares) {
    List<String> versions = shares.stream().map(Share::file).filter(f -> f.contentDocumentId() == null)
        .map(f -> Soql.literal(f.contentVersionId().value())).distinct().toList();
    Map<String, SalesforceId> out = new LinkedHashMap<>();
    String head = "SELECT Id, ContentDocumentId FROM ContentVersion WHERE Id IN ";
    // only the URL budget bounds this IN list (about 650 ids at the default 15,000 characters): one query per batch
    for (List<String> group : fitting(head, versions, Integer.MAX_VALUE)) {
      for (JsonNode r : query(head + "(" + String.join(",", group) + ")", "lookup of the files' documents")) {
        String doc = r.path("ContentDocumentId").asText("");
        if (!doc.isEmpty()) {
          out.put(SalesforceId.of(r.path("Id").asText()).shortForm(), SalesforceId.of(doc));
        }
      }
    }
    return out;
  }

  private static StoredFile withDocument(StoredFile f, SalesforceId doc) {
    return f.contentDocumentId() != null ? f
        : new StoredFile(f.key(), f.contentVersionId(), doc, f.sizeBytes(), f.linkedTo());
  }

  @Override
  public UploadOutcome upload(Upload upload) {
    String key = upload.key();
    long max = maxFileBytes();
    UploadOutcome refusal = precheck(upload, max);
    if (refusal != null) {
      return refusal;
    }
    String boundary = "rcsync-" + UUID.randomUUID();
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put("Title", title(upload));
    entity.put("PathOnClient", pathOnClient(upload));
    entity.put(KEY_FIELD, key);
    entity.put("FirstPublishLocationId", upload.linkedTo().get(0).value());
    String head;
    try {
      head = "--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"entity_content\";\r\n"
          + "Content-Type: application/json\r\n\r\n"
          + JSON.writeValueAsString(entity) + "\r\n"
          + "--" + boundary + "\r\n"
          + "Content-Type: " + safeHeader(upload.contentType()) + "\r\n"
          + "Content-Disposition: form-data; name=\"VersionData\"; filename=\"" + safeHeader(upload.fileName())
          + "\"\r\n\r\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the file's fields", e);
    }
    String tail = "\r\n--" + boundary + "--\r\n";
    LimitedInputStream capped = new LimitedInputStream(upload.content().stream(), max, "the upload limit");
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
        HttpRequest.BodyPublishers.ofByteArray(headBytes),
        HttpRequest.BodyPublishers.ofInputStream(() -> capped),
        HttpRequest.BodyPublishers.ofByteArray(tailBytes));
    if (upload.content().length().isPresent()) {
      // a known length goes out as Content-Length rather than chunked
      body = HttpRequest.BodyPublishers.fromPublisher(body,
          headBytes.length + upload.content().length().getAsLong() + tailBytes.length);
    }
    SalesforceHttp.Response r;
    try {
      r = http.postOnce(http.config().dataPath() + "/sobjects/ContentVersion",
          "multipart/form-data; boundary=\"" + boundary + "\"", body);
    } catch (IOException e) {
      if (capped.exceeded()) {
        return refused(upload, tooLarge(upload, capped.count(), max, false));
      }
      return refused(upload, "file " + key + " (" + upload.fileName() + ") not uploaded: the upload failed ("
          + e.getClass().getSimpleName() + "); the next run tries again");
    }
    if (capped.exceeded()) {
      return refused(upload, tooLarge(upload, capped.count(), max, false));
    }
    if (!r.ok() || !r.body().path("id").isTextual()) {
      return refused(upload, "file " + key + " (" + upload.fileName() + ") refused by Salesforce ("
          + SalesforceHttp.describe(r) + ")" + (r.status() == 401 ? "; the session was renewed, the next run "
          + "uploads it" : ""));
    }
    // the create answers {id, success, errors} only: the ContentDocumentId is not in it, and share() resolves it for
    // a whole batch in one query rather than one query per file here
    // (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm)
    SalesforceId versionId = SalesforceId.of(r.body().path("id").asText());
    StoredFile stored = new StoredFile(key, versionId, null, capped.count(), List.of(upload.linkedTo().get(0)));
    return new UploadOutcome(key, Optional.of(stored), Optional.empty());
  }

  /** Transient answers to a collection insert: whether any record was saved is unknown, so reconcile by key. */
  private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

  /**
   * Uploads many files in one multipart sObject Collections insert per {@value FileStore#MAX_FILES_PER_CALL} files or
   * {@link FileStore#MAX_BYTES_PER_CALL} bytes: the first part ({@code collection}, JSON) holds
   * {@code {"allOrNone": false, "records": [...]}}, each record a ContentVersion whose {@code attributes} name its
   * binary part ({@code "binaryPartName": "file0"}) and the blob field it fills ({@code "binaryPartNameAlias":
   * "VersionData"}); each file follows as a part of that name
   * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-insert-update-blob.html, the sObject
   * Collections example; 200 records a request:
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm).
   * Each record carries the same fields as {@link #upload} ({@code FirstPublishLocationId} = the Note), and its result
   * ({@code {id, success, errors}}, in request order) becomes its outcome.
   *
   * <p>Every content is read into memory (at most {@code maxFileBytes} + 1 bytes each; over that, the file is refused
   * without a call): callers pass small files already in memory, bounded in number and bytes.
   *
   * <p><b>Whole-call failures</b>: REQUEST_LIMIT_EXCEEDED throws (QUOTA_EXCEEDED, stops the run); 413 and any other
   * refusal fail every file of that call with one line (the next run uploads them: their keys are not found). Retry:
   * the body is in memory, so it could be sent again, but a 5xx/429 or a broken connection does not say whether
   * Salesforce saved some records, and ContentVersion has no unique key to upsert on: a blind resend could make
   * duplicate files. So such a call is <em>reconciled</em>: one {@link #findByKeys} (2 calls) finds the files that were
   * saved (they become stored outcomes), and only the missing ones are sent once more; a second failure fails them. A
   * 401 (the session expired; nothing was saved) renews the session and sends the call once more.
   */
  @Override
  public List<UploadOutcome> uploadAll(List<Upload> uploads) {
    UploadOutcome[] out = new UploadOutcome[uploads.size()];
    long max = maxFileBytes();
    List<Integer> ready = new ArrayList<>();
    Map<Integer, byte[]> bytes = new LinkedHashMap<>();
    for (int i = 0; i < uploads.size(); i++) {
      Upload u = uploads.get(i);
      UploadOutcome bad = precheck(u, max);
      if (bad != null) {
        u.content().close();
        out[i] = bad;
        continue;
      }
      byte[] data;
      try (InputStream in = u.content().stream()) {
        data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      } catch (IOException | RuntimeException e) {
        out[i] = refused(u, "file " + u.key() + " (" + u.fileName() + ") not uploaded: reading its content failed ("
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); the next run tries again");
        continue;
      }
      if (data.length > max) {
        out[i] = refused(u, tooLarge(u, data.length, max, false));
        continue;
      }
      bytes.put(i, data);
      ready.add(i);
    }
    List<Integer> call = new ArrayList<>();
    long callBytes = 0;
    for (int i : ready) {
      int size = bytes.get(i).length;
      if (!call.isEmpty() && (call.size() >= MAX_FILES_PER_CALL || callBytes + size > MAX_BYTES_PER_CALL)) {
        sendCollection(uploads, bytes, call, out);
        call = new ArrayList<>();
        callBytes = 0;
      }
      call.add(i);
      callBytes += size;
    }
    if (!call.isEmpty()) {
      sendCollection(uploads, bytes, call, out);
    }
    return List.of(out);
  }

  /** A refusal decided before any call (bad key, no Note, a known length over the limit), else null. */
  private UploadOutcome precheck(Upload upload, long max) {
    String key = upload.key();
    if (!key.startsWith(KEY_PREFIX)) {
      return refused(upload, "file " + upload.fileName() + ": key '" + key + "' does not start with " + KEY_PREFIX
          + "; rcsync only uploads files it can find again");
    }
    if (upload.linkedTo().isEmpty()) {
      return refused(upload, "file " + key + " (" + upload.fileName() + "): no Note to link it to; not uploaded");
    }
    if (upload.content().length().isPresent() && upload.content().length().getAsLong() > max) {
      return refused(upload, tooLarge(upload, upload.content().length().getAsLong(), max, true));
    }
    return null;
  }

  /** One collection insert of these files, reconciled and sent once more after a transient failure or a 401. */
  private void sendCollection(List<Upload> uploads, Map<Integer, byte[]> bytes, List<Integer> call,
      UploadOutcome[] out) {
    String failure = postCollection(uploads, bytes, call, out);
    if (failure == null) {
      return;
    }
    List<Integer> again = call;
    if (!failure.startsWith("HTTP 401")) {
      // unknown whether Salesforce saved some: look them up by key before sending anything twice
      Map<String, StoredFile> found = findByKeys(call.stream().map(i -> uploads.get(i).key()).toList(),
          call.stream().map(i -> uploads.get(i).linkedTo().get(0)).distinct().toList());
      again = new ArrayList<>();
      for (int i : call) {
        StoredFile f = found.get(uploads.get(i).key());
        if (f != null) {
          out[i] = new UploadOutcome(f.key(), Optional.of(f), Optional.empty());
        } else {
          again.add(i);
        }
      }
      if (again.isEmpty()) {
        return;
      }
    }
    String second = postCollection(uploads, bytes, again, out);
    if (second != null) {
      for (int i : again) {
        Upload u = uploads.get(i);
        out[i] = refused(u, "file " + u.key() + " (" + u.fileName() + ") not uploaded: Salesforce failed the upload "
            + "of " + again.size() + " files twice (" + second + "); the next run tries again");
      }
    }
  }

  /**
   * Posts one collection insert; fills the outcomes of a call Salesforce answered (results, or a refusal of the whole
   * call such as 413) and returns null, or returns why the call may be tried again (transient or 401) without filling.
   */
  private String postCollection(List<Upload> uploads, Map<Integer, byte[]> bytes, List<Integer> call,
      UploadOutcome[] out) {
    String boundary = "rcsync-" + UUID.randomUUID();
    List<Map<String, Object>> records = new ArrayList<>();
    List<byte[]> body = new ArrayList<>();
    for (int k = 0; k < call.size(); k++) {
      Upload u = uploads.get(call.get(k));
      Map<String, Object> rec = new LinkedHashMap<>();
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("type", "ContentVersion");
      attributes.put("binaryPartName", "file" + k);
      attributes.put("binaryPartNameAlias", "VersionData");
      rec.put("attributes", attributes);
      rec.put("Title", title(u));
      rec.put("PathOnClient", pathOnClient(u));
      rec.put(KEY_FIELD, u.key());
      rec.put("FirstPublishLocationId", u.linkedTo().get(0).value());
      records.add(rec);
    }
    try {
      Map<String, Object> collection = new LinkedHashMap<>();
      collection.put("allOrNone", false);
      collection.put("records", records);
      body.add(("--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"collection\"\r\n"
          + "Content-Type: application/json\r\n\r\n"
          + JSON.writeValueAsString(collection) + "\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the files' fields", e);
    }
    long length = body.get(0).length;
    for (int k = 0; k < call.size(); k++) {
      Upload u = uploads.get(call.get(k));
      byte[] head = ("--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"file" + k + "\"; filename=\"" + safeHeader(u.fileName()) + "\"\r\n"
          + "Content-Type: " + safeHeader(u.contentType()) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
      byte[] data = bytes.get(call.get(k));
      body.add(head);
      body.add(data);
      body.add("\r\n".getBytes(StandardCharsets.UTF_8));
      length += head.length + data.length + 2;
    }
    byte[] tail = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    body.add(tail);
    length += tail.length;
    SalesforceHttp.Response r;
    try {
      r = http.postOnce(http.config().dataPath() + "/composite/sobjects",
          "multipart/form-data; boundary=\"" + boundary + "\"",
          HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(body), length));
    } catch (IOException e) {
      return "the connection failed: " + e.getClass().getSimpleName();
    }
    if (r.status() == 401 || TRANSIENT.contains(r.status())) {
      return SalesforceHttp.describe(r);
    }
    if (!r.ok() || !r.body().isArray()) {
      String why = SalesforceHttp.describe(r) + (r.status() == 413 ? ": the files of this request were too large "
          + "together for Salesforce" : "");
      for (int i : call) {
        Upload u = uploads.get(i);
        out[i] = refused(u, "file " + u.key() + " (" + u.fileName() + ") refused by Salesforce with the " + call.size()
            + " files of its request (" + why + "); the next run uploads it");
      }
      return null;
    }
    JsonNode results = r.body();
    for (int k = 0; k < call.size(); k++) {
      int i = call.get(k);
      Upload u = uploads.get(i);
      JsonNode res = k < results.size() ? results.get(k) : null;
      if (res != null && res.path("success").asBoolean(false) && res.path("id").isTextual()) {
        // as for upload(): the result has the version's id only; share() resolves the ContentDocumentIds in one query
        StoredFile stored = new StoredFile(u.key(), SalesforceId.of(res.path("id").asText()), null,
            bytes.get(i).length, List.of(u.linkedTo().get(0)));
        out[i] = new UploadOutcome(u.key(), Optional.of(stored), Optional.empty());
      } else {
        List<SalesforceHttp.ApiError> errors = res == null ? List.of() : SalesforceHttp.errorsOf(res.path("errors"));
        out[i] = refused(u, "file " + u.key() + " (" + u.fileName() + ") refused by Salesforce ("
            + (errors.isEmpty() ? "no result returned for this file" : errors.get(0).describe()) + ")");
      }
    }
    return null;
  }

  /** The most characters of {@code ContentVersion.Title}: string(255) in the Object Reference. */
  public static final int MAX_TITLE = 255;
  /** The most characters of {@code ContentVersion.PathOnClient}: string(500) in the Object Reference. */
  public static final int MAX_PATH_ON_CLIENT = 500;

  /**
   * The file's Title (its title, else its name), shortened to {@value #MAX_TITLE} characters keeping the extension:
   * a longer one is refused STRING_TOO_LONG, a permanent failure
   * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentversion.htm,
   * Title and PathOnClient).
   */
  static String title(Upload upload) {
    String t = upload.title() == null || upload.title().isBlank() ? upload.fileName() : upload.title();
    return shorten(t == null ? upload.key() : t, MAX_TITLE);
  }

  /** The file name ({@code PathOnClient}, whose extension sets the file's type), at most {@value #MAX_PATH_ON_CLIENT}. */
  static String pathOnClient(Upload upload) {
    return shorten(upload.fileName() == null || upload.fileName().isBlank() ? upload.key() : upload.fileName(),
        MAX_PATH_ON_CLIENT);
  }

  /**
   * At most {@code max} characters (code points never split), cutting the end of the base name and keeping the
   * extension (the last {@code .xyz} of at most 16 characters) so Salesforce still knows the file's type.
   */
  static String shorten(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
    int keep = max - ext.length();
    if (keep > 0 && Character.isHighSurrogate(name.charAt(keep - 1))) {
      keep--;
    }
    return name.substring(0, keep) + ext;
  }

  private static UploadOutcome refused(Upload upload, String line) {
    return new UploadOutcome(upload.key(), Optional.empty(), Optional.of(SalesforceHttp.oneLine(line)));
  }

  private static String tooLarge(Upload upload, long bytes, long max, boolean exact) {
    return "file " + upload.key() + " (" + upload.fileName() + ") not uploaded: " + (exact ? bytes + " bytes"
        : "more than " + max + " bytes") + " is over the limit of " + max + " bytes (maxFileBytes; Salesforce "
        + "accepts at most 2 GB per file)";
  }

  /** A header value on one line without quotes (file names come from the sender's phone). */
  private static String safeHeader(String s) {
    return s == null ? "application/octet-stream" : s.replaceAll("[\\r\\n\"]", "_");
  }

  /** Passes bytes through until more than {@code max} were read, then fails the upload. */
  // ---- delete --------------------------------------------------------------------------------------

  @Override
  public List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds) {
    List<SalesforceId> ids = List.copyOf(contentDocumentIds);
    List<DeleteOutcome> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += SalesforceConfig.MAX_COLLECTION_SIZE) {
      out.addAll(deleteBatch(ids.subList(i, Math.min(ids.size(), i + SalesforceConfig.MAX_COLLECTION_SIZE))));
    }
    return out;
  }

  private List<DeleteOutcome> deleteBatch(List<SalesforceId> ids) {
    Set<String> ours = new java.util.HashSet<>();
    List<String> literals = ids.stream().map(id -> Soql.literal(id.value())).toList();
    // every version, not only the latest: a version staff added has no key, the one rcsync uploaded keeps it
    String head = "SELECT ContentDocumentId, " + KEY_FIELD + " FROM ContentVersion WHERE ContentDocumentId IN ";
    for (List<String> group : fitting(head, literals)) {
      for (JsonNode r : query(head + "(" + String.join(",", group) + ")", "check of the files to delete")) {
        if (r.path(KEY_FIELD).asText("").startsWith(KEY_PREFIX)) {
          ours.add(r.path("ContentDocumentId").asText().substring(0, 15));
        }
      }
    }
    DeleteOutcome[] slots = new DeleteOutcome[ids.size()];
    List<Integer> allowed = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (ours.contains(ids.get(i).shortForm())) {
        allowed.add(i);
      } else {
        slots[i] = DeleteOutcome.failed(ids.get(i), NOT_RCSYNC_FILE, "not deleted: no file rcsync uploaded has this "
            + "ContentDocument id (already deleted, or none of its versions has a " + KEY_PREFIX + " key in "
            + KEY_FIELD + ")");
      }
    }
    if (!allowed.isEmpty()) {
      // sObject Collections delete takes any deletable object's ids, ContentDocument included, 200 a request:
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm
      String path = http.config().dataPath() + "/composite/sobjects?ids="
          + allowed.stream().map(i -> ids.get(i).value()).collect(Collectors.joining(",")) + "&allOrNone=false";
      JsonNode results = http.send("DELETE", path, null, "delete of " + allowed.size() + " files");
      for (int k = 0; k < allowed.size(); k++) {
        SalesforceId id = ids.get(allowed.get(k));
        JsonNode r = results.isArray() && k < results.size() ? results.get(k) : null;
        if (r == null) {
          slots[allowed.get(k)] = DeleteOutcome.failed(id, "NO_RESULT", "Salesforce returned no result for this file");
        } else if (r.path("success").asBoolean(false)) {
          slots[allowed.get(k)] = DeleteOutcome.ok(id);
        } else {
          List<SalesforceHttp.ApiError> errors = SalesforceHttp.errorsOf(r.path("errors"));
          slots[allowed.get(k)] = errors.isEmpty()
              ? DeleteOutcome.failed(id, "UNKNOWN_ERROR", "Salesforce reported failure without an error")
              : DeleteOutcome.failed(id, errors.get(0).code(), errors.get(0).message());
        }
      }
    }
    return List.of(slots);
  }

  // ---- unshare (issue 12: files follow a Note staff moved to another Matter/Intake) -------------------

  /** Shares per unshare round: 100 documents and 100 records keep the links query well inside the URL budget. */
  private static final int UNSHARE_PER_CALL = 100;

  /**
   * Removes the links by their ids: one query for them ({@code ContentDocumentLink} must be filtered by
   * {@code ContentDocumentId} or {@code LinkedEntityId}, both given here), then one sObject Collections delete of the
   * link records, per {@value #UNSHARE_PER_CALL} shares. Deleting a {@code ContentDocumentLink} removes the file's
   * share with that record only; the file and its other links stay
   * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentdocumentlink.htm).
   * A link that is not there counts as removed; a share without a ContentDocumentId fails (the caller passes files
   * as {@link #findByKeys} returned them).
   */
  @Override
  public List<ShareOutcome> unshare(List<Share> shares) {
    return unshareAll(shares);
  }

  private List<ShareOutcome> unshareAll(List<Share> shares) {
    List<ShareOutcome> out = new ArrayList<>();
    for (int i = 0; i < shares.size(); i += UNSHARE_PER_CALL) {
      out.addAll(unshareBatch(shares.subList(i, Math.min(shares.size(), i + UNSHARE_PER_CALL))));
    }
    return out;
  }

  private List<ShareOutcome> unshareBatch(List<Share> shares) {
    ShareOutcome[] out = new ShareOutcome[shares.size()];
    Set<String> docs = new java.util.LinkedHashSet<>();
    Set<String> records = new java.util.LinkedHashSet<>();
    for (int i = 0; i < shares.size(); i++) {
      Share s = shares.get(i);
      if (s.file().contentDocumentId() == null) {
        out[i] = new ShareOutcome(s, Optional.of("file " + s.file().key() + " not unlinked from " + s.record().value()
            + ": its ContentDocument id is unknown"));
      } else {
        docs.add(Soql.literal(s.file().contentDocumentId().value()));
        records.add(Soql.literal(s.record().value()));
      }
    }
    Map<String, String> linkIds = new java.util.HashMap<>();
    if (!docs.isEmpty()) {
      String soql = "SELECT Id, ContentDocumentId, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId IN ("
          + String.join(",", docs) + ") AND LinkedEntityId IN (" + String.join(",", records) + ")";
      for (JsonNode r : query(soql, "lookup of the file links to remove")) {
        linkIds.put(r.path("ContentDocumentId").asText().substring(0, 15) + "/"
            + r.path("LinkedEntityId").asText().substring(0, 15), r.path("Id").asText());
      }
    }
    List<Integer> toDelete = new ArrayList<>();
    for (int i = 0; i < shares.size(); i++) {
      if (out[i] != null) {
        continue;
      }
      Share s = shares.get(i);
      if (linkIds.containsKey(s.file().contentDocumentId().shortForm() + "/" + s.record().shortForm())) {
        toDelete.add(i);
      } else {
        out[i] = new ShareOutcome(s, Optional.empty());
      }
    }
    if (!toDelete.isEmpty()) {
      List<String> ids = toDelete.stream().map(i -> linkIds.get(shares.get(i).file().contentDocumentId().shortForm()
          + "/" + shares.get(i).record().shortForm())).distinct().toList();
      String path = http.config().dataPath() + "/composite/sobjects?ids=" + String.join(",", ids) + "&allOrNone=false";
      JsonNode results = http.send("DELETE", path, null, "removal of " + ids.size() + " file links");
      Map<String, Optional<String>> byId = new java.util.HashMap<>();
      for (int k = 0; k < ids.size(); k++) {
        JsonNode r = results.isArray() && k < results.size() ? results.get(k) : null;
        List<SalesforceHttp.ApiError> errors = r == null ? List.of() : SalesforceHttp.errorsOf(r.path("errors"));
        byId.put(ids.get(k), r != null && r.path("success").asBoolean(false) ? Optional.empty()
            : Optional.of(errors.isEmpty() ? "Salesforce returned no result for this link" : errors.get(0).describe()));
      }
      for (int i : toDelete) {
        Share s = shares.get(i);
        Optional<String> error = byId.get(linkIds.get(s.file().contentDocumentId().shortForm() + "/"
            + s.record().shortForm()));
        out[i] = new ShareOutcome(s, error.map(e -> SalesforceHttp.oneLine("file " + s.file().key()
            + " not unlinked from " + s.record().value() + " (" + e + ")")));
      }
    }
    return List.of(out);
  }

  @Override
  public String toString() {
    return "SalesforceFileStore[key in ContentVersion." + KEY_FIELD + ", maxFileBytes=" + maxFileBytes() + "]";
  }
}
