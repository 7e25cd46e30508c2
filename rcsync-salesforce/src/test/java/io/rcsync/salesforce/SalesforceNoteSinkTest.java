package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ExternalSystemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SalesforceNoteSinkTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String UPSERT = "/services/data/v67.0/composite/sobjects/litify_pm__lit_Note__c/External_Id__c";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiCalls apiCalls = new ApiCalls();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private SalesforceNoteSink sink;

  @BeforeEach
  void setUp() {
    sink = sink(LitifySchema.defaults());
  }

  private SalesforceNoteSink sink(LitifySchema schema) {
    SalesforceConfig config = SalesforceConfig.builder().schema(schema).sleeper(sleeper).build();
    return new SalesforceNoteSink(config, new StaticTokenAuth(wm.baseUrl(), "00Dtest!secret-token"), apiCalls);
  }

  private static String results(List<String> items) {
    return "[" + String.join(",", items) + "]";
  }

  @Test
  void sendsDocumentedCollectionsUpsertBodyWithEveryNoteField() throws Exception {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withStatus(200)
        .withBody(results(List.of(Drafts.ok(Drafts.id("a5X", 1), true), Drafts.ok(Drafts.id("a5X", 2), false))))));
    sink = sink(LitifySchema.defaults().withMessageTimeField("Message_Time__c"));

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(2));

    assertThat(out).extracting(WriteOutcome::externalId, WriteOutcome::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("rc_msg_1000", WriteOutcome.Status.CREATED),
        org.assertj.core.groups.Tuple.tuple("rc_msg_1001", WriteOutcome.Status.UPDATED));
    LoggedRequest req = wm.findAll(patchRequestedFor(urlEqualTo(UPSERT))).get(0);
    assertThat(req.getHeader("Authorization")).isEqualTo("Bearer 00Dtest!secret-token");
    JsonNode body = JSON.readTree(req.getBodyAsString());
    assertThat(body.path("allOrNone").asBoolean(true)).isFalse();
    JsonNode first = body.path("records").get(0);
    assertThat(first.path("attributes").path("type").asText()).isEqualTo("litify_pm__lit_Note__c");
    assertThat(first.path("External_Id__c").asText()).isEqualTo("rc_msg_1000");
    assertThat(first.path("OwnerId").asText()).isEqualTo("005UV0000012345AAA");
    assertThat(first.path("litify_pm__lit_Topic__c").asText()).isEqualTo("Text message received");
    assertThat(first.path("litify_pm__lit_Note__c").asText()).isEqualTo("hello 0");
    assertThat(first.path("litify_pm__lit_Matter__c").asText()).isEqualTo("a0LUV00000G5NHJ2A3");
    assertThat(first.get("litify_pm__lit_Intake__c").isNull()).isTrue();
    assertThat(first.path("Message_Time__c").asText()).isEqualTo("2026-04-01T10:00:00Z");
    JsonNode second = body.path("records").get(1);
    assertThat(second.path("litify_pm__lit_Intake__c").asText()).isEqualTo("a0CUV00006LMO7s2AH");
    assertThat(second.get("litify_pm__lit_Matter__c").isNull()).isTrue();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void leavesOutMessageTimeWhenNoFieldIsConfigured() throws Exception {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withBody(results(List.of(Drafts.ok(Drafts.id("a5X", 1), true))))));

    sink.upsert(Drafts.drafts(1));

    JsonNode rec = JSON.readTree(wm.findAll(patchRequestedFor(urlEqualTo(UPSERT))).get(0).getBodyAsString()).path("records").get(0);
    assertThat(rec.has("Message_Time__c")).isFalse();
    assertThat(rec.size()).isEqualTo(7); // attributes + 6 fields
  }

  @Test
  void withCompositeBatchingOffSplitsMoreThan200DraftsIntoTwoCalls() throws Exception {
    sink = new SalesforceNoteSink(SalesforceConfig.builder().sleeper(sleeper).compositeBatching(false).build(),
        new StaticTokenAuth(wm.baseUrl(), "00Dtest!secret-token"), apiCalls);
    wm.stubFor(patch(urlEqualTo(UPSERT)).withRequestBody(matchingJsonPath("$.records[199]"))
        .willReturn(aResponse().withBody(results(IntStream.range(0, 200).mapToObj(i -> Drafts.ok(Drafts.id("a5X", i), true)).toList()))));
    wm.stubFor(patch(urlEqualTo(UPSERT)).withRequestBody(matchingJsonPath("$.records[?(@.External_Id__c == 'rc_msg_1200')]"))
        .willReturn(aResponse().withBody(results(List.of(Drafts.ok(Drafts.id("a5X", 200), true))))));

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(201));

    assertThat(out).hasSize(201).allMatch(WriteOutcome::succeeded);
    List<LoggedRequest> calls = wm.findAll(patchRequestedFor(urlEqualTo(UPSERT)));
    assertThat(calls).hasSize(2);
    assertThat(JSON.readTree(calls.get(0).getBodyAsString()).path("records").size()).isEqualTo(200);
    assertThat(JSON.readTree(calls.get(1).getBodyAsString()).path("records").size()).isEqualTo(1);
    assertThat(out.get(200).id()).hasValueSatisfying(id -> assertThat(id.value()).isEqualTo(Drafts.id("a5X", 200)));
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(2);
  }

  @Test
  void reportsEachFailedRecordWithCodeMessageAndFieldsWithoutHidingTheOthers() {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withBody(results(List.of(
        Drafts.ok(Drafts.id("a5X", 1), true),
        Drafts.failed("FIELD_CUSTOM_VALIDATION_EXCEPTION", "Topic must be set", "litify_pm__lit_Topic__c"),
        Drafts.ok(Drafts.id("a5X", 3), false))))));

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(3));

    assertThat(out.get(0).status()).isEqualTo(WriteOutcome.Status.CREATED);
    assertThat(out.get(1).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(out.get(1).externalId()).isEqualTo("rc_msg_1001");
    assertThat(out.get(1).errorCode()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    assertThat(out.get(1).message()).isEqualTo("Topic must be set");
    assertThat(out.get(1).fields()).containsExactly("litify_pm__lit_Topic__c");
    assertThat(out.get(2).status()).isEqualTo(WriteOutcome.Status.UPDATED);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void retriesOnlyTheRecordsThatHitUnableToLockRow() throws Exception {
    wm.stubFor(patch(urlEqualTo(UPSERT)).inScenario("lock").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withBody(results(List.of(
            Drafts.ok(Drafts.id("a5X", 1), true),
            Drafts.failed("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record"),
            Drafts.ok(Drafts.id("a5X", 3), true),
            Drafts.failed("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record")))))
        .willSetStateTo("retry"));
    wm.stubFor(patch(urlEqualTo(UPSERT)).inScenario("lock").whenScenarioStateIs("retry")
        .willReturn(aResponse().withBody(results(List.of(
            Drafts.ok(Drafts.id("a5X", 2), true), Drafts.ok(Drafts.id("a5X", 4), false))))));

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(4));

    assertThat(out).allMatch(WriteOutcome::succeeded);
    assertThat(out).extracting(o -> o.id().orElseThrow().value())
        .containsExactly(Drafts.id("a5X", 1), Drafts.id("a5X", 2), Drafts.id("a5X", 3), Drafts.id("a5X", 4));
    assertThat(out.get(3).status()).isEqualTo(WriteOutcome.Status.UPDATED);
    List<LoggedRequest> calls = wm.findAll(patchRequestedFor(urlEqualTo(UPSERT)));
    assertThat(calls).hasSize(2);
    JsonNode retried = JSON.readTree(calls.get(1).getBodyAsString()).path("records");
    List<String> retriedIds = new ArrayList<>();
    retried.forEach(r -> retriedIds.add(r.path("External_Id__c").asText()));
    assertThat(retriedIds).containsExactly("rc_msg_1001", "rc_msg_1003");
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void givesUpOnALockedRowAfterTheRetryBudgetAndReportsIt() {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withBody(results(List.of(
        Drafts.failed("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record"))))));

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(1));

    assertThat(out.get(0).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(out.get(0).errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(wm.findAll(patchRequestedFor(urlEqualTo(UPSERT)))).hasSize(4); // first try + 3 retries
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void requestLimitExceededStopsWithQuotaExceeded() {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withStatus(403)
        .withBody("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")));

    assertThatThrownBy(() -> sink.upsert(Drafts.drafts(3)))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.QUOTA_EXCEEDED);
          assertThat(e.fatalToRun()).isTrue();
          assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED").doesNotContain("secret-token");
        });
    assertThat(wm.findAll(patchRequestedFor(urlEqualTo(UPSERT)))).hasSize(1);
  }

  @Test
  void reportsARecordWithoutAResultAsFailed() {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withBody(results(List.of(Drafts.ok(Drafts.id("a5X", 1), true))))));

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(2));

    assertThat(out.get(1).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(out.get(1).errorCode()).isEqualTo("NO_RESULT");
  }

  @Test
  void badFieldNameIsRejectedWithTheConfigKeyAndSalesforceMessage() {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withStatus(400).withBody(
        "[{\"message\":\"No such column 'litify_pm__lit_Topic__c' on sobject of type litify_pm__lit_Note__c\",\"errorCode\":\"INVALID_FIELD\"}]")));

    assertThatThrownBy(() -> sink.upsert(Drafts.drafts(1)))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
          assertThat(e.getMessage()).contains("INVALID_FIELD", "No such column", "check the object and field names in the config");
        });
  }

  @Test
  void refusesConfiguredNamesThatCouldInjectIntoTheRequest() {
    LitifySchema evil = new LitifySchema("litify_pm__lit_Note__c/../../x", "b", "t", "m", "i", "e", java.util.Optional.empty(),
        "M", "S", java.util.Set.of(), "I", "S", java.util.Set.of(), List.of("P"));

    assertThatThrownBy(() -> sink(evil))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noteObject");
  }

  @Test
  void emptyBatchMakesNoCall() {
    assertThat(sink.upsert(List.<NoteDraft>of())).isEmpty();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isZero();
  }
}
