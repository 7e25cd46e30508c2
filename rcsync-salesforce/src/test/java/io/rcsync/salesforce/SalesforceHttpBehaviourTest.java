package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Auth renewal, retries, quota and error mapping of the shared HTTP client, seen through the ports. */
class SalesforceHttpBehaviourTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String QUERY = "/services/data/v67.0/query";
  private static final String EMPTY = "{\"totalSize\":0,\"done\":true,\"records\":[]}";
  private static final String INVALID_SESSION =
      "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]";

  private final ApiCalls apiCalls = new ApiCalls();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @TempDir
  Path dir;

  private SalesforceConfig config() {
    return SalesforceConfig.builder().compositeQueries(false).sleeper(sleeper).build();
  }

  private SalesforceCaseDirectory directory(SalesforceAuth auth) {
    return new SalesforceCaseDirectory(config(), auth, apiCalls);
  }

  private static List<PhoneNumber> one() {
    return List.of(PhoneNumber.of("5028138900"));
  }

  @Test
  void renewsTheSessionOnceAfterInvalidSessionIdAndSucceeds() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo("Bearer token-1"))
        .willReturn(aResponse().withStatus(401).withBody(INVALID_SESSION)));
    wm.stubFor(get(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo("Bearer token-2"))
        .willReturn(aResponse().withBody(EMPTY)));
    CountingAuth auth = new CountingAuth(wm.baseUrl());

    assertThat(directory(auth).findByPhones(one())).isEmpty();

    assertThat(auth.renewals).isEqualTo(1);
    // Matter: 401 + retry with the new token; Intake: new token straight away
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)))).hasSize(3);
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(3);
  }

  @Test
  void aSecondInvalidSessionIsAnAuthenticationErrorWithTheLoginHint() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withStatus(401).withBody(INVALID_SESSION)));
    CountingAuth auth = new CountingAuth(wm.baseUrl());

    assertThatThrownBy(() -> directory(auth).findByPhones(one()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
          assertThat(e.fatalToRun()).isTrue();
          assertThat(e.getMessage()).contains("INVALID_SESSION_ID", "sf org login web --alias TEST")
              .doesNotContain("token-1").doesNotContain("token-2");
        });
    assertThat(auth.renewals).isEqualTo(1);
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)))).hasSize(2);
  }

  @Test
  void renewsThroughTheSfCliWhenTheTokenExpires() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path sf = bin.resolve("sf");
    Files.writeString(sf, "#!/bin/sh\nn=$(cat \"" + bin + "/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"" + bin + "/count\"\n"
        + "echo '{\"status\":0,\"result\":{\"accessToken\":\"00DXX0000001abc!tok'$n'\",\"instanceUrl\":\"" + wm.baseUrl() + "\"}}'\n");
    Files.setPosixFilePermissions(sf, PosixFilePermissions.fromString("rwxr-xr-x"));
    wm.stubFor(get(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo("Bearer 00DXX0000001abc!tok1"))
        .willReturn(aResponse().withStatus(401).withBody(INVALID_SESSION)));
    wm.stubFor(get(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo("Bearer 00DXX0000001abc!tok2"))
        .willReturn(aResponse().withBody(EMPTY)));
    SfCliAuth auth = SfCliAuth.builder("LITIFY_ORG").searchPath(bin + ":/usr/bin:/bin").build();

    directory(auth).findByPhones(one());

    assertThat(Files.readString(bin.resolve("count")).strip()).isEqualTo("2");
  }

  @Test
  void retriesServiceUnavailableWithBackoffThroughTheSleeper() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).inScenario("503").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")).willSetStateTo("again"));
    wm.stubFor(get(urlPathEqualTo(QUERY)).inScenario("503").whenScenarioStateIs("again")
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    wm.stubFor(get(urlPathEqualTo(QUERY)).inScenario("503").whenScenarioStateIs("up").willReturn(aResponse().withBody(EMPTY)));

    directory(new CountingAuth(wm.baseUrl())).findByPhones(one());

    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(4); // 3 for Matter, 1 for Intake
  }

  @Test
  void persistentServiceUnavailableBecomesAConnectionErrorAfterTheBudget() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> directory(new CountingAuth(wm.baseUrl())).findByPhones(one()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
          assertThat(e.getMessage()).contains("HTTP 503", "4 attempt(s)");
        });
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(4);
    assertThat(sleeper.waits).hasSize(3);
  }

  @Test
  void droppedConnectionsAreRetriedThenReportedAsConnectionErrors() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> directory(new StaticTokenAuth(wm.baseUrl(), "00Dsecret!tok")).findByPhones(one()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
          assertThat(e.getMessage()).contains("could not reach Salesforce").doesNotContain("00Dsecret!tok");
        });
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(4);
  }

  @Test
  void requestLimitExceededOnAQueryIsQuotaExceeded() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withStatus(403)
        .withBody("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")));

    assertThatThrownBy(() -> directory(new CountingAuth(wm.baseUrl())).findByPhones(one()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXCEEDED));
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void otherForbiddenAnswersAreRejectionsNamingPermissions() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":1,\"done\":true,\"records\":["
        + "{\"Id\":\"a5XUV000000abcdAAA\",\"External_Id__c\":\"rc_msg_1\"}]}")));
    wm.stubFor(delete(urlPathEqualTo("/services/data/v67.0/composite/sobjects")).willReturn(aResponse().withStatus(403)
        .withBody("[{\"message\":\"insufficient access rights on object id\",\"errorCode\":\"INSUFFICIENT_ACCESS_OR_READONLY\"}]")));
    SalesforceNoteStore store = new SalesforceNoteStore(config(), new CountingAuth(wm.baseUrl()), apiCalls);

    assertThatThrownBy(() -> store.delete(List.of(SalesforceId.of("a5XUV000000abcdAAA"))))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.REJECTED);
          assertThat(e.getMessage()).contains("INSUFFICIENT_ACCESS_OR_READONLY", "permissions");
        });
  }

  @Test
  void tokenNeverAppearsInAnyErrorMessage() {
    String token = "00DUV000000abcd!AQsuperSecretValue";
    wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(400)
        .withBody("[{\"message\":\"\\nSELECT Id FROM X\\n^\\nERROR at Row:1:Column:8\\nunexpected token\",\"errorCode\":\"MALFORMED_QUERY\"}]")));

    assertThatThrownBy(() -> directory(new StaticTokenAuth(wm.baseUrl(), token)).findByPhones(one()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.getMessage()).contains("MALFORMED_QUERY").doesNotContain(token).doesNotContain("\n");
          assertThat(String.valueOf(e.getCause())).doesNotContain(token);
        });
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).allSatisfy(r -> assertThat(r.getUrl()).doesNotContain(token));
  }
}
