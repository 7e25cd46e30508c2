package io.rcsync.ringcentral;

import io.rcsync.core.support.Durations;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RingCentral's rate-limit response headers: {@code X-Rate-Limit-Group} (Light, Medium, Heavy, Auth),
 * {@code X-Rate-Limit-Limit}, {@code X-Rate-Limit-Remaining}, {@code X-Rate-Limit-Window} (seconds), and on a 429
 * {@code Retry-After} (seconds, or an HTTP date per RFC 7231).
 * See https://developers.ringcentral.com/guide/basics/rate-limits ("Rate Limits Response Headers").
 */
record RateLimitHeaders(
    Optional<String> group, OptionalInt limit, OptionalInt remaining, Optional<Duration> window,
    Optional<Duration> retryAfter) {

  static RateLimitHeaders of(HttpHeaders headers, Clock clock) {
    return new RateLimitHeaders(
        headers.firstValue("X-Rate-Limit-Group").map(String::strip).filter(s -> !s.isEmpty()),
        intHeader(headers, "X-Rate-Limit-Limit"),
        intHeader(headers, "X-Rate-Limit-Remaining"),
        intHeader(headers, "X-Rate-Limit-Window").stream().filter(i -> i > 0).mapToObj(i -> Duration.ofSeconds(i))
            .findFirst(),
        headers.firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, clock)));
  }

  /** One phrase for messages, e.g. {@code rate-limit group Heavy: 10 requests per 1m 00s}. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    group.ifPresent(g -> sb.append("rate-limit group ").append(g));
    if (limit.isPresent() && window.isPresent()) {
      sb.append(sb.length() == 0 ? "" : ": ").append(limit.getAsInt()).append(" requests per ")
          .append(Durations.human(window.get()));
    }
    return sb.toString();
  }

  static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static OptionalInt intHeader(HttpHeaders headers, String name) {
    Optional<String> v = headers.firstValue(name);
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(v.get().strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
