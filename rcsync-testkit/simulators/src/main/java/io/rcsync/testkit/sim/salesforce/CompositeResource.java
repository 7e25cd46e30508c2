package io.rcsync.testkit.sim.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rcsync.testkit.sim.salesforce.SalesforceHttpHandler.Reply;
import io.rcsync.testkit.sim.salesforce.SalesforceHttpHandler.Request;
import io.rcsync.testkit.sim.salesforce.RestRouter.Route;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Composite resource, {@code POST /services/data/vXX.X/composite}: up to 25 subrequests in one call that counts
 * as ONE request against the org's API limits.
 *
 * <ul>
 *   <li>Request body {@code {"allOrNone":bool,"collateSubrequests":bool,"compositeRequest":[{"method","url",
 *       "referenceId","body","httpHeaders"}]}}; {@code method} is case-sensitive (GET, POST, PATCH, PUT, DELETE),
 *       {@code httpHeaders} may not set Accept, Authorization or Content-Type (the subrequests inherit them).
 *   <li>Response {@code {"compositeResponse":[{"body","httpHeaders","httpStatusCode","referenceId"}]}}, one entry
 *       per subrequest in request order, always HTTP 200 once the request itself is well formed.
 *   <li>At most 25 subrequests, of which at most 5 sObject Collections or query operations combined (Query,
 *       QueryAll, "query more" locators and the Collections create, upsert, update and delete resources; since v43.0
 *       Collections count toward the 5, before that only queries did: see the limits note of "Send Multiple Requests
 *       Using Composite", e.g. the v57.0 page
 *       https://developer.salesforce.com/docs/atlas.ja-jp.242.0.api_rest.meta/api/resources_composite_composite_post.htm);
 *       beyond that the call is refused with {@code LIMIT_EXCEEDED} before anything runs (the body Salesforce
 *       answers, as logged in https://github.com/guardian/support-service-lambdas/pull/766).
 *   <li>{@code allOrNone=true}: the first failing subrequest (status 400 or more) stops the call, every write is
 *       rolled back and every other subrequest answers 400 {@code PROCESSING_HALTED}. {@code allOrNone=false}: the
 *       others still run, except those that reference a failed one.
 *   <li>References {@code @{refId.field}} / {@code @{refId.records[0].Id}} in a later subrequest's url or body
 *       are replaced with values from an earlier subrequest's response body.
 *   <li>{@code collateSubrequests} is accepted; the simulator always runs subrequests in request order, which
 *       is one of the orders Salesforce may choose.
 * </ul>
 *
 * Supported subrequest resources are those the doc lists: sObject resources the simulator serves (describe,
 * retrieve), Query, QueryAll (with {@code nextRecordsUrl} locators) and sObject Collections.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm">Send Multiple Requests Using Composite</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/requests_composite.htm">Composite Request Body</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/responses_composite.htm">Composite Response Body</a>
 */
final class CompositeResource {
  /** Subrequests one composite call may hold. */
  static final int MAX_SUBREQUESTS = 25;
  /** Of those, sObject Collections and query operations (query, queryAll, query more) together. */
  static final int MAX_QUERY_SUBREQUESTS = 5;

  private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "PUT", "DELETE");
  private static final Set<String> INHERITED_HEADERS = Set.of("accept", "authorization", "content-type");
  private static final Set<String> TOP_LEVEL_KEYS = Set.of("allOrNone", "collateSubrequests", "compositeRequest");
  private static final Set<String> SUBREQUEST_KEYS = Set.of("method", "url", "referenceId", "body", "httpHeaders");
  /** The subrequests that count toward {@link #MAX_QUERY_SUBREQUESTS}: queries and sObject Collections. */
  private static final Set<Endpoint> QUERY_OPERATIONS = Set.of(Endpoint.QUERY, Endpoint.QUERY_ALL,
      Endpoint.QUERY_MORE, Endpoint.COLLECTIONS_CREATE, Endpoint.COLLECTIONS_UPSERT, Endpoint.COLLECTIONS_UPDATE,
      Endpoint.COLLECTIONS_DELETE);
  private static final String LIMIT_MESSAGE = "The request can’t contain more than " + MAX_QUERY_SUBREQUESTS
      + " sObject Collections or query operations (Query, QueryAll or query locators)";
  private static final Set<Endpoint> SUPPORTED = Set.of(Endpoint.QUERY, Endpoint.QUERY_ALL, Endpoint.QUERY_MORE,
      Endpoint.DESCRIBE_GLOBAL, Endpoint.DESCRIBE, Endpoint.RETRIEVE, Endpoint.COLLECTIONS_CREATE,
      Endpoint.COLLECTIONS_UPSERT, Endpoint.COLLECTIONS_UPDATE, Endpoint.COLLECTIONS_DELETE);
  private static final Pattern REFERENCE_ID = Pattern.compile("[A-Za-z0-9_]{1,80}");
  /** {@code @{refId.field.sub[0].x}}: group 1 the reference id, group 2 the path. */
  private static final Pattern REFERENCE =
      Pattern.compile("@\\{([A-Za-z0-9_]+)((?:\\.[A-Za-z0-9_]+|\\[\\d+\\])*)\\}");
  private static final Pattern PATH_STEP = Pattern.compile("\\.([A-Za-z0-9_]+)|\\[(\\d+)\\]");
  static final String ROLLED_BACK =
      "The transaction was rolled back since another operation in the same transaction failed.";

  private final SalesforceSimulator sim;
  private final ObjectMapper json;
  private final SalesforceHttpHandler handler;

  CompositeResource(SalesforceSimulator sim, ObjectMapper json, SalesforceHttpHandler handler) {
    this.sim = sim;
    this.json = json;
    this.handler = handler;
  }

  /** One validated subrequest. */
  private record Sub(String method, String url, String referenceId, JsonNode body, Map<String, String> headers,
      Endpoint endpoint, Set<String> references) {}

  /** A reference that found no value in the referenced response. */
  private static final class Unresolved extends Exception {
    private static final long serialVersionUID = 1L;

    Unresolved(String message) {
      super(message, null, false, false);
    }
  }

  Reply execute(JsonNode request, String user) {
    List<Sub> subs = validate(request);
    boolean allOrNone = request.path("allOrNone").asBoolean(false);
    Reply[] replies = new Reply[subs.size()];
    synchronized (sim.store) {
      if (allOrNone) {
        sim.store.beginTransaction();
      }
      int failedAt = -1;
      boolean completed = false;
      try {
        Map<String, JsonNode> bodies = new HashMap<>();
        Set<String> failed = new HashSet<>();
        AtomicInteger queries = new AtomicInteger(
            (int) subs.stream().filter(x -> QUERY_OPERATIONS.contains(x.endpoint())).count());
        for (int i = 0; i < subs.size() && failedAt < 0; i++) {
          Sub sub = subs.get(i);
          Reply reply = run(sub, bodies, failed, queries, user);
          replies[i] = reply;
          if (reply.status() >= 400) {
            failed.add(sub.referenceId());
            if (allOrNone) {
              failedAt = i;
            }
          } else {
            bodies.put(sub.referenceId(), json.valueToTree(reply.body()));
          }
        }
        completed = true;
      } finally {
        if (allOrNone && (failedAt >= 0 || !completed)) {
          sim.store.rollbackTransaction();
        } else if (allOrNone) {
          sim.store.commitTransaction();
        }
      }
      if (failedAt >= 0) {
        for (int i = 0; i < replies.length; i++) {
          if (i != failedAt) {
            replies[i] = new Reply(400, SalesforceHttpHandler.errorBody("PROCESSING_HALTED", ROLLED_BACK));
          }
        }
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < subs.size(); i++) {
      out.add(entry(replies[i], subs.get(i).referenceId()));
    }
    return new Reply(200, Map.of("compositeResponse", out));
  }

  private Reply run(Sub sub, Map<String, JsonNode> bodies, Set<String> failed, AtomicInteger queries, String user) {
    for (String ref : sub.references()) {
      if (failed.contains(ref)) {
        return new Reply(400, SalesforceHttpHandler.errorBody("PROCESSING_HALTED", "Invalid reference specified. "
            + "Provided referenceId ('" + ref + "') refers to a subrequest that failed, so this subrequest was not "
            + "executed."));
      }
    }
    String url;
    JsonNode body;
    try {
      url = resolveText(sub.url(), bodies);
      body = sub.body() == null ? null : resolveNode(sub.body(), bodies);
    } catch (Unresolved e) {
      return new Reply(400, SalesforceHttpHandler.errorBody("PROCESSING_HALTED", e.getMessage()));
    }
    if (!url.startsWith("/services/data/")) {
      return new Reply(400, SalesforceHttpHandler.errorBody("INVALID_INPUT", "Subrequest '" + sub.referenceId()
          + "': url must start with /services/data/vXX.X/, not '" + url + "'"));
    }
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String rawQuery = q < 0 ? null : url.substring(q + 1);
    Route route = handler.route(sub.method(), path);
    if (QUERY_OPERATIONS.contains(route.endpoint()) && sub.endpoint() == Endpoint.UNKNOWN
        && queries.incrementAndGet() > MAX_QUERY_SUBREQUESTS) {
      // a url given by reference turned out to be one query operation too many
      return new Reply(400, SalesforceHttpHandler.errorBody("LIMIT_EXCEEDED", LIMIT_MESSAGE + "."));
    }
    sim.countSubrequest(route.endpoint());
    try {
      if (route.endpoint() != Endpoint.UNKNOWN && !SUPPORTED.contains(route.endpoint())) {
        throw new SalesforceApiException(400, "INVALID_INPUT", "The Composite resource does not support "
            + route.endpoint().name().toLowerCase(Locale.ROOT) + " subrequests (" + path + ")");
      }
      JsonNode given = body;
      Request req = new Request(sub.method(), route, SalesforceHttpHandler.params(rawQuery), sub.headers(), () -> {
        if (given == null || !given.isObject()) {
          throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The subrequest body must be a JSON object");
        }
        return given;
      });
      return handler.dispatch(req, user);
    } catch (SalesforceApiException e) {
      return new Reply(e.httpStatus(), SalesforceHttpHandler.errorBody(e.errorCode(), e.getMessage()));
    } catch (IOException | RuntimeException e) {
      return new Reply(500, SalesforceHttpHandler.errorBody("UNKNOWN_EXCEPTION", "simulator error: " + e));
    }
  }

  private static Map<String, Object> entry(Reply reply, String referenceId) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("body", reply.body());
    e.put("httpHeaders", reply.headers());
    e.put("httpStatusCode", reply.status());
    e.put("referenceId", referenceId);
    return e;
  }

  // ---- validation ------------------------------------------------------------------------------------------

  /** Checks the whole request before anything runs, as Salesforce does; throws the top-level 400. */
  private List<Sub> validate(JsonNode request) {
    for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL_KEYS.contains(key)) {
        throw parserError("Unrecognized field \"" + key + "\" (known: allOrNone, collateSubrequests, "
            + "compositeRequest)");
      }
    }
    for (String flag : List.of("allOrNone", "collateSubrequests")) {
      JsonNode v = request.get(flag);
      if (v != null && !v.isBoolean() && !v.isNull()) {
        throw parserError(flag + " must be true or false");
      }
    }
    JsonNode list = request.get("compositeRequest");
    if (list == null || list.isNull()) {
      throw new SalesforceApiException(400, "INVALID_INPUT", "compositeRequest is required");
    }
    if (!list.isArray()) {
      throw parserError("compositeRequest must be an array of subrequests");
    }
    if (list.isEmpty()) {
      throw new SalesforceApiException(400, "INVALID_INPUT", "compositeRequest must hold at least one subrequest");
    }
    if (list.size() > MAX_SUBREQUESTS) {
      throw limitExceeded("The request can’t contain more than " + MAX_SUBREQUESTS + " operations.");
    }
    List<Sub> subs = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int queries = 0;
    for (JsonNode node : list) {
      Sub sub = subrequest(node, seen);
      seen.add(sub.referenceId());
      if (QUERY_OPERATIONS.contains(sub.endpoint())) {
        queries++;
      }
      subs.add(sub);
    }
    if (queries > MAX_QUERY_SUBREQUESTS) {
      throw limitExceeded(LIMIT_MESSAGE + "; it has " + queries + ".");
    }
    return subs;
  }

  private Sub subrequest(JsonNode node, Set<String> earlier) {
    if (!node.isObject()) {
      throw parserError("each element of compositeRequest must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!SUBREQUEST_KEYS.contains(key)) {
        throw parserError("Unrecognized field \"" + key + "\" in a subrequest (known: method, url, referenceId, "
            + "body, httpHeaders)");
      }
    }
    String referenceId = text(node, "referenceId");
    if (referenceId == null || !REFERENCE_ID.matcher(referenceId).matches()) {
      throw new SalesforceApiException(400, "INVALID_INPUT", "Each subrequest needs a referenceId of letters, "
          + "digits and underscores" + (referenceId == null ? "" : ", not '" + referenceId + "'"));
    }
    if (earlier.contains(referenceId)) {
      throw new SalesforceApiException(400, "INVALID_INPUT", "Duplicate referenceId '" + referenceId
          + "': each subrequest needs its own");
    }
    String method = text(node, "method");
    if (method == null || !METHODS.contains(method)) {
      throw new SalesforceApiException(400, "INVALID_INPUT", "Subrequest '" + referenceId + "': method must be one "
          + "of GET, POST, PATCH, PUT, DELETE (case-sensitive)" + (method == null ? "" : ", not '" + method + "'"));
    }
    String url = text(node, "url");
    // a url may also be a reference to an earlier response's url, e.g. "@{q.nextRecordsUrl}"
    if (url == null || !(url.startsWith("/services/data/") || url.startsWith("@{"))) {
      throw new SalesforceApiException(400, "INVALID_INPUT", "Subrequest '" + referenceId + "': url must start "
          + "with /services/data/vXX.X/" + (url == null ? "" : ", not '" + url + "'"));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = node.get("httpHeaders");
    if (h != null && !h.isNull()) {
      if (!h.isObject()) {
        throw parserError("Subrequest '" + referenceId + "': httpHeaders must be an object of strings");
      }
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        String name = e.getKey().toLowerCase(Locale.ROOT);
        if (INHERITED_HEADERS.contains(name)) {
          throw new SalesforceApiException(400, "INVALID_INPUT", "Subrequest '" + referenceId + "' sets the "
              + e.getKey() + " header, which subrequests inherit from the composite request");
        }
        headers.put(name, e.getValue().asText());
      }
    }
    JsonNode body = node.get("body");
    Set<String> references = new LinkedHashSet<>();
    collectReferences(url, references);
    if (body != null && !body.isNull()) {
      collectReferences(body, references);
    } else {
      body = null;
    }
    for (String ref : references) {
      if (!earlier.contains(ref)) {
        throw new SalesforceApiException(400, "INVALID_INPUT", "Subrequest '" + referenceId + "' refers to '" + ref
            + "', which is not the referenceId of an earlier subrequest");
      }
    }
    int q = url.indexOf('?');
    Endpoint endpoint = url.startsWith("@{") ? Endpoint.UNKNOWN
        : handler.route(method, q < 0 ? url : url.substring(0, q)).endpoint();
    return new Sub(method, url, referenceId, body, headers, endpoint, references);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static void collectReferences(String text, Set<String> out) {
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
  }

  private static void collectReferences(JsonNode node, Set<String> out) {
    if (node.isTextual()) {
      collectReferences(node.asText(), out);
    } else if (node.isContainerNode()) {
      node.forEach(child -> collectReferences(child, out));
    }
  }

  // ---- references ------------------------------------------------------------------------------------------

  private static String resolveText(String text, Map<String, JsonNode> bodies) throws Unresolved {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      JsonNode v = lookup(m.group(1), m.group(2), bodies);
      m.appendReplacement(sb, Matcher.quoteReplacement(v.isValueNode() ? v.asText() : v.toString()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A copy of the body with references replaced; a string that is exactly one reference takes its JSON type. */
  private JsonNode resolveNode(JsonNode node, Map<String, JsonNode> bodies) throws Unresolved {
    if (node.isTextual()) {
      Matcher whole = REFERENCE.matcher(node.asText());
      if (whole.matches()) {
        return lookup(whole.group(1), whole.group(2), bodies).deepCopy();
      }
      return TextNode.valueOf(resolveText(node.asText(), bodies));
    }
    if (node.isObject()) {
      ObjectNode copy = json.createObjectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        copy.set(e.getKey(), resolveNode(e.getValue(), bodies));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = json.createArrayNode();
      for (JsonNode child : node) {
        copy.add(resolveNode(child, bodies));
      }
      return copy;
    }
    return node;
  }

  private static JsonNode lookup(String referenceId, String path, Map<String, JsonNode> bodies) throws Unresolved {
    JsonNode at = bodies.get(referenceId);
    Matcher step = PATH_STEP.matcher(path);
    while (at != null && step.find()) {
      at = step.group(1) != null ? at.get(step.group(1)) : at.get(Integer.parseInt(step.group(2)));
    }
    if (at == null || at.isMissingNode() || at.isNull()) {
      throw new Unresolved("Invalid reference specified. No value for " + referenceId + path + " found in "
          + referenceId + ".");
    }
    return at;
  }

  // ---- errors ----------------------------------------------------------------------------------------------

  private static SalesforceApiException parserError(String message) {
    return new SalesforceApiException(400, "JSON_PARSER_ERROR", message);
  }

  /** A limit breach: HTTP 400 whose body is a composite response with one error entry and no referenceId. */
  private static SalesforceApiException limitExceeded(String message) {
    return new CompositeLimitException(message);
  }

  /** Carries the composite-shaped body of a refused call (see {@link SalesforceHttpHandler}). */
  static final class CompositeLimitException extends SalesforceApiException {
    private static final long serialVersionUID = 1L;

    CompositeLimitException(String message) {
      super(400, "LIMIT_EXCEEDED", message);
    }

    Object body() {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("body", SalesforceHttpHandler.errorBody(errorCode(), getMessage()));
      e.put("httpHeaders", Map.of());
      e.put("httpStatusCode", 400);
      e.put("referenceId", null);
      return Map.of("compositeResponse", List.of(e));
    }
  }
}
