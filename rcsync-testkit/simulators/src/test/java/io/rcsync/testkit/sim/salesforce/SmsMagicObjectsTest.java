package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.LitifySchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SMS-Magic's message objects in the simulated org (issue 15): present only when the org opts in, described with
 * their lookups' {@code referenceTo}, seeded with the creation time a test chooses, and queried with Salesforce's
 * inconvenient rules (long text areas not filterable, 200-record batches when two long text fields are selected,
 * queryAll also returning deleted rows).
 */
class SmsMagicObjectsTest {
  private static final LitifySchema NAMES = LitifySchema.defaults();
  private static final String HISTORY = OrgSchema.SMS_HISTORY;
  private static final String INCOMING = OrgSchema.INCOMING_SMS;
  private static final String NS = "smagicinteract__";

  private final List<SalesforceSimulator> sims = new ArrayList<>();

  @AfterEach
  void close() {
    sims.forEach(SalesforceSimulator::close);
  }

  private SalesforceSimulator org(OrgSchema schema) {
    SalesforceSimulator sim = SalesforceSimulator.builder().schema(schema).build().start();
    sims.add(sim);
    return sim;
  }

  private SalesforceSimulator smsMagicOrg() {
    return org(OrgSchema.litifyDefaults(NAMES).withSmsMagic(NAMES));
  }

