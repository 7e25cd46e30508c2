package io.rcsync.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How often one request is tried and how long to back off between tries: {@code maxAttempts} attempts, the first
 * included; before retry {@code n} (1-based) wait {@code initialBackoff * 2^(n-1)}, at most {@code maxBackoff} (the
 * cap applies to the first wait too).
 * Which answers are worth a retry, and waits a server asks for ({@code Retry-After}), are the adapter's business
 * (see {@link HttpRetry}).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("back-off must not be negative, was " + initialBackoff + " and " + maxBackoff);
    }
  }

  /** The exponential back-off before retry number {@code retry} (1-based): initial * 2^(retry-1), capped at max. */
  public Duration backoff(int retry) {
    long max = maxBackoff.toMillis();
    long wait = initialBackoff.toMillis();
    for (int i = 1; i < retry && wait < max; i++) {
      wait *= 2;
    }
    return Duration.ofMillis(Math.min(wait, max));
  }
}
