package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.PushEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real-shaped webhook bodies (https://developers.ringcentral.com/guide/notifications/event-filters/instant-message,
 * .../event-filters/message) and bodies that are not events.
 */
class RingCentralWebhookEventsTest {
  private final RingCentralWebhookEvents decoder = new RingCentralWebhookEvents();

  static final String INSTANT = """
      {
        "uuid": "2d4a2f0c-7d8e-4a38-a0a0-0b1f3c0c1a11",
        "event": "/restapi/v1.0/account/400100100/extension/376557052/message-store/instant?type=SMS",
        "timestamp": "2026-04-20T12:00:01.123Z",
        "subscriptionId": "sub-1",
        "ownerId": "376557052",
        "body": {
          "id": "1724099032020",
          "to": [{"phoneNumber": "+15550001111", "name": "Alyssia", "location": "Louisville, KY"}],
          "from": {"phoneNumber": "+15028138900", "location": "Louisville, KY"},
          "type": "SMS",
          "creationTime": "2026-04-20T12:00:00.000Z",
          "lastModifiedTime": "2026-04-20T12:00:00.000Z",
          "readStatus": "Unread",
          "priority": "Normal",
          "attachments": [{"id": "1724099032020", "type": "Text", "contentType": "text/plain"}],
          "direction": "Inbound",
          "availability": "Alive",
          "subject": "Is my appointment still on?",
          "messageStatus": "Received",
          "conversationId": "7012345678901234567",
          "ownerId": "376557052"
        }
      }""";

  static final String STORE = """
      {
        "uuid": "7f1c0e6a-1111-4a38-a0a0-0b1f3c0c1a22",
        "event": "/restapi/v1.0/account/400100100/extension/376557052/message-store",
        "timestamp": "2026-04-20T12:00:02.000Z",
        "subscriptionId": "sub-1",
        "ownerId": "376557052",
        "body": {
          "accountId": 400100100,
          "extensionId": 376557052,
          "lastUpdated": "2026-04-20T12:00:01.900Z",
          "changes": [
            {"type": "SMS", "newCount": 2, "updatedCount": 1, "newMessageIds": [1724099032020, 1724099032021]},
            {"type": "VoiceMail", "newCount": 5},
            {"type": "SMS", "updatedCount": 3}
          ]
        }
      }""";

