package io.rcsync.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A text no Matter or Intake held a number of when it was read, kept in the sync state so later incremental runs
 * look again (issue 10 item 3: a lead who texts before their Intake exists). Holds everything its Note needs.
 *
 * @param creationTime RingCentral's {@code creationTime}; the text is re-checked until it is
 *     {@code unmatchedRetryDays} older than the run
 */
public record UnmatchedText(
    MessageId id,
    ExtensionId extension,
    Direction direction,
    String from,
    List<String> to,
    String text,
    Instant creationTime,
    String conversationId,
    String messageStatus,
    List<Attachment> attachments) {
  public UnmatchedText {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(creationTime, "creationTime");
    to = to == null ? List.of() : List.copyOf(to);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    text = text == null ? "" : text;
  }

  public static UnmatchedText of(SmsMessage m) {
    return new UnmatchedText(m.id(), m.extension(), m.direction(), m.from(), m.to(), m.text(), m.creationTime(),
        m.conversationId(), m.messageStatus(), m.attachments());
  }

  /** The text as a message again (its last-modified time is its creation time). */
  public SmsMessage toMessage() {
    return new SmsMessage(id, extension, direction, from, to, text, creationTime, creationTime, conversationId,
        messageStatus, attachments);
  }
}
