package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Note to upsert for one message. Exactly one of Matter/Intake is set, chosen by {@code kind}.
 *
 * @param owner the roster's Salesforce user for the message's extension (the Note's OwnerId)
 */
public record NoteDraft(
    MessageId messageId,
    ExtensionId extension,
    SalesforceId owner,
    String topic,
    String body,
    CaseKind kind,
    SalesforceId caseId,
    Instant messageTime,
    Direction direction,
    PhoneNumber counterparty) {
  public NoteDraft {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(messageTime, "messageTime");
    body = body == null ? "" : body;
  }

  /** The same draft with another body (e.g. rendered for a Rich Text Area by {@link NoteBodyFormat}). */
  public NoteDraft withBody(String newBody) {
    return new NoteDraft(messageId, extension, owner, topic, newBody, kind, caseId, messageTime, direction, counterparty);
  }

  public String externalId() {
    return messageId.externalId();
  }

  public Optional<SalesforceId> matter() {
    return kind == CaseKind.MATTER ? Optional.of(caseId) : Optional.empty();
  }

  public Optional<SalesforceId> intake() {
    return kind == CaseKind.INTAKE ? Optional.of(caseId) : Optional.empty();
  }
}
