package io.rcsync.cli.command;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters whose errors name the value and say what is expected. */
public final class Converters {
  private Converters() {}

  /**
   * {@code YYYY-MM-DD} (that day's midnight UTC), an ISO instant ({@code 2026-09-26T14:00:00Z}) or an ISO date-time
   * with offset ({@code 2026-09-26T10:00:00-04:00}).
   */
  public static final class DateArg implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      String v = value.strip();
      try {
        if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
          return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (v.endsWith("Z") || v.endsWith("z")) {
          return Instant.parse(v.toUpperCase(java.util.Locale.ROOT));
        }
        return OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value
            + "' is not a date: use YYYY-MM-DD (midnight UTC) or an ISO instant such as 2026-09-26T14:00:00Z");
      }
    }
  }

  /** A Salesforce record id (15 or 18 letters/digits). */
  public static final class SalesforceIdArg implements ITypeConverter<SalesforceId> {
    @Override
    public SalesforceId convert(String value) {
      try {
        return SalesforceId.of(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a Salesforce id (15 or 18 letters/digits, a User id starts with 005)");
      }
    }
  }

  /** A RingCentral message id, bare ({@code 1234567}) or as its Note's external id ({@code rc_msg_1234567}). */
  public static final class MessageIdArg implements ITypeConverter<MessageId> {
    @Override
    public MessageId convert(String value) {
      String v = value.strip();
      if (v.startsWith(MessageId.EXTERNAL_ID_PREFIX)) {
        v = v.substring(MessageId.EXTERNAL_ID_PREFIX.length());
      }
      try {
        return MessageId.of(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a RingCentral message id (e.g. 1234567 or rc_msg_1234567)");
      }
    }
  }
}
