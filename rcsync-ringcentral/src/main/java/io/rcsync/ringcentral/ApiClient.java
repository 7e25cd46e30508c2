package io.rcsync.ringcentral;

import io.rcsync.core.support.Redactor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Authenticated GETs of RingCentral REST resources returning JSON. A 401 makes it drop the token and try once more
 * with a fresh one (https://developers.ringcentral.com/guide/basics/errors: "HTTP 401 – Unauthorized ... The client
 * should request new access token and repeat the request with it"); a second 401 is an authentication failure.
 */
final class ApiClient {
  private static final String SYSTEM = ApiCalls.RINGCENTRAL;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpTransport transport;
  private final AccessTokenProvider tokens;
  private final Redactor redactor;

  ApiClient(HttpTransport transport, AccessTokenProvider tokens, Redactor redactor) {
    this.transport = transport;
    this.tokens = tokens;
    this.redactor = redactor;
  }

  URI serverUrl() {
    return transport.config().serverUrl();
  }

  /**
   * GETs the resource and parses its JSON body.
   *
   * @param what names the request in errors and keys its rate-limit pause, e.g. {@code "message-store"}
   */
  JsonNode getJson(URI uri, String what) {
    return json(get(uri, what), what);
  }

  /**
   * GETs the resource and returns RingCentral's answer as it is, after renewing the token once on a 401 (a second 401
   * is an authentication failure); 429 and 5xx are retried by the transport. For callers that read an error answer
   * themselves before handing it to {@link #json}.
   */
  HttpResponse<String> get(URI uri, String what) {
    return sendRenewingOnce(what, used -> request(uri, used), HttpResponse.BodyHandlers.ofString(), this::errorDetail,
        "read " + what);
  }

  /**
   * Sends the request; on a 401 marks the token it carried as rejected (so the next one is refreshed) and sends it
   * once more; a second 401 is an AUTHENTICATION failure naming {@code what}, the error body's detail and what the
   * JWT's user and app must be allowed to do. Every other status is returned for the caller to read.
   *
   * @param request builds the request and records in its argument the access token it carries
   */
  private <T> HttpResponse<T> sendRenewingOnce(String what, java.util.function.Function<AtomicReference<String>,
      HttpRequest> request, HttpResponse.BodyHandler<T> handler,
      java.util.function.Function<HttpResponse<T>, String> detail, String allowedTo) {
    AtomicReference<String> used = new AtomicReference<>();
    HttpResponse<T> response = transport.send(what, () -> request.apply(used), handler);
    if (response.statusCode() == 401) {
      tokens.tokenRejected(used.get());
      response = transport.send(what, () -> request.apply(used), handler);
      if (response.statusCode() == 401) {
        tokens.tokenRejected(used.get());
        throw new ExternalSystemException(SYSTEM, Kind.AUTHENTICATION, what + ": RingCentral rejected a freshly issued"
            + " access token (HTTP 401" + detail.apply(response) + "); check that the JWT's user and app are still"
            + " active and allowed to " + allowedTo);
      }
    }
    return response;
  }

  /**
   * GETs a binary resource (attachment content) and returns the answer with its body as a stream: open and unread
   * for a 2xx, buffered for any other status (error bodies are small JSON, and a retried answer must not hold its
   * connection). Same one retry on 401 as {@link #get}; 429 and 5xx are retried by the transport. The caller closes
   * the stream.
   *
   * @param what names the request in errors and keys its rate-limit pause, e.g. {@code "message-content"}
   */
  HttpResponse<java.io.InputStream> getStream(URI uri, String what) {
    return sendRenewingOnce(what, used -> binaryRequest(uri, used), STREAM_2XX, r -> errorDetail(bodyText(r)), what);
  }

  /** 2xx: the body as an open stream; anything else: the whole (small) body read into memory, connection released. */
  private static final HttpResponse.BodyHandler<java.io.InputStream> STREAM_2XX = info -> {
    if (info.statusCode() >= 200 && info.statusCode() < 300) {
      return HttpResponse.BodySubscribers.ofInputStream();
    }
    return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
        java.io.ByteArrayInputStream::new);
  };

  /** The text of a buffered (non-2xx) answer of {@link #getStream}; empty when unreadable. Closes the stream. */
  static String bodyText(HttpResponse<java.io.InputStream> response) {
    try (java.io.InputStream in = response.body()) {
      return new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** {@link #errorDetail(HttpResponse)} of an error body already read. */
  String errorDetail(String body) {
    return redactor.scrub(ErrorBodies.describe(body));
  }

  private HttpRequest binaryRequest(URI uri, AtomicReference<String> used) {
    String token = tokens.accessToken();
    used.set(token);
    // an error body or a connection message that echoes the bearer token must not carry it into a report
    redactor.add(token);
    return HttpRequest.newBuilder(uri)
        .timeout(transport.config().requestTimeout())
        .header("Authorization", "Bearer " + token)
        .header("Accept", "*/*")
        .GET()
        .build();
  }

  /** The JSON body of a 2xx answer; any other status is an {@link ExternalSystemException} naming it. */
  JsonNode json(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      try {
        return JSON.readTree(response.body());
      } catch (JsonProcessingException e) {
        throw new ExternalSystemException(SYSTEM, Kind.CONNECTION,
            what + ": RingCentral answered HTTP " + status + " with a body that is not JSON");
      }
    }
    String detail = errorDetail(response);
    if (status == 403) {
      throw new ExternalSystemException(SYSTEM, Kind.REJECTED, what + ": HTTP 403" + detail
          + " (the app or the JWT's user lacks a permission, e.g. ReadMessages / ReadAccounts)");
    }
    throw new ExternalSystemException(SYSTEM, Kind.REJECTED, what + ": HTTP " + status + detail);
  }

  /**
   * Sends an authenticated request of any method with an optional JSON body and returns the answer whatever its
   * status (the caller reads it), after the same one-retry-on-401 as {@link #getJson}; a second 401 is an
   * AUTHENTICATION failure. Used by the subscription API (POST, DELETE).
   *
   * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
   * @param jsonBody the request body, sent as {@code application/json}; null sends none
   * @param what names the request in errors and keys its rate-limit pause, e.g. {@code "subscription-create"}
   */
  HttpResponse<String> exchange(String method, URI uri, String jsonBody, String what) {
    return sendRenewingOnce(what, used -> request(method, uri, jsonBody, used), HttpResponse.BodyHandlers.ofString(),
        this::errorDetail, what);
  }

  /** Masks {@code secret} (e.g. a webhook verification token) in every error text this client builds from now on. */
  void addSecret(String secret) {
    redactor.add(secret);
  }

  /** Masks every secret known to this client (credentials, tokens, added secrets) in {@code text}. */
  String scrub(String text) {
    return redactor.scrub(text);
  }

  private HttpRequest request(String method, URI uri, String jsonBody, AtomicReference<String> used) {
    String token = tokens.accessToken();
    used.set(token);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(transport.config().requestTimeout())
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
    if (jsonBody == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    return b.build();
  }

  private HttpRequest request(URI uri, AtomicReference<String> used) {
    String token = tokens.accessToken();
    used.set(token);
    return HttpRequest.newBuilder(uri)
        .timeout(transport.config().requestTimeout())
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  /**
   * {@code " CMN-102: Resource for parameter [extensionId] is not found"} from RingCentral's error body
   * ({@code errorCode}/{@code message}, or {@code errors[0]}; https://developers.ringcentral.com/guide/basics/errors),
   * scrubbed of secrets; empty when the body says nothing readable.
   */
  String errorDetail(HttpResponse<String> response) {
    return redactor.scrub(ErrorBodies.describe(response.body()));
  }
}
