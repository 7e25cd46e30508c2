package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.port.out.ExternalSystemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default lookup transport: up to five query statements per {@code POST /composite} (one API call). */
class SalesforceCompositeLookupTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String COMPOSITE = "/services/data/v67.0/composite";
  private static final String EMPTY = "{\"totalSize\":0,\"done\":true,\"records\":[]}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiCalls apiCalls = new ApiCalls();

  private SalesforceCaseDirectory directory(LitifySchema schema) {
    SalesforceConfig config = SalesforceConfig.builder().schema(schema).sleeper(new RecordingSleeper()).build();
    return new SalesforceCaseDirectory(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls);
  }

  private static String sub(String ref, int status, String body) {
    return "{\"body\":" + body + ",\"httpHeaders\":{},\"httpStatusCode\":" + status + ",\"referenceId\":\"" + ref + "\"}";
  }

  private static String composite(String... subs) {
    return "{\"compositeResponse\":[" + String.join(",", subs) + "]}";
  }

  @Test
  void sendsMatterAndIntakeQueriesInOneCompositeCallAndMapsEachSubresponse() throws Exception {
    String matter = "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"litify_pm__Matter__c\"},"
        + "\"Id\":\"a0LUV00000G5NHJ2A3\",\"CreatedDate\":\"2026-01-02T03:04:05.000+0000\",\"litify_pm__Status__c\":\"Open\","
        + "\"Matter_Phone__c\":\"(502) 813-8900\",\"Client_Phone__c\":null,\"litify_pm__Phone__c\":null,\"Phone_10_Digit__c\":null}]}";
    String intake = "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"litify_pm__Intake__c\"},"
        + "\"Id\":\"a0CUV00006LMO7s2AH\",\"CreatedDate\":\"2026-02-02T03:04:05.000+0000\",\"litify_pm__Status__c\":\"Converted\","
        + "\"Matter_Phone__c\":null,\"Client_Phone__c\":null,\"litify_pm__Phone__c\":\"5028138900\",\"Phone_10_Digit__c\":null}]}";
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withBody(composite(sub("q1", 200, intake), sub("q0", 200, matter)))));

    List<CaseRecord> found = directory(LitifySchema.defaults()).findByPhones(List.of(PhoneNumber.of("5028138900")));

    assertThat(found).extracting(CaseRecord::kind).containsExactly(CaseKind.MATTER, CaseKind.INTAKE);
    assertThat(found.get(1).status()).isEqualTo("Converted");
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
    JsonNode body = JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(COMPOSITE))).get(0).getBodyAsString());
    assertThat(body.path("allOrNone").asBoolean(true)).isFalse();
    JsonNode first = body.path("compositeRequest").get(0);
    assertThat(first.path("method").asText()).isEqualTo("GET");
    assertThat(first.path("referenceId").asText()).isEqualTo("q0");
    String url = first.path("url").asText();
    assertThat(url).startsWith("/services/data/v67.0/query?q=");
    assertThat(URLDecoder.decode(url.substring(url.indexOf("q=") + 2), StandardCharsets.UTF_8))
        .contains("FROM litify_pm__Matter__c WHERE (Matter_Phone__c LIKE '%\uFF12%'")
        .contains(" OR (Matter_Phone__c LIKE '%502%813%8900%'");
  }

  @Test
  void fourHundredNumbersTakeOneCompositeCallWhoseStatementsAreBoundOnlyBySoqlsLimitNotTheUrls() throws Exception {
    List<String> subs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      subs.add(sub("q" + i, 200, EMPTY));
    }
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withBody(composite(subs.toArray(String[]::new)))));
    List<PhoneNumber> numbers = SalesforceCaseDirectoryTest.numbers(400);

    directory(LitifySchema.defaults()).findByPhones(numbers);

    List<LoggedRequest> calls = wm.findAll(postRequestedFor(urlEqualTo(COMPOSITE)));
    assertThat(calls).hasSize(1);
    JsonNode requests = JSON.readTree(calls.get(0).getBodyAsString()).path("compositeRequest");
    assertThat(requests.size()).isEqualTo(2); // one statement per object: the url is in the body, not a GET's URI
    boolean longerThanAGetAllows = false;
    for (JsonNode r : requests) {
      String url = r.path("url").asText();
      String soql = URLDecoder.decode(url.substring(url.indexOf("q=") + 2), StandardCharsets.UTF_8);
      assertThat(soql.length()).isLessThanOrEqualTo(SalesforceConfig.DEFAULT_MAX_SOQL_LENGTH);
      longerThanAGetAllows |= (wm.baseUrl() + url).length() > SalesforceConfig.DEFAULT_MAX_URL_LENGTH;
      for (PhoneNumber n : numbers) {
        assertThat(soql).contains("'%" + n.areaCode() + "%" + n.exchange() + "%" + n.line() + "%'");
      }
    }
    assertThat(longerThanAGetAllows).isTrue();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void aSubrequestRefusedForAMissingFieldIsRetriedAfterDescribingJustThatObject() throws Exception {
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withBody(composite(sub("q0", 200, EMPTY),
        sub("q1", 400, "[{\"message\":\"No such column 'Matter_Phone__c' on entity 'litify_pm__Intake__c'.\",\"errorCode\":\"INVALID_FIELD\"}]")))));
    wm.stubFor(get(urlEqualTo("/services/data/v67.0/sobjects/litify_pm__Intake__c/describe")).willReturn(aResponse().withBody(
        "{\"fields\":[{\"name\":\"Id\"},{\"name\":\"CreatedDate\"},{\"name\":\"litify_pm__Status__c\"},{\"name\":\"litify_pm__Phone__c\"}]}")));
    wm.stubFor(get(urlPathEqualTo("/services/data/v67.0/query")).willReturn(aResponse().withBody(EMPTY)));

    directory(LitifySchema.defaults().withPhoneFields(List.of("Matter_Phone__c", "litify_pm__Phone__c")))
        .findByPhones(List.of(PhoneNumber.of("5028138900")));

    List<LoggedRequest> composites = wm.findAll(postRequestedFor(urlEqualTo(COMPOSITE)));
    assertThat(composites).hasSize(2);
    JsonNode again = JSON.readTree(composites.get(1).getBodyAsString()).path("compositeRequest");
    assertThat(again.size()).isEqualTo(1); // only the Intake statement, still in a composite body
    assertThat(URLDecoder.decode(again.get(0).path("url").asText(), StandardCharsets.UTF_8))
        .contains("FROM litify_pm__Intake__c").doesNotContain("Matter_Phone__c");
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/services/data/v67.0/query")))).isEmpty();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(3); // composite + describe + re-query
  }

  @Test
  void anyOtherSubrequestErrorIsARejectionNamingTheObject() {
    wm.stubFor(post(urlEqualTo(COMPOSITE)).willReturn(aResponse().withBody(composite(
        sub("q0", 400, "[{\"message\":\"sObject type 'litify_pm__Matter__c' is not supported.\",\"errorCode\":\"INVALID_TYPE\"}]"),
        sub("q1", 200, EMPTY)))));

    assertThatThrownBy(() -> directory(LitifySchema.defaults()).findByPhones(List.of(PhoneNumber.of("5028138900"))))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
          assertThat(e.getMessage()).contains("query on litify_pm__Matter__c", "INVALID_TYPE", "config");
        });
  }
}
