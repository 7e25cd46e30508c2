package io.rcsync.core.domain;

import java.util.Objects;

/** A RingCentral message id. Its Note's external id is {@code rc_msg_{id}}. */
public record MessageId(String value) {
  public static final String EXTERNAL_ID_PREFIX = "rc_msg_";

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

  /** Parses {@code rc_msg_123} back to {@code 123}; empty when the value is not an rcsync external id. */
  public static java.util.Optional<MessageId> fromExternalId(String externalId) {
    if (externalId == null || !externalId.startsWith(EXTERNAL_ID_PREFIX)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new MessageId(externalId.substring(EXTERNAL_ID_PREFIX.length())));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
