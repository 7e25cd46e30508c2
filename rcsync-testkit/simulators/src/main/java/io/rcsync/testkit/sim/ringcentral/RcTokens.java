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
  private long issued;

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

  /** Invalidates every access and refresh token issued so far. */
  void revokeAll() {
    accessTokens.clear();
    refreshTokens.clear();
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
    if (grant.equals(JWT_GRANT)) {
      String assertion = RcQueryParams.first(form, "assertion");
      if (assertion == null || !assertion.equals(jwt)) {
        return RcErrors.oauth(400, "invalid_grant", "Invalid token", "OAU-213");
      }
    } else if (grant.equals("refresh_token")) {
      String refresh = RcQueryParams.first(form, "refresh_token");
      Instant until = refresh == null ? null : refreshTokens.remove(refresh);
      if (until == null || !now.isBefore(until)) {
        return RcErrors.oauth(400, "invalid_grant", "Token not found", "OAU-211");
      }
    } else {
      return RcErrors.oauth(400, "unsupported_grant_type", "Unsupported grant type", "OAU-250");
    }
    String access = newToken("SIMAT");
    String refresh = newToken("SIMRT");
    accessTokens.put(access, now.plus(tokenLifetime));
    refreshTokens.put(refresh, now.plus(REFRESH_LIFETIME));
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
