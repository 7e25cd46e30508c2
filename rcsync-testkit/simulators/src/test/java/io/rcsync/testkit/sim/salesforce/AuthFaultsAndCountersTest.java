package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.LitifySchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens, injected failures, the daily request budget and call counters. */
class AuthFaultsAndCountersTest {
  private static final LitifySchema NAMES = LitifySchema.defaults();
  private static final String NOTE = NAMES.noteObject();
  private static final String UPSERT = SfClient.V + "/composite/sobjects/" + NOTE + "/External_Id__c";
  private static final String ALL_MATTERS = "SELECT Id FROM " + NAMES.matterObject();

  private SalesforceSimulator sim;
  private SfClient api;
  private String token;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.litify(NAMES).build().start();
    token = sim.issueToken();
    api = new SfClient(sim, token);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private void assertInvalidSession(SfClient.Response r) {
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().toString())
        .isEqualTo("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
  }

  @Test
  void refusesMissingUnknownAndMalformedTokens() {
    assertInvalidSession(new SfClient(sim, null).query(ALL_MATTERS));
    assertInvalidSession(new SfClient(sim, "00Dnot-a-token").query(ALL_MATTERS));
    assertInvalidSession(new SfClient(sim, null).get(SfClient.V + "/limits", "Authorization", "Basic " + token));
    assertThat(api.query(ALL_MATTERS).status()).isEqualTo(200);
    assertThat(new SfClient(sim, null).get(SfClient.V + "/limits", "Authorization", "OAuth " + token).status())
        .isEqualTo(200);
  }

  @Test
  void revokedTokensStopWorkingAndNewOnesWork() {
    String other = sim.issueToken();
    sim.revokeToken(token);

    assertInvalidSession(api.query(ALL_MATTERS));
    assertThat(new SfClient(sim, other).query(ALL_MATTERS).status()).isEqualTo(200);

    sim.revokeAllTokens();
    assertInvalidSession(new SfClient(sim, other).query(ALL_MATTERS));
    assertThat(new SfClient(sim, sim.issueToken()).query(ALL_MATTERS).status()).isEqualTo(200);
  }

  @Test
  void acceptsARegisteredToken() {
    sim.registerToken("00Dfixed!token");

    assertThat(new SfClient(sim, "00Dfixed!token").query(ALL_MATTERS).status()).isEqualTo(200);
  }