  private static Map<String, Object> historyRow(int n, Instant created) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("CreatedDate", created);
    v.put(NS + "SMSText__c", "text " + n);
    v.put(NS + "PhoneNumber__c", "(502) 555-0" + (100 + n % 900));
    v.put(NS + "Direction__c", "OUT");
    v.put(NS + "Delivery_Error_Message__c", "none");
    v.put(NS + "external_field__c", "ext-" + n);
    return v;
  }

  @Test
  void anOrgWithoutThePackageAnswersInvalidTypeToAQueryAndNotFoundToADescribe() {
    SalesforceSimulator sim = org(OrgSchema.litifyDefaults(NAMES));
    SfClient api = new SfClient(sim, sim.issueToken());

    SfClient.Response query = api.query("SELECT Id FROM " + HISTORY);
    SfClient.Response describe = api.get(SfClient.V + "/sobjects/" + INCOMING + "/describe");

    assertThat(query.status()).isEqualTo(400);
    assertThat(query.errorCode()).isEqualTo("INVALID_TYPE");
    assertThat(describe.status()).isEqualTo(404);
  }

  @Test
  void describeListsTheMessageFieldsAndTheLookupsWithTheirReferenceTo() {
    SalesforceSimulator sim = smsMagicOrg();
    SfClient api = new SfClient(sim, sim.issueToken());

    JsonNode history = api.get(SfClient.V + "/sobjects/" + HISTORY + "/describe").body();
    JsonNode incoming = api.get(SfClient.V + "/sobjects/" + INCOMING + "/describe").body();

    Map<String, JsonNode> h = byName(history);
    assertThat(h.get(NS + "SMSText__c").path("type").asText()).isEqualTo("textarea");
    assertThat(h.get(NS + "SMSText__c").path("length").asInt()).isEqualTo(32_000);
    assertThat(h.get(NS + "SMSText__c").path("filterable").asBoolean()).isFalse();
    assertThat(h.get(NS + "Direction__c").path("restrictedPicklist").asBoolean()).isTrue();
    assertThat(h.get(NS + "Sent_By__c").path("referenceTo").get(0).asText()).isEqualTo("User");
    assertThat(h.get("Matter__c").path("referenceTo").get(0).asText()).isEqualTo(NAMES.matterObject());
    assertThat(h.get("Intake__c").path("referenceTo").get(0).asText()).isEqualTo(NAMES.intakeObject());
    assertThat(h.get(NS + "external_field__c").path("unique").asBoolean()).isTrue();
    assertThat(h).containsKeys(NS + "Sent_On__c", NS + "CreatedOn__c", NS + "Status__c", NS + "sentStatus__c",
        NS + "deliveryStatus__c", NS + "Message_Type__c", NS + "SenderId__c", NS + "Contact__c", NS + "Lead__c",
        NS + "Account__c");
    Map<String, JsonNode> i = byName(incoming);
    assertThat(i.get(NS + "SMS_Text__c").path("length").asInt()).isEqualTo(4_000);
    assertThat(i.get("Matter__c").path("referenceTo").get(0).asText()).isEqualTo(NAMES.matterObject());
    assertThat(i).containsKeys(NS + "Mobile_Number__c", NS + "Inbound_Number__c", NS + "User__c", NS + "Sent_By__c",
        NS + "MMS_Type__c", NS + "MMS_Url__c", NS + "account__c");
  }

  @Test
  void anOlderInteractOrgHasNoDirectionAndNoSentOn() {
    SalesforceSimulator sim = org(OrgSchema.litifyDefaults(NAMES).withSmsMagic(NAMES, true));
    SfClient api = new SfClient(sim, sim.issueToken());

    Map<String, JsonNode> h = byName(api.get(SfClient.V + "/sobjects/" + HISTORY + "/describe").body());
    SfClient.Response query = api.query("SELECT Id, " + NS + "Direction__c FROM " + HISTORY);

    assertThat(h).doesNotContainKeys(NS + "Direction__c", NS + "Sent_On__c").containsKey(NS + "CreatedOn__c");
    assertThat(query.errorCode()).isEqualTo("INVALID_FIELD");
  }

  @Test
  void seedingSetsCreatedDateAndTheAutoNumberNames() {
    SalesforceSimulator sim = smsMagicOrg();
    Instant created = Instant.parse("2024-03-01T09:15:00Z");

    String id = sim.insert(HISTORY, historyRow(1, created));
    String incoming = sim.insert(INCOMING, Map.of(NS + "SMS_Text__c", "hi", NS + "external_field__c", "in-1",
        "CreatedDate", created));

    assertThat(sim.find(HISTORY, id).orElseThrow()).containsEntry("CreatedDate", created)
        .containsEntry("Name", "SM-000000001");
    assertThat(sim.find(INCOMING, incoming).orElseThrow()).containsEntry("Name", "I-00000001");
  }

  @Test
  void theMessageTextCannotBeFiltered() {
    SalesforceSimulator sim = smsMagicOrg();
    SfClient api = new SfClient(sim, sim.issueToken());

    SfClient.Response r = api.query("SELECT Id FROM " + HISTORY + " WHERE " + NS + "SMSText__c = 'hi'");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("can not be filtered");
  }

  @Test
  void aQuerySelectingTwoLongTextFieldsIsServedInPagesOf200WhateverBatchSizeIsAsked() {
    SalesforceSimulator sim = smsMagicOrg();
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int n = 0; n < 450; n++) {
      sim.insert(HISTORY, historyRow(n, t0.plusSeconds(60L * n)));
    }
    SfClient api = new SfClient(sim, sim.issueToken());
    String two = "SELECT Id, " + NS + "SMSText__c, " + NS + "Delivery_Error_Message__c FROM " + HISTORY;
    String one = "SELECT Id, " + NS + "SMSText__c, " + NS + "PhoneNumber__c FROM " + HISTORY;

    SfClient.Response twoLong = api.get(SfClient.V + "/query?q=" + SfClient.encode(two),
        "Sforce-Query-Options", "batchSize=2000");
    SfClient.Response oneLong = api.get(SfClient.V + "/query?q=" + SfClient.encode(one),
        "Sforce-Query-Options", "batchSize=2000");

    assertThat(twoLong.records()).hasSize(200);
    assertThat(twoLong.body().path("done").asBoolean()).isFalse();
    SfClient.Response next = api.get(twoLong.body().path("nextRecordsUrl").asText());
    assertThat(next.records()).hasSize(200);
    assertThat(oneLong.records()).hasSize(450);
    assertThat(oneLong.body().path("done").asBoolean()).isTrue();
  }

  @Test
  void queryAllAlsoReturnsDeletedMessagesAndQueryDoesNot() {
    SalesforceSimulator sim = smsMagicOrg();
    String kept = sim.insert(HISTORY, historyRow(1, Instant.parse("2024-01-01T00:00:00Z")));
    String deleted = sim.insert(HISTORY, historyRow(2, Instant.parse("2024-01-02T00:00:00Z")));
    sim.delete(deleted);
    SfClient api = new SfClient(sim, sim.issueToken());

    SfClient.Response query = api.query("SELECT Id FROM " + HISTORY + " ORDER BY CreatedDate, Id");
    SfClient.Response all = api.queryAll("SELECT Id, IsDeleted FROM " + HISTORY + " ORDER BY CreatedDate, Id");

    assertThat(query.column("Id")).containsExactly(kept);
    assertThat(all.column("Id")).containsExactly(kept, deleted);
    assertThat(all.column("IsDeleted")).containsExactly("false", "true");
  }

  private static Map<String, JsonNode> byName(JsonNode describe) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    describe.path("fields").forEach(f -> out.put(f.path("name").asText(), f));
    return out;
  }
}
