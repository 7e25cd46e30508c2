package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.LitifySchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Large results come back in batches linked by nextRecordsUrl. */
class QueryPagingTest {
  private static final String MATTER = LitifySchema.defaults().matterObject();

  private SalesforceSimulator sim;
  private SfClient api;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.litify(LitifySchema.defaults()).queryBatchSize(3).build().start();
    api = new SfClient(sim, sim.issueToken());
    for (int i = 1; i <= 8; i++) {
      sim.insert(MATTER, Map.of("Name", String.format("M%02d", i)));
    }
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void pagesThroughEveryRecordWithNextRecordsUrl() {
    SfClient.Response page = api.query("SELECT Name FROM " + MATTER + " ORDER BY Name");
    List<String> names = new ArrayList<>(page.column("Name"));
    List<String> urls = new ArrayList<>();
    assertThat(page.body().get("totalSize").asInt()).isEqualTo(8);
    assertThat(page.body().get("done").asBoolean()).isFalse();
    while (!page.body().get("done").asBoolean()) {
      String next = page.body().get("nextRecordsUrl").asText();
      urls.add(next);
      page = api.get(next);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body().get("totalSize").asInt()).isEqualTo(8);
      names.addAll(page.column("Name"));
    }

    assertThat(names).containsExactly("M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08");
    assertThat(urls).hasSize(2).allMatch(u -> u.matches("/services/data/v67\\.0/query/01g\\w+-\\d+"));
    assertThat(page.body().has("nextRecordsUrl")).isFalse();
    assertThat(sim.calls(SalesforceSimulator.Endpoint.QUERY)).isEqualTo(1);
    assertThat(sim.calls(SalesforceSimulator.Endpoint.QUERY_MORE)).isEqualTo(2);
  }

  @Test
  void aResultThatFitsOneBatchIsDoneAtOnce() {
    SfClient.Response r = api.query("SELECT Name FROM " + MATTER + " LIMIT 3");

    assertThat(r.body().get("done").asBoolean()).isTrue();
    assertThat(r.body().has("nextRecordsUrl")).isFalse();
  }

  @Test
  void honoursTheQueryOptionsBatchSizeHeaderWithinItsLimits() {
    for (int i = 9; i <= 450; i++) {
      sim.insert(MATTER, Map.of("Name", String.format("M%03d", i)));
    }

    SfClient.Response r = api.get(SfClient.V + "/query?q=" + SfClient.encode("SELECT Id FROM " + MATTER),
        "Sforce-Query-Options", "batchSize=250");
    SfClient.Response tooSmall = api.get(SfClient.V + "/query?q=" + SfClient.encode("SELECT Id FROM " + MATTER),
        "Sforce-Query-Options", "batchSize=10");

    assertThat(r.records()).hasSize(250);
    assertThat(tooSmall.records()).hasSize(200);
  }

  @Test
  void rejectsAnUnknownQueryLocator() {
    SfClient.Response r = api.get(SfClient.V + "/query/01gNOPE-2000");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("INVALID_QUERY_LOCATOR");
  }

  @Test
  void aggregateResultsLargerThanABatchMustBeLimited() {
    SfClient.Response r = api.query("SELECT Name, COUNT(Id) FROM " + MATTER + " GROUP BY Name");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("EXCEEDED_ID_LIMIT");
    assertThat(r.message()).contains("Aggregate query does not support queryMore()");
  }
}
