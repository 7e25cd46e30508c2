package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import io.rcsync.core.domain.NoteField;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire shape of Note writes batched into {@code POST /composite}: five 200-record sObject Collections subrequests
 * in one call, each with its own results; a subrequest refused alone; per-record errors and UNABLE_TO_LOCK_ROW
 * retries inside a subrequest; a whole call answered 503 (retried) or 429 (not retried, as every other call).
 */
class SalesforceCompositeNoteWriteTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String V = "/services/data/v67.0";
  private static final String COMPOSITE = V + "/composite";
  private static final String UPSERT = V + "/composite/sobjects/litify_pm__lit_Note__c/External_Id__c";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiCalls apiCalls = new ApiCalls();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  private SalesforceNoteSink sink(boolean compositeBatching) {
    SalesforceConfig config = SalesforceConfig.builder().schema(LitifySchema.defaults()).sleeper(sleeper)
        .compositeBatching(compositeBatching).build();
    return new SalesforceNoteSink(config, new StaticTokenAuth(wm.baseUrl(), "00Dtest!secret-token"), apiCalls);
  }

  /** A composite answer: one subresponse per status/body, referenceIds c0, c1, ... */
  private static String compositeAnswer(List<Integer> statuses, List<String> bodies) {
    List<String> subs = new ArrayList<>();
    for (int k = 0; k < statuses.size(); k++) {
      subs.add("{\"body\":" + bodies.get(k) + ",\"httpHeaders\":{},\"httpStatusCode\":" + statuses.get(k)
          + ",\"referenceId\":\"c" + k + "\"}");
    }
    return "{\"compositeResponse\":[" + String.join(",", subs) + "]}";
  }

  /** The results of a collection of {@code size} records from record {@code from}, each given by {@code result}. */
  private static String collection(int from, int size, IntFunction<String> result) {
    return "[" + String.join(",", IntStream.range(from, from + size).mapToObj(result).toList()) + "]";
  }

  private static String created(int i) {
    return Drafts.ok(Drafts.id("a5X", i), true);
  }

  private static JsonNode onlyComposite() throws Exception {
    List<LoggedRequest> calls = wm.findAll(postRequestedFor(urlEqualTo(COMPOSITE)));
    assertThat(calls).hasSize(1);
    return JSON.readTree(calls.get(0).getBodyAsString());
  }

  @Test
  void writesAThousandNotesAsFiveCollectionsSubrequestsInOneCompositeCall() throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      bodies.add(collection(k * 200, 200, SalesforceCompositeNoteWriteTest::created));
    }
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withStatus(200)
        .withBody(compositeAnswer(List.of(200, 200, 200, 200, 200), bodies))));
    SalesforceNoteSink sink = sink(true);

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(1000));

    assertThat(sink.maxBatchSize()).isEqualTo(1000);
    assertThat(out).hasSize(1000).allMatch(o -> o.status() == WriteOutcome.Status.CREATED);
    assertThat(out.get(0).externalId()).isEqualTo("rc_msg_1000");
    assertThat(out.get(999).externalId()).isEqualTo("rc_msg_1999");
    assertThat(out.get(999).id()).contains(SalesforceId.of(Drafts.id("a5X", 999)));
    JsonNode body = onlyComposite();
    assertThat(body.path("allOrNone").isBoolean()).isTrue();
    assertThat(body.path("allOrNone").asBoolean(true)).isFalse();
    JsonNode subs = body.path("compositeRequest");
    assertThat(subs).hasSize(5);
    for (int k = 0; k < 5; k++) {
      JsonNode sub = subs.get(k);
      assertThat(sub.path("method").asText()).isEqualTo("PATCH");
      assertThat(sub.path("url").asText()).isEqualTo(UPSERT);
      assertThat(sub.path("referenceId").asText()).isEqualTo("c" + k);
      assertThat(sub.path("body").path("allOrNone").isBoolean()).isTrue();
      assertThat(sub.path("body").path("allOrNone").asBoolean(true)).isFalse();
      JsonNode records = sub.path("body").path("records");
      assertThat(records).hasSize(200);
      assertThat(records.get(0).path("attributes").path("type").asText()).isEqualTo("litify_pm__lit_Note__c");
      assertThat(records.get(0).path("External_Id__c").asText()).isEqualTo("rc_msg_" + (1000 + k * 200));
      assertThat(records.get(199).path("External_Id__c").asText()).isEqualTo("rc_msg_" + (1199 + k * 200));
    }
    assertThat(wm.findAll(patchRequestedFor(urlEqualTo(UPSERT)))).isEmpty();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void aSubrequestRefusedAsAWholeFailsOnlyItsRecordsWithItsError() throws Exception {
    String refused = "[{\"errorCode\":\"EXCEEDED_ID_LIMIT\",\"message\":\"record limit reached. cannot submit more"
        + " than 200 records into this call\"}]";
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withStatus(200).withBody(compositeAnswer(
        List.of(200, 400, 200), List.of(collection(0, 200, SalesforceCompositeNoteWriteTest::created), refused,
            collection(400, 50, SalesforceCompositeNoteWriteTest::created))))));

    List<WriteOutcome> out = sink(true).upsert(Drafts.drafts(450));

    assertThat(out).hasSize(450);
    assertThat(out.subList(0, 200)).allMatch(WriteOutcome::succeeded);
    assertThat(out.subList(400, 450)).allMatch(WriteOutcome::succeeded);
    assertThat(out.subList(200, 400)).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(WriteOutcome.Status.FAILED);
      assertThat(o.errorCode()).isEqualTo("EXCEEDED_ID_LIMIT");
      assertThat(o.message()).contains("HTTP 400").contains("record limit reached").doesNotContain("\n");
    });
    assertThat(out.get(200).externalId()).isEqualTo("rc_msg_1200");
    assertThat(onlyComposite().path("compositeRequest")).hasSize(3);
    assertThat(sleeper.waits).isEmpty();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void everySubrequestRefusedIsARefusedCallLikeARefusedCollection() {
    String refused = "[{\"errorCode\":\"INVALID_FIELD\",\"message\":\"No such column 'External_Id__c'\"}]";
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withStatus(200)
        .withBody(compositeAnswer(List.of(400, 400), List.of(refused, refused)))));

    assertThatThrownBy(() -> sink(true).upsert(Drafts.drafts(201)))
        .isInstanceOfSatisfying(ExternalSystemException.class,
            e -> assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED))
        .hasMessageContaining("INVALID_FIELD").hasMessageContaining("check the object and field names");
  }

  @Test
  void perRecordErrorsInsideASubrequestStandAndLockedRowsAreRetriedAlone() throws Exception {
    String first = collection(0, 200, i -> i == 5
        ? Drafts.failed("FIELD_CUSTOM_VALIDATION_EXCEPTION", "Topic must be set", "litify_pm__lit_Topic__c")
        : created(i));
    String second = collection(200, 100, i -> i == 203
        ? Drafts.failed("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record") : created(i));
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withStatus(200)
        .withBody(compositeAnswer(List.of(200, 200), List.of(first, second)))));
    // the retry round has one collection left: a plain sObject Collections call with just the locked record
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withStatus(200).withBody("[" + created(203) + "]")));

    List<WriteOutcome> out = sink(true).upsert(Drafts.drafts(300));

    assertThat(out).hasSize(300);
    assertThat(out.get(5).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(out.get(5).errorCode()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    assertThat(out.get(5).fields()).containsExactly("litify_pm__lit_Topic__c");
    assertThat(out.get(203).status()).isEqualTo(WriteOutcome.Status.CREATED);
    assertThat(out.stream().filter(WriteOutcome::succeeded)).hasSize(299);
    List<LoggedRequest> retries = wm.findAll(patchRequestedFor(urlEqualTo(UPSERT)));
    assertThat(retries).hasSize(1);
    JsonNode retried = JSON.readTree(retries.get(0).getBodyAsString()).path("records");
    assertThat(retried).hasSize(1);
    assertThat(retried.get(0).path("External_Id__c").asText()).isEqualTo("rc_msg_1203");
    assertThat(sleeper.waits).hasSize(1);
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(2);
  }

  @Test
  void lockedRowsOfSeveralSubrequestsAreRetriedTogetherInOneCompositeCall() throws Exception {
    String locked = Drafts.failed("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record");
    wm.stubFor(post(urlEqualTo(COMPOSITE)).inScenario("lock").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200).withBody(compositeAnswer(List.of(200, 200), List.of(
            collection(0, 200, i -> i == 7 ? locked : created(i)),
            collection(200, 10, i -> i == 209 ? locked : created(i))))))
        .willSetStateTo("retry"));
    wm.stubFor(post(urlEqualTo(COMPOSITE)).inScenario("lock").whenScenarioStateIs("retry")
        .willReturn(aResponse().withStatus(200).withBody(compositeAnswer(List.of(200, 200),
            List.of("[" + created(7) + "]", "[" + created(209) + "]")))));

    List<WriteOutcome> out = sink(true).upsert(Drafts.drafts(210));

    assertThat(out).hasSize(210).allMatch(WriteOutcome::succeeded);
    List<LoggedRequest> calls = wm.findAll(postRequestedFor(urlEqualTo(COMPOSITE)));
    assertThat(calls).hasSize(2);
    JsonNode retry = JSON.readTree(calls.get(1).getBodyAsString()).path("compositeRequest");
    assertThat(retry).hasSize(2);
    assertThat(retry.get(0).path("body").path("records").get(0).path("External_Id__c").asText())
        .isEqualTo("rc_msg_1007");
    assertThat(retry.get(1).path("body").path("records").get(0).path("External_Id__c").asText())
        .isEqualTo("rc_msg_1209");
    assertThat(sleeper.waits).hasSize(1);
  }

  @Test
  void aWholeCompositeCallAnswered503IsRetriedAsAnyOtherCall() {
    wm.stubFor(post(urlEqualTo(COMPOSITE)).inScenario("503").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"busy\"}]"))
        .willSetStateTo("up"));
    wm.stubFor(post(urlEqualTo(COMPOSITE)).inScenario("503").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(200).withBody(compositeAnswer(List.of(200, 200), List.of(
            collection(0, 200, SalesforceCompositeNoteWriteTest::created),
            collection(200, 200, SalesforceCompositeNoteWriteTest::created))))));

    List<WriteOutcome> out = sink(true).upsert(Drafts.drafts(400));

    assertThat(out).hasSize(400).allMatch(WriteOutcome::succeeded);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo(COMPOSITE)))).hasSize(2);
    assertThat(sleeper.waits).hasSize(1);
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(2);
  }

  @Test
  void aWholeCompositeCallAnswered429FailsTheCallAsEveryOther429DoesNothingWritten() {
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withStatus(429)));

    assertThatThrownBy(() -> sink(true).upsert(Drafts.drafts(400)))
        .isInstanceOfSatisfying(ExternalSystemException.class,
            e -> assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.RATE_LIMITED))
        .hasMessageContaining("429");
    assertThat(wm.findAll(postRequestedFor(urlEqualTo(COMPOSITE)))).hasSize(1);
  }

  @Test
  void quotaSpentOnTheCompositeCallStopsTheRun() {
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withStatus(403)
        .withBody("[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"TotalRequests Limit exceeded.\"}]")));

    assertThatThrownBy(() -> sink(true).upsert(Drafts.drafts(400)))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.QUOTA_EXCEEDED);
          assertThat(e.fatalToRun()).isTrue();
        });
  }

  @Test
  void updatesTravelAsCollectionsUpdateSubrequests() throws Exception {
    List<String> bodies = List.of(collection(0, 200, i -> Drafts.ok(Drafts.id("a5X", i), false)),
        collection(200, 1, i -> Drafts.ok(Drafts.id("a5X", i), false)));
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withStatus(200)
        .withBody(compositeAnswer(List.of(200, 200), bodies))));
    List<NoteUpdate> updates = new ArrayList<>();
    List<NoteDraft> drafts = Drafts.drafts(201);
    for (int i = 0; i < drafts.size(); i++) {
      updates.add(new NoteUpdate(SalesforceId.of(Drafts.id("a5X", i)), drafts.get(i), Set.of(NoteField.BODY)));
    }

    List<WriteOutcome> out = sink(true).update(updates);

    assertThat(out).hasSize(201).allMatch(o -> o.status() == WriteOutcome.Status.UPDATED);
    JsonNode subs = onlyComposite().path("compositeRequest");
    assertThat(subs).hasSize(2);
    assertThat(subs.get(0).path("url").asText()).isEqualTo(V + "/composite/sobjects");
    assertThat(subs.get(0).path("method").asText()).isEqualTo("PATCH");
    JsonNode rec = subs.get(1).path("body").path("records").get(0);
    assertThat(rec.path("id").asText()).isEqualTo(Drafts.id("a5X", 200));
    assertThat(rec.has("OwnerId")).isFalse();
  }

  @Test
  void withCompositeBatchingOffEachCollectionOf200IsItsOwnCall() throws Exception {
    wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withStatus(200)
        .withBody(collection(0, 200, SalesforceCompositeNoteWriteTest::created))));
    SalesforceNoteSink sink = sink(false);

    List<WriteOutcome> out = sink.upsert(Drafts.drafts(1000));

    assertThat(sink.maxBatchSize()).isEqualTo(200);
    assertThat(out).hasSize(1000).allMatch(WriteOutcome::succeeded);
    assertThat(wm.findAll(patchRequestedFor(urlEqualTo(UPSERT)))).hasSize(5);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(COMPOSITE)))).isEmpty();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(5);
  }
}
