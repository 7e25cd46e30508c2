package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNumber;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SalesforceCaseDirectoryTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String QUERY = "/services/data/v67.0/query";
  private static final String EMPTY = "{\"totalSize\":0,\"done\":true,\"records\":[]}";
  private static final PhoneNumber SAM = PhoneNumber.of("5028138900");

  private final ApiCalls apiCalls = new ApiCalls();

  /** One GET per statement, so each statement can be inspected as a URL; composite batching is tested below. */
  private SalesforceCaseDirectory directory(LitifySchema schema) {
    SalesforceConfig config = SalesforceConfig.builder().schema(schema).compositeQueries(false).sleeper(new RecordingSleeper()).build();
    return new SalesforceCaseDirectory(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls);
  }

  private static String decodedQuery(LoggedRequest r) {
    String url = r.getUrl();
    return URLDecoder.decode(url.substring(url.indexOf("?q=") + 3), StandardCharsets.UTF_8);
  }

  private static String matter(String id, String status, String created, String matterPhone, String clientPhone) {
    return "{\"attributes\":{\"type\":\"litify_pm__Matter__c\",\"url\":\"/services/data/v67.0/sobjects/litify_pm__Matter__c/" + id + "\"},"
        + "\"Id\":\"" + id + "\",\"CreatedDate\":\"" + created + "\",\"litify_pm__Status__c\":" + (status == null ? "null" : "\"" + status + "\"")
        + ",\"Matter_Phone__c\":" + (matterPhone == null ? "null" : "\"" + matterPhone + "\"")
        + ",\"Client_Phone__c\":" + (clientPhone == null ? "null" : "\"" + clientPhone + "\"")
        + ",\"litify_pm__Phone__c\":null,\"Phone_10_Digit__c\":null}";
  }

  @Test
  void queriesMattersAndIntakesWithAFormattingAgnosticLikeOnEveryPhoneField() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody(EMPTY)));

    directory(LitifySchema.defaults()).findByPhones(List.of(SAM));

    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(requests).hasSize(2);
    assertThat(decodedQuery(requests.get(0))).isEqualTo(
        "SELECT Id, CreatedDate, litify_pm__Status__c, Matter_Phone__c, Client_Phone__c, litify_pm__Phone__c, Phone_10_Digit__c"
            + " FROM litify_pm__Matter__c WHERE " + fullwidthScan()
            + " OR (Matter_Phone__c LIKE '%502%813%8900%' OR Client_Phone__c LIKE '%502%813%8900%'"
            + " OR litify_pm__Phone__c LIKE '%502%813%8900%' OR Phone_10_Digit__c LIKE '%502%813%8900%')");
    assertThat(decodedQuery(requests.get(1))).contains("FROM litify_pm__Intake__c");
  }

  /** The run's first statement on an object also reads, once, every record holding a fullwidth digit 2-9. */
  private static String fullwidthScan() {
    List<String> terms = new java.util.ArrayList<>();
    for (String f : List.of("Matter_Phone__c", "Client_Phone__c", "litify_pm__Phone__c", "Phone_10_Digit__c")) {
      for (char d = '\uFF12'; d <= '\uFF19'; d++) {
        terms.add(f + " LIKE '%" + d + "%'");
      }
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  @Test
  void aLaterLookupInTheSameRunDoesNotReadTheFullwidthHoldersAgain() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody(EMPTY)));
    SalesforceCaseDirectory directory = directory(LitifySchema.defaults());

    directory.findByPhones(List.of(SAM));
    directory.findByPhones(List.of(PhoneNumber.of("2705550164")));

    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(requests).hasSize(4);
    assertThat(decodedQuery(requests.get(2))).doesNotContain("\uFF12").contains("LIKE '%270%555%0164%'");
  }

  @Test
  void mapsRecordsAndFollowsNextRecordsUrl() {
    String page1 = "{\"totalSize\":3,\"done\":false,\"nextRecordsUrl\":\"/services/data/v67.0/query/01gD0000002HU6KIAW-2000\",\"records\":["
        + matter("a0LUV00000G5NHJ2A3", "Open", "2026-01-02T03:04:05.000+0000", "(502) 813-8900", null) + ","
        + matter("a0LUV00000G5NHK2A3", "Closed", "2025-01-02T03:04:05.000+0000", null, "+1 502.813.8900") + "]}";
    String page2 = "{\"totalSize\":3,\"done\":true,\"records\":["
        + matter("a0LUV00000G5NHL2A3", null, "2024-01-02T03:04:05.000+0000", "502-813-8900 x12", null) + "]}";
    wm.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("litify_pm__Matter__c")).willReturn(aResponse().withBody(page1)));
    wm.stubFor(get(urlEqualTo("/services/data/v67.0/query/01gD0000002HU6KIAW-2000")).willReturn(aResponse().withBody(page2)));
    wm.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("litify_pm__Intake__c")).willReturn(aResponse().withBody(EMPTY)));

    List<CaseRecord> found = directory(LitifySchema.defaults()).findByPhones(List.of(SAM));

    assertThat(found).hasSize(3);
    CaseRecord first = found.get(0);
    assertThat(first.id().value()).isEqualTo("a0LUV00000G5NHJ2A3");
    assertThat(first.kind()).isEqualTo(CaseKind.MATTER);
    assertThat(first.status()).isEqualTo("Open");
    assertThat(first.createdDate()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(first.phoneValues()).containsEntry("Matter_Phone__c", "(502) 813-8900").doesNotContainKey("Client_Phone__c");
    assertThat(found.get(1).phoneValues()).containsEntry("Client_Phone__c", "+1 502.813.8900");
    assertThat(found.get(2).status()).isNull();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(3);
  }

  @Test
  void neverQueriesANumberTwiceInOneRun() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("litify_pm__Matter__c"))
        .willReturn(aResponse().withBody("{\"totalSize\":1,\"done\":true,\"records\":["
            + matter("a0LUV00000G5NHJ2A3", "Open", "2026-01-02T03:04:05.000+0000", "5028138900", null) + "]}")));
    wm.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("litify_pm__Intake__c")).willReturn(aResponse().withBody(EMPTY)));
    SalesforceCaseDirectory directory = directory(LitifySchema.defaults());
    PhoneNumber other = PhoneNumber.of("3125550100");

    List<CaseRecord> first = directory.findByPhones(List.of(SAM, other));
    List<CaseRecord> again = directory.findByPhones(List.of(other, SAM, SAM));

    assertThat(first).hasSize(1);
    assertThat(again).containsExactlyElementsOf(first);
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(2);
    directory.findByPhones(List.of(PhoneNumber.of("6065550111"), SAM));
    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(requests).hasSize(4);
    assertThat(decodedQuery(requests.get(3))).contains("%606%555%0111%").doesNotContain("8900");
  }

  @Test
  void packs400NumbersIntoFewQueriesThatStayUnderTheUrlAndSoqlLimits() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody(EMPTY)));
    List<PhoneNumber> numbers = numbers(400);

    directory(LitifySchema.defaults()).findByPhones(numbers);

    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)));
    Pattern like = Pattern.compile("Matter_Phone__c LIKE '%(\\d{3})%(\\d{3})%(\\d{4})%'");
    Set<String> covered = new HashSet<>();
    int matterQueries = 0;
    for (LoggedRequest r : requests) {
      assertThat((wm.baseUrl() + r.getUrl()).length()).isLessThanOrEqualTo(SalesforceConfig.DEFAULT_MAX_URL_LENGTH);
      String soql = decodedQuery(r);
      assertThat(soql.length()).isLessThanOrEqualTo(100_000);
      if (soql.contains("FROM litify_pm__Matter__c")) {
        matterQueries++;
        Matcher m = like.matcher(soql);
        while (m.find()) {
          assertThat(covered.add(m.group(1) + m.group(2) + m.group(3))).isTrue();
        }
      }
    }
    assertThat(covered).hasSize(400);
    assertThat(requests).hasSize(2 * matterQueries);
    assertThat(matterQueries).isBetween(5, 7); // ~210 encoded characters a number with 4 phone fields
  }

  @Test
  void aSmallerUrlBudgetMeansMoreChunksEachWithinIt() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody(EMPTY)));
    SalesforceConfig config = SalesforceConfig.builder().maxUrlLength(4_000).compositeQueries(false).sleeper(new RecordingSleeper()).build();

    new SalesforceCaseDirectory(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls).findByPhones(numbers(100));

    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(requests).allSatisfy(r -> assertThat((wm.baseUrl() + r.getUrl()).length()).isLessThanOrEqualTo(4_000));
    assertThat(requests.size()).isGreaterThan(2 * 5);
  }

  @Test
  void configuredNamesThatAreNotApiNamesAreRefusedBeforeAnyCall() {
    LitifySchema quote = LitifySchema.defaults().withPhoneFields(List.of("Matter_Phone__c", "x' OR Name != '"));
    LitifySchema backslash = LitifySchema.defaults().withPhoneFields(List.of("Phone\\__c"));

    assertThatThrownBy(() -> directory(quote)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phoneFields").hasMessageContaining("x' OR Name != '");
    assertThatThrownBy(() -> directory(backslash)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phoneFields");
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isZero();
  }

  @Test
  void dropsAPhoneFieldThatDoesNotExistOnOneObjectAfterDescribingIt() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", matching(".*FROM litify_pm__Intake__c WHERE .*Matter_Phone__c.*"))
        .willReturn(aResponse().withStatus(400).withBody("[{\"message\":\"\\nSELECT Id, CreatedDate, Matter_Phone__c\\n^\\nERROR at Row:1:Column:27\\n"
            + "No such column 'Matter_Phone__c' on entity 'litify_pm__Intake__c'.\",\"errorCode\":\"INVALID_FIELD\"}]")));
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody(EMPTY)).atPriority(10));
    wm.stubFor(get(urlEqualTo("/services/data/v67.0/sobjects/litify_pm__Intake__c/describe")).willReturn(aResponse().withBody(
        "{\"name\":\"litify_pm__Intake__c\",\"fields\":[{\"name\":\"Id\"},{\"name\":\"CreatedDate\"},{\"name\":\"litify_pm__Status__c\"},"
            + "{\"name\":\"litify_pm__Phone__c\"},{\"name\":\"Client_Phone__c\"}]}")));
    SalesforceCaseDirectory directory = directory(LitifySchema.defaults().withPhoneFields(List.of("Matter_Phone__c", "litify_pm__Phone__c")));

    directory.findByPhones(List.of(SAM));
    directory.findByPhones(List.of(PhoneNumber.of("3125550100")));

    List<String> intakeQueries = new ArrayList<>();
    wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).stream().map(SalesforceCaseDirectoryTest::decodedQuery)
        .filter(q -> q.contains("FROM litify_pm__Intake__c")).forEach(intakeQueries::add);
    assertThat(intakeQueries).hasSize(3);
    assertThat(intakeQueries.get(1)).doesNotContain("Matter_Phone__c").contains("litify_pm__Phone__c LIKE '%502%813%8900%'");
    assertThat(intakeQueries.get(2)).doesNotContain("Matter_Phone__c");
    assertThat(wm.findAll(getRequestedFor(urlEqualTo("/services/data/v67.0/sobjects/litify_pm__Intake__c/describe")))).hasSize(1);
  }

  @Test
  void aMissingStatusFieldIsReportedWithItsConfigKey() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withStatus(400)
        .withBody("[{\"message\":\"No such column 'Stage__c' on entity 'litify_pm__Matter__c'.\",\"errorCode\":\"INVALID_FIELD\"}]")));
    wm.stubFor(get(urlEqualTo("/services/data/v67.0/sobjects/litify_pm__Matter__c/describe")).willReturn(aResponse().withBody(
        "{\"fields\":[{\"name\":\"Id\"},{\"name\":\"Matter_Phone__c\"}]}")));
    LitifySchema schema = new LitifySchema("litify_pm__lit_Note__c", "litify_pm__lit_Note__c", "litify_pm__lit_Topic__c",
        "litify_pm__lit_Matter__c", "litify_pm__lit_Intake__c", "External_Id__c", Optional.empty(), "litify_pm__Matter__c", "Stage__c",
        Set.of("Closed"), "litify_pm__Intake__c", "litify_pm__Status__c", Set.of("Converted"), List.of("Matter_Phone__c"));

    assertThatThrownBy(() -> directory(schema).findByPhones(List.of(SAM)))
        .isInstanceOfSatisfying(io.rcsync.core.port.out.ExternalSystemException.class,
            e -> assertThat(e.getMessage()).contains("Stage__c", "matterStatusField"));
  }

  @Test
  void anEmptyListMakesNoCall() {
    assertThat(directory(LitifySchema.defaults()).findByPhones(List.of())).isEmpty();
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isZero();
  }

  static List<PhoneNumber> numbers(int count) {
    List<PhoneNumber> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(PhoneNumber.of(String.format("%03d%03d%04d", 200 + i % 700, 200 + (i * 7) % 700, i)));
    }
    return out;
  }
}
