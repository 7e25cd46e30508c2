package io.rcsync.testkit.sim.salesforce;

import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small Litify org seeded with Matters, Intakes, Notes and an Invoice__c object (double/date/boolean/long text
 * fields). "Today" is Sunday 2026-03-15, 12:00 UTC.
 */
final class LitifyOrgFixture {
  static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
  static final LitifySchema NAMES = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  static final String MATTER = NAMES.matterObject();
  static final String INTAKE = NAMES.intakeObject();
  static final String NOTE = NAMES.noteObject();
  static final String INVOICE = "Invoice__c";

  final SalesforceSimulator sim;
  final Map<String, String> ids = new HashMap<>();
  SalesforceId alyssia;
  SalesforceId bob;

  LitifyOrgFixture(int batchSize) {
    SObjectType invoice = SObjectType.builder(INVOICE, "a0I")
        .label("Invoice")
        .field(SObjectField.string("Name", 80))
        .field(SObjectField.number("Amount__c").label("Amount"))
        .field(SObjectField.date("Due_Date__c").label("Due Date"))
        .field(SObjectField.bool("Paid__c").label("Paid"))
        .field(SObjectField.reference("Matter__c", MATTER).label("Matter"))
        .field(SObjectField.textarea("Description__c", 32_000).label("Description"))
        .field(SObjectField.picklist("Stage__c", "Draft", "Sent").restricted().label("Stage"))
        .build();
    sim = SalesforceSimulator.builder()
        .schema(OrgSchema.litifyDefaults(NAMES).with(invoice))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .queryBatchSize(batchSize)
        .build()
        .start();
    seed();
  }

  LitifyOrgFixture() {
    this(2000);
  }

  private void seed() {
    alyssia = sim.addUser("Alyssia");
    bob = sim.addUser("Bob");
    matter("alpha", "Alpha Matter", "Open", "2026-01-10T09:00:00Z", "Matter_Phone__c", "(502) 813-8900");
    matter("beta", "Beta matter", "Closed", "2026-02-01T00:00:00Z", "Client_Phone__c", "502.813.8900");
    matter("gamma", "Gamma 100% Matter", "Open", "2026-03-15T08:00:00Z", "litify_pm__Phone__c", "+15025551234");
    matter("delta", "delta_matter", null, "2025-12-31T23:59:59Z", null, null);
    matter("obrien", "O'Brien Matter", "Pending", "2026-03-14T10:00:00Z", "Phone_10_Digit__c", "5028138900");
    ids.put("intake1", sim.insert(INTAKE, Map.of("Name", "Intake One", "litify_pm__Status__c", "Converted",
        "Matter_Phone__c", "502-813-8900", "CreatedDate", "2026-02-20T12:00:00Z")));
    ids.put("intake2", sim.insert(INTAKE, Map.of("Name", "Intake Two", "litify_pm__Status__c", "Open",
        "CreatedDate", "2026-03-01T12:00:00Z")));
    note("rc_msg_1", alyssia, "Text message sent", "hello", "matter", "alpha", "2026-03-01T10:00:00Z");
    note("rc_msg_2", bob, "Text message received", "hi back", "intake", "intake1", "2026-03-10T15:30:00Z");
    note("manual_note", alyssia, "General", "call notes", "matter", "beta", null);
    note("rc_msgX3", bob, "Text message sent", "not ours", "matter", "gamma", null);
    invoice("inv1", "INV-1", 100.5, LocalDate.parse("2026-03-20"), false, "alpha");
    invoice("inv2", "INV-2", 20.0, LocalDate.parse("2026-01-15"), true, "beta");
    invoice("inv3", "INV-3", null, null, false, null);
  }

  private void matter(String key, String name, String status, String created, String phoneField, String phone) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Name", name);
    v.put("litify_pm__Status__c", status);
    v.put("CreatedDate", created);
    if (phoneField != null) {
      v.put(phoneField, phone);
    }
    ids.put(key, sim.insert(MATTER, v));
  }

  private void note(String extId, SalesforceId owner, String topic, String body, String kind, String caseKey,
      String messageTime) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("External_Id__c", extId);
    v.put("OwnerId", owner);
    v.put(NAMES.noteTopicField(), topic);
    v.put(NAMES.noteBodyField(), body);
    v.put(kind.equals("matter") ? NAMES.noteMatterField() : NAMES.noteIntakeField(), ids.get(caseKey));
    v.put("Message_Time__c", messageTime);
    ids.put(extId, sim.insert(NOTE, v));
  }

  private void invoice(String key, String name, Double amount, LocalDate due, boolean paid, String matterKey) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Name", name);
    v.put("Amount__c", amount);
    v.put("Due_Date__c", due);
    v.put("Paid__c", paid);
    v.put("Matter__c", matterKey == null ? null : ids.get(matterKey));
    ids.put(key, sim.insert(INVOICE, v));
  }

  SfClient client() {
    return new SfClient(sim, sim.issueToken());
  }

  String id(String key) {
    return ids.get(key);
  }
}
