package io.rcsync.testkit.sim.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Salesforce Files in the simulator: {@code POST .../sobjects/ContentVersion} by JSON (base64 {@code VersionData})
 * or by multipart/form-data (an {@code entity_content} JSON part and a {@code VersionData} binary part). Inserting
 * the first version creates its {@code ContentDocument} (069…, {@code LatestPublishedVersionId}), a
 * {@code ContentDocumentLink} to the owner (ShareType I) and, with {@code FirstPublishLocationId}, one to that record
 * (ShareType V), as Salesforce does. An insert with {@code ContentDocumentId} is a new version of that document
 * (staff's "Upload New Version"): it becomes the latest, earlier versions keep their fields with
 * {@code IsLatest = false}, the links stay. The bytes are kept beside the record by ContentVersion id.
 *
 * <p>Limits (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_insert_update_blob.htm):
 * multipart: at most 2 GB per ContentVersion file; non-multipart (JSON): at most 50 MB of text or 37.5 MB of
 * base64-encoded data. The page gives the limits, not the error body: the simulator answers an over-limit request
 * with HTTP 413 {@code [{"errorCode":"REQUEST_ENTITY_TOO_LARGE",...}]}; clients should treat any 4xx as "this file was
 * refused" and report the message rather than depend on the code.
 *
 * <p><b>Collections</b> ({@code POST .../composite/sobjects} as multipart/form-data, {@link #insertCollection}): the
 * first part is the JSON {@code {"allOrNone", "records"}} (named {@code collection} in Salesforce's example); each
 * record's {@code attributes} carry {@code "binaryPartName"} (the name of the part holding its bytes) and
 * {@code "binaryPartNameAlias": "VersionData"} (the blob field), and each file follows as a part of that name
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-insert-update-blob.html, "insert a
 * collection of blob records"). Limits: 200 records a request ({@code EXCEEDED_ID_LIMIT}, as any collection) and 500
 * MB of files in all (the page's limit; answered 413 {@code REQUEST_ENTITY_TOO_LARGE} as the other size limits).
 * Each record is inserted as the single insert does (document, owner link, FirstPublishLocationId link) with its own
 * result; {@code allOrNone=true} is not modelled (400).
 */
final class SalesforceFiles {
  /** 2 GB: the most one ContentVersion multipart upload may carry. */
  static final long DEFAULT_MAX_MULTIPART_FILE_BYTES = 2L * 1024 * 1024 * 1024;
  /** 37.5 MB of base64 text in a non-multipart (JSON) insert. */
  static final long DEFAULT_MAX_BASE64_CHARS = 39_321_600L;
  /** 50 MB: the most a non-multipart (JSON) request body may hold. */
  static final long DEFAULT_MAX_JSON_BODY_BYTES = 52_428_800L;
  /** 500 MB: the most all files of one sObject Collections (multipart) insert may hold together. */
  static final long DEFAULT_MAX_COLLECTION_FILE_BYTES = 500L * 1024 * 1024;

  private final SalesforceSimulator sim;
  private final ObjectMapper json;
  private final Map<String, byte[]> bytesByVersionId = new ConcurrentHashMap<>();
  volatile long maxMultipartFileBytes = DEFAULT_MAX_MULTIPART_FILE_BYTES;
  volatile long maxBase64Chars = DEFAULT_MAX_BASE64_CHARS;
  volatile long maxJsonBodyBytes = DEFAULT_MAX_JSON_BODY_BYTES;
  volatile long maxCollectionFileBytes = DEFAULT_MAX_COLLECTION_FILE_BYTES;

  SalesforceFiles(SalesforceSimulator sim, ObjectMapper json) {
    this.sim = sim;
    this.json = json;
  }

  /** The stored bytes of a ContentVersion (15 or 18 character id). */
  Optional<byte[]> bytes(String contentVersionId) {
    String key = SalesforceIds.looksLikeId(contentVersionId) ? SalesforceIds.key(contentVersionId) : contentVersionId;
    return Optional.ofNullable(bytesByVersionId.get(key)).map(byte[]::clone);
  }

  /** A request body to {@code POST .../sobjects/ContentVersion}, by its Content-Type. */
  SalesforceHttpHandler.Reply insertVersion(String contentType, byte[] body, String user) {
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (ct.startsWith("multipart/")) {
      return insertMultipart(contentType, body, user);
    }
    if (body.length > maxJsonBodyBytes) {
      throw tooLarge("the JSON request body has " + body.length + " bytes; a non-multipart insert may carry at most "
          + maxJsonBodyBytes + " bytes (use a multipart request for larger files)");
    }
    return insertJson(readObject(body), user);
  }

  /** A JSON insert: the fields with {@code VersionData} as base64. */
  SalesforceHttpHandler.Reply insertJson(JsonNode fields, String user) {
    JsonNode data = fields.get("VersionData");
    if (data == null || data.isNull()) {
      throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [VersionData]");
    }
    String b64 = data.asText();
    if (b64.length() > maxBase64Chars) {
      throw tooLarge("VersionData has " + b64.length() + " base64 characters; a non-multipart insert may carry at "
          + "most " + maxBase64Chars + " (use a multipart request for larger files)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "VersionData is not valid base64: " + e.getMessage());
    }
    return insert(fields, bytes, user);
  }

  private SalesforceHttpHandler.Reply insertMultipart(String contentType, byte[] body, String user) {
    String boundary = boundary(contentType);
    JsonNode entity = null;
    byte[] data = null;
    for (Part p : parts(body, boundary)) {
      String name = p.name();
      if ("VersionData".equalsIgnoreCase(name)) {
        data = p.content();
      } else if (name != null && name.toLowerCase(Locale.ROOT).startsWith("entity_")) {
        entity = readObject(p.content());
      }
    }
    if (entity == null) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The multipart request has no entity_content part "
          + "with the record's fields");
    }
    if (data == null) {
      throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [VersionData]");
    }
    if (data.length > maxMultipartFileBytes) {
      throw tooLarge("the file has " + data.length + " bytes; a ContentVersion may hold at most "
          + maxMultipartFileBytes + " bytes");
    }
    if (entity.has("VersionData")) {
      throw new SalesforceApiException(400, "INVALID_FIELD", "VersionData must be the binary part, not a field of "
          + "entity_content");
    }
    return insert(entity, data, user);
  }

  /**
   * A multipart sObject Collections insert of ContentVersions: one result per record, in order
   * ({@code {"id","success","errors"}}), {@code allOrNone=false} semantics (a refused record leaves the others).
   */
  List<Map<String, Object>> insertCollection(String contentType, byte[] body, String user) {
    List<Part> parts = parts(body, boundary(contentType));
    if (parts.isEmpty() || parts.get(0).content().length == 0) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The multipart request has no JSON part with the "
          + "records");
    }
    JsonNode collection = readObject(parts.get(0).content());
    JsonNode records = collection.get("records");
    if (records == null || !records.isArray()) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The request body must be an object with a "
          + "records array");
    }
    if (records.size() > SalesforceSimulator.MAX_COLLECTION_SIZE) {
      throw new SalesforceApiException(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than "
          + SalesforceSimulator.MAX_COLLECTION_SIZE + " records into this call");
    }
    if (collection.path("allOrNone").asBoolean(false)) {
      throw new SalesforceApiException(400, "FEATURE_NOT_ENABLED", "simulator: allOrNone=true is not modelled for a "
          + "multipart collection insert; send allOrNone=false");
    }
    Map<String, byte[]> binaries = new LinkedHashMap<>();
    long total = 0;
    for (Part p : parts.subList(1, parts.size())) {
      if (p.name() != null) {
        binaries.put(p.name(), p.content());
        total += p.content().length;
      }
    }
    if (total > maxCollectionFileBytes) {
      throw tooLarge("the files of this request have " + total + " bytes in all; an sObject Collections request may "
          + "carry at most " + maxCollectionFileBytes + " bytes of files");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode rec : records) {
      JsonNode attributes = rec.path("attributes");
      String type = attributes.path("type").asText("");
      if (!type.equalsIgnoreCase(OrgSchema.CONTENT_VERSION)) {
        throw new SalesforceApiException(400, "INVALID_TYPE", "simulator: a multipart collection insert is modelled "
            + "for ContentVersion only, not '" + type + "'");
      }
      String partName = attributes.path("binaryPartName").asText("");
      String alias = attributes.path("binaryPartNameAlias").asText("");
      byte[] data = binaries.get(partName);
      if (!alias.equalsIgnoreCase("VersionData")) {
        out.add(collectionError(RecordError.of("INVALID_FIELD", "binaryPartNameAlias must name the blob field "
            + "VersionData, not '" + alias + "'", "VersionData")));
      } else if (data == null) {
        out.add(collectionError(RecordError.of("REQUIRED_FIELD_MISSING", "Required fields are missing: [VersionData] "
            + "(no part named '" + partName + "')", "VersionData")));
      } else if (data.length > maxMultipartFileBytes) {
        out.add(collectionError(RecordError.of("REQUEST_ENTITY_TOO_LARGE", "the file has " + data.length
            + " bytes; a ContentVersion may hold at most " + maxMultipartFileBytes + " bytes")));
      } else {
        SalesforceHttpHandler.Reply r = insert(rec, data, user);
        out.add(collectionResult(r));
      }
    }
    return out;
  }

  private static Map<String, Object> collectionError(RecordError e) {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("statusCode", e.statusCode());
    err.put("message", e.message());
    err.put("fields", e.fields());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", false);
    out.put("errors", List.of(err));
    return out;
  }

  /** A single insert's reply as a collection result. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> collectionResult(SalesforceHttpHandler.Reply r) {
    if (r.status() / 100 == 2) {
      return (Map<String, Object>) r.body();
    }
    Map<String, Object> first = ((List<Map<String, Object>>) r.body()).get(0);
    return collectionError(new RecordError(String.valueOf(first.get("errorCode")), String.valueOf(first.get("message")),
        (List<String>) first.get("fields")));
  }

  private SalesforceHttpHandler.Reply insert(JsonNode fields, byte[] bytes, String user) {
    SObjectType cv = sim.schema().requireObject(OrgSchema.CONTENT_VERSION);
    Map<String, Object> raw = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : fields.properties()) {
      if (!e.getKey().equals("attributes") && !e.getKey().equalsIgnoreCase("VersionData")) {
        raw.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
      }
    }
    Object existingDocument = raw.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("ContentDocumentId"))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    Object path = raw.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("PathOnClient"))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    if (path == null || path.toString().isBlank()) {
      return failed(RecordError.of("REQUIRED_FIELD_MISSING", "Required fields are missing: [PathOnClient]",
          "PathOnClient"));
    }
    String fileName = path.toString().replaceAll(".*[/\\\\]", "");
    int dot = fileName.lastIndexOf('.');
    String extension = dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    if (raw.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Title"))) {
      raw.put("Title", dot > 0 ? fileName.substring(0, dot) : fileName);
    }
    synchronized (sim.store) {
      OrgStore.Prepared p;
      try {
        p = sim.store.prepare(cv, raw);
      } catch (IllegalArgumentException e) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getMessage());
      }
      if (!p.unknownFields().isEmpty()) {
        throw new SalesforceApiException(400, "INVALID_FIELD", "No such column '" + p.unknownFields().get(0)
            + "' on sobject of type ContentVersion");
      }
      if (existingDocument != null && liveDocument(existingDocument.toString()).isEmpty()) {
        return failed(RecordError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id",
            "ContentDocumentId"));
      }
      SaveResult created = sim.store.create(List.of(p), true, OrgStore.Mode.API, user).get(0);
      if (!created.success()) {
        return failed(created.errors().get(0));
      }
      String versionId = created.id();
      StoredRecord version = sim.store.byId(versionId).orElseThrow();
      if (existingDocument != null) {
        return newVersion(cv, version, existingDocument.toString(), extension, bytes, user);
      }
      String owner = String.valueOf(version.values.get("OwnerId"));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("Title", version.values.get("Title"));
      doc.put("OwnerId", owner);
      doc.put("LatestPublishedVersionId", versionId);
      doc.put("FileExtension", extension);
      doc.put("FileType", fileType(extension));
      doc.put("ContentSize", (double) bytes.length);
      String documentId = adminCreate(OrgSchema.CONTENT_DOCUMENT, doc, user);
      Map<String, Object> more = new LinkedHashMap<>();
      more.put("ContentDocumentId", documentId);
      more.put("ContentSize", (double) bytes.length);
      more.put("FileExtension", extension);
      more.put("FileType", fileType(extension));
      more.put("Checksum", md5(bytes));
      more.put("VersionNumber", "1");
      more.put("IsLatest", true);
      if (version.values.get("ContentLocation") == null) {
        more.put("ContentLocation", "S");
      }
      SaveResult updated = sim.store.update(versionId, sim.store.prepare(cv, more), OrgStore.Mode.ADMIN, user);
      if (!updated.success()) {
        throw new IllegalStateException("simulator: could not complete ContentVersion " + versionId + ": "
            + updated.errors());
      }
      adminCreate(OrgSchema.CONTENT_DOCUMENT_LINK, Map.of("ContentDocumentId", documentId, "LinkedEntityId", owner,
          "ShareType", "I", "Visibility", "AllUsers"), user);
      Object first = version.values.get("FirstPublishLocationId");
      if (first != null && !SalesforceIds.key(first.toString()).equals(SalesforceIds.key(owner))) {
        adminCreate(OrgSchema.CONTENT_DOCUMENT_LINK, Map.of("ContentDocumentId", documentId, "LinkedEntityId",
            first.toString(), "ShareType", "V", "Visibility", "AllUsers"), user);
      }
      bytesByVersionId.put(SalesforceIds.key(versionId), bytes);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", versionId);
      out.put("success", true);
      out.put("errors", List.of());
      return new SalesforceHttpHandler.Reply(201, out);
    }
  }

  /**
   * A new version of an existing document ({@code ContentDocumentId} set on insert, as staff's "Upload New Version"
   * does): it becomes the latest ({@code IsLatest}, the document's {@code LatestPublishedVersionId}, title and size),
   * the earlier versions stay with {@code IsLatest = false} and their fields (an rcsync key on the first version stays
   * there), and the document's links are unchanged
   * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentversion.htm:
   * "To create a new version of an existing document, specify ContentDocumentId"). Caller holds the store's lock.
   */
  private SalesforceHttpHandler.Reply newVersion(SObjectType cv, StoredRecord version, String documentId,
      String extension, byte[] bytes, String user) {
    Optional<StoredRecord> doc = liveDocument(documentId);
    String docKey = SalesforceIds.key(doc.get().id);
    int number = 1;
    for (StoredRecord other : sim.store.records(cv, false)) {
      Object d = other.values.get("ContentDocumentId");
      if (other != version && d != null && SalesforceIds.key(d.toString()).equals(docKey)) {
        number++;
        if (Boolean.TRUE.equals(other.values.get("IsLatest"))) {
          sim.store.update(other.id, sim.store.prepare(cv, Map.of("IsLatest", false)), OrgStore.Mode.ADMIN, user);
        }
      }
    }
    Map<String, Object> more = new LinkedHashMap<>();
    more.put("ContentSize", (double) bytes.length);
    more.put("FileExtension", extension);
    more.put("FileType", fileType(extension));
    more.put("Checksum", md5(bytes));
    more.put("VersionNumber", String.valueOf(number));
    more.put("IsLatest", true);
    if (version.values.get("ContentLocation") == null) {
      more.put("ContentLocation", "S");
    }
    sim.store.update(version.id, sim.store.prepare(cv, more), OrgStore.Mode.ADMIN, user);
    Map<String, Object> docValues = new LinkedHashMap<>();
    docValues.put("LatestPublishedVersionId", version.id);
    docValues.put("Title", version.values.get("Title"));
    docValues.put("ContentSize", (double) bytes.length);
    docValues.put("FileExtension", extension);
    docValues.put("FileType", fileType(extension));
    sim.store.update(doc.get().id, sim.store.prepare(sim.schema().requireObject(OrgSchema.CONTENT_DOCUMENT), docValues),
        OrgStore.Mode.ADMIN, user);
    bytesByVersionId.put(SalesforceIds.key(version.id), bytes);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", version.id);
    out.put("success", true);
    out.put("errors", List.of());
    return new SalesforceHttpHandler.Reply(201, out);
  }

  private Optional<StoredRecord> liveDocument(String id) {
    return sim.store.byId(id).filter(d -> !d.deleted && d.type.name().equalsIgnoreCase(OrgSchema.CONTENT_DOCUMENT));
  }

  private String adminCreate(String object, Map<String, Object> values, String user) {
    SaveResult r = sim.store.create(List.of(sim.store.prepare(sim.schema().requireObject(object), values)), true,
        OrgStore.Mode.ADMIN, user).get(0);
    if (!r.success()) {
      throw new IllegalStateException("simulator: could not create " + object + ": " + r.errors());
    }
    return r.id();
  }

  /** A single-record create that failed: 400 with the REST error body. */
  static SalesforceHttpHandler.Reply failed(RecordError e) {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("message", e.message());
    err.put("errorCode", e.statusCode());
    err.put("fields", e.fields());
    return new SalesforceHttpHandler.Reply(400, List.of(err));
  }

  private static SalesforceApiException tooLarge(String message) {
    return new SalesforceApiException(413, "REQUEST_ENTITY_TOO_LARGE", message);
  }

  private JsonNode readObject(byte[] body) {
    return SalesforceHttpHandler.jsonObject(json, body);
  }

  private static String fileType(String extension) {
    return switch (extension) {
      case "jpg", "jpeg" -> "JPG";
      case "png" -> "PNG";
      case "gif" -> "GIF";
      case "pdf" -> "PDF";
      case "txt" -> "TEXT";
      case "" -> "UNKNOWN";
      default -> extension.toUpperCase(Locale.ROOT);
    };
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- multipart/form-data (RFC 7578) -------------------------------------------------------------------

  record Part(String name, String contentType, byte[] content) {}

  private static String boundary(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring("boundary=".length());
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
          b = b.substring(1, b.length() - 1);
        }
        if (!b.isEmpty()) {
          return b;
        }
      }
    }
    throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "multipart Content-Type without a boundary");
  }

  static List<Part> parts(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<Part> out = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "the multipart body does not contain its boundary");
    }
    while (true) {
      int afterDelimiter = at + delimiter.length;
      if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
        return out;
      }
      int headersStart = skipLineBreak(body, afterDelimiter);
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
      if (headersEnd < 0) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "a multipart part has no end of headers");
      }
      String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int contentStart = headersEnd + 4;
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "the multipart body is not closed by its boundary");
      }
      String name = null;
      String type = null;
      for (String line : headers.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-disposition:")) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bname=\"([^\"]*)\"").matcher(line);
          if (m.find()) {
            name = m.group(1);
          }
        } else if (lower.startsWith("content-type:")) {
          type = line.substring("content-type:".length()).strip();
        }
      }
      byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
      out.add(new Part(name, type, content));
      at = contentEnd + 2;
    }
  }

  private static int skipLineBreak(byte[] b, int i) {
    if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
      return i + 2;
    }
    return i;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
