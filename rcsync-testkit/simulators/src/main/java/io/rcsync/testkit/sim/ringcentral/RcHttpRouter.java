package io.rcsync.testkit.sim.ringcentral;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's HTTP front: routes each request to its endpoint, counts it and logs it, then answers in this order:
 * an injected fault, the endpoint's rate-limit group (429 once spent), the method check, the bearer token, the
 * endpoint; anything else is 404 CMN-102. Every answer is JSON. All state is read and changed under the simulator's
 * lock.
 */
final class RcHttpRouter implements HttpHandler {
  private static final int REQUEST_LOG_SIZE = 10_000;

  private final Object lock;
  private final Clock clock;
  private final RcFaults faults;
  private final RcRateLimiter rateLimiter;
  private final RcTokens tokens;
  private final RcDirectory directory;
  private final RcExtensionListEndpoint extensionList;
  private final RcMessageStoreEndpoint messageStore;
  private final RcMessageSyncEndpoint messageSync;
  private final Map<SimEndpoint, Long> counters = new EnumMap<>(SimEndpoint.class);
  private final List<String> requestLog = new ArrayList<>();
  private String baseUrl;
  private java.util.function.IntConsumer beforeMessageStore = n -> {};
  private int messageStoreRequests;
  private RcSubscriptionEndpoint subscriptions;
  private RcMessageContentEndpoint messageContent;
  private java.util.function.Function<String, RcResponse> accountInfo = base -> RcErrors.notFound("path");

  /** {@code /restapi/v1.0/account/{accountId}}: Get Account Info. */
  static final java.util.regex.Pattern ACCOUNT_PATH = java.util.regex.Pattern.compile(
      "^/restapi/v1\\.0/account/([^/]+)/?$");

  /** Serves Get Account Info with {@code answer} (given the base URL and the path's accountId); under the lock. */
  void accountInfo(java.util.function.Function<String, RcResponse> answer) {
    this.accountInfo = answer;
  }

  /** Serves Get Message Content through {@code endpoint}; called under the lock. */
  void messageContent(RcMessageContentEndpoint endpoint) {
    this.messageContent = endpoint;
  }

  RcHttpRouter(Object lock, Clock clock, RcFaults faults, RcRateLimiter rateLimiter, RcTokens tokens,
      RcDirectory directory, RcExtensionListEndpoint extensionList, RcMessageStoreEndpoint messageStore,
      RcMessageSyncEndpoint messageSync) {
    this.lock = lock;
    this.clock = clock;
    this.faults = faults;
    this.rateLimiter = rateLimiter;
    this.tokens = tokens;
    this.directory = directory;
    this.extensionList = extensionList;
    this.messageStore = messageStore;
    this.messageSync = messageSync;
  }

  /** Runs before each authorized message-store request is answered, with its 1-based number; under the lock. */
  void beforeMessageStore(java.util.function.IntConsumer hook) {
    this.beforeMessageStore = hook;
    this.messageStoreRequests = 0;
  }

  /** Serves the subscription API through {@code endpoint}; called under the lock. */
  void subscriptions(RcSubscriptionEndpoint endpoint) {
    this.subscriptions = endpoint;
  }

  /** The server's base URL, once it listens; called under the lock. */
  void baseUrl(String value) {
    this.baseUrl = value;
  }

