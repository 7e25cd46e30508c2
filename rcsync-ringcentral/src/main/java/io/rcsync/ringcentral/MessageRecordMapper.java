package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.support.IsoInstants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one record of the message list into core's {@link SmsMessage}, or into a {@link MalformedMessage} saying
 * why it cannot. Record shape: https://developers.ringcentral.com/guide/messaging/message-store/working-with-message-store
 * ({@code id, uri, type, direction, from{phoneNumber}, to[{phoneNumber}], subject, creationTime, lastModifiedTime,
 * messageStatus, availability, conversationId, conversation{id}, attachments[{id, uri, type, contentType, size,
 * fileName}]}); attachment fields per {@code MessageAttachmentInfo}
 * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1MessageAttachmentInfo-members.html:
 * {@code id, uri, type, contentType, size, fileName, height, width, vmDuration}). A missing, negative or unreadable
 * {@code size} is read as unknown (null), never as 0: it only informs reports, the download reads the real length.
 *
 * <p>{@code availability} is Alive, Deleted or Purged (absent = Alive); any other value makes the record malformed.
 * A purged record has lost its attachments and is "about to be physically deleted shortly"
 * (https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/PatchMessageRequest.html); the
 * docs do not list which fields it keeps, so one is read leniently: it needs only an id and a creation time (its
 * {@code lastModifiedTime} when {@code creationTime} is gone); a missing direction reads as Inbound, and text,
 * numbers and attachments may be absent. Core counts purged records in their own column without matching them.
 */
final class MessageRecordMapper {
  private MessageRecordMapper() {}

  /** Either a message or the reason the record is unreadable. */
  sealed interface Result permits Mapped, Malformed {}

  record Mapped(SmsMessage message) implements Result {}

  record Malformed(MalformedMessage malformed) implements Result {}

  static Result map(JsonNode record, ExtensionId extension) {
    if (record == null || !record.isObject()) {
      return bad(null, extension, "record is not a JSON object");
    }
    String rawId = scalar(record, "id");
    if (rawId == null) {
      return bad(null, extension, "record has no id");
    }
    MessageId id;
    try {
      id = MessageId.of(rawId);
    } catch (IllegalArgumentException e) {
      return bad(rawId, extension, "invalid message id");
    }
    String availabilityText = scalar(record, "availability");
    Availability availability = Availability.ALIVE;
    if (availabilityText != null) {
      try {
        availability = Availability.parse(availabilityText);
      } catch (IllegalArgumentException e) {
        return bad(rawId, extension, "unknown availability '" + availabilityText
            + "' (expected Alive, Deleted or Purged); report it to the rcsync maintainers with this record's id");
      }
    }
    boolean purged = availability == Availability.PURGED;
    String type = scalar(record, "type");
    if (type != null && !type.equalsIgnoreCase("SMS")) {
      return bad(rawId, extension, "not an SMS record (type '" + type + "')");
    }
    String directionText = scalar(record, "direction");
    if (directionText == null && !purged) {
      return bad(rawId, extension, "missing direction");
    }
    Direction direction;
    try {
      direction = directionText == null ? Direction.INBOUND : Direction.parse(directionText);
    } catch (IllegalArgumentException e) {
      return bad(rawId, extension, "unknown direction '" + directionText + "'");
    }
    String creationText = scalar(record, "creationTime");
    if (creationText == null && purged) {
      creationText = scalar(record, "lastModifiedTime");
    }
    if (creationText == null) {
      return bad(rawId, extension, "missing creationTime");
    }
    Instant creation = parseTime(creationText);
    if (creation == null) {
      return bad(rawId, extension, "unreadable creationTime '" + creationText + "'");
    }
    Instant modified = null;
    String modifiedText = scalar(record, "lastModifiedTime");
    if (modifiedText != null) {
      modified = parseTime(modifiedText);
      if (modified == null) {
        return bad(rawId, extension, "unreadable lastModifiedTime '" + modifiedText + "'");
      }
    }
    JsonNode fromNode = record.get("from");
    if (fromNode != null && !fromNode.isNull() && !fromNode.isObject()) {
      return bad(rawId, extension, "'from' is not an object");
    }
    String from = fromNode == null ? null : scalar(fromNode, "phoneNumber");
    JsonNode toNode = record.get("to");
    List<String> to = new ArrayList<>();
    if (toNode != null && !toNode.isNull()) {
      if (!toNode.isArray()) {
        return bad(rawId, extension, "'to' is not an array");
      }
      for (JsonNode r : toNode) {
        String n = r.isObject() ? scalar(r, "phoneNumber") : null;
        if (n != null) {
          to.add(n);
        }
      }
    }
    // a text without a counterparty number stays a message: core reports it as unmatched ("no counterparty number")
    JsonNode subject = record.get("subject");
    if (subject != null && !subject.isNull() && !subject.isValueNode()) {
      return bad(rawId, extension, "'subject' is not text");
    }
    String text = subject == null || subject.isNull() ? "" : subject.asText();
    String conversation = record.path("conversation").isObject() ? scalar(record.get("conversation"), "id") : null;
    if (conversation == null) {
      conversation = scalar(record, "conversationId");
    }
    List<Attachment> attachments = new ArrayList<>();
    JsonNode att = record.get("attachments");
    if (att != null && att.isArray()) {
      for (JsonNode a : att) {
        if (a.isObject()) {
          attachments.add(new Attachment(scalar(a, "id"), scalar(a, "uri"), scalar(a, "type"), scalar(a, "contentType"),
              size(a), scalar(a, "fileName")));
        }
      }
    }
    SmsMessage message = new SmsMessage(id, extension, direction, from, to, text, creation, modified, conversation,
        scalar(record, "messageStatus"), attachments, availability);
    return new Mapped(message);
  }

  /** An attachment's {@code size} in bytes: a non-negative whole number (or numeric text), else null. */
  static Long size(JsonNode attachment) {
    JsonNode v = attachment.get("size");
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : null;
    }
    if (v.isTextual()) {
      try {
        long n = Long.parseLong(v.asText().strip());
        return n >= 0 ? n : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** ISO-8601 with an offset, as RingCentral writes it: {@code 2019-05-22T17:07:28.000Z}; null when unreadable. */
  static Instant parseTime(String text) {
    return IsoInstants.parse(text).orElse(null);
  }

  private static Result bad(String rawId, ExtensionId extension, String reason) {
    return new Malformed(new MalformedMessage(rawId, extension, reason));
  }

  /** A field's text when it is a string or a number (ids come as JSON numbers); null when absent or blank. */
  static String scalar(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || !v.isValueNode()) {
      return null;
    }
    String s = v.asText().strip();
    return s.isEmpty() ? null : s;
  }
}
