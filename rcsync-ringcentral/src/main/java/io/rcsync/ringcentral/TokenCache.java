package io.rcsync.ringcentral;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Where {@link RingCentralAuth} keeps the access and refresh token between calls, and (for a file cache) between
 * processes. {@link #inMemory()} is one process's memory (for embedders); {@link FileTokenCache} is a 0600 file in the
 * state directory that every CLI process shares.
 *
 * <p>Implementations never print, log or put a token in an exception message.
 */
public interface TokenCache {

  /**
   * One OAuth session's tokens.
   *
   * @param owner whose tokens these are: the server URL and client id ({@code https://platform.ringcentral.com|abc});
   *     a cache holding another owner's tokens is treated as empty
   * @param accessToken the bearer token
   * @param accessIssuedAt when the access token was issued (the renewal margin is a share of its lifetime)
   * @param accessExpiresAt when the access token expires ({@code expires_in} after issue)
   * @param refreshToken the single-use refresh token, or null when none was issued
   * @param refreshExpiresAt when the refresh token expires ({@code refresh_token_expires_in} after issue), or null
   */
  record Tokens(String owner, String accessToken, Instant accessIssuedAt, Instant accessExpiresAt,
      String refreshToken, Instant refreshExpiresAt) {
    public Tokens {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(accessToken, "accessToken");
      Objects.requireNonNull(accessIssuedAt, "accessIssuedAt");
      Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
    }

    /** The same tokens with the access token marked expired (the API rejected it); the refresh token stays. */
    public Tokens withAccessExpired() {
      return new Tokens(owner, accessToken, accessIssuedAt, accessIssuedAt, refreshToken, refreshExpiresAt);
    }

    /** Whether a refresh token is held that has not expired at {@code now}. */
    public boolean canRefresh(Instant now) {
      return refreshToken != null && (refreshExpiresAt == null || now.isBefore(refreshExpiresAt));
    }

    /** Never shows a token. */
    @Override
    public String toString() {
      return "Tokens[owner=" + owner + ", accessExpiresAt=" + accessExpiresAt + ", refreshExpiresAt="
          + refreshExpiresAt + "]";
    }
  }

  /**
   * The cached tokens, if any.
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException {@code AUTHENTICATION} when the cache may not be used (e.g. a
   *     file readable by others); the message names the file and how to fix it
   */
  Optional<Tokens> load();

  /** Replaces the cached tokens. */
  void save(Tokens tokens);

  /** Forgets the cached tokens. */
  void clear();

  /**
   * Runs {@code action} while holding the cache's refresh lock, so that only one caller (thread, or process for a file
   * cache) at a time logs in or refreshes; the others wait, then re-read the cache and find the fresh token.
   */
  <T> T locked(Supplier<T> action);

  /** A cache in this process's memory: today's behaviour for embedders; nothing outlives the process. */
  static TokenCache inMemory() {
    return new TokenCache() {
      private final ReentrantLock lock = new ReentrantLock();
      private volatile Tokens held;

      @Override
      public Optional<Tokens> load() {
        return Optional.ofNullable(held);
      }

      @Override
      public void save(Tokens tokens) {
        held = Objects.requireNonNull(tokens, "tokens");
      }

      @Override
      public void clear() {
        held = null;
      }

      @Override
      public <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
          return action.get();
        } finally {
          lock.unlock();
        }
      }

      @Override
      public String toString() {
        return "TokenCache[in memory]";
      }
    };
  }
}
