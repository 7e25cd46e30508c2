package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Note to upsert for one message. Exactly one of Matter/Intake is set, chosen by {@code kind}. Keyed by its
 * {@link MessageId}: {@code rc_msg_{id}} for a RingCentral text, {@code smsmagic_{record Id}} for an imported SMS-Magic
 * record (issue 15), which is never a group text.
 *
 * @param owner the roster's Salesforce user for the message's extension (the Note's OwnerId)
 * @param furtherOfGroup false for the Note keyed {@code rc_msg_{id}} (a text's only Note; for a group text, the one
 *     on the record its existing {@code rc_msg_{id}} Note points to, else on its best match); true for a group text's
 *     other Notes (external id {@code rc_msg_{id}_{caseId}}). The pipeline drafts by rank; {@code NoteWriter} re-keys.
 *     Always false for an SMS-Magic record (true is refused with {@link IllegalArgumentException}).
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
    if (furtherOfGroup && !messageId.mayBeGroupText()) {
      throw new IllegalArgumentException("the Note of " + messageId.externalId()
          + " cannot be a group text's further Note: an SMS-Magic record has one Note");
    }
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

  /**
   * The same draft keyed {@code rc_msg_{id}_{caseId}} ({@code further} true) or {@code rc_msg_{id}} (false): a group
   * text's keys are decided by the Notes that already exist, not by rank.
   */
  public NoteDraft keyedAsFurther(boolean further) {
    return further == furtherOfGroup ? this : new NoteDraft(messageId, extension, owner, topic, body, kind, caseId,
        messageTime, direction, counterparty, further);
  }

  /**
   * {@code rc_msg_{id}}, or {@code rc_msg_{id}_{caseId}} for a group text's further Note; {@code smsmagic_{record Id}}
   * for an SMS-Magic record.
   */
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