  static SimEndpoint endpointOf(String rawPath) {
    if (rawPath.equals("/restapi/oauth/token")) {
      return SimEndpoint.TOKEN;
    } else if (rawPath.equals("/restapi/oauth/revoke")) {
      return SimEndpoint.REVOKE;
    } else if (RcExtensionListEndpoint.PATH.matcher(rawPath).matches()) {
      return SimEndpoint.EXTENSION_LIST;
    } else if (ACCOUNT_PATH.matcher(rawPath).matches()) {
      return SimEndpoint.ACCOUNT_INFO;
    } else if (RcMessageStoreEndpoint.PATH.matcher(rawPath).matches()) {
      return SimEndpoint.MESSAGE_STORE;
    } else if (RcMessageContentEndpoint.PATH.matcher(rawPath).matches()) {
      return SimEndpoint.MESSAGE_CONTENT;
    } else if (RcMessageSyncEndpoint.PATH.matcher(rawPath).matches()) {
      return SimEndpoint.MESSAGE_SYNC;
    } else if (RcSubscriptionEndpoint.PATH.matcher(rawPath).matches()) {
      return SimEndpoint.SUBSCRIPTION;
    }
    return SimEndpoint.OTHER;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    RcResponse response;
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readAllBytes();
      SimEndpoint endpoint = endpointOf(path);
      synchronized (lock) {
        counters.merge(endpoint, 1L, Long::sum);
        response = respond(endpoint, method, ex, new String(body, StandardCharsets.UTF_8));
      }
      if (response.afterUnlock != null) {
        RcResponse pending = response;
        response = pending.afterUnlock.get();
        response.headers.putAll(pending.headers);
      }
      synchronized (lock) {
        if (requestLog.size() >= REQUEST_LOG_SIZE) {
          requestLog.remove(0);
        }
        String q = ex.getRequestURI().getRawQuery();
        requestLog.add(method + " " + path + (q == null ? "" : "?" + redactSyncToken(q)) + " -> " + response.status);
      }
    } catch (RuntimeException e) {
      response = RcErrors.api(500, "CMN-500", "Simulator error: " + e);
    }
    if (response.content != null) {
      sendContent(ex, response);
      return;
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

  /** Streams attachment content (outside the lock), generated bytes as they are read: never held whole. */
  private static void sendContent(HttpExchange ex, RcResponse response) throws IOException {
    SimAttachmentContent c = response.content;
    response.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", c.contentType());
    ex.sendResponseHeaders(response.status, c.length() == 0 ? -1 : c.length());
    if (c.length() > 0) {
      try (InputStream in = c.open(); OutputStream out = ex.getResponseBody()) {
        in.transferTo(out);
      }
    }
    ex.close();
  }

  /** Called under the lock. */
  private RcResponse respond(SimEndpoint endpoint, String method, HttpExchange ex, String body) {
    Instant now = clock.instant();
    RcResponse fault = faults.take(endpoint);
    if (fault != null) {
      return fault;
    }
    RcRateLimiter.Admission admission = rateLimiter.admit(endpoint.group(), now);
    if (admission.rejection() != null) {
      return admission.rejection();
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String rawPath = ex.getRequestURI().getRawPath();
    String rawQuery = ex.getRequestURI().getRawQuery();
    RcResponse r = switch (endpoint) {
      case TOKEN -> "POST".equals(method) ? tokens.token(auth, body, now, ownerId()) : RcErrors.methodNotAllowed();
      case REVOKE -> "POST".equals(method) ? tokens.revoke(auth, body, rawQuery) : RcErrors.methodNotAllowed();
      case ACCOUNT_INFO -> "GET".equals(method)
          ? tokens.authorized(auth, now, () -> {
            java.util.regex.Matcher m = ACCOUNT_PATH.matcher(rawPath);
            m.matches();
            return directory.isAccount(m.group(1)) ? accountInfo.apply(baseUrl) : RcErrors.notFound("accountId");
          })
          : RcErrors.methodNotAllowed();
      case EXTENSION_LIST -> "GET".equals(method)
          ? tokens.authorized(auth, now, () -> extensionList.get(baseUrl, rawPath, rawQuery))
          : RcErrors.methodNotAllowed();
      case MESSAGE_STORE -> "GET".equals(method)
          ? tokens.authorized(auth, now, () -> {
            beforeMessageStore.accept(++messageStoreRequests);
            return messageStore.get(baseUrl, rawPath, rawQuery, now);
          })
          : RcErrors.methodNotAllowed();
      case MESSAGE_SYNC -> "GET".equals(method)
          ? tokens.authorized(auth, now, () -> messageSync.get(baseUrl, rawPath, rawQuery, now))
          : RcErrors.methodNotAllowed();
      case MESSAGE_CONTENT -> messageContent == null ? RcErrors.notFound("path") : "GET".equals(method)
          ? tokens.authorized(auth, now, () -> messageContent.get(rawPath, rawQuery))
          : RcErrors.methodNotAllowed();
      case SUBSCRIPTION -> subscriptions == null ? RcErrors.notFound("path")
          : tokens.authorized(auth, now, () -> subscriptions.handle(method, rawPath, body, now));
      case OTHER -> RcErrors.notFound("path");
    };
    r.headers.putAll(admission.headers());
    return r;
  }

  /** A Message Sync token is a credential to the extension's store: the log shows that one was sent, never its value. */
  static String redactSyncToken(String rawQuery) {
    return rawQuery.replaceAll("(?i)(^|&)(syncToken=)[^&]*", "$1$2<redacted>");
  }

  private String ownerId() {
    return directory.owner() == null ? directory.accountId() : directory.owner().value();
  }

  // ---- counters (read under the lock) ---------------------------------------------------------------------

  long calls(SimEndpoint endpoint) {
    return counters.getOrDefault(endpoint, 0L);
  }

  long totalCalls() {
    return counters.values().stream().mapToLong(Long::longValue).sum();
  }

  Map<SimEndpoint, Long> callCounts() {
    Map<SimEndpoint, Long> out = new EnumMap<>(SimEndpoint.class);
    for (SimEndpoint e : SimEndpoint.values()) {
      out.put(e, counters.getOrDefault(e, 0L));
    }
    return Collections.unmodifiableMap(out);
  }

  List<String> requestLog() {
    return List.copyOf(requestLog);
  }

  void resetCounters() {
    counters.clear();
    requestLog.clear();
  }
}