  @Test
  void failsTheNextRequestsWithServiceUnavailable() {
    sim.faults().failNextRequests(2);

    SfClient.Response first = api.query(ALL_MATTERS);
    SfClient.Response second = api.get(SfClient.V + "/limits");
    SfClient.Response third = api.query(ALL_MATTERS);

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.errorCode()).isEqualTo("SERVER_UNAVAILABLE");
    assertThat(second.status()).isEqualTo(503);
    assertThat(third.status()).isEqualTo(200);
  }

  @Test
  void failsRequestsWithAnyStatusAndCode() {
    sim.faults().failNextRequests(1, 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred");

    SfClient.Response r = api.query(ALL_MATTERS);

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.errorCode()).isEqualTo("UNKNOWN_EXCEPTION");
  }

  private Map<String, Object> note(String externalId) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("attributes", Map.of("type", NOTE));
    n.put("External_Id__c", externalId);
    n.put(NAMES.noteBodyField(), "body");
    return n;
  }

  private String status(SfClient.Response r, int i) {
    return r.body().get(i).get("success").asBoolean() ? "OK"
        : r.body().get(i).get("errors").get(0).get("statusCode").asText();
  }

  @Test
  void unableToLockRowOnceThenTheRetrySucceeds() {
    sim.faults().unableToLockRow("rc_msg_2", 1);
    Map<String, Object> body = Map.of("allOrNone", false, "records", List.of(note("rc_msg_1"), note("rc_msg_2")));

    SfClient.Response first = api.patch(UPSERT, body);
    SfClient.Response retry = api.patch(UPSERT, body);

    assertThat(List.of(status(first, 0), status(first, 1))).containsExactly("OK", "UNABLE_TO_LOCK_ROW");
    assertThat(first.body().get(1).get("errors").get(0).get("message").asText())
        .isEqualTo("unable to obtain exclusive access to this record");
    assertThat(List.of(status(retry, 0), status(retry, 1))).containsExactly("OK", "OK");
    assertThat(sim.count(NOTE)).isEqualTo(2);
  }

  @Test
  void aRecordCanFailEveryTimeWithAnyCode() {
    sim.faults().failRecordAlways("rc_msg_1", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Topic is required");
    Map<String, Object> body = Map.of("allOrNone", false, "records", List.of(note("rc_msg_1")));

    for (int i = 0; i < 3; i++) {
      assertThat(status(api.patch(UPSERT, body), 0)).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    }
    sim.faults().reset();
    assertThat(status(api.patch(UPSERT, body), 0)).isEqualTo("OK");
  }

  @Test
  void deletesCanFailTransiently() {
    String id = sim.insert(NOTE, Map.of("External_Id__c", "rc_msg_1"));
    sim.faults().failDelete(id, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", 1);

    SfClient.Response first = api.delete(SfClient.V + "/composite/sobjects?ids=" + id);
    SfClient.Response retry = api.delete(SfClient.V + "/composite/sobjects?ids=" + id);

    assertThat(status(first, 0)).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(status(retry, 0)).isEqualTo("OK");
  }

  @Test
  void answersRequestLimitExceededOnceTheDailyBudgetIsSpent() {
    sim.setDailyApiRequestLimit(3);

    for (int i = 0; i < 3; i++) {
      assertThat(api.query(ALL_MATTERS).status()).isEqualTo(200);
    }
    SfClient.Response refused = api.query(ALL_MATTERS);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().toString())
        .isEqualTo("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
    assertThat(sim.dailyApiRequestsRemaining()).isZero();
    sim.setDailyApiRequestsRemaining(1);
    assertThat(api.query(ALL_MATTERS).status()).isEqualTo(200);
  }

  @Test
  void reportsApiUsageInTheLimitInfoHeader() {
    sim.setDailyApiRequestLimit(1000);

    SfClient.Response r = api.query(ALL_MATTERS);

    assertThat(r.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=1/1000");
  }

  @Test
  void startsFromTheBuildersApiUsageInTheHeaderAndLimitsAndRefusesPastTheMaximum() {
    SalesforceSimulator near = SalesforceSimulator.litify(NAMES).apiUsage(13_598, 13_600).build().start();
    try {
      SfClient client = new SfClient(near, near.issueToken());
      assertThat(client.query(ALL_MATTERS).headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=13599/13600");
      SfClient.Response limits = client.get(SfClient.V + "/limits");
      assertThat(limits.body().path("DailyApiRequests").path("Max").asLong()).isEqualTo(13_600);
      assertThat(limits.body().path("DailyApiRequests").path("Remaining").asLong()).isEqualTo(1);
      assertThat(client.query(ALL_MATTERS).headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=13600/13600");
      SfClient.Response refused = client.query(ALL_MATTERS);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    } finally {
      near.close();
    }
  }

  @Test
  void countsEveryRequestPerEndpointAndInTotal() {
    api.query(ALL_MATTERS);
    api.query(ALL_MATTERS);
    api.queryAll(ALL_MATTERS);
    api.patch(UPSERT, Map.of("records", List.of(note("a"))));
    api.delete(SfClient.V + "/composite/sobjects?ids=" + SalesforceIds.newId("a0N", 1));
    api.get(SfClient.V + "/sobjects/" + NOTE + "/describe");
    new SfClient(sim, "bad").query(ALL_MATTERS);
    sim.query(ALL_MATTERS);
    sim.insert(NOTE, Map.of("External_Id__c", "in-process"));

    assertThat(sim.calls(Endpoint.QUERY)).isEqualTo(3);
    assertThat(sim.calls(Endpoint.QUERY_ALL)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_DELETE)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.DESCRIBE)).isEqualTo(1);
    assertThat(sim.totalCalls()).isEqualTo(7);
    assertThat(sim.callCounts()).containsOnlyKeys(Endpoint.QUERY, Endpoint.QUERY_ALL, Endpoint.COLLECTIONS_UPSERT,
        Endpoint.COLLECTIONS_DELETE, Endpoint.DESCRIBE);

    sim.resetCounters();
    assertThat(sim.totalCalls()).isZero();
  }

  @Test
  void neverPutsTokensInResponsesOrToString() {
    SfClient.Response r = new SfClient(sim, "00Dsecret!value").query(ALL_MATTERS);

    assertThat(r.body().toString()).doesNotContain("secret");
    assertThat(sim.toString()).doesNotContain(token);
  }
}
