package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Note to upsert for one message. Exactly one of Matter/Intake is set, chosen by {@code kind}.
 *
 * @param owner the roster's Salesforce user for the message's extension (the Note's OwnerId)
 * @param furtherOfGroup false for the Note on the text's best match (external id {@code rc_msg_{id}}); true for a
 *     group text's Note on a further matched record (external id {@code rc_msg_{id}_{caseId}})
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
    PhoneNumber counterparty,
    boolean furtherOfGroup) {
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

  /** The Note of the text's best match: {@code furtherOfGroup} false. */
  public NoteDraft(MessageId messageId, ExtensionId extension, SalesforceId owner, String topic, String body,
      CaseKind kind, SalesforceId caseId, Instant messageTime, Direction direction, PhoneNumber counterparty) {
    this(messageId, extension, owner, topic, body, kind, caseId, messageTime, direction, counterparty, false);
  }

  /** The same draft with another body (e.g. rendered for a Rich Text Area by {@link NoteBodyFormat}). */
  public NoteDraft withBody(String newBody) {
    return new NoteDraft(messageId, extension, owner, topic, newBody, kind, caseId, messageTime, direction, counterparty,
        furtherOfGroup);
  }

  /** {@code rc_msg_{id}}, or {@code rc_msg_{id}_{caseId}} for a group text's further Note. */
  public String externalId() {
    return furtherOfGroup ? messageId.externalId(caseId) : messageId.externalId();
  }

  public Optional<SalesforceId> matter() {
    return kind == CaseKind.MATTER ? Optional.of(caseId) : Optional.empty();
  }

  public Optional<SalesforceId> intake() {
    return kind == CaseKind.INTAKE ? Optional.of(caseId) : Optional.empty();
  }
}
