package io.rcsync.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One text message as held by the message store, in core's terms.
 *
 * @param extension the firm extension whose store holds the message (its owner decides the Note's owner)
 * @param from the sender's phone number as the store gave it (may be a short code)
 * @param to every recipient's phone number as the store gave it
 * @param text the message body ({@code subject} in RingCentral's SMS records)
 */
public record SmsMessage(
    MessageId id,
    ExtensionId extension,
    Direction direction,
    String from,
    List<String> to,
    String text,
    Instant creationTime,
    Instant lastModifiedTime,
    String conversationId,
    String messageStatus,
    List<Attachment> attachments) {

  public SmsMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(creationTime, "creationTime");
    to = to == null ? List.of() : List.copyOf(to);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    text = text == null ? "" : text;
    lastModifiedTime = lastModifiedTime == null ? creationTime : lastModifiedTime;
  }

  /** The raw numbers of the other party: the sender of an inbound text, every recipient of an outbound one. */
  public List<String> counterparties() {
    if (direction == Direction.INBOUND) {
      return from == null ? List.of() : List.of(from);
    }
    return to;
  }

  public Optional<String> conversation() {
    return Optional.ofNullable(conversationId);
  }
}
