package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import io.rcsync.ringcentral.RingCentralCredentials.Field;
import io.rcsync.core.support.Durations;
import io.rcsync.core.support.Redactor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs in to RingCentral with the JWT bearer grant and keeps the access token.
 *
 * <p>{@code POST /restapi/oauth/token} with the app's client id and secret as HTTP Basic credentials and
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>}
 * (https://developers.ringcentral.com/guide/authentication/jwt-flow). The answer's {@code access_token} is reused
 * until {@code tokenRefreshMargin} before its {@code expires_in} runs out
 * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1TokenInfo.html), or until the API rejects
 * it with a 401; then the next caller logs in again. A fresh JWT login is used rather than the refresh token: the JWT
 * does not expire, and one login an hour is well inside the Auth group's limit.
 *
 * <p>Thread-safe and single-flight: concurrent callers that find no valid token wait for one login instead of each
 * starting their own. Errors name which credential was rejected and where it came from, never its value.
 */
public final class RingCentralAuth implements AccessTokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(RingCentralAuth.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN_PATH = "/restapi/oauth/token";
  static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final RingCentralConfig config;
  private final RingCentralCredentials credentials;
  private final HttpTransport transport;
  private final Redactor redactor;
  private final Clock clock;
  private final ApiClient api;

  private String token;
  private Instant renewAt;
  private Instant expiresAt;
  private long logins;

  public RingCentralAuth(RingCentralConfig config, ApiCalls apiCalls) {
    this(config, new HttpTransport(config, Objects.requireNonNull(apiCalls, "apiCalls")));
  }

  RingCentralAuth(RingCentralConfig config, HttpTransport transport) {
    this.config = Objects.requireNonNull(config, "config");
    this.credentials = config.credentials();
    this.transport = transport;
    this.clock = config.clock();
    this.redactor = new Redactor(credentials.secrets());
    String basic = basicValue();
    redactor.add(basic);
    this.api = new ApiClient(transport, this, redactor);
  }

  public RingCentralConfig config() {
    return config;
  }

  /** Authenticated JSON client sharing this login, for the adapters of this package. */
  ApiClient api() {
    return api;
  }

  /**
   * A bearer token valid for a while yet. Logs in ({@code POST /restapi/oauth/token}, counted in {@code ApiCalls}) when
   * none is held or the held one is within {@code tokenRefreshMargin} of expiry; otherwise returns the cached one.
   *
   * @throws ExternalSystemException {@code AUTHENTICATION} when RingCentral refuses the credentials (the message names
   *     which one and where it came from), {@code RATE_LIMITED} or {@code CONNECTION} when the login gives up
   */
  @Override
  public synchronized String accessToken() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      login(now);
    }
    return token;
  }

  /**
   * The API answered 401 to {@code rejected}: forgets it if it is still the held token, so the next
   * {@link #accessToken()} logs in again. A token other than the held one (already replaced) is ignored.
   */
  @Override
  public synchronized void tokenRejected(String rejected) {
    if (rejected != null && rejected.equals(token)) {
      LOG.info("RingCentral rejected the access token (HTTP 401); logging in again");
      token = null;
    }
  }

  /** Forgets the cached token; the next call logs in again. */
  public synchronized void invalidate() {
    token = null;
  }

  /** When the current token expires, if one is held. */
  public synchronized Optional<Instant> tokenExpiry() {
    return token == null ? Optional.empty() : Optional.of(expiresAt);
  }

  /** How many token requests succeeded so far. */
  public synchronized long logins() {
    return logins;
  }

  private void login(Instant now) {
    URI uri = URI.create(config.serverUrl() + TOKEN_PATH);
    String form = "grant_type=" + enc(JWT_GRANT) + "&assertion=" + enc(credentials.jwt());
    HttpResponse<String> response;
    try {
      response = transport.send("token", () -> HttpRequest.newBuilder(uri)
          .timeout(config.requestTimeout())
          .header("Authorization", "Basic " + basicValue())
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(form))
          .build());
    } catch (ExternalSystemException e) {
      throw new ExternalSystemException(e.system(), e.kind(), "RingCentral login (" + TOKEN_PATH + ") failed: "
          + e.getMessage(), e);
    }
    int status = response.statusCode();
    if (status != 200) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION, loginError(response));
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (Exception e) {
      body = null;
    }
    String access = body == null ? null : text(body, "access_token");
    if (access == null) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION,
          "RingCentral login answered HTTP 200 without an access_token; is " + config.serverUrl()
              + " a RingCentral platform URL?");
    }
    long expiresIn = body.path("expires_in").asLong(3600);
    if (expiresIn <= 0) {
      expiresIn = 3600;
    }
    Duration lifetime = Duration.ofSeconds(expiresIn);
    Duration margin = config.tokenRefreshMargin();
    if (margin.compareTo(lifetime) >= 0) {
      margin = lifetime.dividedBy(2);
    }
    token = access;
    redactor.add(access);
    expiresAt = now.plus(lifetime);
    renewAt = expiresAt.minus(margin);
    logins++;
    LOG.debug("RingCentral login ok; token valid for {}", Durations.human(lifetime));
  }

  /**
   * One line saying which credential RingCentral refused. OAuth error codes per RFC 6749 §5.2 as RingCentral uses them
   * (https://ringcentral.github.io/ringcentral-faq/unauthorized-grant-type): {@code invalid_client} = client id or
   * secret, {@code invalid_grant} = the JWT, {@code unauthorized_client} = the app may not use the JWT grant.
   */
  private String loginError(HttpResponse<String> response) {
    int status = response.statusCode();
    String error = ErrorBodies.oauthError(response.body());
    String description = redactor.scrub(ErrorBodies.oauthDescription(response.body()));
    String said = "HTTP " + status + (error == null ? "" : " " + error) + (description == null ? "" : ": " + description);
    String clientOrigin = credentials.originOf(Field.CLIENT_ID);
    String secretOrigin = credentials.originOf(Field.CLIENT_SECRET);
    String jwtOrigin = credentials.originOf(Field.JWT);
    if ("invalid_client".equals(error) || (error == null && status == 401)) {
      return "RingCentral rejected the app's client id or client secret (" + said + "): check clientId from "
          + clientOrigin + " and clientSecret from " + secretOrigin + " against the app in the RingCentral developer"
          + " console (production and sandbox apps have different credentials)";
    }
    if ("invalid_grant".equals(error)) {
      return "RingCentral rejected the JWT (" + said + "): the jwt from " + jwtOrigin + " may be expired, revoked, or"
          + " issued for another app or environment (server " + config.serverUrl() + ")";
    }
    if ("unauthorized_client".equals(error)) {
      return "RingCentral app " + credentials.clientId() + " may not use the JWT grant (" + said + "): enable"
          + " \"JWT auth flow\" for the app in the RingCentral developer console";
    }
    return "RingCentral login failed (" + said + "): check clientId from " + clientOrigin + ", clientSecret from "
        + secretOrigin + " and jwt from " + jwtOrigin;
  }

  private String basicValue() {
    return Base64.getEncoder().encodeToString(
        (credentials.clientId() + ":" + credentials.clientSecret()).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  @Override
  public String toString() {
    return "RingCentralAuth[server=" + config.serverUrl() + ", clientId=" + credentials.clientId() + "]";
  }
}
