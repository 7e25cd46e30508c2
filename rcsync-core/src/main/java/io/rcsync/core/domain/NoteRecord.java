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
   * The delete/restore guard: only Notes this tool wrote may be deleted or restored, i.e. those whose external id is
   * a key of either {@link TextSource} ({@code rc_msg_…} or, issue 15, {@code smsmagic_…}; case-sensitive, something
   * after the prefix). Nothing else: {@code RC_MSG_1}, {@code SMSMAGIC_1}, {@code xsmsmagic_1} and a bare
   * {@code smsmagic_} are refused. Which source a run may touch is the stores' {@code Query.sources}.
   */
  public boolean writtenByRcsync() {
    return TextSource.ofExternalId(externalId).isPresent();
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
