package io.rcsync.testkit.sim.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes and answers the simulator's HTTP requests. Per request, in this order: count it, check the URI/header
 * size, apply an injected request fault, authenticate, take one unit of the daily API budget, then serve.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm">REST Resources</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm">Status Codes and Error Responses</a>
 */
final class SalesforceHttpHandler implements HttpHandler {
  /**
   * URI plus headers may not exceed 16,384 bytes: 414 when the URI alone does, else 431.
   *
   * @see <a href="https://help.salesforce.com/s/articleView?id=000386264&type=1">Maximum number of rows returned by SOQL queries over the REST API</a>
   */
  static final int MAX_URI_AND_HEADERS_BYTES = 16_384;

  private static final Pattern VERSIONED = Pattern.compile("/services/data/v(\\d{2}\\.\\d)(/.*)?");
  private static final int OLDEST_VERSION = 31;
  private static final int MAX_OPEN_CURSORS = 1_000;

  private final SalesforceSimulator sim;
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final Map<String, Cursor> cursors = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
      return size() > MAX_OPEN_CURSORS;
    }
  };

  /** The rest of a query's result, served page by page through nextRecordsUrl. */
  private record Cursor(List<Map<String, Object>> records, int totalSize, int batchSize) {}

  /** A routed request. */
  record Route(Endpoint endpoint, String version, List<String> segments, String allowed) {}

  /** What a handler answers; {@code headers} are the resource's own response headers. */
  record Reply(int status, Object body, Map<String, String> headers) {
    Reply(int status, Object body) {
      this(status, body, Map.of());
    }
  }

  /** Reads a request's JSON body when the resource needs one. */
  @FunctionalInterface
  interface BodySource {
    JsonNode read() throws IOException;
  }

  /**
   * An authenticated request to a resource, from the wire or from a composite subrequest.
   *
   * @param headers request headers, names in lower case
   */
  record Request(String method, Route route, Map<String, String> params, Map<String, String> headers,
      BodySource body) {}

  private final CompositeResource composite;

  SalesforceHttpHandler(SalesforceSimulator sim) {
    this.sim = sim;
    this.composite = new CompositeResource(sim, json, this);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      Map<String, String> params = params(ex.getRequestURI().getRawQuery());
      if (method.equals("POST") && params.containsKey("_HttpMethod")) {
        method = params.get("_HttpMethod").toUpperCase(Locale.ROOT);
      }
      Route route = route(method, ex.getRequestURI().getPath());
      sim.count(route.endpoint());
      Reply reply;
      try {
        reply = serve(ex, method, route, params);
      } catch (CompositeResource.CompositeLimitException e) {
        reply = new Reply(e.httpStatus(), e.body());
      } catch (SalesforceApiException e) {
        reply = new Reply(e.httpStatus(), errorBody(e.errorCode(), e.getMessage()));
      } catch (RuntimeException e) {
        reply = new Reply(500, errorBody("UNKNOWN_EXCEPTION", "simulator error: " + e));
      }
      send(ex, reply);
    }
  }

  /** A top-level HTTP request: size, injected faults, authentication and the daily budget, then the resource. */
  private Reply serve(HttpExchange ex, String method, Route route, Map<String, String> params) throws IOException {
    checkSize(ex);
    Optional<SalesforceApiException> injected = sim.faults().nextRequestFailure();
    if (injected.isPresent()) {
      throw injected.get();
    }
    if (route.endpoint() == Endpoint.VERSIONS) {
      return new Reply(200, versions());
    }
    String user = authenticate(ex);
    if (route.endpoint() == Endpoint.UNKNOWN) {
      throw unknown(method, route);
    }
    if (route.endpoint() != Endpoint.LIMITS && !sim.consumeApiRequest()) {
      // https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
      throw new SalesforceApiException(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
    }
    ex.getResponseHeaders().add("Sforce-Limit-Info", "api-usage="
        + (sim.dailyApiRequestLimit() - sim.dailyApiRequestsRemaining()) + "/" + sim.dailyApiRequestLimit());
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> {
      if (!v.isEmpty()) {
        headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
      }
    });
    return dispatch(new Request(method, route, params, headers, () -> body(ex)), user);
  }

  /** Answers an authenticated request, top-level or a composite subrequest. */
  Reply dispatch(Request req, String user) throws IOException {
    Route route = req.route();
    if (route.endpoint() == Endpoint.UNKNOWN) {
      throw unknown(req.method(), route);
    }
    String v = route.version();
    List<String> s = route.segments();
    Map<String, String> params = req.params();
    return switch (route.endpoint()) {
      case RESOURCES -> new Reply(200, resources(v));
      case LIMITS -> new Reply(200, limits());
      case QUERY, QUERY_ALL -> new Reply(200, query(req.headers().get("sforce-query-options"), v, params.get("q"),
          route.endpoint() == Endpoint.QUERY_ALL));
      case QUERY_MORE -> new Reply(200, queryMore(v, s.get(1)));
      case DESCRIBE_GLOBAL -> new Reply(200, describeGlobal(v));
      case DESCRIBE -> new Reply(200, describe(v, object(s.get(1))));
      case RETRIEVE -> new Reply(200, retrieve(v, object(s.get(1)), s.get(2), params.get("fields")));
      case COLLECTIONS_CREATE -> new Reply(200, create(req.body().read(), user));
      case COLLECTIONS_UPSERT -> new Reply(200, upsert(s.get(2), s.get(3), req.body().read(), user));
      case COLLECTIONS_DELETE -> new Reply(200, delete(params.get("ids"), params.get("allOrNone")));
      case COMPOSITE -> req.method().equals("POST") ? composite.execute(req.body().read(), user)
          : new Reply(200, compositeResources(v));
      default -> throw notFound();
    };
  }

  private static SalesforceApiException unknown(String method, Route route) {
    if (route.allowed() != null) {
      return new SalesforceApiException(405, "METHOD_NOT_ALLOWED",
          "HTTP Method '" + method + "' not allowed. Allowed are " + route.allowed());
    }
    return notFound();
  }

  // ---- routing ---------------------------------------------------------------------------------------------

  Route route(String method, String path) {
    if (path.equals("/services/data") || path.equals("/services/data/")) {
      return method.equals("GET") || method.equals("HEAD") ? new Route(Endpoint.VERSIONS, null, List.of(), null)
          : new Route(Endpoint.UNKNOWN, null, List.of(), "GET,HEAD");
    }
    Matcher m = VERSIONED.matcher(path);
    if (!m.matches() || !supported(m.group(1))) {
      return new Route(Endpoint.UNKNOWN, null, List.of(), null);
    }
    String version = m.group(1);
    String rest = m.group(2) == null ? "" : m.group(2);
    List<String> seg = Arrays.stream(rest.split("/")).filter(x -> !x.isEmpty()).toList();
    boolean get = method.equals("GET") || method.equals("HEAD");
    Endpoint e = Endpoint.UNKNOWN;
    String allowed = null;
    if (seg.isEmpty()) {
      e = get ? Endpoint.RESOURCES : Endpoint.UNKNOWN;
      allowed = "GET,HEAD";
    } else if (seg.size() == 1 && seg.get(0).equals("limits")) {
      e = get ? Endpoint.LIMITS : Endpoint.UNKNOWN;
      allowed = "GET,HEAD";
    } else if (seg.get(0).equals("query") || seg.get(0).equals("queryAll")) {
      if (seg.size() <= 2) {
        e = !get ? Endpoint.UNKNOWN : seg.size() == 2 ? Endpoint.QUERY_MORE
            : seg.get(0).equals("query") ? Endpoint.QUERY : Endpoint.QUERY_ALL;
        allowed = "GET,HEAD";
      }
    } else if (seg.get(0).equals("sobjects")) {
      allowed = "GET,HEAD";
      if (seg.size() == 1) {
        e = get ? Endpoint.DESCRIBE_GLOBAL : Endpoint.UNKNOWN;
      } else if (seg.size() == 3 && seg.get(2).equals("describe")) {
        e = get ? Endpoint.DESCRIBE : Endpoint.UNKNOWN;
      } else if (seg.size() == 3) {
        e = get ? Endpoint.RETRIEVE : Endpoint.UNKNOWN;
      } else {
        allowed = null;
      }
    } else if (seg.size() == 1 && seg.get(0).equals("composite")) {
      e = get || method.equals("POST") ? Endpoint.COMPOSITE : Endpoint.UNKNOWN;
      allowed = "GET,HEAD,POST";
    } else if (seg.get(0).equals("composite") && seg.size() >= 2 && seg.get(1).equals("sobjects")) {
      if (seg.size() == 2) {
        e = switch (method) {
          case "POST" -> Endpoint.COLLECTIONS_CREATE;
          case "DELETE" -> Endpoint.COLLECTIONS_DELETE;
          default -> Endpoint.UNKNOWN;
        };
        allowed = "POST,DELETE";
      } else if (seg.size() == 4) {
        e = method.equals("PATCH") ? Endpoint.COLLECTIONS_UPSERT : Endpoint.UNKNOWN;
        allowed = "PATCH";
      }
    }
    return new Route(e, version, seg, e == Endpoint.UNKNOWN ? allowed : null);
  }

  private boolean supported(String version) {
    int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
    int newest = Integer.parseInt(sim.apiVersion().substring(0, sim.apiVersion().indexOf('.')));
    return version.endsWith(".0") && major >= OLDEST_VERSION && major <= newest;
  }

  private void checkSize(HttpExchange ex) {
    int uriBytes = ex.getRequestURI().toString().getBytes(StandardCharsets.UTF_8).length;
    if (uriBytes > MAX_URI_AND_HEADERS_BYTES) {
      throw new SalesforceApiException(414, "URI_TOO_LONG", "URI Too Long: the request URI has " + uriBytes
          + " bytes; Salesforce accepts at most " + MAX_URI_AND_HEADERS_BYTES + " bytes of URI and headers");
    }
    int total = uriBytes;
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      for (String value : h.getValue()) {
        total += h.getKey().length() + 2 + value.getBytes(StandardCharsets.UTF_8).length + 2;
      }
    }
    if (total > MAX_URI_AND_HEADERS_BYTES) {
      throw new SalesforceApiException(431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large: URI "
          + "and headers have " + total + " bytes; Salesforce accepts at most " + MAX_URI_AND_HEADERS_BYTES);
    }
  }

  /** Bearer (or legacy OAuth) token from the Authorization header, else 401 INVALID_SESSION_ID. */
  private String authenticate(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header != null) {
      String[] parts = header.trim().split("\\s+", 2);
      if (parts.length == 2 && (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("OAuth"))) {
        Optional<String> user = sim.userForToken(parts[1].trim());
        if (user.isPresent()) {
          return user.get();
        }
      }
    }
    throw new SalesforceApiException(401, "INVALID_SESSION_ID", "Session expired or invalid");
  }

  // ---- resources -------------------------------------------------------------------------------------------

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm */
  private List<Map<String, Object>> versions() {
    int newest = Integer.parseInt(sim.apiVersion().substring(0, 2));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int v = OLDEST_VERSION; v <= newest; v++) {
      int offset = v - 62;
      String season = List.of("Winter", "Spring", "Summer").get(Math.floorMod(offset, 3));
      int year = 25 + Math.floorDiv(offset, 3);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("label", season + " '" + String.format(Locale.ROOT, "%02d", year));
      entry.put("url", "/services/data/v" + v + ".0");
      entry.put("version", v + ".0");
      out.add(entry);
    }
    return out;
  }

  private Map<String, Object> resources(String v) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String r : List.of("limits", "query", "queryAll", "sobjects", "composite")) {
      out.put(r, "/services/data/v" + v + "/" + r);
    }
    return out;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_get.htm */
  private Map<String, Object> compositeResources(String v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sobjects", "/services/data/v" + v + "/composite/sobjects");
    out.put("composite", "/services/data/v" + v + "/composite");
    return out;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm */
  private Map<String, Object> limits() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("DailyApiRequests", Map.of("Max", sim.dailyApiRequestLimit(), "Remaining",
        sim.dailyApiRequestsRemaining()));
    out.put("DataStorageMB", Map.of("Max", 1024, "Remaining", 1024));
    return out;
  }

  // ---- query -----------------------------------------------------------------------------------------------

  /**
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm and
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
   * (Sforce-Query-Options: batchSize=200..2000).
   */
  private Map<String, Object> query(String queryOptions, String v, String soql, boolean all) {
    SoqlAst.Query q = SoqlParser.parse(soql);
    SoqlEngine.Result result;
    synchronized (sim.store) {
      result = new SoqlEngine(sim.store, sim.clock().instant(), sim.zone(), v).execute(q, all);
    }
    int batch = batchSize(queryOptions);
    if (result.aggregate() && result.records().size() > batch) {
      throw new SalesforceApiException(400, "EXCEEDED_ID_LIMIT",
          "Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch");
    }
    Cursor cursor = new Cursor(result.records(), result.totalSize(), batch);
    if (result.records().size() <= batch) {
      return page(cursor, 0, null, v);
    }
    String id = "01g5S" + sim.randomAlphanumeric(13);
    synchronized (cursors) {
      cursors.put(id, cursor);
    }
    return page(cursor, 0, id, v);
  }

  private int batchSize(String header) {
    int batch = sim.queryBatchSize();
    if (header != null) {
      Matcher m = Pattern.compile("batchSize\\s*=\\s*(\\d+)").matcher(header);
      if (m.find()) {
        int asked = Integer.parseInt(m.group(1));
        batch = Math.max(200, Math.min(SalesforceSimulator.MAX_QUERY_BATCH, asked));
      }
    }
    return batch;
  }

  private Map<String, Object> queryMore(String v, String locator) {
    int dash = locator.lastIndexOf('-');
    Cursor cursor = null;
    int offset = -1;
    if (dash > 0) {
      synchronized (cursors) {
        cursor = cursors.get(locator.substring(0, dash));
      }
      try {
        offset = Integer.parseInt(locator.substring(dash + 1));
      } catch (NumberFormatException e) {
        offset = -1;
      }
    }
    if (cursor == null || offset < 0 || offset > cursor.records().size()) {
      throw new SalesforceApiException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    return page(cursor, offset, locator.substring(0, dash), v);
  }

  private Map<String, Object> page(Cursor cursor, int offset, String cursorId, String v) {
    int end = Math.min(cursor.records().size(), offset + cursor.batchSize());
    boolean done = end >= cursor.records().size();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("totalSize", cursor.totalSize());
    out.put("done", done);
    if (!done) {
      out.put("nextRecordsUrl", "/services/data/v" + v + "/query/" + cursorId + "-" + end);
    }
    out.put("records", cursor.records().subList(offset, end));
    return out;
  }

  // ---- describe / retrieve ---------------------------------------------------------------------------------

  private SObjectType object(String name) {
    return sim.schema().object(name).orElseThrow(SalesforceHttpHandler::notFound);
  }

  private Map<String, Object> describeGlobal(String v) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (SObjectType t : sim.schema().objects()) {
      Map<String, Object> o = objectSummary(t, v);
      objects.add(o);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("encoding", "UTF-8");
    out.put("maxBatchSize", SalesforceSimulator.MAX_COLLECTION_SIZE);
    out.put("sobjects", objects);
    return out;
  }

  private Map<String, Object> objectSummary(SObjectType t, String v) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", t.name());
    o.put("label", t.label());
    o.put("keyPrefix", t.keyPrefix());
    o.put("custom", t.custom());
    o.put("createable", true);
    o.put("updateable", true);
    o.put("deletable", !t.name().equals(OrgSchema.USER));
    o.put("queryable", true);
    o.put("urls", Map.of("sobject", "/services/data/v" + v + "/sobjects/" + t.name(),
        "describe", "/services/data/v" + v + "/sobjects/" + t.name() + "/describe",
        "rowTemplate", "/services/data/v" + v + "/sobjects/" + t.name() + "/{ID}"));
    return o;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm */
  private Map<String, Object> describe(String v, SObjectType t) {
    Map<String, Object> out = objectSummary(t, v);
    List<Map<String, Object>> fields = new ArrayList<>();
    for (SObjectField f : t.fields()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", f.name());
      d.put("label", f.label());
      d.put("type", f.type().describeName());
      d.put("soapType", f.type().soapType());
      d.put("length", f.length());
      d.put("createable", f.createable());
      d.put("updateable", f.updateable());
      d.put("nillable", f.nillable());
      d.put("defaultedOnCreate", f.autoNumber() || f.type() == FieldType.BOOLEAN || f.is("Id")
          || f.is("OwnerId") || f.is("CreatedDate") || f.is("LastModifiedDate") || f.is("SystemModstamp")
          || f.is("CreatedById") || f.is("LastModifiedById"));
      d.put("externalId", f.externalId());
      d.put("unique", f.unique());
      d.put("idLookup", f.is("Id") || f.externalId() || f.unique());
      d.put("caseSensitive", false);
      d.put("autoNumber", f.autoNumber());
      d.put("calculated", false);
      d.put("custom", f.custom());
      d.put("filterable", f.filterable());
      d.put("sortable", f.sortable());
      d.put("groupable", f.groupable());
      d.put("referenceTo", f.referenceTo());
      d.put("relationshipName", f.relationshipName());
      d.put("restrictedPicklist", f.restrictedPicklist());
      List<Map<String, Object>> values = new ArrayList<>();
      for (String p : f.picklistValues()) {
        values.add(Map.of("value", p, "label", p, "active", true, "defaultValue", false));
      }
      d.put("picklistValues", values);
      fields.add(d);
    }
    out.put("fields", fields);
    return out;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm */
  private Map<String, Object> retrieve(String v, SObjectType t, String id, String fieldList) {
    synchronized (sim.store) {
      StoredRecord r = sim.store.byId(id).filter(x -> x.type == t).orElseThrow(SalesforceHttpHandler::notFound);
      if (r.deleted) {
        throw new SalesforceApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
      }
      List<SObjectField> fields = t.fields();
      if (fieldList != null && !fieldList.isBlank()) {
        fields = new ArrayList<>();
        for (String name : fieldList.split(",")) {
          String n = name.trim();
          fields.add(t.field(n).orElseThrow(() -> new SalesforceApiException(400, "INVALID_FIELD",
              "No such column '" + n + "' on sobject of type " + t.name())));
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("attributes", Map.of("type", t.name(), "url", "/services/data/v" + v + "/sobjects/" + t.name() + "/"
          + r.id));
      for (SObjectField f : fields) {
        out.put(f.name(), ValueCodec.toJson(r.get(f)));
      }
      return out;
    }
  }

  // ---- sObject Collections ---------------------------------------------------------------------------------

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm */
  private List<Map<String, Object>> create(JsonNode body, String user) {
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<OrgStore.Prepared> prepared = new ArrayList<>();
    for (JsonNode rec : records(body)) {
      String typeName = rec.path("attributes").path("type").asText(null);
      if (typeName == null) {
        throw new SalesforceApiException(400, "INVALID_TYPE", "Must specify a type in the attributes map of each "
            + "record");
      }
      SObjectType t = sim.schema().object(typeName).orElseThrow(() -> new SalesforceApiException(400,
          "INVALID_TYPE", "sObject type '" + typeName + "' is not supported."));
      prepared.add(prepare(t, rec));
    }
    synchronized (sim.store) {
      return sim.store.create(prepared, allOrNone, OrgStore.Mode.API, user).stream()
          .map(r -> result(r, false)).toList();
    }
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm */
  private List<Map<String, Object>> upsert(String objectName, String fieldName, JsonNode body, String user) {
    SObjectType t = object(objectName);
    SObjectField field = t.field(fieldName).orElseThrow(() -> new SalesforceApiException(404, "NOT_FOUND",
        "Provided external ID field does not exist or is not accessible: " + fieldName));
    if (!field.externalId()) {
      throw new SalesforceApiException(400, "INVALID_FIELD", "Field " + field.name() + " is not an External ID field"
          + (field.is("Id") ? " (sObject Collections upsert matches on external ids only)" : ""));
    }
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<OrgStore.Prepared> prepared = new ArrayList<>();
    for (JsonNode rec : records(body)) {
      String typeName = rec.path("attributes").path("type").asText(null);
      if (typeName == null || !typeName.equalsIgnoreCase(t.name())) {
        throw new SalesforceApiException(400, "INVALID_TYPE", "Each record must have an attributes map with type '"
            + t.name() + "' (the object in the request URI)" + (typeName == null ? "" : ", not '" + typeName + "'"));
      }
      prepared.add(prepare(t, rec));
    }
    synchronized (sim.store) {
      return sim.store.upsert(t, field, prepared, allOrNone, OrgStore.Mode.API, user).stream()
          .map(r -> result(r, true)).toList();
    }
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm */
  private List<Map<String, Object>> delete(String idsParam, String allOrNoneParam) {
    if (idsParam == null || idsParam.isBlank()) {
      throw new SalesforceApiException(400, "MISSING_ARGUMENT", "ids parameter not specified");
    }
    List<String> ids = Arrays.stream(idsParam.split(",")).map(String::trim).toList();
    if (ids.size() > SalesforceSimulator.MAX_COLLECTION_SIZE) {
      throw tooManyRecords();
    }
    boolean allOrNone = Boolean.parseBoolean(allOrNoneParam);
    synchronized (sim.store) {
      return sim.store.delete(ids, allOrNone).stream().map(r -> result(r, false)).toList();
    }
  }

  private List<JsonNode> records(JsonNode body) {
    JsonNode records = body.get("records");
    if (records == null || !records.isArray()) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The request body must be an object with a "
          + "records array");
    }
    if (records.size() > SalesforceSimulator.MAX_COLLECTION_SIZE) {
      throw tooManyRecords();
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : records) {
      if (!r.isObject()) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Each element of records must be an object");
      }
      out.add(r);
    }
    return out;
  }

  private OrgStore.Prepared prepare(SObjectType t, JsonNode rec) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : rec.properties()) {
      if (!e.getKey().equals("attributes")) {
        raw.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
      }
    }
    try {
      return sim.store.prepare(t, raw);
    } catch (IllegalArgumentException e) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getMessage());
    }
  }

  private static SalesforceApiException tooManyRecords() {
    return new SalesforceApiException(400, "EXCEEDED_ID_LIMIT",
        "record limit reached. cannot submit more than " + SalesforceSimulator.MAX_COLLECTION_SIZE
            + " records into this call");
  }

  private static Map<String, Object> result(SaveResult r, boolean upsert) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (r.success()) {
      out.put("id", r.id());
    }
    out.put("success", r.success());
    List<Map<String, Object>> errors = new ArrayList<>();
    for (RecordError e : r.errors()) {
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("statusCode", e.statusCode());
      err.put("message", e.message());
      err.put("fields", e.fields());
      errors.add(err);
    }
    out.put("errors", errors);
    if (upsert && r.success()) {
      out.put("created", r.created());
    }
    return out;
  }

  // ---- plumbing --------------------------------------------------------------------------------------------

  private JsonNode body(HttpExchange ex) throws IOException {
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Unexpected character in the request body: "
          + e.getOriginalMessage());
    }
  }

  static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new SalesforceApiException(400, "MALFORMED_QUERY", "Malformed URL encoding in parameter " + k);
      }
    }
    return out;
  }

  static SalesforceApiException notFound() {
    return new SalesforceApiException(404, "NOT_FOUND", "The requested resource does not exist");
  }

  static List<Map<String, Object>> errorBody(String code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", message);
    e.put("errorCode", code);
    return List.of(e);
  }

  private void send(HttpExchange ex, Reply reply) throws IOException {
    byte[] bytes = json.writeValueAsBytes(reply.body());
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
      ex.sendResponseHeaders(reply.status(), -1);
      return;
    }
    ex.sendResponseHeaders(reply.status(), bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
