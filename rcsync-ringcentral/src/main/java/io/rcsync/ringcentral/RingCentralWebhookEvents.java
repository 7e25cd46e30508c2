package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.PushEvent;
import io.rcsync.core.port.out.PushEventDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RingCentral webhook deliveries (issue 11 item 4). Every event has {@code uuid, event, timestamp,
 * subscriptionId, ownerId, body} (https://developers.ringcentral.com/guide/notifications/event-filters, "Event payload
 * structure"); {@code event} is the event filter the delivery answers, with account and extension ids filled in:
 *
 * <ul>
 *   <li>{@code .../extension/{id}/message-store/instant?type=SMS}: {@code body} is the inbound SMS record ({@code id,
 *       from, to, subject, creationTime, direction, messageStatus, conversationId, ...},
 *       https://developers.ringcentral.com/guide/notifications/event-filters/instant-message), mapped by
 *       {@link MessageRecordMapper} to {@link PushEvent.InstantMessage}. An MMS's {@code attachments} are
 *       {@code MessageAttachmentInfo} as in the message store ({@code id, uri, type, contentType, size, fileName},
 *       https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1InstantMessageEventBody-members.html),
 *       so a pushed MMS's media is downloaded from its {@code uri} like a synced one's. The extension is the filter's extension id,
 *       else the event's {@code ownerId}, else {@code body.ownerId}.
 *   <li>{@code .../extension/{id}/message-store[?...]}: {@code body {extensionId, lastUpdated, changes[{type, newCount,
 *       updatedCount, newMessageIds}]}} (https://developers.ringcentral.com/guide/notifications/event-filters/message; a
 *       count "can be omitted if the value is zero"; {@code newMessageIds}, "Identifiers of the new messages",
 *       https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1MessageChanges.html) becomes
 *       {@link PushEvent.MessageStoreChanged} with the counts of the {@code SMS} changes summed and their new message
 *       ids listed (a change whose id list is absent or holds anything but ids contributes none). The extension is {@code body.extensionId}, else the filter's, else
 *       {@code ownerId}. A change list that names only other types (Fax, VoiceMail, Pager) is {@link PushEvent.Other}:
 *       nothing rcsync syncs changed; an absent or empty list is a change of unknown kind and still triggers a sync.
 *   <li>any other event (a subscription renewal reminder, another filter): {@link PushEvent.Other}.
 * </ul>
 *
 * <p>A body that is not a JSON object, has no {@code event}, or whose payload cannot be read is
 * {@link PushEvent.Unreadable} with one line naming what is wrong; the body itself is never quoted (only short,
 * clipped ids and the event filter). Stateless and thread-safe.
 */
public final class RingCentralWebhookEvents implements PushEventDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STORE_EVENT = Pattern.compile(
      "^/restapi/v1\\.0/account/([^/?]+)/extension/([^/?]+)/message-store(/instant)?(?:\\?(.*))?$");
  private static final int CLIP = 80;

  /** A decoder; it holds no state. */
  public RingCentralWebhookEvents() {}

  @Override
  public PushEvent decode(byte[] body) {
    if (body == null || body.length == 0) {
      return new PushEvent.Unreadable("", "empty body: not a RingCentral event");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      // Jackson's message quotes the input: name only the kind of failure
      return new PushEvent.Unreadable("", "body is not JSON (" + body.length + " bytes)");
    } catch (StackOverflowError e) {
      return new PushEvent.Unreadable("", "body is nested too deeply to read (" + body.length + " bytes)");
    }
    if (root == null || !root.isObject()) {
      return new PushEvent.Unreadable("", "body is not a JSON object (" + body.length + " bytes)");
    }
    String subscriptionId = clip(text(root, "subscriptionId"));
    subscriptionId = subscriptionId == null ? "" : subscriptionId;
    String event = text(root, "event");
    if (event == null) {
      return new PushEvent.Unreadable(subscriptionId, "event has no 'event' field (uuid "
          + clip(text(root, "uuid")) + ")");
    }
    Matcher m = STORE_EVENT.matcher(event);
    if (!m.matches()) {
      return new PushEvent.Other(subscriptionId, clip(event));
    }
    boolean instant = m.group(3) != null;
    String query = m.group(4) == null ? "" : m.group(4);
    JsonNode payload = root.get("body");
    if (payload == null || !payload.isObject()) {
      return new PushEvent.Unreadable(subscriptionId, "event " + clip(event) + " has no 'body' object");
    }
    if (instant) {
      if (!hasParam(query, "type", "sms")) {
        return new PushEvent.Other(subscriptionId, clip(event));
      }
      ExtensionId extension = firstExtension(m.group(2), text(root, "ownerId"), text(payload, "ownerId"));
      if (extension == null) {
        return new PushEvent.Unreadable(subscriptionId, "instant SMS event " + clip(event)
            + " names no usable extension id (event path, ownerId, body.ownerId)");
      }
      MessageRecordMapper.Result result = MessageRecordMapper.map(payload, extension);
      if (result instanceof MessageRecordMapper.Mapped mapped) {
        return new PushEvent.InstantMessage(subscriptionId, mapped.message());
      }
      MessageRecordMapper.Malformed bad = (MessageRecordMapper.Malformed) result;
      return new PushEvent.Unreadable(subscriptionId, "instant SMS event for extension " + extension + ": message "
          + clip(bad.malformed().rawId()) + ": " + clip(bad.malformed().reason()));
    }
    ExtensionId extension = firstExtension(text(payload, "extensionId"), m.group(2), text(root, "ownerId"));
    if (extension == null) {
      return new PushEvent.Unreadable(subscriptionId, "message-store event " + clip(event)
          + " names no usable extension id (body.extensionId, event path, ownerId)");
    }
    JsonNode changes = payload.get("changes");
    if (changes == null || changes.isNull() || (changes.isArray() && changes.isEmpty())) {
      return new PushEvent.MessageStoreChanged(subscriptionId, extension, 0, 0);
    }
    if (!changes.isArray()) {
      return new PushEvent.Unreadable(subscriptionId, "message-store event for extension " + extension
          + ": 'changes' is not an array");
    }
    long newCount = 0;
    long updatedCount = 0;
    boolean sms = false;
    List<MessageId> newIds = new ArrayList<>();
    for (JsonNode c : changes) {
      if (!c.isObject()) {
        return new PushEvent.Unreadable(subscriptionId, "message-store event for extension " + extension
            + ": a 'changes' entry is not an object");
      }
      if (!"sms".equals(String.valueOf(text(c, "type")).toLowerCase(Locale.ROOT))) {
        continue;
      }
      sms = true;
      Long n = count(c, "newCount");
      Long u = count(c, "updatedCount");
      if (n == null || u == null) {
        return new PushEvent.Unreadable(subscriptionId, "message-store event for extension " + extension
            + ": SMS change has a " + (n == null ? "newCount" : "updatedCount") + " that is not a count");
      }
      newCount += n;
      updatedCount += u;
      newIds.addAll(messageIds(c.get("newMessageIds")));
    }
    if (!sms) {
      return new PushEvent.Other(subscriptionId, clip(event));
    }
    return new PushEvent.MessageStoreChanged(subscriptionId, extension, saturate(newCount), saturate(updatedCount),
        newIds);
  }

  /**
   * A change's {@code newMessageIds}: RingCentral sends numbers ({@code long[]} in its SDKs); numeric strings are read
   * too. Absent, not an array, or with any entry that is not a message id: none (the event then names fewer records
   * than it counts, and the push service syncs the extension, the safe reading).
   */
  private static List<MessageId> messageIds(JsonNode ids) {
    if (ids == null || !ids.isArray()) {
      return List.of();
    }
    List<MessageId> out = new ArrayList<>();
    for (JsonNode id : ids) {
      String v = id.isIntegralNumber() && id.canConvertToLong() ? String.valueOf(id.asLong())
          : id.isTextual() ? id.asText().strip() : null;
      if (v == null || !v.matches("\\d{1,20}")) {
        return List.of();
      }
      out.add(MessageId.of(v));
    }
    return out;
  }

  /** A change count: absent or null = 0; a non-negative whole number; null when anything else. */
  private static Long count(JsonNode change, String field) {
    JsonNode v = change.get(field);
    if (v == null || v.isNull()) {
      return 0L;
    }
    if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().strip().matches("\\d{1,18}")) {
      return Long.parseLong(v.asText().strip());
    }
    return null;
  }

  private static int saturate(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  private static ExtensionId firstExtension(String... candidates) {
    for (String c : candidates) {
      if (c != null && c.matches("\\d{1,20}")) {
        return ExtensionId.of(c);
      }
    }
    return null;
  }

  private static boolean hasParam(String query, String name, String valueLowerCase) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)
          && pair.substring(eq + 1).toLowerCase(Locale.ROOT).equals(valueLowerCase)) {
        return true;
      }
    }
    return false;
  }

  private static String text(JsonNode n, String field) {
    return MessageRecordMapper.scalar(n, field);
  }

  /** One short line: control characters blanked, at most {@value #CLIP} characters. */
  private static String clip(String s) {
    if (s == null) {
      return null;
    }
    String one = s.replaceAll("\\p{Cntrl}", " ");
    return one.length() > CLIP ? one.substring(0, CLIP) + "…" : one;
  }

  @Override
  public String toString() {
    return "RingCentralWebhookEvents";
  }
}
