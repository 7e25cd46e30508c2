package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.LitifySchema;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Versions, resources, limits, describe and record retrieval. */
class DescribeAndResourcesTest {
  private static final LitifySchema NAMES = LitifySchema.defaults().withMessageTimeField("Message_Time__c");

  private SalesforceSimulator sim;
  private SfClient api;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.litify(NAMES).dailyApiRequests(15_000).build().start();
    api = new SfClient(sim, sim.issueToken());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void listsApiVersionsWithoutAuthentication() {
    SfClient.Response r = api.withToken(null).get("/services/data/");

    assertThat(r.status()).isEqualTo(200);
    JsonNode newest = r.body().get(r.body().size() - 1);
    assertThat(newest.get("version").asText()).isEqualTo("67.0");
    assertThat(newest.get("label").asText()).isEqualTo("Summer '26");
    assertThat(newest.get("url").asText()).isEqualTo("/services/data/v67.0");
  }

  @Test
  void describesTheNoteObjectWithItsFieldProperties() {
    SfClient.Response r = api.get(SfClient.V + "/sobjects/" + NAMES.noteObject() + "/describe");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("name").asText()).isEqualTo(NAMES.noteObject());
    assertThat(r.body().get("keyPrefix").asText()).isEqualTo("a0N");
    Map<String, JsonNode> fields = new HashMap<>();
    r.body().get("fields").forEach(f -> fields.put(f.get("name").asText(), f));
    assertThat(fields).containsKeys("Id", "OwnerId", "CreatedDate", "LastModifiedDate", "Name",
        NAMES.noteBodyField(), NAMES.noteTopicField(), NAMES.noteMatterField(), NAMES.noteIntakeField(),
        "External_Id__c", "Message_Time__c");
    JsonNode ext = fields.get("External_Id__c");
    assertThat(ext.get("type").asText()).isEqualTo("string");
    assertThat(ext.get("length").asInt()).isEqualTo(255);
    assertThat(ext.get("externalId").asBoolean()).isTrue();
    assertThat(ext.get("unique").asBoolean()).isTrue();
    assertThat(ext.get("createable").asBoolean()).isTrue();
    JsonNode body = fields.get(NAMES.noteBodyField());
    assertThat(body.get("type").asText()).isEqualTo("textarea");
    assertThat(body.get("length").asInt()).isEqualTo(131_072);
    assertThat(body.get("filterable").asBoolean()).isFalse();
    JsonNode topic = fields.get(NAMES.noteTopicField());
    assertThat(topic.get("type").asText()).isEqualTo("picklist");
    assertThat(topic.get("restrictedPicklist").asBoolean()).isFalse();
    assertThat(topic.get("picklistValues")).extracting(v -> v.get("value").asText())
        .contains("Text message sent", "Text message received");
    JsonNode matter = fields.get(NAMES.noteMatterField());
    assertThat(matter.get("type").asText()).isEqualTo("reference");
    assertThat(matter.get("referenceTo")).extracting(JsonNode::asText).containsExactly(NAMES.matterObject());
    assertThat(matter.get("relationshipName").asText()).isEqualTo("litify_pm__lit_Matter__r");
    assertThat(fields.get("OwnerId").get("referenceTo")).extracting(JsonNode::asText).containsExactly("User");
    assertThat(fields.get("Message_Time__c").get("type").asText()).isEqualTo("datetime");
    JsonNode created = fields.get("CreatedDate");
    assertThat(created.get("createable").asBoolean()).isFalse();
    assertThat(created.get("updateable").asBoolean()).isFalse();
    assertThat(fields.get("Id").get("type").asText()).isEqualTo("id");
  }

  @Test
  void describesEveryPhoneFieldOfMattersAndIntakesAsFortyCharacterText() {
    for (String object : new String[] {NAMES.matterObject(), NAMES.intakeObject()}) {
      SfClient.Response r = api.get(SfClient.V + "/sobjects/" + object + "/describe");
      Map<String, JsonNode> fields = new HashMap<>();
      r.body().get("fields").forEach(f -> fields.put(f.get("name").asText(), f));
      for (String phone : NAMES.phoneFields()) {
        assertThat(fields.get(phone).get("type").asText()).isEqualTo("string");
        assertThat(fields.get(phone).get("length").asInt()).isEqualTo(40);
      }
      assertThat(fields.get("litify_pm__Status__c").get("type").asText()).isEqualTo("picklist");
    }
  }

  @Test
  void unknownObjectsAndResourcesAreNotFound() {
    assertThat(api.get(SfClient.V + "/sobjects/Foo__c/describe").status()).isEqualTo(404);
    assertThat(api.get(SfClient.V + "/nothing-here").status()).isEqualTo(404);
    assertThat(api.get("/services/data/v99.0/limits").status()).isEqualTo(404);
    SfClient.Response wrongMethod = api.send("PUT", SfClient.V + "/query?q=x", "{}");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void reportsTheDailyApiRequestBudget() {
    api.get(SfClient.V + "/sobjects");
    api.query("SELECT Id FROM User");

    SfClient.Response r = api.get(SfClient.V + "/limits");

    assertThat(r.body().get("DailyApiRequests").get("Max").asLong()).isEqualTo(15_000);
    assertThat(r.body().get("DailyApiRequests").get("Remaining").asLong()).isEqualTo(14_998);
  }

  @Test
  void listsResourcesAndObjects() {
    SfClient.Response resources = api.get(SfClient.V + "/");
    SfClient.Response global = api.get(SfClient.V + "/sobjects");

    assertThat(resources.body().get("query").asText()).isEqualTo("/services/data/v67.0/query");
    assertThat(global.body().get("maxBatchSize").asInt()).isEqualTo(200);
    assertThat(global.body().get("sobjects")).extracting(o -> o.get("name").asText())
        .contains("User", NAMES.matterObject(), NAMES.intakeObject(), NAMES.noteObject());
  }

  @Test
  void retrievesOneRecordByIdWithAllOrChosenFields() {
    String id = sim.insert(NAMES.matterObject(), Map.of("Name", "Alpha", "Matter_Phone__c", "5025550100"));

    SfClient.Response all = api.get(SfClient.V + "/sobjects/" + NAMES.matterObject() + "/" + id);
    SfClient.Response some = api.get(SfClient.V + "/sobjects/" + NAMES.matterObject() + "/" + id
        + "?fields=Name,Matter_Phone__c");
    SfClient.Response missing = api.get(SfClient.V + "/sobjects/" + NAMES.matterObject() + "/"
        + SalesforceIds.newId("a0L", 4242));

    assertThat(all.body().get("Name").asText()).isEqualTo("Alpha");
    assertThat(all.body().get("IsDeleted").asBoolean()).isFalse();
    assertThat(some.body().fieldNames()).toIterable().containsExactly("attributes", "Name", "Matter_Phone__c");
    assertThat(missing.status()).isEqualTo(404);
  }
}
