package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders core types as the RingCentral API's JSON records: extension-list entries and message-store SMS records. */
final class RcRecords {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RcRecords() {}

  /**
   * An extension-list record; {@code listUri} is the absolute URI of the list it belongs to. Type "User" unless the
   * extension says otherwise; {@code contact} when it has a first or last name or an e-mail.
   */
  static ObjectNode extension(ExtensionDirectory.Extension e, String listUri) {
    ObjectNode r = JSON.createObjectNode();
    r.put("uri", listUri + "/" + e.id().value());
    putId(r, "id", e.id().value());
    if (e.number() != null) {
      r.put("extensionNumber", e.number());
    }
    if (e.name() != null) {
      r.put("name", e.name());
    }
    r.put("type", e.type() == null ? ExtensionDirectory.TYPE_USER : e.type());
    if (e.status() != null) {
      r.put("status", e.status());
    }
    // contact: firstName/lastName for user extensions only, email for any
    // (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1ContactInfo.html)
    if (e.firstName() != null || e.lastName() != null || e.email() != null) {
      ObjectNode contact = r.putObject("contact");
      if (e.firstName() != null) {
        contact.put("firstName", e.firstName());
      }
      if (e.lastName() != null) {
        contact.put("lastName", e.lastName());
      }
      if (e.email() != null) {
        contact.put("email", e.email());
      }
      contact.put("emailAsLoginName", false);
    }
    r.put("hidden", false);
    return r;
  }

  /** A message-store record of a core message: a whole SMS record, or the stub a purged message leaves. */
  static ObjectNode record(SmsMessage m, String baseUrl, String storeUri) {
    return record(m, baseUrl, storeUri, null);
  }

  /** As {@link #record(SmsMessage, String, String)}, listing attachments as {@code contents} serves them. */
  static ObjectNode record(SmsMessage m, String baseUrl, String storeUri, RcMessageContentEndpoint contents) {
    return m.availability() == Availability.PURGED ? purged(m, storeUri) : sms(m, baseUrl, storeUri, contents);
  }

  /**
   * What a purged message still shows: "all attachments are already deleted and the message itself is about to be
   * physically deleted shortly"
   * (https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/PatchMessageRequest.html).
   * The docs do not list the fields a purged record keeps; the simulator keeps its identity and bookkeeping
   * ({@code uri, id, type, direction, availability, messageStatus, creationTime, lastModifiedTime}) and drops the
   * content: no subject, numbers, conversation or attachments.
   */
  static ObjectNode purged(SmsMessage m, String storeUri) {
    ObjectNode r = JSON.createObjectNode();
    r.put("uri", storeUri + "/" + m.id().value());
    putId(r, "id", m.id().value());
    r.put("type", "SMS");
    r.put("direction", m.direction().label());
    r.put("availability", "Purged");
    if (m.messageStatus() != null) {
      r.put("messageStatus", m.messageStatus());
    }
    r.put("creationTime", time(m.creationTime()));
    r.put("lastModifiedTime", time(m.lastModifiedTime()));
    return r;
  }

  /** A message-store SMS record; {@code storeUri} is the absolute URI of the extension's message store. */
  static ObjectNode sms(SmsMessage m, String baseUrl, String storeUri) {
    return sms(m, baseUrl, storeUri, null);
  }

  /**
   * As {@link #sms(SmsMessage, String, String)}; with {@code contents}, each attachment with an id has its
   * {@code uri} at the simulator's Get Message Content endpoint and the {@code size} and {@code fileName} of what it
   * serves (as {@code MessageAttachmentInfo} lists them); without, the attachment's own fields.
   */
  static ObjectNode sms(SmsMessage m, String baseUrl, String storeUri, RcMessageContentEndpoint contents) {
    String self = storeUri + "/" + m.id().value();
    ObjectNode r = JSON.createObjectNode();
    r.put("uri", self);
    putId(r, "id", m.id().value());
    ArrayNode to = r.putArray("to");
    for (String number : m.to()) {
      to.addObject().put("phoneNumber", number);
    }
    if (m.from() != null) {
      r.putObject("from").put("phoneNumber", m.from());
    }
    r.put("type", "SMS");
    r.put("creationTime", time(m.creationTime()));
    r.put("readStatus", "Read");
    r.put("priority", "Normal");
    ArrayNode attachments = r.putArray("attachments");
    for (Attachment a : m.attachments()) {
      ObjectNode n = attachments.addObject();
      if (a.id() != null) {
        putId(n, "id", a.id());
      }
      RcMessageContentEndpoint.Listed listed = contents == null
          ? new RcMessageContentEndpoint.Listed(a.uri(), a.size(), a.fileName()) : contents.describe(m, a, storeUri);
      if (listed.uri() != null) {
        n.put("uri", listed.uri());
      }
      if (a.type() != null) {
        n.put("type", a.type());
      }
      if (a.contentType() != null) {
        n.put("contentType", a.contentType());
      }
      if (listed.size() != null) {
        n.put("size", listed.size());
      }
      if (listed.fileName() != null) {
        n.put("fileName", listed.fileName());
      }
    }
    r.put("direction", m.direction().label());
    r.put("availability", m.availability().label());
    r.put("subject", m.text());
    if (m.messageStatus() != null) {
      r.put("messageStatus", m.messageStatus());
    }
    if (m.conversationId() != null) {
      putId(r, "conversationId", m.conversationId());
      ObjectNode c = r.putObject("conversation");
      c.put("id", m.conversationId());
      c.put("uri", baseUrl + "/restapi/v1.0/conversation/" + m.conversationId());
    }
    r.put("lastModifiedTime", time(m.lastModifiedTime()));
    return r;
  }

  /** RingCentral prints times with milliseconds ({@code 2019-05-22T17:07:28.000Z}); finer times keep their digits. */
  static String time(Instant t) {
    return t.getNano() % 1_000_000 == 0 ? MILLIS.format(t) : t.toString();
  }

  /** Ids go out as JSON numbers when they are plain numbers, as the API sends them. */
  static void putId(ObjectNode n, String field, String id) {
    if (id.matches("[1-9]\\d{0,17}")) {
      n.put(field, Long.parseLong(id));
    } else {
      n.put(field, id);
    }
  }
}
