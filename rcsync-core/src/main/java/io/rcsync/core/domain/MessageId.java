package io.rcsync.core.domain;

import java.util.Objects;

/**
 * A RingCentral message id. Its Note's external id is {@code rc_msg_{id}}; a group text matched to several Matters or
 * Intakes has one further Note per further record, {@code rc_msg_{id}_{caseId}} (the record's 18-character
 * Salesforce id), so every Note of the text stays under the {@code rc_msg_} prefix (design.md §7).
 */
public record MessageId(String value) {
  /** {@code rc_msg_}: {@link TextSource#RINGCENTRAL}'s prefix. */
  public static final String EXTERNAL_ID_PREFIX = TextSource.RINGCENTRAL.prefix();
  private static final java.util.regex.Pattern GROUP_SUFFIX =
      java.util.regex.Pattern.compile("(.+)_(?:[A-Za-z0-9]{18}|[A-Za-z0-9]{15})");

  public MessageId {
    Objects.requireNonNull(value, "message id");
    if (value.isBlank() || !value.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("invalid RingCentral message id: '" + value + "'");
    }
  }

  public static MessageId of(String value) {
    return new MessageId(value);
  }

  /** The external id of the Note that mirrors this message. */
  public String externalId() {
    return EXTERNAL_ID_PREFIX + value;
  }

  /**
   * The external id of a group text's further Note, on the record {@code caseId}: {@code rc_msg_{id}_{caseId}}.
   * The Note on the text's best match keeps {@link #externalId()}.
   */
  public String externalId(SalesforceId caseId) {
    return externalId() + "_" + caseId.value();
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
