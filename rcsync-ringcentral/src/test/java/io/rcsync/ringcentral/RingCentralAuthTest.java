package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RingCentralAuthTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");
  private final ApiCalls calls = new ApiCalls();
  private RingCentralAuth auth;

  @BeforeEach
  void setUp() {
    auth = new RingCentralAuth(config(), calls);
  }

  private RingCentralConfig config() {
    return RingCentralConfig.builder(RcJson.credentials(wm.baseUrl()))
        .sleeper(time).clock(time).tokenRefreshMargin(Duration.ofMinutes(2)).build();
  }

  private static void tokenAnswers(String body) {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(body)));
  }

  @Test
  void logsInWithTheJwtBearerGrantAndBasicClientCredentials() {
    tokenAnswers(RcJson.token("tok-1", 3600));

    assertThat(auth.accessToken()).isEqualTo("tok-1");

    String basic = Base64.getEncoder().encodeToString(
        (RcJson.CLIENT_ID + ":" + RcJson.SECRET).getBytes(StandardCharsets.UTF_8));
    wm.verify(1, postRequestedFor(urlPathEqualTo("/restapi/oauth/token"))
        .withHeader("Authorization", equalTo("Basic " + basic))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withRequestBody(containing("grant_type=" + URLEncoder.encode(
            "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)))
        .withRequestBody(containing("assertion=" + URLEncoder.encode(RcJson.JWT, StandardCharsets.UTF_8))));
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(1);
  }

  @Test
  void neverFollowsARedirectWithTheClientSecretAndJwt() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).willReturn(aResponse().withStatus(307)
        .withHeader("Location", wm.baseUrl() + "/elsewhere/token")));
    wm.stubFor(post(urlPathEqualTo("/elsewhere/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(RcJson.token("tok-1", 3600))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, () -> auth.accessToken());

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("HTTP 307").doesNotContain(RcJson.SECRET).doesNotContain(RcJson.JWT);
    wm.verify(0, postRequestedFor(urlPathEqualTo("/elsewhere/token")));
  }

  @Test
  void reusesTheTokenUntilShortlyBeforeItExpires() {
    tokenAnswers(RcJson.token("tok-1", 3600));
    auth.accessToken();
    time.advance(Duration.ofMinutes(57));
    auth.accessToken();
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/restapi/oauth/token")))).hasSize(1);

    time.advance(Duration.ofMinutes(1) .plusSeconds(1)); // 58m01s: inside the 2-minute margin
    auth.accessToken();

    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/restapi/oauth/token")))).hasSize(2);
    assertThat(auth.logins()).isEqualTo(2);
  }

  @Test
  void forgetsATokenTheApiRejectedButNotANewerOne() {
    tokenAnswers(RcJson.token("tok-1", 3600));
    String first = auth.accessToken();
    auth.tokenRejected("some-older-token");
    assertThat(auth.accessToken()).isEqualTo(first);
    assertThat(auth.logins()).isEqualTo(1);

    auth.tokenRejected(first);
    auth.accessToken();

    assertThat(auth.logins()).isEqualTo(2);
  }

  @Test
  void concurrentCallersShareOneLogin() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).willReturn(aResponse().withStatus(200)
        .withFixedDelay(300).withHeader("Content-Type", "application/json").withBody(RcJson.token("tok-1", 3600))));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return auth.accessToken();
      }));
    }
    start.countDown();
    Set<String> tokens = ConcurrentHashMap.newKeySet();
    for (Future<String> f : results) {
      tokens.add(f.get(10, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(tokens).containsExactly("tok-1");
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/restapi/oauth/token")))).hasSize(1);
  }

  @Test
  void rejectedClientCredentialsNameTheClientIdAndSecretButNeverTheirValues() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody(RcJson.oauthError("invalid_client", "Invalid client: " + RcJson.CLIENT_ID + " / " + RcJson.SECRET))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, auth::accessToken);

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
    assertThat(e.system()).isEqualTo("ringcentral");
    assertThat(e.getMessage())
        .contains("client id or client secret")
        .contains("HTTP 401 invalid_client")
        .contains("the configured clientSecret")
        .doesNotContain(RcJson.SECRET)
        .doesNotContain(RcJson.JWT);
    assertThat(e.getMessage().lines()).hasSize(1);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/restapi/oauth/token")))).hasSize(1);
  }

  @Test
  void rejectedJwtNamesTheJwtAndWhereItCameFrom() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody(RcJson.oauthError("invalid_grant", "Invalid token: " + RcJson.JWT))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, auth::accessToken);

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
    assertThat(e.getMessage())
        .startsWith("RingCentral rejected the JWT (HTTP 400 invalid_grant: Invalid token: ****)")
        .contains("the configured jwt")
        .doesNotContain(RcJson.JWT)
        .doesNotContain(RcJson.SECRET);
  }

  @Test
  void appNotAllowedTheJwtGrantSaysHowToFixIt() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).willReturn(aResponse().withStatus(400)
        .withBody(RcJson.oauthError("unauthorized_client", "Unauthorized for this grant type"))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, auth::accessToken);

    assertThat(e.getMessage()).contains("may not use the JWT grant").contains("JWT auth flow");
  }

  @Test
  void waitsOutARateLimitedLogin() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("auth").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12").withHeader("X-Rate-Limit-Group", "Auth")
            .withHeader("X-Rate-Limit-Limit", "5").withHeader("X-Rate-Limit-Remaining", "0")
            .withHeader("X-Rate-Limit-Window", "60"))
        .willSetStateTo("ok"));
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("auth").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok-1", 3600))));

    assertThat(auth.accessToken()).isEqualTo("tok-1");

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(2);
  }

  @Test
  void loginThatNeverGetsThroughSaysSoWithoutSecrets() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).willReturn(aResponse().withStatus(503)));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, auth::accessToken);

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.CONNECTION);
    assertThat(e.getMessage()).startsWith("RingCentral login (/restapi/oauth/token) failed: token: HTTP 503 for ")
        .contains("6 attempts").doesNotContain(RcJson.SECRET);
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(auth.toString()).doesNotContain(RcJson.SECRET).doesNotContain(RcJson.JWT);
  }
}
