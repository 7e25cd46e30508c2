package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message record of the retired SMS-Magic package, read from the org or from a Data Loader export (issue 15), with
 * the values rcsync needs already picked from the configured fields ({@link SmsMagicFieldMap}). Objects and fields:
 * SMS-Magic's data model, SMS History {@code smagicinteract__smsMagic__c} and Incoming SMS
 * {@code smagicinteract__Incoming_SMS__c}
 * (https://sms-magic.com/docs/technical-resources/sms-magic-interact-guide-for-salesforce-admin/sms-magic-object-data-model-1-48.html).
 *
 * @param id the record's Salesforce Id (15 or 18 characters; the Note key is {@code smsmagic_{18-character Id}})
 * @param name the record's Name, e.g. {@code SM-000000123} or {@code I-00000042}; "" when not read
 * @param object the API name of the object the record belongs to, e.g. {@code smagicinteract__smsMagic__c}
 * @param direction inbound (the client wrote) or outbound (the firm wrote)
 * @param counterparty the client's number as stored (not normalised), "" when empty
 * @param firmNumber the firm's number or sender id as stored ({@code SenderId__c} / {@code Inbound_Number__c}), ""
 *     when empty; may be an alphanumeric sender name, never used for matching
 * @param body the text as stored, "" when empty
 * @param messageTime when the text was sent or received: the first non-empty of the object's configured time fields
 * @param sender the sending Salesforce user, when the record names one (e.g. {@code Sent_By__c})
 * @param matter the record's own lookup to a Litify Matter, when the org has one and it is set
 * @param intake the record's own lookup to a Litify Intake, when the org has one and it is set
 * @param status the delivery status as stored: the first configured status field holding a failed status, else the
 *     first non-empty ({@link SmsMagicRow}); "" when none
 * @param mms true when the record is an MMS ({@code Message_Type__c} / {@code MMS_Type__c} = MMS)
 * @param mediaUrl an MMS's media link as stored (Incoming SMS {@code MMS_Url__c}), when the object has one and it is
 *     set: SMS-Magic keeps no file, only this link
 */
public record SmsMagicRecord(
    SalesforceId id,
    String name,
    String object,
    Direction direction,
    String counterparty,
    String firmNumber,
    String body,
    Instant messageTime,
    Optional<SalesforceId> sender,
    Optional<SalesforceId> matter,
    Optional<SalesforceId> intake,
    String status,
    boolean mms,
    Optional<String> mediaUrl) {
  public SmsMagicRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(messageTime, "messageTime");
    name = name == null ? "" : name;
    counterparty = counterparty == null ? "" : counterparty;
    firmNumber = firmNumber == null ? "" : firmNumber;
    body = body == null ? "" : body;
    sender = sender == null ? Optional.empty() : sender;
    matter = matter == null ? Optional.empty() : matter;
    intake = intake == null ? Optional.empty() : intake;
    status = status == null ? "" : status;
    mediaUrl = mediaUrl == null ? Optional.empty() : mediaUrl.map(String::strip).filter(u -> !u.isEmpty());
  }

  /** A record without a media link. */
  public SmsMagicRecord(SalesforceId id, String name, String object, Direction direction, String counterparty,
      String firmNumber, String body, Instant messageTime, Optional<SalesforceId> sender, Optional<SalesforceId> matter,
      Optional<SalesforceId> intake, String status, boolean mms) {
    this(id, name, object, direction, counterparty, firmNumber, body, messageTime, sender, matter, intake, status, mms,
        Optional.empty());
  }

  /** The text's id: {@code smsmagic_{18-character Id}} is its Note's external id. */
  public MessageId messageId() {
    return MessageId.smsMagic(id);
  }
}
