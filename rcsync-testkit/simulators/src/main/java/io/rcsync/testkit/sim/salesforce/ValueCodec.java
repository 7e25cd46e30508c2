package io.rcsync.testkit.sim.salesforce;

import io.rcsync.core.support.SalesforceDateTimes;
import io.rcsync.core.domain.SalesforceId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Converts field values between the wire (JSON), Java callers and the store. Stored values are String (text and
 * ids), Instant (datetime, whole seconds as Salesforce keeps them), LocalDate (date), Boolean and Double.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_valid_date_formats.htm">Valid Date and DateTime Formats</a>
 */
final class ValueCodec {
  /** Accepts 2026-01-01T10:00:00Z, ...T10:00:00.000+0000, ...T10:00:00+02:00 and no offset (taken as GMT). */
  private static final DateTimeFormatter DATETIME_IN = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral('T')
      .appendPattern("HH:mm")
      .optionalStart().appendLiteral(':').appendPattern("ss").optionalEnd()
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .appendPattern("[XXX][XX][X]")
      .toFormatter(Locale.ROOT);

  /** How Salesforce renders a datetime in JSON: 2026-01-01T10:00:00.000+0000. */

  private ValueCodec() {}

  /**
   * The stored form of a value for a field.
   *
   * @throws IllegalArgumentException when the value can't be a value of the field's type (Salesforce answers a
   *     JSON_PARSER_ERROR for the whole request)
   */
  static Object coerce(SObjectField field, Object raw) {
    if (raw == null) {
      return null;
    }
    return switch (field.type()) {
      case STRING, TEXTAREA, RICHTEXTAREA, PICKLIST -> {
        if (raw instanceof String s) {
          yield s.isEmpty() ? null : s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
          yield raw instanceof BigDecimal bd ? bd.toPlainString() : raw.toString();
        }
        throw bad(field, raw);
      }
      case ID, REFERENCE -> {
        if (raw instanceof SalesforceId sid) {
          yield sid.value();
        }
        if (raw instanceof String s) {
          yield s.isEmpty() ? null : s;
        }
        throw bad(field, raw);
      }
      // Salesforce keeps dateTime field values to the second: milliseconds sent are dropped
      // (https://albasfdc.com/2016/03/28/working-with-datetimes/ "Datetime fields do not store milliseconds")
      case DATETIME -> toSecond(field, raw);
      case DATE -> {
        if (raw instanceof LocalDate d) {
          yield d;
        }
        if (raw instanceof Instant i) {
          yield LocalDate.ofInstant(i, ZoneOffset.UTC);
        }
        if (raw instanceof String s) {
          try {
            yield LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s);
          } catch (DateTimeParseException e) {
            throw bad(field, raw);
          }
        }
        throw bad(field, raw);
      }
      case BOOLEAN -> {
        if (raw instanceof Boolean b) {
          yield b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
          yield Boolean.parseBoolean(s);
        }
        throw bad(field, raw);
      }
      case DOUBLE -> {
        if (raw instanceof Number n) {
          yield n.doubleValue();
        }
        if (raw instanceof String s) {
          try {
            yield Double.parseDouble(s.trim());
          } catch (NumberFormatException e) {
            throw bad(field, raw);
          }
        }
        throw bad(field, raw);
      }
    };
  }

  private static Instant toSecond(SObjectField field, Object raw) {
    Instant i;
    if (raw instanceof Instant instant) {
      i = instant;
    } else if (raw instanceof OffsetDateTime o) {
      i = o.toInstant();
    } else if (raw instanceof ZonedDateTime z) {
      i = z.toInstant();
    } else if (raw instanceof LocalDate d) {
      i = d.atStartOfDay(ZoneOffset.UTC).toInstant();
    } else if (raw instanceof String s) {
      i = parseDateTime(s);
      if (i == null) {
        throw bad(field, raw);
      }
    } else {
      throw bad(field, raw);
    }
    return i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** A datetime in any format Salesforce accepts, or null. A date alone means midnight GMT. */
  static Instant parseDateTime(String s) {
    try {
      TemporalAccessor t = DATETIME_IN.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
      return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** The JSON form of a stored value: datetimes as 2026-01-01T10:00:00.000+0000, dates as 2026-01-01. */
  static Object toJson(Object value) {
    if (value instanceof Instant i) {
      return SalesforceDateTimes.format(i);
    }
    if (value instanceof LocalDate d) {
      return d.toString();
    }
    return value;
  }

  static String formatDateTime(Instant i) {
    return SalesforceDateTimes.format(i);
  }

  private static IllegalArgumentException bad(SObjectField field, Object raw) {
    String token = raw instanceof String ? "VALUE_STRING" : raw instanceof Number ? "VALUE_NUMBER"
        : raw instanceof Boolean ? "VALUE_" + raw.toString().toUpperCase(Locale.ROOT)
        : raw instanceof java.util.Map ? "START_OBJECT" : raw instanceof java.util.List ? "START_ARRAY" : "VALUE";
    String shown = raw instanceof String || raw instanceof Number || raw instanceof Boolean ? " value " + raw : "";
    return new IllegalArgumentException("Cannot deserialize instance of " + field.type().describeName() + " from "
        + token + shown + " or request may be missing a required field (field " + field.name() + ")");
  }
}
