package io.rcsync.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import io.rcsync.http.HttpRetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of the Salesforce adapter: bearer auth, JSON in and out, bounded retries, error mapping and
 * API-call counting.
 *
 * <ul>
 *   <li>Every answer's {@code Sforce-Limit-Info} updates {@link SalesforceApiQuota}; once usage is within
 *       {@link SalesforceConfig#apiReservePercent()}, requests fail with QUOTA_EXCEEDED before they are sent.
 *   <li>Every request sent (retries included) increments {@link ApiCalls#SALESFORCE}.
 *   <li>502/503/504 answers and I/O failures are retried ({@link HttpRetry}), at most
 *       {@link SalesforceConfig#maxAttempts()} attempts, exponential backoff through the injected sleeper.
 *   <li>401 (e.g. {@code INVALID_SESSION_ID}): the session is renewed once through {@link SalesforceAuth} and
 *       the request sent again; a second 401 is an AUTHENTICATION failure.
 *   <li>403 {@code REQUEST_LIMIT_EXCEEDED} (the org's daily API quota) is QUOTA_EXCEEDED. Status codes:
 *       https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 *   <li>Error bodies {@code [{"errorCode","message","fields"}]} become one-line messages.
 * </ul>
 * The access token is only ever put in the Authorization header: never logged nor put in a message.
 */
final class SalesforceHttp {
  private static final Logger LOG = LoggerFactory.getLogger(SalesforceHttp.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> RETRYABLE = Set.of(502, 503, 504);
  private static final int MAX_MESSAGE = 300;

  private final SalesforceConfig config;
  private final SalesforceAuth auth;
  private final ApiCalls apiCalls;
  private final HttpClient client;
  private final HttpRetry<Response> retry;
  private final SalesforceApiQuota quota = new SalesforceApiQuota();

  SalesforceHttp(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    this(config, auth, apiCalls,
        HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build());
  }

  SalesforceHttp(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls, HttpClient client) {
    this.config = Objects.requireNonNull(config, "config");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
    this.client = Objects.requireNonNull(client, "client");
    this.retry = HttpRetry.of("salesforce", config.retryPolicy(), r -> RETRYABLE.contains(r.status()),
        config.sleeper());
  }

  SalesforceConfig config() {
    return config;
  }

  /** The org's API usage from the latest answer's {@code Sforce-Limit-Info}. */
  SalesforceApiQuota quota() {
    return quota;
  }

  /**
   * Refuses to spend another call once the latest usage is within {@link SalesforceConfig#apiReservePercent()}:
   * QUOTA_EXCEEDED, which stops a run cleanly like REQUEST_LIMIT_EXCEEDED (what was written is recorded, the rest
   * is left for the next run).
   */
  private void checkReserve() {
    int percent = config.apiReservePercent();
    if (percent == 0) {
      return;
    }
    quota.usage().filter(u -> u.withinReserve(percent)).ifPresent(u -> {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.QUOTA_EXCEEDED,
          u.describe(percent) + ": stopped before writing; the next run resumes");
    });
  }

  /** The session's instance URL (acquires the session on first use). */
  String instanceUrl() {
    return auth.session().instanceUrl();
  }

  /** Length of the session's instance URL (acquires the session on first use). */
  int instanceUrlLength() {
    return auth.session().instanceUrl().length();
  }

  /** A Salesforce error entry. */
  record ApiError(String code, String message, List<String> fields) {
    String describe() {
      return code + ": " + message + (fields.isEmpty() ? "" : " " + fields);
    }
  }

  /** Status and parsed JSON body (a MissingNode when empty or not JSON) of one exchange. */
  record Response(int status, JsonNode body, String rawSnippet) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    List<ApiError> errors() {
      return SalesforceHttp.errorsOf(body);
    }

    boolean hasError(String code) {
      return errors().stream().anyMatch(e -> code.equals(e.code()));
    }
  }

  /** GET; any non-2xx answer becomes an {@link ExternalSystemException}. */
  JsonNode get(String path, String what) {
    return require(exchange("GET", path, null), what);
  }

  /**
   * Every record a SOQL statement selects: one {@code GET /query?q=} and then each {@code nextRecordsUrl} page until
   * {@code done} (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm: "If the
   * initial query returns only part of the results, the end of the response contains a field called nextRecordsUrl").
   *
   * @param soql the statement (encoded here)
   * @param what names the read in errors, e.g. "query of ContentVersion"; a page adds " (next page)"
   * @return the {@code records} of every page, in order
   * @throws ExternalSystemException on any non-2xx answer
   */
  List<JsonNode> queryAll(String soql, String what) {
    List<JsonNode> out = new java.util.ArrayList<>();
    JsonNode page = get(config().dataPath() + "/query?q=" + Soql.encode(soql), what);
    while (true) {
      page.path("records").forEach(out::add);
      String next = page.path("nextRecordsUrl").asText("");
      if (page.path("done").asBoolean(true) || next.isEmpty()) {
        return out;
      }
      page = get(next, what + " (next page)");
    }
  }

  /** Sends a request and maps every non-2xx answer to an {@link ExternalSystemException}. */
  JsonNode send(String method, String path, Object body, String what) {
    return require(exchange(method, path, body), what);
  }

  /**
   * Sends a request; returns 2xx and 4xx answers for the caller to inspect, except 401 (renewed once, then
   * AUTHENTICATION) and REQUEST_LIMIT_EXCEEDED (QUOTA_EXCEEDED). 5xx and I/O failures are retried, then CONNECTION.
   *
   * @param path a path on the instance starting with {@code /services/} (e.g. a {@code nextRecordsUrl})
   */
  Response exchange(String method, String path, Object body) {
    return exchange(method, path, body, java.util.Map.of());
  }

  /**
   * As {@link #exchange(String, String, Object)}, with extra request headers, e.g. {@code Sforce-Query-Options:
   * batchSize=2000} (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm).
   */
  Response exchange(String method, String path, Object body, java.util.Map<String, String> headers) {
    if (path == null || !path.startsWith("/services/")) {
      throw new IllegalArgumentException("not a Salesforce REST path: " + path);
    }
    String json = null;
    if (body != null) {
      try {
        json = JSON.writeValueAsString(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise request body", e);
      }
    }
    checkReserve();
    SalesforceSession session = auth.session();
    Response r = sendWithRetry(session, method, path, json, headers);
    if (r.status() == 401) {
      LOG.info("Salesforce answered 401 ({}); renewing the session once", firstCode(r));
      SalesforceSession fresh = auth.renew(session);
      r = sendWithRetry(fresh, method, path, json, headers);
      if (r.status() == 401) {
        throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.AUTHENTICATION,
            "Salesforce rejected the session again after renewing it (" + firstCode(r) + "): " + auth.loginHint());
      }
    }
    if (r.status() == 403 && r.hasError("REQUEST_LIMIT_EXCEEDED")) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.QUOTA_EXCEEDED,
          "Salesforce daily API request limit reached (REQUEST_LIMIT_EXCEEDED: " + oneLine(firstMessage(r))
              + "): the run stopped; what was written is recorded; run again once the org's 24-hour allowance "
              + "recovers (Setup > Company Information shows API requests used)");
    }
    if (r.status() >= 500) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.CONNECTION,
          "Salesforce answered HTTP " + r.status() + " to " + method + " " + pathOnly(path)
              + (RETRYABLE.contains(r.status()) ? " after " + config.maxAttempts() + " attempt(s)" : "") + detail(r)
              + ": check https://status.salesforce.com and run again");
    }
    if (r.status() == 429) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.RATE_LIMITED,
          "Salesforce answered 429 Too Many Requests to " + method + " " + pathOnly(path) + detail(r)
              + ": run again later");
    }
    return r;
  }

  /**
   * POSTs a body that can be read only once (a file streamed from its source): sent exactly once, never retried.
   * 401 renews the session for the next request and is returned (the caller reports the file; a later run sends it
   * again); REQUEST_LIMIT_EXCEEDED is QUOTA_EXCEEDED; any other answer is returned.
   *
   * @throws IOException when the body could not be sent or read (the caller tells its own size guard apart)
   */
  Response postOnce(String path, String contentType, HttpRequest.BodyPublisher body) throws IOException {
    if (path == null || !path.startsWith("/services/")) {
      throw new IllegalArgumentException("not a Salesforce REST path: " + path);
    }
    checkReserve();
    SalesforceSession session = auth.session();
    HttpRequest request = HttpRequest.newBuilder(URI.create(session.instanceUrl() + path))
        .timeout(config.requestTimeout())
        .header("Authorization", "Bearer " + session.accessToken())
        .header("Accept", "application/json")
        .header("Content-Type", contentType)
        // HTTP/1.1: no h2c upgrade attempt around a body that can be read only once
        .version(HttpClient.Version.HTTP_1_1)
        .POST(body)
        .build();
    Response r;
    try {
      r = sendOnce(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.CONNECTION, "interrupted during POST "
          + pathOnly(path));
    }
    if (r.status() == 401) {
      LOG.info("Salesforce answered 401 ({}) to a one-shot upload; renewing the session for the next request",
          firstCode(r));
      auth.renew(session);
    }
    if (r.status() == 403 && r.hasError("REQUEST_LIMIT_EXCEEDED")) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.QUOTA_EXCEEDED,
          "Salesforce daily API request limit reached (REQUEST_LIMIT_EXCEEDED: " + oneLine(firstMessage(r))
              + "): the run stopped; what was written is recorded; run again once the org's 24-hour allowance "
              + "recovers (Setup > Company Information shows API requests used)");
    }
    return r;
  }

  /** One line describing an error answer: {@code HTTP 400 CODE: message}. */
  static String describe(Response r) {
    return "HTTP " + r.status() + detail(r);
  }

  /** Maps a non-2xx answer to an exception; {@code what} says what was being done ("query on X"). */
  JsonNode require(Response r, String what) {
    if (r.ok()) {
      return r.body();
    }
    throw rejected(r, what);
  }

  ExternalSystemException rejected(Response r, String what) {
    String hint;
    if (r.status() == 414 || r.status() == 431) {
      hint = "the request is too long for Salesforce: lower maxUrlLength";
    } else if (r.hasError("INVALID_FIELD") || r.hasError("INVALID_TYPE") || r.hasError("NOT_FOUND")
        || r.hasError("MALFORMED_QUERY") || r.hasError("INVALID_FIELD_FOR_INSERT_UPDATE")) {
      hint = "check the object and field names in the config";
    } else if (r.status() == 403) {
      hint = "check the Salesforce user's permissions on the objects and fields rcsync uses";
    } else if (r.status() == 404) {
      hint = "check the object names and the API version (" + config.apiVersion() + ") in the config";
    } else {
      hint = "see the message above";
    }
    return new ExternalSystemException(ApiCalls.SALESFORCE, Kind.REJECTED,
        "Salesforce refused the " + what + " (HTTP " + r.status() + detail(r) + "): " + hint);
  }

  // ---- plumbing -------------------------------------------------------------------------------------

  private Response sendWithRetry(SalesforceSession session, String method, String path, String json,
      java.util.Map<String, String> headers) {
    HttpRequest request = build(session, method, path, json, headers);
    try {
      return retry.call(() -> sendOnce(request));
    } catch (HttpRetry.InterruptedWhileWaiting e) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.CONNECTION, "interrupted while waiting to retry "
          + method + " " + pathOnly(path));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.CONNECTION, "interrupted during " + method + " "
          + pathOnly(path));
    } catch (IOException e) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.CONNECTION,
          "could not reach Salesforce at " + session.instanceUrl() + " after " + config.maxAttempts() + " attempt(s) ("
              + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))
              + "): check the network and the instance URL", e);
    }
  }

  private Response sendOnce(HttpRequest request) throws IOException, InterruptedException {
    apiCalls.increment(ApiCalls.SALESFORCE);
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    quota.record(response.headers());
    String text = new String(response.body(), StandardCharsets.UTF_8);
    LOG.debug("{} {} -> {}", request.method(), request.uri().getPath(), response.statusCode());
    JsonNode node = MissingNode.getInstance();
    if (!text.isBlank()) {
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        node = MissingNode.getInstance();
      }
    }
    String snippet = node.isMissingNode() ? oneLine(text) : "";
    return new Response(response.statusCode(), node, snippet);
  }

  private HttpRequest build(SalesforceSession session, String method, String path, String json,
      java.util.Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(session.instanceUrl() + path))
        .timeout(config.requestTimeout())
        .header("Authorization", "Bearer " + session.accessToken())
        .header("Accept", "application/json");
    headers.forEach(b::header);
    if (json != null) {
      b.header("Content-Type", "application/json; charset=UTF-8");
      b.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  /**
   * Reads {@code [{"errorCode","message","fields"}]} (REST), {@code [{"statusCode",...}]} (collections), and the
   * errors inside a refused composite call's {@code {"compositeResponse":[{"body":[...]}]}} (e.g. LIMIT_EXCEEDED
   * for too many subrequests, answered before any of them runs).
   */
  static List<ApiError> errorsOf(JsonNode body) {
    List<ApiError> out = new ArrayList<>();
    if (body == null) {
      return out;
    }
    if (body.isObject() && body.path("compositeResponse").isArray()) {
      for (JsonNode sub : body.path("compositeResponse")) {
        if (sub.path("httpStatusCode").asInt(200) >= 400) {
          out.addAll(errorsOf(sub.path("body")));
        }
      }
      return out;
    }
    Iterable<JsonNode> items = body.isArray() ? body : body.isObject() && body.has("errorCode") ? List.of(body) : List.of();
    for (JsonNode e : items) {
      String code = e.hasNonNull("errorCode") ? e.get("errorCode").asText() : e.path("statusCode").asText("ERROR");
      List<String> fields = new ArrayList<>();
      e.path("fields").forEach(f -> fields.add(f.asText()));
      out.add(new ApiError(code, oneLine(e.path("message").asText("")), fields));
    }
    return out;
  }

  private static String detail(Response r) {
    List<ApiError> errors = r.errors();
    if (!errors.isEmpty()) {
      return " " + oneLine(errors.get(0).describe());
    }
    return r.rawSnippet().isEmpty() ? "" : " " + r.rawSnippet();
  }

  private static String firstCode(Response r) {
    List<ApiError> errors = r.errors();
    return errors.isEmpty() ? "HTTP " + r.status() : errors.get(0).code();
  }

  private static String firstMessage(Response r) {
    List<ApiError> errors = r.errors();
    return errors.isEmpty() ? "" : errors.get(0).message();
  }

  private static String pathOnly(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** One line, capped: Salesforce query errors span several lines and echo the statement. */
  static String oneLine(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return one.length() > MAX_MESSAGE ? one.substring(0, MAX_MESSAGE) + "..." : one;
  }
}