  private PushEvent decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode tree(String json) {
    try {
      return (ObjectNode) RcJson.JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anInstantSmsEventBecomesTheWholeInboundMessage() {
    PushEvent e = decode(INSTANT);

    assertThat(e).isInstanceOf(PushEvent.InstantMessage.class);
    PushEvent.InstantMessage m = (PushEvent.InstantMessage) e;
    assertThat(m.subscriptionId()).isEqualTo("sub-1");
    assertThat(m.message().id().value()).isEqualTo("1724099032020");
    assertThat(m.message().extension()).isEqualTo(ExtensionId.of("376557052"));
    assertThat(m.message().direction()).isEqualTo(Direction.INBOUND);
    assertThat(m.message().from()).isEqualTo("+15028138900");
    assertThat(m.message().to()).containsExactly("+15550001111");
    assertThat(m.message().text()).isEqualTo("Is my appointment still on?");
    assertThat(m.message().creationTime()).isEqualTo(Instant.parse("2026-04-20T12:00:00Z"));
    assertThat(m.message().messageStatus()).isEqualTo("Received");
    assertThat(m.message().conversationId()).isEqualTo("7012345678901234567");
  }

  @Test
  void anInstantEventWithATildeExtensionTakesTheExtensionFromOwnerId() {
    ObjectNode n = tree(INSTANT);
    n.put("event", "/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS");
    n.put("ownerId", "115");

    PushEvent e = decode(n.toString());

    assertThat(((PushEvent.InstantMessage) e).message().extension()).isEqualTo(ExtensionId.of("115"));
  }

  @Test
  void aMessageStoreEventSumsTheSmsChangesOnly() {
    PushEvent e = decode(STORE);

    assertThat(e).isEqualTo(new PushEvent.MessageStoreChanged("sub-1", ExtensionId.of("376557052"), 2, 4,
        List.of(MessageId.of("1724099032020"), MessageId.of("1724099032021"))));
    assertThat(((PushEvent.MessageStoreChanged) e).newRecordsNamed()).isTrue();
  }

  @Test
  void newMessageIdsAreReadFromSmsChangesOnlyAsNumbersOrNumericStrings() {
    ObjectNode n = tree(STORE);
    var changes = ((ObjectNode) n.get("body")).putArray("changes");
    var sms = changes.addObject().put("type", "SMS").put("newCount", 2);
    sms.putArray("newMessageIds").add(1724099032020L).add("1724099032021");
    changes.addObject().put("type", "Fax").put("newCount", 1).putArray("newMessageIds").add(99L);

    PushEvent.MessageStoreChanged e = (PushEvent.MessageStoreChanged) decode(n.toString());

    assertThat(e.newMessageIds()).containsExactly(MessageId.of("1724099032020"), MessageId.of("1724099032021"));
    assertThat(e.newRecordsNamed()).isTrue();
  }

  @Test
  void aStoreEventWithoutNewMessageIdsNamesNoRecordSoItsNewRecordsAreUnknown() {
    ObjectNode n = tree(STORE);
    ((ObjectNode) n.get("body")).putArray("changes").addObject().put("type", "SMS").put("newCount", 1);

    PushEvent.MessageStoreChanged e = (PushEvent.MessageStoreChanged) decode(n.toString());

    assertThat(e.newCount()).isEqualTo(1);
    assertThat(e.newMessageIds()).isEmpty();
    assertThat(e.newRecordsNamed()).isFalse();
  }

  @Test
  void anIdListWithAnythingButIdsIsIgnoredSoTheStoreChangeIsSyncedRatherThanTrusted() {
    ObjectNode n = tree(STORE);
    var sms = ((ObjectNode) n.get("body")).putArray("changes").addObject().put("type", "SMS").put("newCount", 2);
    sms.putArray("newMessageIds").add(1724099032020L).add("not an id");
    ObjectNode m = tree(STORE);
    ((ObjectNode) m.get("body")).putArray("changes").addObject().put("type", "SMS").put("newCount", 1)
        .put("newMessageIds", "1724099032020");

    PushEvent.MessageStoreChanged bad = (PushEvent.MessageStoreChanged) decode(n.toString());
    PushEvent.MessageStoreChanged notArray = (PushEvent.MessageStoreChanged) decode(m.toString());

    assertThat(bad.newMessageIds()).isEmpty();
    assertThat(bad.newRecordsNamed()).isFalse();
    assertThat(notArray.newRecordsNamed()).isFalse();
  }

  @Test
  void anUpdateOnlyStoreEventNamesNoNewRecord() {
    ObjectNode n = tree(STORE);
    ((ObjectNode) n.get("body")).putArray("changes").addObject().put("type", "SMS").put("updatedCount", 1);

    PushEvent.MessageStoreChanged e = (PushEvent.MessageStoreChanged) decode(n.toString());

    assertThat(e.updatedCount()).isEqualTo(1);
    assertThat(e.newRecordsNamed()).isFalse();
  }

  @Test
  void aMessageStoreEventWithoutChangesStillAsksForASync() {
    ObjectNode n = tree(STORE);
    ((ObjectNode) n.get("body")).remove("changes");

    assertThat(decode(n.toString()))
        .isEqualTo(new PushEvent.MessageStoreChanged("sub-1", ExtensionId.of("376557052"), 0, 0));
  }

  @Test
  void aMessageStoreEventOfOtherMessageTypesOnlyIsOther() {
    ObjectNode n = tree(STORE);
    ((ObjectNode) n.get("body")).putArray("changes").addObject().put("type", "Fax").put("newCount", 1);

    assertThat(decode(n.toString())).isEqualTo(new PushEvent.Other("sub-1",
        "/restapi/v1.0/account/400100100/extension/376557052/message-store"));
  }

  @Test
  void anUnknownEventIsOther() {
    String json = """
        {"uuid": "u", "event": "/restapi/v1.0/subscription/~?threshold=120&interval=30", "timestamp":
         "2026-04-20T12:00:00.000Z", "subscriptionId": "sub-9", "ownerId": "376557052",
         "body": {"id": "sub-9", "expiresIn": 120}}""";

    assertThat(decode(json)).isEqualTo(new PushEvent.Other("sub-9",
        "/restapi/v1.0/subscription/~?threshold=120&interval=30"));
  }

  @Test
  void garbageIsUnreadableWithoutQuotingTheBody() {
    PushEvent e = decoder.decode("not json {{{ secret-ish text".getBytes(StandardCharsets.UTF_8));

    assertThat(e).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(((PushEvent.Unreadable) e).reason()).contains("not JSON").doesNotContain("secret-ish");
  }

  @Test
  void emptyNullAndNonObjectBodiesAreUnreadable() {
    assertThat(decoder.decode(new byte[0])).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(decoder.decode(null)).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(decode("[1, 2, 3]")).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(decode("\"just a string\"")).isInstanceOf(PushEvent.Unreadable.class);
  }

  @Test
  void anEventWithoutItsEventFieldIsUnreadable() {
    ObjectNode n = tree(INSTANT);
    n.remove("event");

    PushEvent e = decode(n.toString());

    assertThat(e).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(e.subscriptionId()).isEqualTo("sub-1");
    assertThat(((PushEvent.Unreadable) e).reason()).contains("'event'");
  }

  @Test
  void anInstantEventWhoseMessageIsMalformedIsUnreadableNamingTheMessage() {
    ObjectNode n = tree(INSTANT);
    ((ObjectNode) n.get("body")).remove("creationTime");

    PushEvent e = decode(n.toString());

    assertThat(e).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(((PushEvent.Unreadable) e).reason()).contains("1724099032020").contains("creationTime")
        .doesNotContain("appointment");
  }

  @Test
  void anInstantEventWithoutABodyIsUnreadable() {
    ObjectNode n = tree(INSTANT);
    n.put("body", "oops");

    assertThat(decode(n.toString())).isInstanceOf(PushEvent.Unreadable.class);
  }

  @Test
  void aNegativeOrTextualNonNumericCountIsUnreadable() {
    ObjectNode n = tree(STORE);
    ((ObjectNode) n.get("body")).putArray("changes").addObject().put("type", "SMS").put("newCount", -1);
    ObjectNode m = tree(STORE);
    ((ObjectNode) m.get("body")).putArray("changes").addObject().put("type", "SMS").put("newCount", "many");

    assertThat(decode(n.toString())).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(decode(m.toString())).isInstanceOf(PushEvent.Unreadable.class);
  }

  @Test
  void hugeCountsSaturateInsteadOfOverflowing() {
    ObjectNode n = tree(STORE);
    var changes = ((ObjectNode) n.get("body")).putArray("changes");
    changes.addObject().put("type", "SMS").put("newCount", Integer.MAX_VALUE);
    changes.addObject().put("type", "SMS").put("newCount", Integer.MAX_VALUE);

    assertThat(((PushEvent.MessageStoreChanged) decode(n.toString())).newCount()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aHugeEventFieldIsClippedInTheReasonAndControlCharactersAreBlanked() {
    ObjectNode n = tree(STORE);
    n.put("event", "/restapi/v1.0/weird\n" + "x".repeat(100_000));

    PushEvent e = decode(n.toString());

    assertThat(e).isInstanceOf(PushEvent.Other.class);
    assertThat(((PushEvent.Other) e).event()).hasSizeLessThan(100).doesNotContain("\n");
  }

  @Test
  void aNonNumericExtensionEverywhereIsUnreadable() {
    ObjectNode n = tree(STORE);
    n.put("event", "/restapi/v1.0/account/~/extension/~/message-store");
    n.remove("ownerId");
    ((ObjectNode) n.get("body")).remove("extensionId");

    PushEvent e = decode(n.toString());

    assertThat(e).isInstanceOf(PushEvent.Unreadable.class);
    assertThat(((PushEvent.Unreadable) e).reason()).contains("extension");
  }
}
