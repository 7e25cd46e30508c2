package io.rcsync.core.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Note as stored in Salesforce, with every field needed to put it back after a rollback.
 *
 * @param fields writable field values by API name (strings, numbers, booleans or null), including the
 *     external id, OwnerId and lookups; read-only system fields are not included
 */
public record NoteRecord(
    SalesforceId id,
    String externalId,
    Optional<SalesforceId> owner,
    Instant createdDate,
    Optional<Instant> messageTime,
    Map<String, Object> fields) {
  public NoteRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(createdDate, "createdDate");
    owner = owner == null ? Optional.empty() : owner;
    messageTime = messageTime == null ? Optional.empty() : messageTime;
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * The rollback guard: only Notes this tool wrote ({@code rc_msg_} external ids, {@link TextSource#RINGCENTRAL})
   * may be deleted. Issue 15 widens it to {@link TextSource#ofExternalId} together with the stores' source filter.
   */
  public boolean writtenByRcsync() {
    return TextSource.RINGCENTRAL.owns(externalId);
  }

  /** The source whose prefix the external id carries; empty for a Note rcsync did not write. */
  public Optional<TextSource> source() {
    return TextSource.ofExternalId(externalId);
  }

  /**
   * The counterparty number stored in the schema's {@link LitifySchema#counterpartyField()} (in {@link #fields()}),
   * normalized ({@code (502) 813-8900} and {@code 5028138900} alike); empty when no field is configured, the field is
   * empty (a Note written before it was configured) or its value is not a US number.
   */
  public Optional<PhoneNumber> counterparty(LitifySchema schema) {
    return schema.counterpartyField().flatMap(f -> fields.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(f) && e.getValue() != null).findFirst())
        .flatMap(e -> PhoneNormalizer.normalize(String.valueOf(e.getValue())).asNumber());
  }

  /** The message time when known, else the record's creation time: what date filters compare. */
  public Instant effectiveTime() {
    return messageTime.orElse(createdDate);
  }
}
