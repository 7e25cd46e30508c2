package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /composite}: subrequests, limits, allOrNone, references, one API call. */
class CompositeResourceTest {
  private static final LitifySchema NAMES = LitifySchema.defaults();
  private static final String MATTER = NAMES.matterObject();
  private static final String NOTE = NAMES.noteObject();
  private static final String COMPOSITE = SfClient.V + "/composite";
  private static final String UPSERT = SfClient.V + "/composite/sobjects/" + NOTE + "/External_Id__c";

  private SalesforceSimulator sim;
  private SfClient api;
  private String owner;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.litify(NAMES).queryBatchSize(3).build().start();
    api = new SfClient(sim, sim.issueToken());
    for (int i = 1; i <= 8; i++) {
      sim.insert(MATTER, Map.of("Name", String.format("M%02d", i), "Matter_Phone__c", "(502) 813-89" + (10 + i)));
    }
    owner = sim.addUser("Alyssia").value();
    sim.resetCounters();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static Map<String, Object> get(String ref, String url) {
    Map<String, Object> sub = new LinkedHashMap<>();
    sub.put("method", "GET");
    sub.put("url", url);
    sub.put("referenceId", ref);
    return sub;
  }

  private static Map<String, Object> query(String ref, String soql) {
    return get(ref, SfClient.V + "/query?q=" + SfClient.encode(soql));
  }

  private static Map<String, Object> upsertNote(String ref, String externalId, String ownerId) {
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("attributes", Map.of("type", NOTE));
    note.put("External_Id__c", externalId);
    note.put("OwnerId", ownerId);
    note.put("litify_pm__lit_Topic__c", "Text message received");
    Map<String, Object> sub = new LinkedHashMap<>();
    sub.put("method", "PATCH");
    sub.put("url", UPSERT);
    sub.put("referenceId", ref);
    sub.put("body", Map.of("allOrNone", false, "records", List.of(note)));
    return sub;
  }

