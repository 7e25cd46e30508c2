package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An existing Note as rcsync sees it before writing: its id and the current values of the fields rcsync can write,
 * so {@link NoteFieldOwnership} can tell what (if anything) to update. Found by external id
 * ({@code NoteSink#findExisting}).
 *
 * @param body the stored body as the org holds it (HTML for a Rich Text Area); null reads as empty
 * @param messageTime the stored message time; empty when the field is empty or none is configured
 * @param messageTimeKept true when the backend has a message time field configured (so an empty one can be filled)
 * @param counterparty the stored counterparty number, normalized; empty when the field is empty, holds no number, or
 *     none is configured
 * @param counterpartyKept true when the backend has a counterparty field configured (so an empty one can be filled)
 */
public record StoredNote(
    SalesforceId id,
    String externalId,
    Optional<SalesforceId> owner,
    String topic,
    String body,
    Optional<SalesforceId> matter,
    Optional<SalesforceId> intake,
    Optional<Instant> messageTime,
    boolean messageTimeKept,
    Optional<PhoneNumber> counterparty,
    boolean counterpartyKept) {
  public StoredNote {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(externalId, "externalId");
    owner = owner == null ? Optional.empty() : owner;
    topic = topic == null ? "" : topic;
    body = body == null ? "" : body;
    matter = matter == null ? Optional.empty() : matter;
    intake = intake == null ? Optional.empty() : intake;
    messageTime = messageTime == null ? Optional.empty() : messageTime;
    counterparty = counterparty == null ? Optional.empty() : counterparty;
  }

  /** A Note from a backend that keeps no counterparty field. */
  public StoredNote(SalesforceId id, String externalId, Optional<SalesforceId> owner, String topic, String body,
      Optional<SalesforceId> matter, Optional<SalesforceId> intake, Optional<Instant> messageTime,
      boolean messageTimeKept) {
    this(id, externalId, owner, topic, body, matter, intake, messageTime, messageTimeKept, Optional.empty(), false);
  }
}
