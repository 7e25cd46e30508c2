package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.LitifySchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /query?explain=}: the plan's documented shape, TableScan for leading-wildcard LIKEs (not selective on a
 * large object), Index for {@code =}/{@code IN} on an indexed field (External ID by default, or one the simulator was
 * told to index), and a scan for an OR with one unindexed branch.
 */
class QueryExplainTest {
  private static final String M = "litify_pm__Matter__c";
  private static final int MATTERS = 120;

  private SalesforceSimulator sim;
  private SfClient api;

  private void start(SalesforceSimulator.Builder builder) {
    sim = builder.build().start();
    api = new SfClient(sim, sim.issueToken());
    for (int i = 0; i < MATTERS; i++) {
      String digits = "50255501" + String.format("%02d", i % 100) ;
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("Name", "Matter " + i);
      v.put("Matter_Phone__c", "(502) 555-01" + String.format("%02d", i % 100));
      v.put("Phone_10_Digit__c", i < 100 ? digits : "50299900" + String.format("%02d", i - 100));
      sim.insert(M, v);
    }
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private JsonNode explain(String soql) {
    SfClient.Response r = api.get(SfClient.V + "/query?explain=" + SfClient.encode(soql));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.body();
  }

  @Test
  void aLeadingWildcardLikeOnALargeObjectIsATableScanAboveCostOneWithANoteNamingTheField() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()).largeObjectRows(50));

    JsonNode plans = explain("SELECT Id FROM " + M + " WHERE (Matter_Phone__c LIKE '%502%555%0100%')").path("plans");

    assertThat(plans).hasSize(1);
    JsonNode best = plans.get(0);
    assertThat(best.path("leadingOperationType").asText()).isEqualTo("TableScan");
    assertThat(best.path("relativeCost").asDouble()).isCloseTo(MATTERS / 50.0, within(1e-6));
    assertThat(best.path("sobjectCardinality").asLong()).isEqualTo(MATTERS);
    assertThat(best.path("cardinality").asLong()).isEqualTo(MATTERS);
    assertThat(best.path("sobjectType").asText()).isEqualTo(M);
    assertThat(best.path("fields")).isEmpty();
    assertThat(best.path("notes").get(0).path("fields").get(0).asText()).isEqualTo("Matter_Phone__c");
    assertThat(best.path("notes").get(0).path("description").asText()).contains("unindexed");
    assertThat(best.path("notes").get(0).path("tableEnumOrId").asText()).isEqualTo(M);
  }

  @Test
  void aScanOfASmallObjectIsSelectiveAtTheDefaultLargeObjectSize() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()));

    JsonNode best = explain("SELECT Id FROM " + M + " WHERE Matter_Phone__c LIKE '%502%555%0100%'").path("plans").get(0);

    assertThat(best.path("leadingOperationType").asText()).isEqualTo("TableScan");
    assertThat(best.path("relativeCost").asDouble()).isCloseTo(MATTERS / 200_000.0, within(1e-6));
  }

  @Test
  void anInOnAFieldTheSimulatorIndexesIsAnIndexPlanBelowCostOneAheadOfTheScan() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()).largeObjectRows(50).indexedField(M, "Phone_10_Digit__c"));

    JsonNode plans = explain("SELECT Id FROM " + M + " WHERE (Phone_10_Digit__c IN ('5025550100','5029990001'))")
        .path("plans");

    assertThat(plans).hasSize(2);
    JsonNode best = plans.get(0);
    assertThat(best.path("leadingOperationType").asText()).isEqualTo("Index");
    assertThat(best.path("fields").get(0).asText()).isEqualTo("Phone_10_Digit__c");
    assertThat(best.path("cardinality").asLong()).isEqualTo(2);
    // a custom index: threshold 10% of the 120 records
    assertThat(best.path("relativeCost").asDouble()).isCloseTo(2 / 12.0, within(1e-6));
    assertThat(plans.get(1).path("leadingOperationType").asText()).isEqualTo("TableScan");
  }

  @Test
  void theSameInOnAnUnindexedFieldIsATableScan() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()).largeObjectRows(50));

    JsonNode plans = explain("SELECT Id FROM " + M + " WHERE Phone_10_Digit__c IN ('5025550100')").path("plans");

    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).path("leadingOperationType").asText()).isEqualTo("TableScan");
    assertThat(plans.get(0).path("relativeCost").asDouble()).isGreaterThan(1);
  }

  @Test
  void anOrWithOneUnindexedBranchIsATableScanEvenWhenTheOtherIsIndexed() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()).largeObjectRows(50));
    sim.indexField(M, "Phone_10_Digit__c");

    JsonNode plans = explain("SELECT Id FROM " + M + " WHERE Phone_10_Digit__c IN ('5025550100') OR "
        + "Matter_Phone__c LIKE '%502%555%0100%'").path("plans");

    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).path("leadingOperationType").asText()).isEqualTo("TableScan");
  }

  @Test
  void externalIdFieldsAndLookupsAreIndexedWithoutBeingToldSo() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()).largeObjectRows(50));

    JsonNode byExternalId = explain("SELECT Id FROM litify_pm__lit_Note__c WHERE External_Id__c = 'rc_msg_1'")
        .path("plans").get(0);
    JsonNode byId = explain("SELECT Id FROM " + M + " WHERE Id = 'a0LUV00000G5NHJ2A3'").path("plans").get(0);

    assertThat(byExternalId.path("leadingOperationType").asText()).isEqualTo("Index");
    assertThat(byExternalId.path("fields").get(0).asText()).isEqualTo("External_Id__c");
    assertThat(byId.path("leadingOperationType").asText()).isEqualTo("Index");
  }

  @Test
  void anUnknownFieldIsRefusedAsTheQueryResourceRefusesItAndNothingRuns() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()));

    SfClient.Response r = api.get(SfClient.V + "/query?explain=" + SfClient.encode("SELECT Id FROM " + M
        + " WHERE Nope__c IN ('1')"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("INVALID_FIELD");
  }

  @Test
  void explainWorksAsACompositeQuerySubrequest() {
    start(SalesforceSimulator.litify(LitifySchema.defaults()).largeObjectRows(50));

    SfClient.Response r = api.post(SfClient.V + "/composite", Map.of("allOrNone", false, "compositeRequest",
        java.util.List.of(Map.of("method", "GET", "referenceId", "p0", "url", SfClient.V + "/query?explain="
            + SfClient.encode("SELECT Id FROM " + M + " WHERE Matter_Phone__c LIKE '%502%'")))));

    JsonNode sub = r.body().path("compositeResponse").get(0);
    assertThat(sub.path("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(sub.path("body").path("plans").get(0).path("leadingOperationType").asText()).isEqualTo("TableScan");
  }
}