  private SfClient.Response composite(Boolean allOrNone, List<Map<String, Object>> subs) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (allOrNone != null) {
      body.put("allOrNone", allOrNone);
    }
    body.put("compositeRequest", subs);
    return api.post(COMPOSITE, body);
  }

  private static List<JsonNode> results(SfClient.Response r) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.body().get("compositeResponse").forEach(out::add);
    return out;
  }

  private static String errorCode(JsonNode result) {
    return result.get("body").get(0).get("errorCode").asText();
  }

  @Test
  void runsQuerySubrequestsAsOneApiCall() {
    long budget = sim.dailyApiRequestsRemaining();

    List<JsonNode> results = results(composite(false, List.of(
        query("all", "SELECT COUNT() FROM " + MATTER),
        query("one", "SELECT Name FROM " + MATTER + " WHERE Name = 'M03'"),
        query("phones", "SELECT Name FROM " + MATTER + " WHERE Matter_Phone__c LIKE '%502%813%8915%'"))));

    assertThat(results).extracting(r -> r.get("referenceId").asText()).containsExactly("all", "one", "phones");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.get("httpStatusCode").asInt()).isEqualTo(200);
      assertThat(r.get("httpHeaders").isObject()).isTrue();
    });
    assertThat(results.get(0).get("body").get("totalSize").asInt()).isEqualTo(8);
    assertThat(results.get(1).get("body").get("records").get(0).get("Name").asText()).isEqualTo("M03");
    assertThat(results.get(2).get("body").get("records").get(0).get("Name").asText()).isEqualTo("M05");
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
    assertThat(sim.totalCalls()).isEqualTo(1);
    assertThat(sim.calls(Endpoint.QUERY)).isZero();
    assertThat(sim.subrequests(Endpoint.QUERY)).isEqualTo(3);
    assertThat(sim.dailyApiRequestsRemaining()).isEqualTo(budget - 1);
  }

  /** A statement whose url is longer than a GET may be, but whose SOQL is within SOQL's 100,000 characters. */
  private static String longStatement(int minChars) {
    StringBuilder soql = new StringBuilder("SELECT Name FROM " + MATTER + " WHERE Name IN ('M03'");
    for (int i = 0; soql.length() < minChars; i++) {
      soql.append(",'X").append(i).append("'");
    }
    return soql.append(")").toString();
  }

  @Test
  void describeSubrequestsRideAlongFiveQueriesWithoutCountingTowardTheFive() {
    List<Map<String, Object>> subs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      subs.add(query("q" + i, "SELECT Name FROM " + MATTER + " WHERE Name = 'M0" + (i + 1) + "'"));
    }
    subs.add(get("noteDescribe", SfClient.V + "/sobjects/" + NOTE + "/describe"));
    subs.add(get("matterDescribe", SfClient.V + "/sobjects/" + MATTER + "/describe"));

    List<JsonNode> results = results(composite(false, subs));

    assertThat(results).hasSize(7).allSatisfy(r -> assertThat(r.get("httpStatusCode").asInt()).isEqualTo(200));
    assertThat(results.get(5).get("body").get("name").asText()).isEqualTo(NOTE);
    assertThat(results.get(5).get("body").get("fields")).anySatisfy(f ->
        assertThat(f.get("name").asText()).isEqualTo(NAMES.noteBodyField()));
    assertThat(sim.totalCalls()).isEqualTo(1);
    assertThat(sim.subrequests(Endpoint.QUERY)).isEqualTo(5);
    assertThat(sim.subrequests(Endpoint.DESCRIBE)).isEqualTo(2);
  }

  @Test
  void aQuerySubrequestLongerThanAGetsUriLimitRunsBecauseItsUrlIsInTheBody() {
    String soql = longStatement(40_000);
    String url = SfClient.V + "/query?q=" + SfClient.encode(soql);
    assertThat(url.length()).isGreaterThan(16_384);

    List<JsonNode> results = results(composite(false, List.of(get("long", url))));

    assertThat(results.get(0).get("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(results.get(0).get("body").get("records").get(0).get("Name").asText()).isEqualTo("M03");
    // the same statement as a plain GET is refused by the URI limit (414 URI Too Long)
    assertThat(api.get(url).status()).isEqualTo(414);
  }

  @Test
  void aQuerySubrequestOverSoqlsHundredThousandCharactersFailsAloneWithMalformedQuery() {
    String soql = longStatement(100_001);

    List<JsonNode> results = results(composite(false, List.of(
        get("tooLong", SfClient.V + "/query?q=" + SfClient.encode(soql)),
        query("fine", "SELECT Name FROM " + MATTER + " WHERE Name = 'M03'"))));

    assertThat(results.get(0).get("httpStatusCode").asInt()).isEqualTo(400);
    assertThat(errorCode(results.get(0))).isEqualTo("MALFORMED_QUERY");
    assertThat(results.get(0).get("body").get(0).get("message").asText()).contains("100000");
    assertThat(results.get(1).get("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(sim.totalCalls()).isEqualTo(1);
  }

  @Test
  void pagesThroughNextRecordsUrlsAsSubrequestsAndReferences() {
    List<JsonNode> first = results(composite(false, List.of(
        query("q", "SELECT Name FROM " + MATTER + " ORDER BY Name"),
        get("more", "@{q.nextRecordsUrl}"))));

    assertThat(first.get(0).get("body").get("done").asBoolean()).isFalse();
    assertThat(first.get(0).get("body").get("nextRecordsUrl").asText()).matches("/services/data/v67\\.0/query/01g\\w+-3");
    JsonNode second = first.get(1).get("body");
    assertThat(first.get(1).get("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(second.get("records")).extracting(r -> r.get("Name").asText()).containsExactly("M04", "M05", "M06");

    List<JsonNode> last = results(composite(false, List.of(get("last", second.get("nextRecordsUrl").asText()))));

    assertThat(last.get(0).get("body").get("done").asBoolean()).isTrue();
    assertThat(last.get(0).get("body").get("records")).extracting(r -> r.get("Name").asText())
        .containsExactly("M07", "M08");
    assertThat(sim.subrequests(Endpoint.QUERY)).isEqualTo(1);
    assertThat(sim.subrequests(Endpoint.QUERY_MORE)).isEqualTo(2);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(2);
  }

  @Test
  void refusesMoreThanFiveQueryOperationsBeforeRunningAny() {
    List<Map<String, Object>> subs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      subs.add(query("q" + i, "SELECT Id FROM " + MATTER));
    }
    subs.add(get("q5", SfClient.V + "/queryAll?q=" + SfClient.encode("SELECT Id FROM " + MATTER)));

    SfClient.Response r = composite(false, subs);

    assertThat(r.status()).isEqualTo(400);
    JsonNode only = r.body().get("compositeResponse").get(0);
    assertThat(errorCode(only)).isEqualTo("LIMIT_EXCEEDED");
    assertThat(only.get("body").get(0).get("message").asText()).contains("5 sObject Collections or query operations");
    assertThat(only.get("referenceId").isNull()).isTrue();
    assertThat(sim.subrequests(Endpoint.QUERY)).isZero();
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
  }

  /** A Collections upsert subrequest of {@code count} Notes numbered from {@code from}. */
  private Map<String, Object> upsertNotes(String ref, int from, int count) {
    List<Object> records = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      Map<String, Object> note = new LinkedHashMap<>();
      note.put("attributes", Map.of("type", NOTE));
      note.put("External_Id__c", "rc_msg_" + i);
      note.put("OwnerId", owner);
      note.put("litify_pm__lit_Topic__c", "Text message received");
      records.add(note);
    }
    Map<String, Object> sub = new LinkedHashMap<>();
    sub.put("method", "PATCH");
    sub.put("url", UPSERT);
    sub.put("referenceId", ref);
    sub.put("body", Map.of("allOrNone", false, "records", records));
    return sub;
  }

  @Test
  void fiveCollectionsUpsertsOf200NotesAreOneApiCallWithEachSubrequestsPerRecordResults() {
    long budget = sim.dailyApiRequestsRemaining();
    List<Map<String, Object>> subs = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      subs.add(upsertNotes("up" + k, k * 200, 200));
    }

    List<JsonNode> results = results(composite(false, subs));

    assertThat(results).extracting(r -> r.get("referenceId").asText())
        .containsExactly("up0", "up1", "up2", "up3", "up4");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.get("httpStatusCode").asInt()).isEqualTo(200);
      assertThat(r.get("body").isArray()).isTrue();
      assertThat(r.get("body")).hasSize(200).allSatisfy(rec -> {
        assertThat(rec.get("success").asBoolean()).isTrue();
        assertThat(rec.get("created").asBoolean()).isTrue();
        assertThat(rec.get("id").asText()).hasSize(18);
      });
    });
    assertThat(sim.count(NOTE)).isEqualTo(1000);
    assertThat(sim.totalCalls()).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isZero();
    assertThat(sim.subrequests(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(5);
    assertThat(sim.dailyApiRequestsRemaining()).isEqualTo(budget - 1);
  }

  @Test
  void refusesASixthCollectionsOrQuerySubrequestBeforeRunningAny() {
    List<Map<String, Object>> subs = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      subs.add(upsertNotes("up" + k, k * 10, 10));
    }
    subs.add(query("q", "SELECT Id FROM " + MATTER));

    SfClient.Response r = composite(false, subs);

    assertThat(r.status()).isEqualTo(400);
    JsonNode only = r.body().get("compositeResponse").get(0);
    assertThat(only.get("httpStatusCode").asInt()).isEqualTo(400);
    assertThat(errorCode(only)).isEqualTo("LIMIT_EXCEEDED");
    assertThat(only.get("body").get(0).get("message").asText())
        .contains("5 sObject Collections or query operations").contains("it has 6");
    assertThat(only.get("referenceId").isNull()).isTrue();
    assertThat(sim.count(NOTE)).as("nothing ran").isZero();
    assertThat(sim.subrequests(Endpoint.COLLECTIONS_UPSERT)).isZero();
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
  }

  @Test
  void refusesSixCollectionsSubrequestsAndCountsCreateUpdateAndDeleteToo() {
    List<Map<String, Object>> subs = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      subs.add(upsertNotes("up" + k, k * 10, 10));
    }
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("method", "POST");
    create.put("url", SfClient.V + "/composite/sobjects");
    create.put("referenceId", "create");
    create.put("body", Map.of("allOrNone", false, "records", List.of()));
    subs.add(create);
    Map<String, Object> update = new LinkedHashMap<>(create);
    update.put("method", "PATCH");
    update.put("referenceId", "update");
    subs.add(update);
    Map<String, Object> delete = new LinkedHashMap<>();
    delete.put("method", "DELETE");
    delete.put("url", SfClient.V + "/composite/sobjects?ids=a0L000000000001AAA");
    delete.put("referenceId", "delete");
    subs.add(delete);

    SfClient.Response r = composite(false, subs);

    assertThat(r.status()).isEqualTo(400);
    assertThat(errorCode(r.body().get("compositeResponse").get(0))).isEqualTo("LIMIT_EXCEEDED");
    assertThat(sim.count(NOTE)).isZero();
  }

  @Test
  void aCollectionsSubrequestOfMoreThan200RecordsFailsAloneWithItsErrorAndTheOthersRun() {
    List<JsonNode> results = results(composite(false, List.of(
        upsertNotes("ok", 0, 200), upsertNotes("big", 200, 201), upsertNotes("ok2", 500, 3))));

    assertThat(results.get(0).get("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(results.get(1).get("httpStatusCode").asInt()).isEqualTo(400);
    assertThat(results.get(1).get("body").isArray()).isTrue();
    assertThat(errorCode(results.get(1))).isEqualTo("EXCEEDED_ID_LIMIT");
    assertThat(results.get(2).get("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(sim.count(NOTE)).isEqualTo(203);
    assertThat(sim.totalCalls()).isEqualTo(1);
  }

  @Test
  void acceptsTwentyFiveSubrequestsAndRefusesTwentySix() {
    List<Map<String, Object>> subs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      subs.add(query("q" + i, "SELECT Id FROM " + MATTER + " LIMIT 1"));
    }
    for (int i = 5; i < 25; i++) {
      subs.add(get("d" + i, SfClient.V + "/sobjects/" + MATTER + "/describe"));
    }

    assertThat(results(composite(null, subs))).hasSize(25)
        .allSatisfy(r -> assertThat(r.get("httpStatusCode").asInt()).isEqualTo(200));

    subs.add(get("d25", SfClient.V + "/sobjects/" + MATTER + "/describe"));
    SfClient.Response tooMany = composite(null, subs);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(errorCode(tooMany.body().get("compositeResponse").get(0))).isEqualTo("LIMIT_EXCEEDED");
    assertThat(tooMany.body().get("compositeResponse").get(0).get("body").get(0).get("message").asText())
        .contains("more than 25 operations");
  }

  @Test
  void withoutAllOrNoneAFailedSubrequestLeavesTheOthersAlone() {
    List<JsonNode> results = results(composite(false, List.of(
        upsertNote("write", "rc_msg_1", owner),
        query("bad", "SELECT Nope__c FROM " + MATTER),
        query("good", "SELECT COUNT() FROM " + NOTE))));

    assertThat(results.get(0).get("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(results.get(0).get("body").get(0).get("created").asBoolean()).isTrue();
    assertThat(results.get(1).get("httpStatusCode").asInt()).isEqualTo(400);
    assertThat(errorCode(results.get(1))).isEqualTo("INVALID_FIELD");
    assertThat(results.get(2).get("body").get("totalSize").asInt()).isEqualTo(1);
    assertThat(sim.count(NOTE)).isEqualTo(1);
  }

  @Test
  void allOrNoneRollsBackEveryWriteAndHaltsEveryOtherSubrequest() {
    List<JsonNode> results = results(composite(true, List.of(
        upsertNote("write", "rc_msg_1", owner),
        query("bad", "SELECT Nope__c FROM " + MATTER),
        query("never", "SELECT COUNT() FROM " + NOTE))));

    assertThat(results).extracting(r -> r.get("httpStatusCode").asInt()).containsExactly(400, 400, 400);
    assertThat(errorCode(results.get(0))).isEqualTo("PROCESSING_HALTED");
    assertThat(results.get(0).get("body").get(0).get("message").asText()).isEqualTo(CompositeResource.ROLLED_BACK);
    assertThat(errorCode(results.get(1))).isEqualTo("INVALID_FIELD");
    assertThat(errorCode(results.get(2))).isEqualTo("PROCESSING_HALTED");
    assertThat(sim.count(NOTE)).isZero();
    assertThat(sim.subrequests(Endpoint.QUERY)).isEqualTo(1);
  }

  @Test
  void allOrNoneKeepsTheWritesWhenEverySubrequestSucceeds() {
    List<JsonNode> results = results(composite(true, List.of(
        upsertNote("w1", "rc_msg_1", owner),
        upsertNote("w2", "rc_msg_2", owner),
        query("count", "SELECT COUNT() FROM " + NOTE))));

    assertThat(results).allSatisfy(r -> assertThat(r.get("httpStatusCode").asInt()).isEqualTo(200));
    assertThat(results.get(2).get("body").get("totalSize").asInt()).isEqualTo(2);
    assertThat(sim.count(NOTE)).isEqualTo(2);

    // the store is out of the transaction: a later plain request is not rolled back by anything
    assertThat(api.patch(UPSERT, Map.of("allOrNone", false, "records", List.of(Map.of("attributes",
        Map.of("type", NOTE), "External_Id__c", "rc_msg_3", "OwnerId", owner)))).status()).isEqualTo(200);
    assertThat(sim.count(NOTE)).isEqualTo(3);
  }

  @Test
  void allOrNoneRollsBackACollectionsUpsertWhoseRecordsFailedOnlyInTheComposite() {
    sim.faults().failRecordAlways("rc_msg_2", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Topic is required");

    List<JsonNode> results = results(composite(true, List.of(
        upsertNote("w1", "rc_msg_1", owner),
        upsertNote("w2", "rc_msg_2", owner))));

    // a collections call with allOrNone=false answers 200 even when a record fails: the composite goes on
    assertThat(results).allSatisfy(r -> assertThat(r.get("httpStatusCode").asInt()).isEqualTo(200));
    assertThat(results.get(1).get("body").get(0).get("success").asBoolean()).isFalse();
    assertThat(sim.count(NOTE)).isEqualTo(1);
  }

  @Test
  void referencesCarryValuesFromEarlierResponsesIntoUrlsAndBodies() {
    List<JsonNode> results = results(composite(false, List.of(
        query("m", "SELECT Id, Name FROM " + MATTER + " WHERE Name = 'M02'"),
        get("row", SfClient.V + "/sobjects/" + MATTER + "/@{m.records[0].Id}?fields=Name"),
        upsertLinkedNote("note", "@{m.records[0].Id}"))));

    assertThat(results.get(1).get("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(results.get(1).get("body").get("Name").asText()).isEqualTo("M02");
    assertThat(results.get(2).get("body").get(0).get("success").asBoolean()).as(results.get(2).toString()).isTrue();
    String matterId = results.get(0).get("body").get("records").get(0).get("Id").asText();
    assertThat(sim.findBy(NOTE, "External_Id__c", "rc_msg_9")).singleElement()
        .satisfies(n -> assertThat(n.get("litify_pm__lit_Matter__c")).isEqualTo(matterId));
  }

  private Map<String, Object> upsertLinkedNote(String ref, String matterReference) {
    Map<String, Object> sub = upsertNote(ref, "rc_msg_9", owner);
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("attributes", Map.of("type", NOTE));
    note.put("External_Id__c", "rc_msg_9");
    note.put("OwnerId", owner);
    note.put("litify_pm__lit_Matter__c", matterReference);
    sub.put("body", Map.of("allOrNone", false, "records", List.of(note)));
    return sub;
  }

  @Test
  void aSubrequestThatRefersToAFailedOneIsNotExecuted() {
    List<JsonNode> results = results(composite(false, List.of(
        query("bad", "SELECT Nope__c FROM " + MATTER),
        get("dependent", SfClient.V + "/sobjects/" + MATTER + "/@{bad.records[0].Id}"),
        query("independent", "SELECT COUNT() FROM " + MATTER))));

    assertThat(results).extracting(r -> r.get("httpStatusCode").asInt()).containsExactly(400, 400, 200);
    assertThat(errorCode(results.get(1))).isEqualTo("PROCESSING_HALTED");
    assertThat(sim.subrequests(Endpoint.RETRIEVE)).isZero();
  }

  @Test
  void aReferenceToAValueTheResponseLacksFailsThatSubrequest() {
    List<JsonNode> results = results(composite(false, List.of(
        query("none", "SELECT Id FROM " + MATTER + " WHERE Name = 'nobody'"),
        get("row", SfClient.V + "/sobjects/" + MATTER + "/@{none.records[0].Id}"))));

    assertThat(results.get(1).get("httpStatusCode").asInt()).isEqualTo(400);
    assertThat(errorCode(results.get(1))).isEqualTo("PROCESSING_HALTED");
    assertThat(results.get(1).get("body").get(0).get("message").asText()).contains("none.records[0].Id");
  }

  @Test
  void passesSubrequestHeadersToTheResource() {
    try (SalesforceSimulator big = SalesforceSimulator.litify(NAMES).build().start()) {
      for (int i = 0; i < 250; i++) {
        big.insert(MATTER, Map.of("Name", "M" + i));
      }
      Map<String, Object> sub = query("q", "SELECT Id FROM " + MATTER);
      sub.put("httpHeaders", Map.of("Sforce-Query-Options", "batchSize=200"));

      SfClient.Response r = new SfClient(big, big.issueToken()).post(COMPOSITE, Map.of("compositeRequest", List.of(sub)));

      JsonNode body = results(r).get(0).get("body");
      assertThat(body.get("records")).hasSize(200);
      assertThat(body.get("done").asBoolean()).isFalse();
    }
  }

  @Test
  void refusesMalformedRequestsBeforeRunningAnything() {
    Map<String, Object> lower = query("q", "SELECT Id FROM " + MATTER);
    lower.put("method", "get");
    Map<String, Object> auth = query("q", "SELECT Id FROM " + MATTER);
    auth.put("httpHeaders", Map.of("Authorization", "Bearer x"));
    Map<String, Object> typo = query("q", "SELECT Id FROM " + MATTER);
    typo.put("referenceID", "q");
    Map<String, Object> noRef = query("q", "SELECT Id FROM " + MATTER);
    noRef.remove("referenceId");

    assertRefused(composite(false, List.of(lower)), "INVALID_INPUT");
    assertRefused(composite(false, List.of(auth)), "INVALID_INPUT");
    assertRefused(composite(false, List.of(typo)), "JSON_PARSER_ERROR");
    assertRefused(composite(false, List.of(noRef)), "INVALID_INPUT");
    assertRefused(composite(false, List.of(query("same", "SELECT Id FROM " + MATTER),
        query("same", "SELECT Id FROM " + MATTER))), "INVALID_INPUT");
    assertRefused(composite(false, List.of(get("early", SfClient.V + "/sobjects/" + MATTER + "/@{late.id}"),
        query("late", "SELECT Id FROM " + MATTER))), "INVALID_INPUT");
    assertRefused(composite(false, List.of(get("rel", "/query?q=x"))), "INVALID_INPUT");
    assertRefused(composite(false, List.of()), "INVALID_INPUT");
    assertRefused(api.post(COMPOSITE, Map.of("compositeRequests", List.of())), "JSON_PARSER_ERROR");
    assertRefused(api.post(COMPOSITE, Map.of("allOrNone", "yes", "compositeRequest", List.of(
        query("q", "SELECT Id FROM " + MATTER)))), "JSON_PARSER_ERROR");
    assertThat(sim.subrequests(Endpoint.QUERY)).isZero();
  }

  private static void assertRefused(SfClient.Response r, String code) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo(code);
  }

  @Test
  void acceptsCollateSubrequestsAndAnswersInRequestOrder() {
    for (boolean collate : List.of(true, false)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("collateSubrequests", collate);
      body.put("compositeRequest", List.of(query("b", "SELECT COUNT() FROM " + MATTER),
          query("a", "SELECT COUNT() FROM " + NOTE)));

      assertThat(results(api.post(COMPOSITE, body))).extracting(r -> r.get("referenceId").asText())
          .containsExactly("b", "a");
    }
  }

  @Test
  void subrequestsOnResourcesCompositeDoesNotSupportFailAlone() {
    List<JsonNode> results = results(composite(false, List.of(get("limits", SfClient.V + "/limits"),
        get("nested", SfClient.V + "/composite"), query("q", "SELECT COUNT() FROM " + MATTER))));

    assertThat(results).extracting(r -> r.get("httpStatusCode").asInt()).containsExactly(400, 400, 200);
  }

  @Test
  void theCompositeCallNeedsATokenAndABudgetLikeAnyOther() {
    sim.setDailyApiRequestsRemaining(0);
    SfClient.Response spent = composite(false, List.of(query("q", "SELECT Id FROM " + MATTER)));
    assertThat(spent.status()).isEqualTo(403);
    assertThat(spent.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");

    sim.setDailyApiRequestsRemaining(10);
    sim.revokeAllTokens();
    SfClient.Response revoked = composite(false, List.of(query("q", "SELECT Id FROM " + MATTER)));
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.errorCode()).isEqualTo("INVALID_SESSION_ID");
    assertThat(sim.subrequests(Endpoint.QUERY)).isZero();
  }

  @Test
  void anInjectedRequestFailureHitsTheWholeCompositeCall() {
    sim.faults().failNextRequests(1);

    SfClient.Response r = composite(false, List.of(query("q", "SELECT Id FROM " + MATTER)));

    assertThat(r.status()).isEqualTo(503);
    assertThat(results(composite(false, List.of(query("q", "SELECT Id FROM " + MATTER))))).hasSize(1);
  }

  @Test
  void listsTheCompositeResourcesOnGet() {
    SfClient.Response r = api.get(COMPOSITE);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("sobjects").asText()).isEqualTo(SfClient.V + "/composite/sobjects");
  }
}
