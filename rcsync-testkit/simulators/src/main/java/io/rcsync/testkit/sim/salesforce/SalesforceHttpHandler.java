package io.rcsync.testkit.sim.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.rcsync.testkit.sim.salesforce.RestRouter.Route;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Routes and answers the simulator's HTTP requests. Per request, in this order: count it, check the URI/header
 * size, apply an injected request fault, authenticate, take one unit of the daily API budget, then serve it with the
 * resource's class ({@link ServiceResources}, {@link QueryResource}, {@link SObjectResource},
 * {@link CollectionsResource}, {@link CompositeResource}); errors go out as Salesforce's error bodies.
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

  private final SalesforceSimulator sim;
  private final RestRouter router;
  private final ServiceResources service;
  private final QueryResource queries;
  private final QueryExplain explain;
  private final SObjectResource sobjects;
  private final CollectionsResource collections;
  private final CompositeResource composite;
  private final SalesforceFiles files;
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

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

  SalesforceHttpHandler(SalesforceSimulator sim) {
    this.sim = sim;
    this.router = new RestRouter(sim.apiVersion());
    this.service = new ServiceResources(sim);
    this.queries = new QueryResource(sim);
    this.explain = new QueryExplain(sim);
    this.sobjects = new SObjectResource(sim);
    this.collections = new CollectionsResource(sim, json, sobjects);
    this.composite = new CompositeResource(sim, json, this);
    this.files = sim.files(json);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      sim.forgetRecordsWritten(); // a request that failed half-way must not lengthen the next one's latency
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
      sim.delayAnswer();
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
      return new Reply(200, service.versions());
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
    if (route.endpoint() == Endpoint.SOBJECT_CREATE
        && route.segments().get(1).equalsIgnoreCase(OrgSchema.CONTENT_VERSION)) {
      byte[] raw;
      try (InputStream in = ex.getRequestBody()) {
        raw = in.readAllBytes();
      }
      sobjects.object(route.segments().get(1));
      return files.insertVersion(headers.get("content-type"), raw, user);
    }
    if (route.endpoint() == Endpoint.COLLECTIONS_CREATE
        && headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      // a collection of blob records (ContentVersion files): one API call for all of them
      byte[] raw;
      try (InputStream in = ex.getRequestBody()) {
        raw = in.readAllBytes();
      }
      return new Reply(200, files.insertCollection(headers.get("content-type"), raw, user));
    }
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
      case RESOURCES -> new Reply(200, service.resources(v));
      case LIMITS -> new Reply(200, service.limits());
      case QUERY, QUERY_ALL -> params.containsKey("explain") && !params.containsKey("q")
          ? new Reply(200, explain.explain(v, params.get("explain")))
          : new Reply(200, queries.query(req.headers().get("sforce-query-options"), v, params.get("q"),
          route.endpoint() == Endpoint.QUERY_ALL));
      case QUERY_MORE -> new Reply(200, queries.queryMore(v, s.get(1)));
      case DESCRIBE_GLOBAL -> new Reply(200, sobjects.describeGlobal(v));
      case DESCRIBE -> new Reply(200, sobjects.describe(v, sobjects.object(s.get(1))));
      case RETRIEVE -> new Reply(200, sobjects.retrieve(v, sobjects.object(s.get(1)), s.get(2), params.get("fields")));
      case SOBJECT_CREATE -> s.get(1).equalsIgnoreCase(OrgSchema.CONTENT_VERSION)
          ? files.insertJson(req.body().read(), user)
          : sobjects.create(sobjects.object(s.get(1)), req.body().read(), json, user);
      case SOBJECT_DELETE -> sobjects.delete(sobjects.object(s.get(1)), s.get(2));
      case COLLECTIONS_CREATE -> new Reply(200, collections.create(req.body().read(), user));
      case COLLECTIONS_UPSERT -> new Reply(200, collections.upsert(s.get(2), s.get(3), req.body().read(), user));
      case COLLECTIONS_UPDATE -> new Reply(200, collections.update(req.body().read(), user));
      case COLLECTIONS_DELETE -> new Reply(200, collections.delete(params.get("ids"), params.get("allOrNone")));
      case COMPOSITE -> req.method().equals("POST") ? composite.execute(req.body().read(), user)
          : new Reply(200, service.compositeResources(v));
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


  // ---- routing and admission -------------------------------------------------------------------------------

  Route route(String method, String path) {
    return router.route(method, path);
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

  // ---- plumbing --------------------------------------------------------------------------------------------

  private JsonNode body(HttpExchange ex) throws IOException {
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    return jsonObject(json, bytes);
  }

  /**
   * A request body that must be one JSON object, as Salesforce reads it: anything else is 400 JSON_PARSER_ERROR.
   * Shared by every resource that takes a JSON body (also {@link SalesforceFiles}' {@code entity_content} part).
   */
  static JsonNode jsonObject(com.fasterxml.jackson.databind.ObjectMapper json, byte[] bytes) {
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Unexpected character in the request body: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "unreadable request body");
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
    if (ex.getRequestMethod().equalsIgnoreCase("HEAD") || reply.status() == 204) {
      ex.sendResponseHeaders(reply.status(), -1);
      return;
    }
    ex.sendResponseHeaders(reply.status(), bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
