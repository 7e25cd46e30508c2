package io.rcsync.testkit.sim.salesforce;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The org's access tokens, each mapped to the user its requests run as (the default owner of the records they
 * create), and the random text tokens and query locators are made of. Thread-safe.
 */
final class AccessTokens {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** A new token (org id prefix, {@code !}, 48 random characters) whose requests run as {@code userId}. */
  String issue(String userId) {
    String token = "00D5S0000000001!" + randomAlphanumeric(48);
    tokens.put(token, userId);
    return token;
  }

  void register(String token, String userId) {
    tokens.put(token, userId);
  }

  void revoke(String token) {
    tokens.remove(token);
  }

  void revokeAll() {
    tokens.clear();
  }

  Optional<String> userFor(String token) {
    return Optional.ofNullable(tokens.get(token));
  }

  String randomAlphanumeric(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
