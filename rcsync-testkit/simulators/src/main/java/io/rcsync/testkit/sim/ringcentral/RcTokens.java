package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The OAuth token endpoint and the token bookkeeping behind it: {@code POST /restapi/oauth/token} with the JWT bearer
 * grant (and the refresh_token grant) and HTTP Basic client credentials, issuing opaque bearer tokens that expire after
 * the configured lifetime (https://developers.ringcentral.com/guide/authentication/jwt-flow); and the bearer check of
 * every other endpoint (401 for a missing, unknown, revoked or expired token). Not thread-safe: the simulator calls it
 * under its lock.
 */
final class RcTokens {
  static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Duration REFRESH_LIFETIME = Duration.ofDays(7);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String clientId;
  private final String clientSecret;
  private final String jwt;
  private final Duration tokenLifetime;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> accessTokens = new HashMap<>();
  private final Map<String, Instant> refreshTokens = new HashMap<>();
  /** Token -> its OAuth session: a JWT login opens one, a refresh continues it, a revoke ends all its tokens. */
  private final Map<String, Long> sessions = new HashMap<>();
  private long lastSession;
  private long issued;
  private long jwtLogins;
  private long refreshes;
  private long revocations;

  RcTokens(String clientId, String clientSecret, String jwt, Duration tokenLifetime) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.jwt = jwt;
    this.tokenLifetime = tokenLifetime;
  }

  /** Access tokens issued so far. */
  long issued() {
    return issued;
  }

  /** Successful JWT bearer logins so far. */
  long jwtLogins() {
    return jwtLogins;
  }

  /** Successful refresh_token grants so far. */
  long refreshes() {
    return refreshes;
  }

  /** Successful revoke requests so far. */
  long revocations() {
    return revocations;
  }

  /** Invalidates every access and refresh token issued so far. */
  void revokeAll() {
    accessTokens.clear();
    refreshTokens.clear();
    sessions.clear();
  }

  /**
   * {@code POST /restapi/oauth/revoke} with HTTP Basic client credentials and {@code token} (access or refresh) in the
   * form body or query: revokes that token and its partner (the whole OAuth session); 200 with an empty body, also for
   * an unknown token (RFC 7009 §2.2). "Revokes all active access/refresh tokens and invalidates the OAuth session basing
   * on token provided" (https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/paths/restapi/oauth/revoke/Index.html).
   */
  RcResponse revoke(String authorization, String formBody, String rawQuery) {
    String[] client = basicCredentials(authorization);
    if (client == null) {
      return RcErrors.oauth(401, "invalid_client", "Client authentication is required", "OAU-123");
    }
    if (!client[0].equals(clientId) || !client[1].equals(clientSecret)) {
      return RcErrors.oauth(401, "invalid_client", "Invalid client: " + client[0], "OAU-153");
    }
    String token = RcQueryParams.first(RcQueryParams.parse(formBody), "token");
    if (token == null && rawQuery != null) {
      token = RcQueryParams.first(RcQueryParams.parse(rawQuery), "token");
    }
    if (token == null) {
      return RcErrors.oauth(400, "invalid_request", "Token is required", "OAU-101");
    }
    Long session = sessions.get(token);
    if (session != null) {
      sessions.entrySet().removeIf(e -> {
        if (e.getValue().equals(session)) {
          accessTokens.remove(e.getKey());
          refreshTokens.remove(e.getKey());
          return true;
        }
        return false;
      });
    }
    revocations++;
    return RcResponse.json(200, "");
  }

  /** Answers a token request; {@code ownerId} is what {@code owner_id} reports. */
  RcResponse token(String authorization, String formBody, Instant now, String ownerId) {
    String[] client = basicCredentials(authorization);
    if (client == null) {
      return RcErrors.oauth(401, "invalid_client", "Client authentication is required", "OAU-123");
    }
    if (!client[0].equals(clientId) || !client[1].equals(clientSecret)) {
      return RcErrors.oauth(401, "invalid_client", "Invalid client: " + client[0], "OAU-153");
    }
    Map<String, List<String>> form = RcQueryParams.parse(formBody);
    String grant = RcQueryParams.first(form, "grant_type");
    if (grant == null) {
      return RcErrors.oauth(400, "invalid_request", "Unsupported grant type", "OAU-250");
    }
    Long session = null;
    if (grant.equals(JWT_GRANT)) {
      String assertion = RcQueryParams.first(form, "assertion");
      if (assertion == null || !assertion.equals(jwt)) {
        return RcErrors.oauth(400, "invalid_grant", "Invalid token", "OAU-213");
      }
      jwtLogins++;
      session = ++lastSession;
    } else if (grant.equals("refresh_token")) {
      String refresh = RcQueryParams.first(form, "refresh_token");
      Instant until = refresh == null ? null : refreshTokens.remove(refresh);
      if (until == null || !now.isBefore(until)) {
        return RcErrors.oauth(400, "invalid_grant", "Token not found", "OAU-211");
      }
      // a refresh token is single-use (https://developers.ringcentral.com/guide/authentication/refresh-tokens)
      session = sessions.remove(refresh);
      refreshes++;
    } else {
      return RcErrors.oauth(400, "unsupported_grant_type", "Unsupported grant type", "OAU-250");
    }
    String access = newToken("SIMAT");
    String refresh = newToken("SIMRT");
    accessTokens.put(access, now.plus(tokenLifetime));
    refreshTokens.put(refresh, now.plus(REFRESH_LIFETIME));
    if (session == null) {
      session = ++lastSession;
    }
    sessions.put(access, session);
    sessions.put(refresh, session);
    issued++;
    ObjectNode n = JSON.createObjectNode();
    n.put("access_token", access);
    n.put("token_type", "bearer");
    n.put("expires_in", tokenLifetime.toSeconds());
    n.put("refresh_token", refresh);
    n.put("refresh_token_expires_in", REFRESH_LIFETIME.toSeconds());
    n.put("scope", "ReadAccounts ReadMessages SMS");
    n.put("owner_id", ownerId);
    n.put("endpoint_id", "rcsync-sim");
    return RcResponse.json(200, n.toString());
  }

  /** {@code then}'s answer when the Authorization header holds a live bearer token, else the API's 401. */
  RcResponse authorized(String authorization, Instant now, Supplier<RcResponse> then) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return RcErrors.api(401, "AGW-401", "Authorization header is not specified");
    }
    String token = authorization.substring(7).strip();
    Instant until = accessTokens.get(token);
    if (until == null) {
      return RcErrors.api(401, "TokenInvalid", "Token not found");
    }
    if (!now.isBefore(until)) {
      return RcErrors.api(401, "TokenExpired", "Access token expired");
    }
    return then.get();
  }

  private String newToken(String prefix) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code [clientId, clientSecret]} of an HTTP Basic header, or null. */
  static String[] basicCredentials(String header) {
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
}
