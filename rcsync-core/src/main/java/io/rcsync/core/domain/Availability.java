package io.rcsync.core.domain;

/**
 * Whether RingCentral still holds a message (its {@code availability}: {@code Alive}, {@code Deleted} — in the
 * deleted folder, text still readable — or {@code Purged} — gone, only the record remains; Message Store "Get
 * Message List", https://developers.ringcentral.com/api-reference/Message-Store/listMessages).
 *
 * <p>Core's rule (issue 10 item 1): a {@link #DELETED} text is handled exactly like an {@link #ALIVE} one (it gets
 * its Note and keeps it; a Note is never deleted because its text was deleted later); a {@link #PURGED} record is
 * counted as purged and nothing else happens.
 */
public enum Availability {
  ALIVE,
  DELETED,
  PURGED
}
