package io.rcsync.salesforce;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Seeds SMS-Magic records into a simulated org as SMS History / Incoming SMS rows with SMS-Magic's field names. */
final class SmsMagicRows {
  static final String NS = "smagicinteract__";

  private SmsMagicRows() {}

  /** Users, Matters and Intakes the records' lookups name, so the org's lookup checks pass. */
  static void seedReferences(SalesforceSimulator sim, List<SmsMagicRecord> records, LitifySchema schema) {
    Set<SalesforceId> users = new LinkedHashSet<>();
    Set<SalesforceId> matters = new LinkedHashSet<>();
    Set<SalesforceId> intakes = new LinkedHashSet<>();
    for (SmsMagicRecord r : records) {
      r.sender().ifPresent(users::add);
      r.matter().ifPresent(matters::add);
      r.intake().ifPresent(intakes::add);
    }
    users.forEach(sim::addUser);
    List<CaseRecord> cases = new ArrayList<>();
    matters.forEach(id -> cases.add(Cases.matter().id(id).phone("(859) 555-0100").build()));
    intakes.forEach(id -> cases.add(Cases.intake().id(id).phone("(859) 555-0101").build()));
    sim.seedCases(cases, schema);
  }

  /**
   * One record as its row: SMS History gets {@code CreatedDate} and {@code Sent_On__c} = the message time, the status
   * in {@code Status__c}; Incoming SMS gets {@code CreatedDate} = the message time.
   */
  static String insert(SalesforceSimulator sim, SmsMagicRecord r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Id", r.id().value());
    v.put("Name", r.name());
    v.put("CreatedDate", r.messageTime());
    v.put(NS + "external_field__c", "ext-" + r.id().value());
    r.matter().ifPresent(m -> v.put("Matter__c", m.value()));
    r.intake().ifPresent(m -> v.put("Intake__c", m.value()));
    if (r.object().equals(OrgSchema.SMS_HISTORY)) {
      v.put(NS + "SMSText__c", r.body());
      v.put(NS + "PhoneNumber__c", r.counterparty());
      v.put(NS + "SenderId__c", r.firmNumber());
      if (sim.schema().requireObject(OrgSchema.SMS_HISTORY).hasField(NS + "Direction__c")) {
        v.put(NS + "Direction__c", r.direction() == Direction.INBOUND ? "IN" : "OUT");
        v.put(NS + "Sent_On__c", r.messageTime());
      } else {
        v.put(NS + "CreatedOn__c", r.messageTime());
      }
      r.sender().ifPresent(s -> v.put(NS + "Sent_By__c", s.value()));
      if (!r.status().isEmpty()) {
        v.put(NS + "Status__c", r.status());
      }
      v.put(NS + "Message_Type__c", r.mms() ? "MMS" : "SMS");
    } else {
      v.put(NS + "SMS_Text__c", r.body());
      v.put(NS + "Mobile_Number__c", r.counterparty());
      v.put(NS + "Inbound_Number__c", r.firmNumber());
      v.put(NS + "MMS_Type__c", r.mms() ? "MMS" : "SMS");
      r.mediaUrl().ifPresent(u -> v.put(NS + "MMS_Url__c", u));
    }
    return sim.insert(r.object(), v);
  }

  /** An SMS History row with nothing in Sent_On__c or CreatedOn__c. */
  static String insertWithoutTime(SalesforceSimulator sim, SalesforceId id, Instant created) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Id", id.value());
    v.put("CreatedDate", created);
    v.put(NS + "external_field__c", "ext-" + id.value());
    v.put(NS + "SMSText__c", "no time");
    v.put(NS + "PhoneNumber__c", "5025550100");
    return sim.insert(OrgSchema.SMS_HISTORY, v);
  }

  static SalesforceId historyId(long n) {
    return SalesforceIds.idFor(io.rcsync.testkit.contract.HistorySourceContract.HISTORY_PREFIX, n);
  }
}
