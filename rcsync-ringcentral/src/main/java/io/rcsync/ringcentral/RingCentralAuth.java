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
 * Logs in to RingCentral with the JWT bearer grant, keeps the tokens in a {@link TokenCache} and refreshes them.
 *
 * <p>{@code POST /restapi/oauth/token} with the app's client id and secret as HTTP Basic credentials and
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>}
 * (https://developers.ringcentral.com/guide/authentication/jwt-flow). The answer's {@code access_token} is reused
 * until {@code tokenRefreshMargin} before its {@code expires_in} runs out
 * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1TokenInfo.html), or until the API rejects
 * it with a 401. Then the session is continued with the single-use refresh token,
 * {@code grant_type=refresh_token&refresh_token=<token>} on the same endpoint with the same Basic credentials
 * (https://developers.ringcentral.com/guide/authentication/refresh-tokens), and a new JWT login is made only when no
 * refresh token is held or RingCentral refuses it (400/401, e.g. {@code invalid_grant}). The Auth group allows about
 * five requests a minute and a user about five live sessions, so with a {@link FileTokenCache} every CLI process
 * shares one session instead of opening its own.
 *
 * <p>Thread-safe and single-flight: concurrent callers that find no valid token wait for one login or refresh (under
 * {@link TokenCache#locked}, which a file cache extends across processes), then read the fresh token from the cache.
 * Errors name which credential was rejected and where it came from, never its value; every token is registered with
 * the {@link Redactor} as soon as it is seen.
 */
public final class RingCentralAuth implements AccessTokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(RingCentralAuth.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN_PATH = "/restapi/oauth/token";
  static final String REVOKE_PATH = "/restapi/oauth/revoke";
  static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final RingCentralConfig config;
  private final RingCentralCredentials credentials;
  private final HttpTransport transport;
  private final Redactor redactor;
  private final Clock clock;
  private final ApiClient api;
  private final TokenCache cache;
  private final String owner;

  private String token;
  private Instant renewAt;
  private Instant expiresAt;
  private long logins;
  private long jwtLogins;
  private long refreshes;

  /** With the tokens kept in this process's memory ({@link TokenCache#inMemory()}). */
  public RingCentralAuth(RingCentralConfig config, ApiCalls apiCalls) {
    this(config, apiCalls, TokenCache.inMemory());
  }

  /**
   * With the tokens kept in {@code cache}, e.g. a {@link FileTokenCache} that every process shares.
   *
   * @throws NullPointerException when an argument is null
   */
  public RingCentralAuth(RingCentralConfig config, ApiCalls apiCalls, TokenCache cache) {
    this(config, new HttpTransport(config, Objects.requireNonNull(apiCalls, "apiCalls")), cache);
  }

  RingCentralAuth(RingCentralConfig config, HttpTransport transport) {
    this(config, transport, TokenCache.inMemory());
  }

  RingCentralAuth(RingCentralConfig config, HttpTransport transport, TokenCache cache) {
    this.config = Objects.requireNonNull(config, "config");
    this.credentials = config.credentials();
    this.transport = transport;
    this.clock = config.clock();
    this.cache = Objects.requireNonNull(cache, "cache");
    this.owner = config.serverUrl() + "|" + credentials.clientId();
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
   * A bearer token valid for a while yet: the held one, else the cache's when it is not within
   * {@code tokenRefreshMargin} of expiry, else a refreshed one, else a new JWT login (each token request counted in
   * {@code ApiCalls}).
   *
   * @throws ExternalSystemException {@code AUTHENTICATION} when RingCentral refuses the credentials (the message names
   *     which one and where it came from) or the token cache may not be used, {@code RATE_LIMITED} or
   *     {@code CONNECTION} when the login gives up
   */
  @Override
  public synchronized String accessToken() {
    Instant now = clock.instant();
    if (token != null && now.isBefore(renewAt)) {
      return token;
    }
    Optional<TokenCache.Tokens> cached = mine(cache.load());
    if (cached.isPresent() && fresh(cached.get(), now)) {
      adopt(cached.get());
      return token;
    }
    return cache.locked(() -> {
      Instant at = clock.instant();
      // another thread or process may have refreshed while this one waited for the lock
      Optional<TokenCache.Tokens> again = mine(cache.load());
      if (again.isPresent() && fresh(again.get(), at)) {
        adopt(again.get());
        return token;
      }
      TokenCache.Tokens got = null;
      if (again.isPresent() && again.get().canRefresh(at)) {
        got = refresh(again.get(), at);
      }
      if (got == null) {
        got = jwtLogin(at);
      }
      cache.save(got);
      adopt(got);
      return token;
    });
  }

  /**
   * The API answered 401 to {@code rejected}: forgets it if it is still the held token (and marks it expired in the
   * cache, keeping the refresh token), so the next {@link #accessToken()} refreshes. A token other than the held one
   * (already replaced) is ignored.
   */
  @Override
  public synchronized void tokenRejected(String rejected) {
    if (rejected != null && rejected.equals(token)) {
      LOG.info("RingCentral rejected the access token (HTTP 401); renewing it");
      token = null;
      cache.locked(() -> {
        mine(cache.load()).filter(t -> t.accessToken().equals(rejected))
            .ifPresent(t -> cache.save(t.withAccessExpired()));
        return null;
      });
    }
  }

  /** Forgets the held token; the next call reads the cache, refreshes or logs in again. */
  public synchronized void invalidate() {
    token = null;
  }

  /** When the current token expires, if one is held. */
  public synchronized Optional<Instant> tokenExpiry() {
    return token == null ? Optional.empty() : Optional.of(expiresAt);
  }

  /** How many token requests (JWT logins and refreshes) succeeded so far in this process. */
  public synchronized long logins() {
    return logins;
  }

  /** How many JWT bearer logins succeeded so far in this process. */
  public synchronized long jwtLogins() {
    return jwtLogins;
  }

  /** How many refresh_token grants succeeded so far in this process. */
  public synchronized long refreshes() {
    return refreshes;
  }

  /**
   * What {@link #logout()} did.
   *
   * @param hadTokens whether the cache held a session
   * @param revokeFailure one line saying why RingCentral did not confirm the revocation, when it did not (the cache is
   *     cleared either way)
   */
  public record Logout(boolean hadTokens, Optional<String> revokeFailure) {}

  /**
   * Ends the cached session: {@code POST /restapi/oauth/revoke} with {@code token=<refresh or access token>} and the
   * app's HTTP Basic credentials, which "revokes all active access/refresh tokens and invalidates the OAuth session"
   * (https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/paths/restapi/oauth/revoke/Index.html),
   * then clears the cache, also when the revoke failed. Nothing is sent when nothing is cached.
   *
   * @throws ExternalSystemException {@code AUTHENTICATION} when the token cache may not be read
   */
  public synchronized Logout logout() {
    return cache.locked(() -> {
      Optional<TokenCache.Tokens> cached = cache.load();
      token = null;
      if (cached.isEmpty()) {
        cache.clear();
        return new Logout(false, Optional.empty());
      }
      TokenCache.Tokens t = cached.get();
      redactor.add(t.accessToken());
      if (t.refreshToken() != null) {
        redactor.add(t.refreshToken());
      }
      String revoke = t.refreshToken() != null ? t.refreshToken() : t.accessToken();
      Optional<String> failure;
      try {
        HttpResponse<String> response = post("revoke", REVOKE_PATH, "token=" + enc(revoke));
        int status = response.statusCode();
        failure = status / 100 == 2 ? Optional.empty() : Optional.of("RingCentral answered HTTP " + status
            + describe(response.body()) + " to " + REVOKE_PATH);
      } catch (ExternalSystemException e) {
        failure = Optional.of(redactor.scrub(e.getMessage()));
      }
      cache.clear();
      return new Logout(true, failure);
    });
  }

  /** The cache's tokens when they are this app's on this server (another's are ignored, and overwritten on save). */
  private Optional<TokenCache.Tokens> mine(Optional<TokenCache.Tokens> cached) {
    cached.ifPresent(t -> {
      redactor.add(t.accessToken());
      if (t.refreshToken() != null) {
        redactor.add(t.refreshToken());
      }
    });
    return cached.filter(t -> owner.equals(t.owner()));
  }

  /** Whether the access token is not yet within the renewal margin of its expiry. */
  private boolean fresh(TokenCache.Tokens t, Instant now) {
    return now.isBefore(renewAt(t.accessIssuedAt(), t.accessExpiresAt()));
  }

  private Instant renewAt(Instant issued, Instant expires) {
    Duration lifetime = Duration.between(issued, expires);
    Duration margin = config.tokenRefreshMargin();
    if (margin.compareTo(lifetime) >= 0) {
      margin = lifetime.dividedBy(2);
    }
    return expires.minus(margin);
  }

  private void adopt(TokenCache.Tokens t) {
    token = t.accessToken();
    expiresAt = t.accessExpiresAt();
    renewAt = renewAt(t.accessIssuedAt(), t.accessExpiresAt());
  }

  /** The refresh grant's new tokens, or null when RingCentral refused the refresh token (then a JWT login follows). */
  private TokenCache.Tokens refresh(TokenCache.Tokens held, Instant now) {
    HttpResponse<String> response;
    try {
      response = post("token", TOKEN_PATH, "grant_type=refresh_token&refresh_token=" + enc(held.refreshToken()));
    } catch (ExternalSystemException e) {
      throw new ExternalSystemException(e.system(), e.kind(), "RingCentral token refresh (" + TOKEN_PATH + ") failed: "
          + redactor.scrub(e.getMessage()), e);
    }
    int status = response.statusCode();
    if (status == 400 || status == 401) {
      LOG.info("RingCentral refused the cached refresh token (HTTP {}{}); logging in with the JWT", status,
          describe(response.body()));
      return null;
    }
    if (status != 200) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION, "RingCentral token refresh failed"
          + " (HTTP " + status + describe(response.body()) + ")");
    }
    TokenCache.Tokens t = tokens(response, now);
    refreshes++;
    LOG.debug("RingCentral token refreshed; valid until {}", t.accessExpiresAt());
    return t;
  }

  private TokenCache.Tokens jwtLogin(Instant now) {
    String form = "grant_type=" + enc(JWT_GRANT) + "&assertion=" + enc(credentials.jwt());
    HttpResponse<String> response;
    try {
      response = post("token", TOKEN_PATH, form);
    } catch (ExternalSystemException e) {
      throw new ExternalSystemException(e.system(), e.kind(), "RingCentral login (" + TOKEN_PATH + ") failed: "
          + e.getMessage(), e);
    }
    int status = response.statusCode();
    if (status != 200) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION, loginError(response));
    }
    TokenCache.Tokens t = tokens(response, now);
    jwtLogins++;
    LOG.debug("RingCentral login ok; token valid for {}",
        Durations.human(Duration.between(t.accessIssuedAt(), t.accessExpiresAt())));
    return t;
  }

  private HttpResponse<String> post(String name, String path, String form) {
    URI uri = URI.create(config.serverUrl() + path);
    return transport.send(name, () -> HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("Authorization", "Basic " + basicValue())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build());
  }

  /** The tokens of a 200 token answer; registers them with the redactor. */
  private TokenCache.Tokens tokens(HttpResponse<String> response, Instant now) {
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
    redactor.add(access);
    long expiresIn = body.path("expires_in").asLong(3600);
    if (expiresIn <= 0) {
      expiresIn = 3600;
    }
    String refresh = text(body, "refresh_token");
    Instant refreshUntil = null;
    if (refresh != null) {
      redactor.add(refresh);
      long refreshIn = body.path("refresh_token_expires_in").asLong(0);
      refreshUntil = refreshIn > 0 ? now.plusSeconds(refreshIn) : null;
    }
    logins++;
    return new TokenCache.Tokens(owner, access, now, now.plusSeconds(expiresIn), refresh, refreshUntil);
  }

  /** {@code " error: description"} of an OAuth error body, scrubbed, or empty. */
  private String describe(String body) {
    String error = ErrorBodies.oauthError(body);
    String description = redactor.scrub(ErrorBodies.oauthDescription(body));
    return (error == null ? "" : " " + error) + (description == null ? "" : ": " + description);
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
