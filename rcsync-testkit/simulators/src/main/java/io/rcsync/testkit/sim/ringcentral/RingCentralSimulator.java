package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An embedded RingCentral platform for offline tests and demos, speaking the documented REST contracts the
 * {@code rcsync-ringcentral} adapter uses, on a free localhost port (JDK {@code com.sun.net.httpserver}).
 *
 * <ul>
 *   <li>{@code POST /restapi/oauth/token}: JWT bearer grant (and refresh_token grant) with HTTP Basic client
 *       credentials; checks client id, secret and JWT; issues opaque bearer tokens that expire after the configured
 *       lifetime (https://developers.ringcentral.com/guide/authentication/jwt-flow). Errors use OAuth's
 *       {@code error}/{@code error_description} plus RingCentral's {@code errors[]}.
 *   <li>{@code GET /restapi/v1.0/account/~/extension}: the extension list, paged.
 *   <li>{@code GET /restapi/v1.0/account/~/extension/{id}/message-store}: {@code messageType}, {@code dateFrom}
 *       (default {@code dateTo} minus 24 h), {@code dateTo} (default now), {@code direction}, {@code conversationId},
 *       {@code page}, {@code perPage} (default 100, larger than 1000 is cut to 1000), newest first, with
 *       {@code paging} and absolute {@code navigation} first/previous/next/last page URIs
 *       (https://developers.ringcentral.com/guide/messaging/message-store/working-with-message-store).
 *   <li>Rate limits per usage-plan group (Light, Medium, Heavy, Auth): every response of a limited endpoint carries
 *       {@code X-Rate-Limit-Group/-Limit/-Remaining/-Window}; once a window's budget is spent the answer is
 *       {@code 429} with {@code Retry-After} until the window ends
 *       (https://developers.ringcentral.com/guide/basics/rate-limits).
 *   <li>401 for a missing, unknown, revoked or expired token; 404 for an unknown extension or path.
 * </ul>
 *
 * <p>Seed it with core types ({@link #addExtension}, {@link #addMessages}) or raw JSON records
 * ({@link #addRawRecord}); steer it from tests ({@link #failNext}, {@link #revokeTokens}) and read its per-endpoint
 * call counters ({@link #calls}). Its clock is injectable, so token lifetimes and rate-limit windows can be tested
 * without sleeping. Thread-safe.
 *
 * <pre>{@code
 * try (RingCentralSimulator rc = RingCentralSimulator.builder().build().start()) {
 *   rc.addExtension(new Extension(ExtensionId.of("101"), "101", "Alyssia", "Enabled"));
 *   rc.addMessages(ExtensionId.of("101"), messages);
 *   // point the adapter at rc.baseUrl() with rc.clientId(), rc.clientSecret(), rc.jwt()
 * }
 * }</pre>
 */
public final class RingCentralSimulator implements AutoCloseable {
  static {
    // Same as SalesforceSimulator: without TCP_NODELAY each JDK HttpServer response waits ~40 ms for a delayed ACK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  public static final String DEFAULT_CLIENT_ID = "rcsync-sim-client-id";
  public static final String DEFAULT_ACCOUNT_ID = "400100100";
  static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  static final int MAX_PER_PAGE = 1000;
  static final int DEFAULT_PER_PAGE = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MESSAGE_STORE =
      Pattern.compile("^/restapi/v1\\.0/account/([^/]+)/extension/([^/]+)/message-store/?$");
  private static final Pattern EXTENSION_LIST = Pattern.compile("^/restapi/v1\\.0/account/([^/]+)/extension/?$");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String clientId;
  private final String clientSecret;
  private final String jwt;
  private final String accountId;
  private final Duration tokenLifetime;
  private final Clock clock;
  private final int requestedPort;
  private final SecureRandom random = new SecureRandom();

  private final Object lock = new Object();
  private final Map<ExtensionId, ExtensionDirectory.Extension> extensions = new LinkedHashMap<>();
  private final Map<ExtensionId, List<Entry>> stores = new HashMap<>();
  private final Map<String, Instant> accessTokens = new HashMap<>();
  private final Map<String, Instant> refreshTokens = new HashMap<>();
  private final Map<String, RateLimit> limits = new HashMap<>();
  private final Map<String, Window> windows = new HashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final Map<SimEndpoint, Long> counters = new EnumMap<>(SimEndpoint.class);
  private final List<String> requestLog = new ArrayList<>();
  private ExtensionId ownerExtension;
  private long issuedTokens;
  private long sequence;

  private HttpServer server;
  private ExecutorService executor;
  private String baseUrl;

  private RingCentralSimulator(Builder b) {
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.jwt = b.jwt;
    this.accountId = b.accountId;
    this.tokenLifetime = b.tokenLifetime;
    this.clock = b.clock;
    this.requestedPort = b.port;
    b.rateLimits.forEach(l -> limits.put(l.group(), l));
    this.ownerExtension = b.ownerExtension;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A simulator with default credentials, documented rate limits and a one-hour token lifetime; not started. */
  public static RingCentralSimulator create() {
    return builder().build();
  }

  // ---- lifecycle ------------------------------------------------------------------------------------

  /** Binds a free port on the loopback interface (or the configured one) and starts serving. */
  public RingCentralSimulator start() {
    synchronized (lock) {
      if (server != null) {
        return this;
      }
      try {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = HttpServer.create(new InetSocketAddress(loopback, requestedPort), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("RingCentral simulator could not bind port " + requestedPort, e);
      }
      AtomicInteger n = new AtomicInteger();
      executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "rc-sim-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
      baseUrl = "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort();
      return this;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (server != null) {
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
      }
    }
  }

  /** E.g. {@code http://127.0.0.1:53117}; the adapter's server URL. */
  public String baseUrl() {
    synchronized (lock) {
      if (baseUrl == null) {
        throw new IllegalStateException("RingCentral simulator not started: call start() first");
      }
      return baseUrl;
    }
  }

  public URI baseUri() {
    return URI.create(baseUrl());
  }

  public int port() {
    return baseUri().getPort();
  }

  // ---- credentials ----------------------------------------------------------------------------------

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  public String jwt() {
    return jwt;
  }

  public String accountId() {
    return accountId;
  }

  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  /**
   * The credentials as the adapter's JSON file holds them ({@code clientId}, {@code clientSecret}, {@code jwt},
   * {@code server}); handy for demos that write a throwaway credentials file.
   */
  public String credentialsJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("clientId", clientId);
    n.put("clientSecret", clientSecret);
    n.put("jwt", jwt);
    n.put("server", baseUrl());
    return n.toPrettyString();
  }

  // ---- seeding --------------------------------------------------------------------------------------

  /** Adds (or replaces) an extension of the account. The first one added is the JWT user's ({@code ~}). */
  public RingCentralSimulator addExtension(ExtensionDirectory.Extension extension) {
    Objects.requireNonNull(extension, "extension");
    synchronized (lock) {
      extensions.put(extension.id(), extension);
      stores.computeIfAbsent(extension.id(), k -> new ArrayList<>());
      if (ownerExtension == null) {
        ownerExtension = extension.id();
      }
    }
    return this;
  }

  public RingCentralSimulator addExtensions(List<ExtensionDirectory.Extension> list) {
    list.forEach(this::addExtension);
    return this;
  }

  /**
   * Puts messages in an extension's store, rendered as the API renders SMS records. The extension need not be in
   * the directory (its store is served all the same).
   */
  public RingCentralSimulator addMessages(ExtensionId extension, List<SmsMessage> messages) {
    Objects.requireNonNull(extension, "extension");
    synchronized (lock) {
      List<Entry> store = stores.computeIfAbsent(extension, k -> new ArrayList<>());
      for (SmsMessage m : messages) {
        store.add(new Entry(m.creationTime(), "SMS", m.direction().label(), m.conversationId(), null, m,
            sequence++));
      }
    }
    return this;
  }

  /** Puts every message in its own extension's store ({@link SmsMessage#extension()}). */
  public RingCentralSimulator addMessages(List<SmsMessage> messages) {
    Map<ExtensionId, List<SmsMessage>> byExt = new LinkedHashMap<>();
    messages.forEach(m -> byExt.computeIfAbsent(m.extension(), k -> new ArrayList<>()).add(m));
    byExt.forEach(this::addMessages);
    return this;
  }

  /**
   * Puts a record exactly as given (any JSON value, e.g. an SMS record missing its creationTime) in the store. A
   * record with a readable {@code creationTime} is filtered and ordered by it; one without is served first and in
   * every date range, the way a broken record would surface.
   *
   * @throws IllegalArgumentException when the text is not JSON at all
   */
  public RingCentralSimulator addRawRecord(ExtensionId extension, String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("raw record is not JSON: " + e.getOriginalMessage());
    }
    if (node == null) {
      throw new IllegalArgumentException("raw record is empty");
    }
    Instant at = null;
    String type = null;
    String direction = null;
    String conversation = null;
    if (node.isObject()) {
      at = parseTime(node.path("creationTime").asText(null));
      type = node.path("type").isTextual() ? node.path("type").asText() : null;
      direction = node.path("direction").isTextual() ? node.path("direction").asText() : null;
      conversation = node.path("conversation").path("id").asText(node.path("conversationId").asText(null));
    }
    synchronized (lock) {
      stores.computeIfAbsent(extension, k -> new ArrayList<>())
          .add(new Entry(at, type, direction, conversation, node, null, sequence++));
    }
    return this;
  }

  /** Empties every message store (extensions stay). */
  public void clearMessages() {
    synchronized (lock) {
      stores.values().forEach(List::clear);
    }
  }

  public int messageCount(ExtensionId extension) {
    synchronized (lock) {
      return stores.getOrDefault(extension, List.of()).size();
    }
  }

  // ---- fault injection ------------------------------------------------------------------------------

  /** The next {@code requests} requests to any endpoint are answered with {@code status} (e.g. 503). */
  public void failNext(int requests, int status) {
    failNext(null, requests, status, null);
  }

  /**
   * The next {@code requests} requests to {@code endpoint} (null = any) are answered with {@code status}, with a
   * {@code Retry-After} header when {@code retryAfter} is given.
   */
  public void failNext(SimEndpoint endpoint, int requests, int status, Duration retryAfter) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1");
    }
    synchronized (lock) {
      faults.add(new Fault(endpoint, requests, status, retryAfter));
    }
  }

  /** Invalidates every access and refresh token issued so far (as if the user's session was terminated). */
  public void revokeTokens() {
    synchronized (lock) {
      accessTokens.clear();
      refreshTokens.clear();
    }
  }

  /** Sets or replaces one group's limit. */
  public void setRateLimit(RateLimit limit) {
    synchronized (lock) {
      limits.put(limit.group(), limit);
      windows.remove(limit.group());
    }
  }

  /** Lifts every rate limit. */
  public void clearRateLimits() {
    synchronized (lock) {
      limits.clear();
      windows.clear();
    }
  }

  // ---- counters -------------------------------------------------------------------------------------

  /** Requests received by an endpoint, whatever they were answered (429, 503 and 401 included). */
  public long calls(SimEndpoint endpoint) {
    synchronized (lock) {
      return counters.getOrDefault(endpoint, 0L);
    }
  }

  public long totalCalls() {
    synchronized (lock) {
      return counters.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public Map<SimEndpoint, Long> callCounts() {
    synchronized (lock) {
      Map<SimEndpoint, Long> out = new EnumMap<>(SimEndpoint.class);
      for (SimEndpoint e : SimEndpoint.values()) {
        out.put(e, counters.getOrDefault(e, 0L));
      }
      return Collections.unmodifiableMap(out);
    }
  }

  /** Access tokens issued so far. */
  public long issuedTokens() {
    synchronized (lock) {
      return issuedTokens;
    }
  }

  /** {@code "GET /restapi/...?... -> 200"} per request, oldest first (the last 10,000). */
  public List<String> requestLog() {
    synchronized (lock) {
      return List.copyOf(requestLog);
    }
  }

  public void resetCounters() {
    synchronized (lock) {
      counters.clear();
      requestLog.clear();
    }
  }

  // ---- HTTP -----------------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    Response response;
    SimEndpoint endpoint = SimEndpoint.OTHER;
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readAllBytes();
      if (path.equals("/restapi/oauth/token")) {
        endpoint = SimEndpoint.TOKEN;
      } else if (EXTENSION_LIST.matcher(path).matches()) {
        endpoint = SimEndpoint.EXTENSION_LIST;
      } else if (MESSAGE_STORE.matcher(path).matches()) {
        endpoint = SimEndpoint.MESSAGE_STORE;
      }
      synchronized (lock) {
        counters.merge(endpoint, 1L, Long::sum);
        response = respond(endpoint, method, ex, new String(body, StandardCharsets.UTF_8));
        if (requestLog.size() >= 10_000) {
          requestLog.remove(0);
        }
        String q = ex.getRequestURI().getRawQuery();
        requestLog.add(method + " " + path + (q == null ? "" : "?" + q) + " -> " + response.status);
      }
    } catch (RuntimeException e) {
      response = Response.json(500, apiError("CMN-500", "Simulator error: " + e));
    }
    byte[] bytes = response.body.getBytes(StandardCharsets.UTF_8);
    response.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(response.status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  /** Called under the lock. */
  private Response respond(SimEndpoint endpoint, String method, HttpExchange ex, String body) {
    Instant now = clock.instant();
    Fault fault = takeFault(endpoint);
    if (fault != null) {
      Response r = Response.json(fault.status, fault.status == 503
          ? apiError("CMN-211", "Service temporarily unavailable")
          : apiError("CMN-" + fault.status, "Injected failure"));
      if (fault.retryAfter != null) {
        r.headers.put("Retry-After", Long.toString(Math.max(0, fault.retryAfter.toSeconds())));
      }
      return r;
    }
    Map<String, String> rateHeaders = new LinkedHashMap<>();
    if (endpoint.group() != null) {
      RateLimit limit = limits.get(endpoint.group());
      if (limit != null) {
        Window w = windows.get(limit.group());
        if (w == null || !now.isBefore(w.start.plus(limit.window()))) {
          w = new Window(now);
          windows.put(limit.group(), w);
        }
        rateHeaders.put("X-Rate-Limit-Group", limit.group());
        rateHeaders.put("X-Rate-Limit-Limit", Integer.toString(limit.requests()));
        rateHeaders.put("X-Rate-Limit-Window", Long.toString(limit.window().toSeconds()));
        if (w.used >= limit.requests()) {
          Duration left = Duration.between(now, w.start.plus(limit.window()));
          long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
          rateHeaders.put("X-Rate-Limit-Remaining", "0");
          rateHeaders.put("Retry-After", Long.toString(seconds));
          Response r = Response.json(429, apiError("CMN-301", "Request rate exceeded"));
          r.headers.putAll(rateHeaders);
          return r;
        }
        w.used++;
        rateHeaders.put("X-Rate-Limit-Remaining", Integer.toString(limit.requests() - w.used));
      }
    }
    Response r = switch (endpoint) {
      case TOKEN -> "POST".equals(method) ? token(ex, body, now) : methodNotAllowed();
      case EXTENSION_LIST -> "GET".equals(method) ? authorized(ex, now, () -> extensionList(ex)) : methodNotAllowed();
      case MESSAGE_STORE -> "GET".equals(method) ? authorized(ex, now, () -> messageStore(ex, now)) : methodNotAllowed();
      case OTHER -> Response.json(404, apiError("CMN-102", "Resource for parameter [path] is not found"));
    };
    r.headers.putAll(rateHeaders);
    return r;
  }

  private Fault takeFault(SimEndpoint endpoint) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.endpoint == null || f.endpoint == endpoint) {
        f.remaining--;
        if (f.remaining <= 0) {
          faults.remove(i);
        }
        return f;
      }
    }
    return null;
  }

  private static Response methodNotAllowed() {
    return Response.json(405, apiError("CMN-405", "Method not allowed"));
  }

  // ---- token ----------------------------------------------------------------------------------------

  private Response token(HttpExchange ex, String body, Instant now) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String[] client = basicCredentials(auth);
    if (client == null) {
      return Response.json(401, oauthError("invalid_client", "Client authentication is required", "OAU-123"));
    }
    if (!client[0].equals(clientId) || !client[1].equals(clientSecret)) {
      return Response.json(401, oauthError("invalid_client", "Invalid client: " + client[0], "OAU-153"));
    }
    Map<String, List<String>> form = parseQuery(body);
    String grant = first(form, "grant_type");
    if (grant == null) {
      return Response.json(400, oauthError("invalid_request", "Unsupported grant type", "OAU-250"));
    }
    if (grant.equals(JWT_GRANT)) {
      String assertion = first(form, "assertion");
      if (assertion == null || !assertion.equals(jwt)) {
        return Response.json(400, oauthError("invalid_grant", "Invalid token", "OAU-213"));
      }
    } else if (grant.equals("refresh_token")) {
      String refresh = first(form, "refresh_token");
      Instant until = refresh == null ? null : refreshTokens.remove(refresh);
      if (until == null || !now.isBefore(until)) {
        return Response.json(400, oauthError("invalid_grant", "Token not found", "OAU-211"));
      }
    } else {
      return Response.json(400, oauthError("unsupported_grant_type", "Unsupported grant type", "OAU-250"));
    }
    String access = newToken("SIMAT");
    String refresh = newToken("SIMRT");
    accessTokens.put(access, now.plus(tokenLifetime));
    refreshTokens.put(refresh, now.plus(Duration.ofDays(7)));
    issuedTokens++;
    ObjectNode n = JSON.createObjectNode();
    n.put("access_token", access);
    n.put("token_type", "bearer");
    n.put("expires_in", tokenLifetime.toSeconds());
    n.put("refresh_token", refresh);
    n.put("refresh_token_expires_in", Duration.ofDays(7).toSeconds());
    n.put("scope", "ReadAccounts ReadMessages SMS");
    n.put("owner_id", ownerExtension == null ? accountId : ownerExtension.value());
    n.put("endpoint_id", "rcsync-sim");
    return Response.json(200, n.toString());
  }

  private String newToken(String prefix) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String[] basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Response authorized(HttpExchange ex, Instant now, java.util.function.Supplier<Response> then) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Response.json(401, apiError("AGW-401", "Authorization header is not specified"));
    }
    String token = auth.substring(7).strip();
    Instant until = accessTokens.get(token);
    if (until == null) {
      return Response.json(401, apiError("TokenInvalid", "Token not found"));
    }
    if (!now.isBefore(until)) {
      return Response.json(401, apiError("TokenExpired", "Access token expired"));
    }
    return then.get();
  }

  // ---- extension list -------------------------------------------------------------------------------

  private Response extensionList(HttpExchange ex) {
    Matcher m = EXTENSION_LIST.matcher(ex.getRequestURI().getRawPath());
    m.matches();
    if (!knownAccount(m.group(1))) {
      return Response.json(404, apiError("CMN-102", "Resource for parameter [accountId] is not found"));
    }
    Map<String, List<String>> q = parseQuery(ex.getRequestURI().getRawQuery());
    Paging paging;
    try {
      paging = Paging.of(q);
    } catch (IllegalArgumentException e) {
      return Response.json(400, apiError("CMN-101", e.getMessage()));
    }
    Set<String> statuses = multi(q, "status");
    String number = first(q, "extensionNumber");
    List<ExtensionDirectory.Extension> matching = extensions.values().stream()
        .filter(e -> statuses.isEmpty() || (e.status() != null && statuses.contains(e.status())))
        .filter(e -> number == null || number.equals(e.number()))
        .toList();
    String path = "/restapi/v1.0/account/" + accountId + "/extension";
    List<JsonNode> records = new ArrayList<>();
    for (ExtensionDirectory.Extension e : paging.slice(matching)) {
      ObjectNode r = JSON.createObjectNode();
      r.put("uri", baseUrl + path + "/" + e.id().value());
      putId(r, "id", e.id().value());
      if (e.number() != null) {
        r.put("extensionNumber", e.number());
      }
      if (e.name() != null) {
        r.put("name", e.name());
      }
      r.put("type", "User");
      if (e.status() != null) {
        r.put("status", e.status());
      }
      r.put("hidden", false);
      records.add(r);
    }
    return Response.json(200, listBody(path, q, paging, matching.size(), records));
  }

  // ---- message store --------------------------------------------------------------------------------

  private Response messageStore(HttpExchange ex, Instant now) {
    Matcher m = MESSAGE_STORE.matcher(ex.getRequestURI().getRawPath());
    m.matches();
    if (!knownAccount(m.group(1))) {
      return Response.json(404, apiError("CMN-102", "Resource for parameter [accountId] is not found"));
    }
    String extParam = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
    ExtensionId ext;
    if (extParam.equals("~")) {
      if (ownerExtension == null) {
        return Response.json(404, apiError("CMN-102", "Resource for parameter [extensionId] is not found"));
      }
      ext = ownerExtension;
    } else {
      try {
        ext = ExtensionId.of(extParam);
      } catch (IllegalArgumentException e) {
        return Response.json(400, apiError("CMN-101", "Parameter [extensionId] value is invalid"));
      }
      if (!stores.containsKey(ext)) {
        return Response.json(404, apiError("CMN-102", "Resource for parameter [extensionId] is not found"));
      }
    }
    Map<String, List<String>> q = parseQuery(ex.getRequestURI().getRawQuery());
    Paging paging;
    Instant dateTo;
    Instant dateFrom;
    try {
      paging = Paging.of(q);
      dateTo = dateParam(q, "dateTo", now);
      dateFrom = dateParam(q, "dateFrom", dateTo.minus(Duration.ofHours(24)));
    } catch (IllegalArgumentException e) {
      return Response.json(400, apiError("CMN-101", e.getMessage()));
    }
    Set<String> types = lower(multi(q, "messageType"));
    Set<String> directions = lower(multi(q, "direction"));
    String conversation = first(q, "conversationId");
    Comparator<Entry> newestFirst = Comparator
        .comparing((Entry e) -> e.creationTime == null ? Instant.MAX : e.creationTime).reversed()
        .thenComparing(Comparator.comparingLong((Entry e) -> e.sequence).reversed());
    List<Entry> matching = stores.getOrDefault(ext, List.of()).stream()
        // RingCentral documents both bounds without saying whether they are inclusive; the simulator includes
        // both, so clients must treat dateTo as inclusive and filter their own half-open window
        .filter(e -> e.creationTime == null || (!e.creationTime.isBefore(dateFrom) && !e.creationTime.isAfter(dateTo)))
        .filter(e -> types.isEmpty() || e.type == null || types.contains(e.type.toLowerCase(Locale.ROOT)))
        .filter(e -> directions.isEmpty() || e.direction == null
            || directions.contains(e.direction.toLowerCase(Locale.ROOT)))
        .filter(e -> conversation == null || conversation.equals(e.conversationId))
        .sorted(newestFirst)
        .toList();
    String path = "/restapi/v1.0/account/" + accountId + "/extension/" + ext.value() + "/message-store";
    List<JsonNode> records = new ArrayList<>();
    for (Entry e : paging.slice(matching)) {
      records.add(e.raw != null ? e.raw : render(e.message, path));
    }
    return Response.json(200, listBody(path, q, paging, matching.size(), records));
  }

  private ObjectNode render(SmsMessage m, String storePath) {
    String self = baseUrl + storePath + "/" + m.id().value();
    ObjectNode r = JSON.createObjectNode();
    r.put("uri", self);
    putId(r, "id", m.id().value());
    ArrayNode to = r.putArray("to");
    for (String number : m.to()) {
      to.addObject().put("phoneNumber", number);
    }
    if (m.from() != null) {
      r.putObject("from").put("phoneNumber", m.from());
    }
    r.put("type", "SMS");
    r.put("creationTime", time(m.creationTime()));
    r.put("readStatus", "Read");
    r.put("priority", "Normal");
    ArrayNode attachments = r.putArray("attachments");
    for (Attachment a : m.attachments()) {
      ObjectNode n = attachments.addObject();
      if (a.id() != null) {
        putId(n, "id", a.id());
      }
      if (a.uri() != null) {
        n.put("uri", a.uri());
      }
      if (a.type() != null) {
        n.put("type", a.type());
      }
      if (a.contentType() != null) {
        n.put("contentType", a.contentType());
      }
    }
    r.put("direction", m.direction().label());
    r.put("availability", "Alive");
    r.put("subject", m.text());
    if (m.messageStatus() != null) {
      r.put("messageStatus", m.messageStatus());
    }
    if (m.conversationId() != null) {
      putId(r, "conversationId", m.conversationId());
      ObjectNode c = r.putObject("conversation");
      c.put("id", m.conversationId());
      c.put("uri", baseUrl + "/restapi/v1.0/conversation/" + m.conversationId());
    }
    r.put("lastModifiedTime", time(m.lastModifiedTime()));
    return r;
  }

  // ---- list bodies ----------------------------------------------------------------------------------

  private String listBody(String path, Map<String, List<String>> query, Paging paging, int total, List<JsonNode> records) {
    int totalPages = (total + paging.perPage - 1) / paging.perPage;
    ObjectNode n = JSON.createObjectNode();
    n.put("uri", pageUri(path, query, paging.page, paging.perPage));
    ArrayNode arr = n.putArray("records");
    records.forEach(arr::add);
    ObjectNode p = n.putObject("paging");
    p.put("page", paging.page);
    p.put("totalPages", totalPages);
    p.put("perPage", paging.perPage);
    p.put("totalElements", total);
    if (!records.isEmpty()) {
      p.put("pageStart", (paging.page - 1) * paging.perPage);
      p.put("pageEnd", (paging.page - 1) * paging.perPage + records.size() - 1);
    }
    ObjectNode nav = n.putObject("navigation");
    nav.putObject("firstPage").put("uri", pageUri(path, query, 1, paging.perPage));
    if (paging.page < totalPages) {
      nav.putObject("nextPage").put("uri", pageUri(path, query, paging.page + 1, paging.perPage));
    }
    if (paging.page > 1 && totalPages > 0) {
      nav.putObject("previousPage").put("uri", pageUri(path, query, Math.min(paging.page - 1, totalPages), paging.perPage));
    }
    nav.putObject("lastPage").put("uri", pageUri(path, query, Math.max(totalPages, 1), paging.perPage));
    return n.toString();
  }

  /** Absolute URI of a page: the request's own parameters, with page and the applied perPage. */
  private String pageUri(String path, Map<String, List<String>> query, int page, int perPage) {
    StringBuilder sb = new StringBuilder(baseUrl).append(path).append('?');
    boolean first = true;
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (e.getKey().equals("page") || e.getKey().equals("perPage")) {
        continue;
      }
      for (String v : e.getValue()) {
        sb.append(first ? "" : "&").append(enc(e.getKey())).append('=').append(enc(v));
        first = false;
      }
    }
    sb.append(first ? "" : "&").append("page=").append(page).append("&perPage=").append(perPage);
    return sb.toString();
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private boolean knownAccount(String account) {
    return account.equals("~") || account.equals(accountId);
  }

  private static Instant dateParam(Map<String, List<String>> q, String name, Instant fallback) {
    String v = first(q, name);
    if (v == null) {
      return fallback;
    }
    Instant t = parseTime(v);
    if (t == null) {
      throw new IllegalArgumentException("Parameter [" + name + "] value is invalid");
    }
    return t;
  }

  private static Instant parseTime(String text) {
    return io.rcsync.core.support.IsoInstants.parse(text).orElse(null);
  }

  /** RingCentral prints times with milliseconds ({@code 2019-05-22T17:07:28.000Z}); finer times keep their digits. */
  private static String time(Instant t) {
    return t.getNano() % 1_000_000 == 0 ? MILLIS.format(t) : t.toString();
  }

  /** Ids go out as JSON numbers when they are plain numbers, as the API sends them. */
  private static void putId(ObjectNode n, String field, String id) {
    if (id.matches("[1-9]\\d{0,17}")) {
      n.put(field, Long.parseLong(id));
    } else {
      n.put(field, id);
    }
  }

  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String first(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).strip();
  }

  /** Multi-valued parameter, repeated ({@code a=1&a=2}) or comma-separated. */
  private static Set<String> multi(Map<String, List<String>> q, String name) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String v : q.getOrDefault(name, List.of())) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static Set<String> lower(Set<String> in) {
    Set<String> out = new java.util.HashSet<>();
    in.forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
    return out;
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  static String apiError(String code, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("errorCode", code);
    n.put("message", message);
    ObjectNode e = n.putArray("errors").addObject();
    e.put("errorCode", code);
    e.put("message", message);
    return n.toString();
  }

  static String oauthError(String error, String description, String code) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", error);
    n.put("error_description", description);
    ObjectNode e = n.putArray("errors").addObject();
    e.put("errorCode", code);
    e.put("message", description);
    return n.toString();
  }

  // ---- small types ----------------------------------------------------------------------------------

  private record Entry(
      Instant creationTime, String type, String direction, String conversationId, JsonNode raw, SmsMessage message,
      long sequence) {}

  private static final class Fault {
    final SimEndpoint endpoint;
    int remaining;
    final int status;
    final Duration retryAfter;

    Fault(SimEndpoint endpoint, int remaining, int status, Duration retryAfter) {
      this.endpoint = endpoint;
      this.remaining = remaining;
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  private static final class Window {
    final Instant start;
    int used;

    Window(Instant start) {
      this.start = start;
    }
  }

  private static final class Response {
    final int status;
    final String body;
    final Map<String, String> headers = new LinkedHashMap<>();

    private Response(int status, String body) {
      this.status = status;
      this.body = body;
    }

    static Response json(int status, String body) {
      return new Response(status, body);
    }
  }

  private record Paging(int page, int perPage) {
    static Paging of(Map<String, List<String>> q) {
      int page = intParam(q, "page", 1);
      int perPage = intParam(q, "perPage", DEFAULT_PER_PAGE);
      if (page < 1) {
        throw new IllegalArgumentException("Parameter [page] value is invalid");
      }
      if (perPage < 1) {
        throw new IllegalArgumentException("Parameter [perPage] value is invalid");
      }
      return new Paging(page, Math.min(perPage, MAX_PER_PAGE));
    }

    <T> List<T> slice(List<T> all) {
      long from = (long) (page - 1) * perPage;
      if (from >= all.size()) {
        return List.of();
      }
      return all.subList((int) from, (int) Math.min(all.size(), from + perPage));
    }

    private static int intParam(Map<String, List<String>> q, String name, int fallback) {
      String v = first(q, name);
      if (v == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Parameter [" + name + "] value is invalid");
      }
    }
  }

  /** Builder of {@link RingCentralSimulator}. */
  public static final class Builder {
    private String clientId = DEFAULT_CLIENT_ID;
    private String clientSecret = "sim-secret-" + Long.toHexString(new SecureRandom().nextLong());
    private String jwt = "sim.jwt." + Long.toHexString(new SecureRandom().nextLong());
    private String accountId = DEFAULT_ACCOUNT_ID;
    private Duration tokenLifetime = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private int port;
    private List<RateLimit> rateLimits = RateLimit.documentedDefaults();
    private ExtensionId ownerExtension;

    private Builder() {}

    /** The credentials the token endpoint accepts. */
    public Builder credentials(String clientId, String clientSecret, String jwt) {
      this.clientId = Objects.requireNonNull(clientId);
      this.clientSecret = Objects.requireNonNull(clientSecret);
      this.jwt = Objects.requireNonNull(jwt);
      return this;
    }

    public Builder accountId(String value) {
      this.accountId = Objects.requireNonNull(value);
      return this;
    }

    /** {@code expires_in} of issued access tokens (RingCentral: one hour). */
    public Builder tokenLifetime(Duration value) {
      if (value.toSeconds() < 1) {
        throw new IllegalArgumentException("token lifetime must be at least one second");
      }
      this.tokenLifetime = value;
      return this;
    }

    /** Drives token expiry, rate-limit windows and the default {@code dateTo}. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** 0 (default) picks a free port. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Replaces every group's limit (default: {@link RateLimit#documentedDefaults()}). */
    public Builder rateLimits(List<RateLimit> value) {
      this.rateLimits = List.copyOf(value);
      return this;
    }

    public Builder noRateLimits() {
      this.rateLimits = List.of();
      return this;
    }

    /** The JWT user's extension, served for {@code extension/~}; default the first extension added. */
    public Builder ownerExtension(ExtensionId value) {
      this.ownerExtension = value;
      return this;
    }

    public RingCentralSimulator build() {
      return new RingCentralSimulator(this);
    }
  }
}
