package io.rcsync.core.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Salesforce's dateTime wire form, as the REST API writes it in records ({@code CreatedDate},
 * {@code SystemModstamp}, a custom dateTime field): {@code 2024-05-01T13:45:00.000+0000}, always UTC with
 * milliseconds (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_valid_date_formats.htm).
 *
 * <p>Once, in core, because three modules read or write it and must agree: the Salesforce adapter reads it from
 * query results, the in-memory {@code NoteStore} of the testkit writes and reads it in the field values it hands
 * back (as Salesforce would), and the Salesforce simulator writes it in its JSON. What the simulator <em>accepts</em>
 * on input (dates alone, no seconds, SOQL literals) is Salesforce's server-side leniency and stays the simulator's.
 */
public final class SalesforceDateTimes {
  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter IN = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);

  private SalesforceDateTimes() {}

  /** {@code t} as Salesforce writes it: {@code 2024-05-01T13:45:00.000+0000} (UTC, milliseconds, finer digits cut). */
  public static String format(Instant t) {
    return OUT.format(t);
  }

  /**
   * A dateTime as Salesforce writes it, with the offset as {@code +0000}, {@code +00:00} or {@code Z}, any fraction
   * of a second; empty when {@code value} is null, blank or not such a value.
   */
  public static Optional<Instant> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value, IN).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(value));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
