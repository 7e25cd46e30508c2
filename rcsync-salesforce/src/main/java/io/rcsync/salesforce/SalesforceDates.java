package io.rcsync.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Parses Salesforce dateTime values: the REST API writes {@code 2024-05-01T13:45:00.000+0000}.
 */
final class SalesforceDates {
  private static final DateTimeFormatter SALESFORCE = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  private SalesforceDates() {}

  /** @throws IllegalArgumentException naming the value when it is no dateTime */
  static Instant parse(String value) {
    try {
      return OffsetDateTime.parse(value, SALESFORCE).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("not a Salesforce dateTime: '" + value + "'");
      }
    }
  }
}
