package io.rcsync.core.domain;

import java.util.Objects;

/**
 * The id of one mirrored text in its {@link TextSource}: a RingCentral message id (the default; {@link #of}), or the
 * Salesforce record Id of an SMS-Magic history record ({@link #smsMagic}, issue 15). Its Note's external id is the
 * source's prefix and the id: {@code rc_msg_{id}} or {@code smsmagic_{18-character record Id}}. A RingCentral group text
 * matched to several Matters or Intakes has one further Note per further record, {@code rc_msg_{id}_{caseId}} (the
 * record's 18-character Salesforce id), so every Note of the text stays under the {@code rc_msg_} prefix (design.md
 * §7). Two ids are equal only when source and value are.
 *
 * @param source where the text comes from; {@link TextSource#RINGCENTRAL} for every RingCentral message
 * @param value the id inside the source: RingCentral's message id ({@code [A-Za-z0-9_-]{1,64}}), or the record's
 *     18-character Salesforce Id for {@link TextSource#SMS_MAGIC}
 */
public record MessageId(TextSource source, String value) {
  /** {@code rc_msg_}: {@link TextSource#RINGCENTRAL}'s prefix. */
  public static final String EXTERNAL_ID_PREFIX = TextSource.RINGCENTRAL.prefix();
  private static final java.util.regex.Pattern GROUP_SUFFIX =
      java.util.regex.Pattern.compile("(.+)_(?:[A-Za-z0-9]{18}|[A-Za-z0-9]{15})");

  public MessageId {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(value, "message id");
    if (source == TextSource.SMS_MAGIC) {
      if (!value.matches("[A-Za-z0-9]{18}")) {
        throw new IllegalArgumentException("invalid SMS-Magic record Id: '" + value + "' (18 letters/digits expected)");
      }
    } else if (value.isBlank() || !value.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("invalid RingCentral message id: '" + value + "'");
    }
  }

  /** A RingCentral message id. */
  public MessageId(String value) {
    this(TextSource.RINGCENTRAL, value);
  }

  /** A RingCentral message id. */
  public static MessageId of(String value) {
    return new MessageId(value);
  }

  /**
   * The id of an SMS-Magic history record (SMS History or Incoming SMS): its Salesforce record Id, widened to the
   * 18-character form so a 15-character Id from a CSV export keys the same Note as the org's.
   */
  public static MessageId smsMagic(SalesforceId recordId) {
    String v = recordId.value();
    return new MessageId(TextSource.SMS_MAGIC, v.length() == 15 ? v + SalesforceId.checksum(v) : v);
  }

  /** The external id of the Note that mirrors this message: the source's prefix and the id. */
  public String externalId() {
    return source.prefix() + value;
  }

  /**
   * The external id of a group text's further Note, on the record {@code caseId}: {@code rc_msg_{id}_{caseId}}.
   * The Note on the text's best match keeps {@link #externalId()}.
   *
   * @throws IllegalStateException for an SMS-Magic record: it has one counterparty and one Note, never a group
   *     text's further Notes
   */
  public String externalId(SalesforceId caseId) {
    if (source != TextSource.RINGCENTRAL) {
      throw new IllegalStateException("an " + source.cliName() + " text has one Note (" + externalId()
          + "), never a group text's further Note");
    }
    return externalId() + "_" + caseId.value();
  }

  /** True for a RingCentral text: only those can be group texts with further Notes {@code rc_msg_{id}_{caseId}}. */
  public boolean mayBeGroupText() {
    return source == TextSource.RINGCENTRAL;
  }

  /**
   * The text a Note key of either source names: {@code rc_msg_123} (or a group text's {@code rc_msg_123_a0L…}) →
   * RingCentral {@code 123}; {@code smsmagic_a0X…} → SMS-Magic {@code a0X…}. Empty when the value is no source's
   * key, or its id part is not valid for the source.
   */
  public static java.util.Optional<MessageId> ofNoteKey(String externalId) {
    if (TextSource.SMS_MAGIC.owns(externalId)) {
      String rest = externalId.substring(TextSource.SMS_MAGIC.prefix().length());
      try {
        return java.util.Optional.of(smsMagic(SalesforceId.of(rest)));
      } catch (IllegalArgumentException e) {
        return java.util.Optional.empty();
      }
    }
    return fromExternalId(externalId);
  }

  /**
   * Parses {@code rc_msg_123} (and a group text's further Note {@code rc_msg_123_a0L…}, whose suffix is a 15- or
   * 18-character Salesforce id) back to {@code 123}; empty when the value is not an rcsync external id.
   */
  public static java.util.Optional<MessageId> fromExternalId(String externalId) {
    if (!TextSource.RINGCENTRAL.owns(externalId)) {
      return java.util.Optional.empty();
    }
    String rest = externalId.substring(EXTERNAL_ID_PREFIX.length());
    java.util.regex.Matcher group = GROUP_SUFFIX.matcher(rest);
    if (group.matches()) {
      rest = group.group(1);
    }
    try {
      return java.util.Optional.of(new MessageId(rest));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
