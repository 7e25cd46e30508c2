package io.rcsync.core.domain;

import java.util.Objects;

/**
 * One event pushed to the webhook (issue 11 item 4), decoded from the vendor's JSON by the source adapter.
 *
 * <p>RingCentral sends two kinds rcsync subscribes to (https://developers.ringcentral.com/guide/notifications/event-filters):
 * the instant SMS event ({@code /restapi/v1.0/account/~/extension/{id}/message-store/instant?type=SMS}), which
 * carries an inbound text whole, and the message-store event ({@code .../extension/{id}/message-store}), which only
 * says that an extension's store changed.
 */
public sealed interface PushEvent {

  /** The subscription that delivered the event, as the event names it; empty when it names none. */
  String subscriptionId();

  /** An inbound text, whole: written through the ingest use case. */
  record InstantMessage(String subscriptionId, SmsMessage message) implements PushEvent {
    public InstantMessage {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * An extension's message store changed (new, updated or deleted records): answered by a Message Sync of that
   * extension.
   *
   * @param newCount RingCentral's {@code changes[].newCount} summed over SMS changes (0 when absent)
   * @param updatedCount RingCentral's {@code changes[].updatedCount} summed over SMS changes (0 when absent)
   */
  record MessageStoreChanged(String subscriptionId, ExtensionId extension, int newCount, int updatedCount)
      implements PushEvent {
    public MessageStoreChanged {
      Objects.requireNonNull(extension, "extension");
    }
  }

  /**
   * An event rcsync does not act on (a subscription notice, another event filter): acknowledged and counted.
   *
   * @param event the event's {@code event} filter as sent
   */
  record Other(String subscriptionId, String event) implements PushEvent {}

  /**
   * A body that could not be read as an event: acknowledged, logged with the reason and counted; the scheduled
   * Message Sync catches whatever it carried.
   *
   * @param reason one line naming what was wrong (never the body itself)
   */
  record Unreadable(String subscriptionId, String reason) implements PushEvent {}
}
