package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One RingCentral Message Sync request for an extension's SMS (issue 11 item 1): a full sync from an explicit
 * {@code dateFrom}, or an incremental sync of what changed since a sync token.
 *
 * <p>Source: RingCentral "Message Synchronization" guide,
 * https://developers.ringcentral.com/guide/messaging/message-store/message-sync ({@code syncType=FSync|ISync},
 * {@code syncToken}, {@code dateFrom}).
 */
public sealed interface MessageSyncRequest {

  /**
   * A full sync ({@code syncType=FSync}) of every SMS created at or after {@code dateFrom}; the store answers with
   * the records and a fresh sync token.
   */
  record Full(Instant dateFrom) implements MessageSyncRequest {
    public Full {
      Objects.requireNonNull(dateFrom, "dateFrom");
    }
  }

  /**
   * An incremental sync ({@code syncType=ISync}): every record created, changed (status, read state, availability)
   * or deleted since the sync that returned {@code syncToken}. The token is opaque.
   */
  record Incremental(String syncToken) implements MessageSyncRequest {
    public Incremental {
      Objects.requireNonNull(syncToken, "syncToken");
      if (syncToken.isBlank()) {
        throw new IllegalArgumentException("syncToken is blank");
      }
    }

    @Override
    public String toString() {
      return "Incremental[syncToken=<opaque>]";
    }
  }
}
