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
 * @param text the message body ({@code subject} in RingCentral's SMS records; empty for a purged record)
 * @param messageStatus RingCentral's {@code messageStatus} as given ({@code Queued, Sending, Sent, Delivered,
 *     DeliveryFailed, SendingFailed, Received}); null when the store gave none
 * @param availability whether the message is alive, deleted (still whole) or purged (little more than its id and
 *     time left) in its store; {@link Availability#ALIVE} when not given
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
    List<Attachment> attachments,
    Availability availability) {

  /** A live message ({@link Availability#ALIVE}): the shape every message had before availability was read. */
  public SmsMessage(MessageId id, ExtensionId extension, Direction direction, String from, List<String> to, String text,
      Instant creationTime, Instant lastModifiedTime, String conversationId, String messageStatus,
      List<Attachment> attachments) {
    this(id, extension, direction, from, to, text, creationTime, lastModifiedTime, conversationId, messageStatus,
        attachments, Availability.ALIVE);
  }

  public SmsMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(creationTime, "creationTime");
    to = to == null ? List.of() : List.copyOf(to);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    text = text == null ? "" : text;
    lastModifiedTime = lastModifiedTime == null ? creationTime : lastModifiedTime;
    availability = availability == null ? Availability.ALIVE : availability;
  }

  /** This message with another availability, every other field kept. */
  public SmsMessage withAvailability(Availability value) {
    return new SmsMessage(id, extension, direction, from, to, text, creationTime, lastModifiedTime, conversationId,
        messageStatus, attachments, value);
  }

  /** This message with another {@code messageStatus} and {@code lastModifiedTime}, every other field kept. */
  public SmsMessage withStatus(String status, Instant modifiedAt) {
    return new SmsMessage(id, extension, direction, from, to, text, creationTime, modifiedAt, conversationId, status,
        attachments, availability);
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
