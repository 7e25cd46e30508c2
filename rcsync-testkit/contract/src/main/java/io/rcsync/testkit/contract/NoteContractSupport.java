package io.rcsync.testkit.contract;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.RcIds;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Shared setup of {@link NoteSinkContract} and {@link NoteStoreContract}: an org with two users, two Matters and
 * two Intakes. Extend one of those, not this.
 */
public abstract class NoteContractSupport {
  /** The message time field the contracts configure when they need one. */
  public static final String MESSAGE_TIME_FIELD = "Message_Time__c";
  /** The counterparty field the contracts configure when they need one (a Text(20) in the simulated org). */
  public static final String COUNTERPARTY_FIELD = "RcSync_Counterparty__c";

  protected static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  protected static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 67_890);
  protected static final SalesforceId STRANGER = SalesforceIds.idFor(SalesforceIds.USER, 99_999);
  protected static final ExtensionId EXT = ExtensionId.of("376557052");
  protected static final Instant T0 = Instant.parse("2026-03-10T14:30:00Z");

  protected final CaseRecord openMatter =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 70_001)).open().phone("(502) 813-8900").build();
  protected final CaseRecord closedMatter =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 70_002)).closed().phone("502.813.8901").build();
  protected final CaseRecord intake =
      Cases.intake().id(SalesforceIds.idFor(SalesforceIds.INTAKE, 70_003)).open().phone("+15028138902").build();
  protected final CaseRecord convertedIntake =
      Cases.intake().id(SalesforceIds.idFor(SalesforceIds.INTAKE, 70_004)).converted().phone("5028138903").build();
  protected final SalesforceId unknownMatter = SalesforceIds.idFor(SalesforceIds.MATTER, 79_999);

  private final RcIds messageIds = RcIds.startingAt(8_100_000_001L);
  /** Key prefix of the SMS-Magic history records the contracts import (any custom object's prefix would do). */
  protected static final String SMS_HISTORY_PREFIX = "a1S";
  private long smsMagicRecords = 60_001;

  /**
   * A fresh, empty backend whose Notes may look up the given Matters/Intakes and be owned by the given users
   * (any other lookup or owner must fail that record).
   */
  protected abstract NoteBackend freshBackend(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users);

  protected NoteBackend backend(LitifySchema schema) {
    return freshBackend(schema, cases(), users());
  }

  protected List<CaseRecord> cases() {
    return List.of(openMatter, closedMatter, intake, convertedIntake);
  }

  protected Set<SalesforceId> users() {
    return Set.of(ALYSSIA, KYLE);
  }

  protected static LitifySchema withMessageTime() {
    return LitifySchema.defaults().withMessageTimeField(MESSAGE_TIME_FIELD);
  }

  /** The message time field and the counterparty field, as a transcript-ready org has them. */
  protected static LitifySchema withMessageTimeAndCounterparty() {
    return withMessageTime().withCounterpartyField(COUNTERPARTY_FIELD);
  }

  protected MessageId nextMessageId() {
    return messageIds.nextMessageId();
  }

  /** The id of the next SMS-Magic history record (issue 15): its Note is keyed {@code smsmagic_{18-char Id}}. */
  protected MessageId nextSmsMagicId() {
    return MessageId.smsMagic(SalesforceIds.idFor(SMS_HISTORY_PREFIX, smsMagicRecords++));
  }

  /** A Note of an imported SMS-Magic history record (issue 15), inbound, on {@code target}. */
  protected NoteDraft smsMagicDraft(SalesforceId owner, CaseRecord target, Instant at, String body) {
    return draft(nextSmsMagicId(), owner, target.kind(), target.id(), at, body, Direction.INBOUND);
  }

  protected NoteDraft draft(SalesforceId owner, CaseRecord target, Instant at, String body) {
    return draft(nextMessageId(), owner, target.kind(), target.id(), at, body, Direction.INBOUND);
  }

  protected NoteDraft draft(MessageId id, SalesforceId owner, CaseKind kind, SalesforceId caseId, Instant at, String body,
      Direction direction) {
    return new NoteDraft(id, EXT, owner, TopicMap.defaults().topicFor(direction), body, kind, caseId, at, direction,
        PhoneNumber.of("5028138900"));
  }

  protected static String text(NoteRecord r, String field) {
    Object v = r.fields().get(field);
    return v == null ? null : v.toString();
  }
}
