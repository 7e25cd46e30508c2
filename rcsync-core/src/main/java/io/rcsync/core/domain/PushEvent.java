package io.rcsync.core.domain;

import java.util.LinkedHashSet;
import java.util.List;
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
   * extension, unless every record it announces is a new inbound text already delivered by its instant event.
   *
   * <p>RingCentral sends one for every new inbound SMS as well as its instant event, in either order; its
   * {@code changes[].newMessageIds} names the new records ("Identifiers of the new messages, applicable for all
   * message types", https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1MessageChanges.html), which
   * lets the push service tell the two apart without a sync.
   *
   * @param newCount RingCentral's {@code changes[].newCount} summed over SMS changes (0 when absent)
   * @param updatedCount RingCentral's {@code changes[].updatedCount} summed over SMS changes (0 when absent)
   * @param newMessageIds the ids RingCentral's {@code changes[].newMessageIds} names over SMS changes, in order,
   *     without repeats; empty when the payload names none (older payloads). The new records are known only when it
   *     names at least {@code newCount} of them: see {@link #newRecordsNamed()}
   */
  record MessageStoreChanged(String subscriptionId, ExtensionId extension, int newCount, int updatedCount,
      List<MessageId> newMessageIds) implements PushEvent {
    public MessageStoreChanged {
      Objects.requireNonNull(extension, "extension");
      newMessageIds = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(newMessageIds, "newMessageIds")));
    }

    /** An event whose new records are not named (an older payload): the ids are unknown. */
    public MessageStoreChanged(String subscriptionId, ExtensionId extension, int newCount, int updatedCount) {
      this(subscriptionId, extension, newCount, updatedCount, List.of());
    }

    /**
     * Whether {@link #newMessageIds()} names every new record: at least one new record, and at least
     * {@code newCount} ids. False for an event that names none, or fewer than it counts.
     */
    public boolean newRecordsNamed() {
      return newCount > 0 && newMessageIds.size() >= newCount;
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
