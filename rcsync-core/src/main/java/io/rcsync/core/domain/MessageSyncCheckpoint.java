package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an extension's Message Sync stands: the opaque token of the last sync whose every record was written (or
 * deliberately skipped), and RingCentral's {@code syncTime} of that sync. Saved per extension in the state store; the
 * next incremental run sends the token, and a rejected token falls back to a full sync from {@code syncTime}.
 *
 * @param syncToken RingCentral's {@code syncInfo.syncToken}: opaque, never shown in output
 * @param syncTime RingCentral's {@code syncInfo.syncTime} (the server's time of that sync, UTC)
 */
public record MessageSyncCheckpoint(String syncToken, Instant syncTime) {
  public MessageSyncCheckpoint {
    Objects.requireNonNull(syncToken, "syncToken");
    Objects.requireNonNull(syncTime, "syncTime");
  }

  @Override
  public String toString() {
    return "MessageSyncCheckpoint[syncToken=<opaque>, syncTime=" + syncTime + "]";
  }
}
