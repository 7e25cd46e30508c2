package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.ApiQuota.Usage;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Sforce-Limit-Info} on the wire: parsed on every answer, and the reserve refuses the next call. */
class SalesforceApiQuotaTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String DATA = "/services/data/v67.0";

  private final ApiCalls apiCalls = new ApiCalls();

  private SalesforceAdapters adapters(int reservePercent) {
    SalesforceConfig config = SalesforceConfig.builder().schema(LitifySchema.defaults()).sleeper(new RecordingSleeper())
        .apiReservePercent(reservePercent).build();
    return SalesforceAdapters.create(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls);
  }

  private static void answerWith(String limitInfo) {
    var response = aResponse().withHeader("Content-Type", "application/json").withBody("{}");
    if (limitInfo != null) {
      response = response.withHeader("Sforce-Limit-Info", limitInfo);
    }
    wm.stubFor(get(urlPathEqualTo(DATA)).willReturn(response));
  }

  @Test
  void usageIsReadFromTheHeaderOfEveryAnswerAndTheLatestWins() {
    SalesforceAdapters sf = adapters(10);
    assertThat(sf.apiQuota().usage()).isEmpty();

    answerWith("api-usage=10018/100000");
    sf.checkLogin();
    assertThat(sf.apiQuota().usage()).contains(new Usage(10_018, 100_000));

    answerWith("api-usage=10019/100000; api-bursts=1/750");
    sf.checkLogin();
    assertThat(sf.apiQuota().usage()).contains(new Usage(10_019, 100_000));
  }

  @Test
  void anAnswerWithoutTheHeaderKeepsTheLastKnownUsage() {
    SalesforceAdapters sf = adapters(10);
    answerWith("api-usage=5/5000");
    sf.checkLogin();
    answerWith(null);
    sf.checkLogin();
    assertThat(sf.apiQuota().usage()).contains(new Usage(5, 5_000));
  }

  @Test
  void headerParsingTakesApiUsageAndIgnoresOtherItemsAndMalformedValues() {
    assertThat(SalesforceApiQuota.parse("per-app-api-usage=17/250(appName=sample-app); api-usage=18/5000"))
        .contains(new Usage(18, 5_000));
    assertThat(SalesforceApiQuota.parse("api-usage=110018/100000")).contains(new Usage(110_018, 100_000));
    assertThat(SalesforceApiQuota.parse("api-usage=abc/100")).isEmpty();
    assertThat(SalesforceApiQuota.parse("api-usage=5/0")).isEmpty();
    assertThat(SalesforceApiQuota.parse("api-bursts=1/750")).isEmpty();
    assertThat(SalesforceApiQuota.parse("")).isEmpty();
  }

  @Test
  void onceUsageIsWithinTheReserveTheNextCallIsRefusedBeforeItIsSent() {
    SalesforceAdapters sf = adapters(10);
    answerWith("api-usage=13600/15000");
    sf.checkLogin();

    assertThatThrownBy(sf::checkLogin)
        .isInstanceOfSatisfying(ExternalSystemException.class,
            e -> assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.QUOTA_EXCEEDED))
        .hasMessage("Salesforce API usage 13,600 of 15,000 today is within the 10% reserve (1,500): stopped before "
            + "writing; the next run resumes");
    wm.verify(1, getRequestedFor(urlPathEqualTo(DATA)));
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void justOutsideTheReserveCallsGoOnAndAZeroReserveNeverRefuses() {
    SalesforceAdapters sf = adapters(10);
    answerWith("api-usage=13499/15000");
    sf.checkLogin();
    sf.checkLogin();
    wm.verify(2, getRequestedFor(urlPathEqualTo(DATA)));

    SalesforceAdapters none = adapters(0);
    answerWith("api-usage=16000/15000");
    none.checkLogin();
    none.checkLogin();
    assertThat(none.apiQuota().usage()).isEqualTo(Optional.of(new Usage(16_000, 15_000)));
  }

  @Test
  void usageDescribesTheRoomLeftBeforeTheReserve() {
    assertThat(new Usage(12_000, 15_000).describe(10))
        .isEqualTo("Salesforce API usage 12,000 of 15,000 today leaves 1,500 calls before the 10% reserve (1,500)");
  }

  @Test
  void theReservePercentMustBeZeroToNinety() {
    assertThatThrownBy(() -> SalesforceConfig.builder().apiReservePercent(91))
        .hasMessage("apiReservePercent must be 0..90, was 91");
    assertThatThrownBy(() -> SalesforceConfig.builder().apiReservePercent(-1))
        .hasMessage("apiReservePercent must be 0..90, was -1");
  }
}
