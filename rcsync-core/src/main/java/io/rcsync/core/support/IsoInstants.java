package io.rcsync.core.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the ISO-8601 times RingCentral writes, e.g. {@code creationTime: "2019-05-22T17:07:28.000Z"} in a message
 * record and the {@code dateFrom}/{@code dateTo} query parameters
 * (https://developers.ringcentral.com/guide/messaging/message-store/working-with-message-store). An offset other than
 * {@code Z} ({@code +02:00}) is accepted too.
 *
 * <p>In core so that the RingCentral adapter and the testkit's RingCentral simulator, which must never disagree on
 * which times are readable, share one parser without the simulator depending on the adapter.
 */
public final class IsoInstants {
  private IsoInstants() {}

  /** The instant, or empty when {@code text} is null or not an ISO-8601 date-time with an offset. */
  public static Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
