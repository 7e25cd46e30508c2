package io.rcsync.cli.command;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
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

  /**
   * The text whose Note is meant: a RingCentral message id, bare ({@code 1234567}) or as its Note's external id
   * ({@code rc_msg_1234567}), or (issue 15) an imported SMS-Magic record's Note key ({@code smsmagic_} and the
   * record's 15- or 18-character Salesforce Id, widened to 18 as the Note is keyed).
   */
  public static final class MessageIdArg implements ITypeConverter<MessageId> {
    @Override
    public MessageId convert(String value) {
      String v = value.strip();
      if (v.startsWith(TextSource.SMS_MAGIC.prefix())) {
        try {
          return MessageId.smsMagic(SalesforceId.of(v.substring(TextSource.SMS_MAGIC.prefix().length())));
        } catch (IllegalArgumentException e) {
          throw new TypeConversionException("'" + value + "' is not an SMS-Magic Note key: use smsmagic_ followed by"
              + " the record's 15- or 18-character Salesforce Id (e.g. smsmagic_a1SUV000000abcdAAA)");
        }
      }
      if (v.startsWith(TextSource.RINGCENTRAL.prefix())) {
        v = v.substring(TextSource.RINGCENTRAL.prefix().length());
      }
      try {
        return MessageId.of(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a message id: use a RingCentral message id"
            + " (1234567 or rc_msg_1234567) or an SMS-Magic Note key (smsmagic_ and the record Id)");
      }
    }
  }

  /** A text source on the command line: {@code rc} (RingCentral) or {@code smsmagic} (imported SMS-Magic history). */
  public static final class TextSourceArg implements ITypeConverter<TextSource> {
    @Override
    public TextSource convert(String value) {
      try {
        return TextSource.ofCliName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a text source: use rc (RingCentral) or smsmagic"
            + " (imported SMS-Magic history)");
      }
    }
  }
}
