package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sObject Collections upsert, create and delete against the Litify Note object. */
class SObjectCollectionsTest {
  private static final LitifySchema NAMES = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  private static final String NOTE = NAMES.noteObject();
  private static final String UPSERT = SfClient.V + "/composite/sobjects/" + NOTE + "/External_Id__c";
  private static final String COLLECTIONS = SfClient.V + "/composite/sobjects";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T12:00:00Z"));
  private SalesforceSimulator sim;
  private SfClient api;
  private SalesforceId owner;
  private String matter;
  private String intake;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.litify(NAMES).clock(clock).build().start();
    api = new SfClient(sim, sim.issueToken());
    owner = sim.addUser("Alyssia");
    matter = sim.insert(NAMES.matterObject(), Map.of("Name", "Sam Test Matter", "Matter_Phone__c", "5028138900"));
    intake = sim.insert(NAMES.intakeObject(), Map.of("Name", "Intake"));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private Map<String, Object> note(String externalId) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("attributes", Map.of("type", NOTE));
    n.put("External_Id__c", externalId);
    n.put("OwnerId", owner.value());
    n.put(NAMES.noteTopicField(), "Text message sent");
    n.put(NAMES.noteBodyField(), "Hi from " + externalId);
    n.put(NAMES.noteMatterField(), matter);
    n.put("Message_Time__c", "2026-03-01T10:00:00.000+0000");
    return n;
  }

  private static Map<String, Object> body(boolean allOrNone, List<Map<String, Object>> records) {
    return Map.of("allOrNone", allOrNone, "records", records);
  }

  private static Map<String, Object> with(Map<String, Object> record, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(record);
    copy.put(field, value);
    return copy;
  }

  @Test
  void aSimulatorWithLatencyAnswersTheSameWriteTheSameWay() {
    SalesforceSimulator slow = SalesforceSimulator.litify(NAMES).clock(clock)
        .latency(java.time.Duration.ofMillis(1), java.time.Duration.ofNanos(1000)).build().start();
    try {
      slow.addUser("Alyssia");
      String m = slow.insert(NAMES.matterObject(), Map.of("Name", "Slow Matter"));
      Map<String, Object> n = with(with(note("rc_msg_slow"), "OwnerId", slow.addUser("Kyle").value()),
          NAMES.noteMatterField(), m);

      SfClient.Response r = new SfClient(slow, slow.issueToken()).patch(UPSERT, body(false, List.of(n)));

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get(0).get("created").asBoolean()).isTrue();
    } finally {
      slow.close();
    }
  }

  @Test
  void latencyMustNotBeNegative() {
    assertThatThrownBy(() -> SalesforceSimulator.builder().latency(java.time.Duration.ofMillis(-1),
        java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
  }

  @Test
  void upsertCreatesNewRecordsInOrderWithSalesforceIds() {
    SfClient.Response r = api.patch(UPSERT, body(false, List.of(note("rc_msg_1"), note("rc_msg_2"))));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).hasSize(2);
    for (JsonNode result : r.body()) {
      assertThat(result.get("success").asBoolean()).isTrue();
      assertThat(result.get("created").asBoolean()).isTrue();
      assertThat(result.get("errors")).isEmpty();
      String id = result.get("id").asText();
      assertThat(id).hasSize(18).startsWith("a0N");
      assertThat(SalesforceIds.isWellFormed(id)).isTrue();
    }
    Map<String, Object> stored = sim.findBy(NOTE, "External_Id__c", "rc_msg_1").get(0);
    assertThat(stored.get("Id")).isEqualTo(r.body().get(0).get("id").asText());
    assertThat(stored.get("CreatedDate")).isEqualTo(Instant.parse("2026-03-15T12:00:00Z"));
    assertThat(stored.get("LastModifiedDate")).isEqualTo(Instant.parse("2026-03-15T12:00:00Z"));
    assertThat(stored.get("Message_Time__c")).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(stored.get("OwnerId")).isEqualTo(owner.value());
    assertThat(stored.get("Name")).isEqualTo("N-000001");
  }

  @Test
  void upsertUpdatesTheRecordWithTheSameExternalIdWhateverItsCase() {
    String id = api.patch(UPSERT, body(false, List.of(note("rc_msg_1")))).body().get(0).get("id").asText();
    clock.advance(Duration.ofHours(1));

    SfClient.Response r = api.patch(UPSERT, body(false, List.of(with(note("RC_MSG_1"), NAMES.noteBodyField(),
        "edited"), note("rc_msg_2"))));

    assertThat(r.body().get(0).get("id").asText()).isEqualTo(id);
    assertThat(r.body().get(0).get("created").asBoolean()).isFalse();
    assertThat(r.body().get(1).get("created").asBoolean()).isTrue();
    assertThat(sim.count(NOTE)).isEqualTo(2);
    Map<String, Object> stored = sim.find(NOTE, id).orElseThrow();
    assertThat(stored.get(NAMES.noteBodyField())).isEqualTo("edited");
    assertThat(stored.get("CreatedDate")).isEqualTo(Instant.parse("2026-03-15T12:00:00Z"));
    assertThat(stored.get("LastModifiedDate")).isEqualTo(Instant.parse("2026-03-15T13:00:00Z"));
  }

  @Test
  void everyWriteStampsTheAuditFieldsWithTheCallingUser() {
    SalesforceId editor = sim.addUser("Editor");
    String id = api.patch(UPSERT, body(false, List.of(note("rc_msg_1")))).body().get(0).get("id").asText();
    clock.advance(Duration.ofHours(1));

    new SfClient(sim, sim.issueToken(editor)).patch(UPSERT, body(false, List.of(with(note("rc_msg_1"),
        NAMES.noteBodyField(), "edited"))));

    Map<String, Object> stored = sim.find(NOTE, id).orElseThrow();
    assertThat(stored.get("CreatedById")).isEqualTo(sim.integrationUserId().value());
    assertThat(stored.get("LastModifiedById")).isEqualTo(editor.value());
    assertThat(stored.get("SystemModstamp")).isEqualTo(Instant.parse("2026-03-15T13:00:00Z"));
    SfClient.Response q = api.query("SELECT CreatedBy.Name, LastModifiedBy.Name, SystemModstamp FROM " + NOTE
        + " WHERE SystemModstamp > 2026-03-15T12:30:00Z AND LastModifiedById = '" + editor.value() + "'");
    assertThat(q.status()).as(q.body().toString()).isEqualTo(200);
    JsonNode record = q.body().get("records").get(0);
    assertThat(record.get("CreatedBy").get("Name").asText()).isEqualTo("Integration User");
    assertThat(record.get("LastModifiedBy").get("Name").asText()).isEqualTo("Editor");
    assertThat(record.get("SystemModstamp").asText()).isEqualTo("2026-03-15T13:00:00.000+0000");
  }

  @Test
  void auditFieldsCannotBeWrittenThroughTheApi() {
    SfClient.Response r = api.patch(UPSERT, body(false, List.of(with(note("rc_msg_1"), "CreatedById",
        owner.value()))));

    assertThat(r.body().get(0).get("success").asBoolean()).isFalse();
    assertThat(r.body().get(0).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
  }

  @Test
  void rerunningTheSameUpsertIsIdempotent() {
    List<Map<String, Object>> batch = List.of(note("rc_msg_1"), note("rc_msg_2"), note("rc_msg_3"));
    api.patch(UPSERT, body(false, batch));

    SfClient.Response again = api.patch(UPSERT, body(false, batch));

    assertThat(again.body()).allSatisfy(x -> assertThat(x.get("created").asBoolean()).isFalse());
    assertThat(sim.count(NOTE)).isEqualTo(3);
  }

  @Test
  void ownerDefaultsToTheTokensUser() {
    Map<String, Object> n = note("rc_msg_1");
    n.remove("OwnerId");
    SalesforceId sam = sim.addUser("Sam");

    new SfClient(sim, sim.issueToken(sam)).patch(UPSERT, body(false, List.of(n)));

    assertThat(sim.findBy(NOTE, "External_Id__c", "rc_msg_1").get(0).get("OwnerId")).isEqualTo(sam.value());
  }

  @Test
  void reportsEachBadRecordWithoutHidingTheOthers() {
    String userAsMatter = owner.value();
    String missingMatter = SalesforceIds.newId("a0L", 999_999);
    String deletedMatter = sim.insert(NAMES.matterObject(), Map.of("Name", "gone"));
    sim.delete(deletedMatter);
    SalesforceId inactive = sim.addUser("Former Staff");
    sim.deactivateUser(inactive);
    List<Map<String, Object>> records = new ArrayList<>();
    records.add(note("ok_1"));
    records.add(with(note("too_long"), NAMES.noteTopicField(), "t".repeat(256)));
    records.add(with(note("unknown_field"), "Bogus__c", "x"));
    records.add(with(note("missing_matter"), NAMES.noteMatterField(), missingMatter));
    records.add(with(note("wrong_type"), NAMES.noteMatterField(), userAsMatter));
    records.add(with(note("malformed"), NAMES.noteMatterField(), "not-an-id"));
    records.add(with(note("deleted_matter"), NAMES.noteMatterField(), deletedMatter));
    records.add(with(note("no_owner"), "OwnerId", SalesforceIds.newId("005", 999_999)));
    records.add(with(note("owner_not_user"), "OwnerId", matter));
    records.add(with(note("inactive_owner"), "OwnerId", inactive.value()));
    records.add(with(note("read_only"), "CreatedDate", "2020-01-01T00:00:00Z"));
    records.add(with(note("auto_number"), "Name", "N-1"));
    records.add(with(note("intake_ok"), NAMES.noteIntakeField(), intake));
    records.add(with(note("x".repeat(256)), "OwnerId", owner.value()));
    records.add(note("ok_2"));

    SfClient.Response r = api.patch(UPSERT, body(false, records));

    assertThat(r.status()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    r.body().forEach(x -> codes.add(x.get("success").asBoolean() ? "OK"
        : x.get("errors").get(0).get("statusCode").asText()));
    assertThat(codes).containsExactly("OK", "STRING_TOO_LONG", "INVALID_FIELD", "INVALID_CROSS_REFERENCE_KEY",
        "FIELD_INTEGRITY_EXCEPTION", "MALFORMED_ID", "ENTITY_IS_DELETED", "INVALID_CROSS_REFERENCE_KEY",
        "FIELD_INTEGRITY_EXCEPTION", "INACTIVE_OWNER_OR_USER", "INVALID_FIELD_FOR_INSERT_UPDATE",
        "INVALID_FIELD_FOR_INSERT_UPDATE", "OK", "STRING_TOO_LONG", "OK");
    JsonNode tooLong = r.body().get(1).get("errors").get(0);
    assertThat(tooLong.get("message").asText()).startsWith("Topic: data value too large: ttt")
        .endsWith("(max length=255)");
    assertThat(tooLong.get("fields")).extracting(JsonNode::asText).containsExactly(NAMES.noteTopicField());
    assertThat(r.body().get(2).get("errors").get(0).get("message").asText())
        .isEqualTo("No such column 'Bogus__c' on sobject of type " + NOTE);
    assertThat(r.body().get(4).get("errors").get(0).get("message").asText())
        .isEqualTo("Matter: id value of incorrect type: " + userAsMatter);
    assertThat(r.body().get(10).get("errors").get(0).get("fields")).extracting(JsonNode::asText)
        .containsExactly("CreatedDate");
    assertThat(r.body().get(1).has("id")).isFalse();
    assertThat(sim.records(NOTE)).extracting(m -> m.get("External_Id__c"))
        .containsExactlyInAnyOrder("ok_1", "intake_ok", "ok_2");
  }

  @Test
  void clearingARequiredFieldIsRefused() {
    api.patch(UPSERT, body(false, List.of(note("rc_msg_1"))));

    SfClient.Response r = api.patch(UPSERT, body(false, List.of(with(note("rc_msg_1"), "OwnerId", null))));

    JsonNode error = r.body().get(0).get("errors").get(0);
    assertThat(error.get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(error.get("message").asText()).isEqualTo("Required fields are missing: [OwnerId]");
  }

  @Test
  void duplicateExternalIdsInOneRequestFailEveryOccurrence() {
    SfClient.Response r = api.patch(UPSERT, body(false, List.of(note("rc_msg_1"), note("dup"), note("DUP"))));

    assertThat(r.body().get(0).get("success").asBoolean()).isTrue();
    for (int i = 1; i <= 2; i++) {
      JsonNode e = r.body().get(i).get("errors").get(0);
      assertThat(e.get("statusCode").asText()).isEqualTo("DUPLICATE_EXTERNAL_ID");
      assertThat(e.get("message").asText()).startsWith("Duplicate external id specified: ");
    }
    assertThat(sim.count(NOTE)).isEqualTo(1);
  }

  @Test
  void acceptsTwoHundredRecordsAndRefusesTwoHundredAndOne() {
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 201; i++) {
      records.add(note("rc_msg_" + i));
    }

    SfClient.Response tooMany = api.patch(UPSERT, body(false, records));
    SfClient.Response max = api.patch(UPSERT, body(false, records.subList(0, 200)));

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.errorCode()).isEqualTo("EXCEEDED_ID_LIMIT");
    assertThat(tooMany.message()).contains("cannot submit more than 200 records");
    assertThat(max.status()).isEqualTo(200);
    assertThat(max.body()).hasSize(200).allSatisfy(x -> assertThat(x.get("success").asBoolean()).isTrue());
    assertThat(sim.count(NOTE)).isEqualTo(200);
  }

  @Test
  void allOrNoneRollsBackEveryRecordWhenOneFails() {
    api.patch(UPSERT, body(false, List.of(note("existing"))));

    SfClient.Response r = api.patch(UPSERT, body(true, List.of(with(note("existing"), NAMES.noteBodyField(),
        "changed"), note("new_one"), with(note("bad"), "Bogus__c", 1))));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get(0).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assertThat(r.body().get(1).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assertThat(r.body().get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_FIELD");
    assertThat(sim.records(NOTE)).singleElement()
        .satisfies(n -> assertThat(n.get(NAMES.noteBodyField())).isEqualTo("Hi from existing"));
  }

  @Test
  void refusesMalformedRequestsAsAWhole() {
    SfClient.Response badJson = api.patch(UPSERT, "{\"records\": [");
    SfClient.Response noRecords = api.patch(UPSERT, Map.of("allOrNone", false));
    SfClient.Response badDate = api.patch(UPSERT, body(false, List.of(with(note("d"), "Message_Time__c",
        "yesterday"))));
    SfClient.Response wrongType = api.patch(UPSERT, body(false, List.of(with(note("t"), "attributes",
        Map.of("type", NAMES.matterObject())))));
    SfClient.Response unknownObject = api.patch(SfClient.V + "/composite/sobjects/Foo__c/External_Id__c",
        body(false, List.of()));
    SfClient.Response unknownField = api.patch(SfClient.V + "/composite/sobjects/" + NOTE + "/Foo__c",
        body(false, List.of()));
    SfClient.Response notExternal = api.patch(SfClient.V + "/composite/sobjects/" + NOTE + "/Name",
        body(false, List.of()));

    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.errorCode()).isEqualTo("JSON_PARSER_ERROR");
    assertThat(noRecords.errorCode()).isEqualTo("JSON_PARSER_ERROR");
    assertThat(badDate.status()).isEqualTo(400);
    assertThat(badDate.errorCode()).isEqualTo("JSON_PARSER_ERROR");
    assertThat(badDate.message()).contains("datetime").contains("yesterday");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.errorCode()).isEqualTo("INVALID_TYPE");
    assertThat(unknownObject.status()).isEqualTo(404);
    assertThat(unknownField.status()).isEqualTo(404);
    assertThat(unknownField.message()).contains("Foo__c");
    assertThat(notExternal.status()).isEqualTo(400);
    assertThat(notExternal.errorCode()).isEqualTo("INVALID_FIELD");
    assertThat(sim.count(NOTE)).isZero();
  }

  @Test
  void createAddsRecordsOfAnyTypeAndEnforcesUniqueValues() {
    api.patch(UPSERT, body(false, List.of(note("taken"))));
    Map<String, Object> newMatter = Map.of("attributes", Map.of("type", NAMES.matterObject()), "Name", "New");

    SfClient.Response r = api.post(COLLECTIONS, body(false, List.of(newMatter, note("fresh"), note("taken"),
        with(note("with_id"), "Id", matter))));

    assertThat(r.body().get(0).get("success").asBoolean()).isTrue();
    assertThat(r.body().get(0).get("id").asText()).startsWith("a0L");
    assertThat(r.body().get(0).has("created")).isFalse();
    assertThat(r.body().get(1).get("success").asBoolean()).isTrue();
    JsonNode dup = r.body().get(2).get("errors").get(0);
    assertThat(dup.get("statusCode").asText()).isEqualTo("DUPLICATE_VALUE");
    assertThat(dup.get("message").asText()).startsWith("duplicate value found: External_Id__c duplicates value on "
        + "record with id: ");
    assertThat(r.body().get(3).get("errors").get(0).get("message").asText())
        .isEqualTo("cannot specify Id in an insert call");
  }

  @Test
  void deleteSoftDeletesAndReportsEachIdInOrder() {
    JsonNode created = api.patch(UPSERT, body(false, List.of(note("a"), note("b")))).body();
    String a = created.get(0).get("id").asText();
    String b = created.get(1).get("id").asText();
    String neverExisted = SalesforceIds.newId("a0N", 987_654);

    SfClient.Response r = api.delete(COLLECTIONS + "?ids=" + a + "," + neverExisted + ",bogus&allOrNone=false");
    SfClient.Response again = api.delete(COLLECTIONS + "?ids=" + a);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get(0).get("id").asText()).isEqualTo(a);
    assertThat(r.body().get(0).get("success").asBoolean()).isTrue();
    assertThat(r.body().get(1).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("INVALID_CROSS_REFERENCE_KEY");
    assertThat(r.body().get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("MALFORMED_ID");
    assertThat(again.body().get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("ENTITY_IS_DELETED");
    assertThat(sim.records(NOTE)).extracting(m -> m.get("Id")).containsExactly(b);
    assertThat(api.query("SELECT Id FROM " + NOTE).body().get("totalSize").asInt()).isEqualTo(1);
    SfClient.Response all = api.queryAll("SELECT Id, IsDeleted FROM " + NOTE + " ORDER BY External_Id__c");
    assertThat(all.column("IsDeleted")).containsExactly("true", "false");
    assertThat(api.queryAll("SELECT COUNT() FROM " + NOTE + " WHERE IsDeleted = true").body().get("totalSize")
        .asInt()).isEqualTo(1);
  }

  @Test
  void deleteWithAllOrNoneDeletesNothingWhenOneIdFails() {
    JsonNode created = api.patch(UPSERT, body(false, List.of(note("a")))).body();
    String a = created.get(0).get("id").asText();

    SfClient.Response r = api.delete(COLLECTIONS + "?ids=" + a + "," + SalesforceIds.newId("a0N", 5) + "&allOrNone=true");

    assertThat(r.body().get(0).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assertThat(sim.count(NOTE)).isEqualTo(1);
  }

  @Test
  void deleteRefusesMoreThanTwoHundredIds() {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < 201; i++) {
      ids.append(i == 0 ? "" : ",").append(SalesforceIds.newId("a0N", i));
    }

    SfClient.Response r = api.delete(COLLECTIONS + "?ids=" + ids);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("EXCEEDED_ID_LIMIT");
  }

  @Test
  void aRolledBackNoteCanBeWrittenAgainWithTheSameExternalId() {
    String first = api.patch(UPSERT, body(false, List.of(note("rc_msg_9")))).body().get(0).get("id").asText();
    api.delete(COLLECTIONS + "?ids=" + first);

    SfClient.Response again = api.patch(UPSERT, body(false, List.of(note("rc_msg_9"))));

    assertThat(again.body().get(0).get("created").asBoolean()).isTrue();
    assertThat(again.body().get(0).get("id").asText()).isNotEqualTo(first);
  }
}
