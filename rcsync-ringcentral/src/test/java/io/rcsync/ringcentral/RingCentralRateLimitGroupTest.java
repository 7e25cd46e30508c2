package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate-limit pauses are kept per {@code X-Rate-Limit-Group}, as RingCentral counts them
 * (https://developers.ringcentral.com/guide/basics/rate-limits): request kinds of one group share a 429's pause and
 * a spent budget, kinds of other groups are not held back. Each request kind is its own WireMock path; the fake clock
 * moves only by the recorded sleeps.
 */
class RingCentralRateLimitGroupTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");

  /** One attempt per request, so a 429 is not retried and only the pause it leaves behind shows. */
  private HttpTransport transport() {
    return new HttpTransport(RingCentralConfig.builder(RcJson.credentials(wm.baseUrl())).maxAttempts(1)
        .sleeper(time).clock(time).build(), new ApiCalls());
  }

  private static void answer(String path, ResponseDefinitionBuilder response) {
    wm.stubFor(get(urlPathEqualTo("/" + path)).willReturn(response));
  }

  private static ResponseDefinitionBuilder ok(String group) {
    ResponseDefinitionBuilder r = aResponse().withStatus(200).withBody("{}");
    return group == null ? r : r.withHeader("X-Rate-Limit-Group", group).withHeader("X-Rate-Limit-Limit", "50")
        .withHeader("X-Rate-Limit-Remaining", "49").withHeader("X-Rate-Limit-Window", "60");
  }

  private static ResponseDefinitionBuilder tooMany(String group, int retryAfterSeconds) {
    ResponseDefinitionBuilder r = aResponse().withStatus(429).withHeader("Retry-After", "" + retryAfterSeconds)
        .withBody(RcJson.apiError("CMN-301", "Request rate exceeded"));
    return group == null ? r : r.withHeader("X-Rate-Limit-Group", group).withHeader("X-Rate-Limit-Limit", "10")
        .withHeader("X-Rate-Limit-Remaining", "0").withHeader("X-Rate-Limit-Window", "60");
  }

  private static int send(HttpTransport t, String what) {
    URI uri = URI.create(wm.baseUrl() + "/" + what);
    return t.send(what, () -> HttpRequest.newBuilder(uri).GET().build()).statusCode();
  }

  private static void sendRateLimited(HttpTransport t, String what) {
    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, () -> send(t, what));
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
  }

  @Test
  void twoRequestKindsOfOneGroupShareThePauseAfterA429WithRetryAfter() {
    answer("message-store", tooMany("Light", 30));
    answer("message-sync", ok("Light"));
    HttpTransport t = transport();

    sendRateLimited(t, "message-store");
    assertThat(send(t, "message-sync")).isEqualTo(200);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    assertThat(send(t, "message-sync")).isEqualTo(200);
    assertThat(time.sleeps()).as("the pause is over once waited out").hasSize(1);
  }

  @Test
  void aRequestKindJoinsTheGroupTheServerReportsForIt() {
    // extension-list defaults to Medium; this server says Light, so it shares message-store's pause from then on
    answer("extension-list", ok("Light"));
    answer("message-store", tooMany("Light", 30));
    HttpTransport t = transport();
    assertThat(t.groupOf("extension-list")).isEqualTo("Medium");

    assertThat(send(t, "extension-list")).isEqualTo(200);
    sendRateLimited(t, "message-store");
    assertThat(send(t, "extension-list")).isEqualTo(200);

    assertThat(t.groupOf("extension-list")).isEqualTo("Light");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void a429WithoutAGroupHeaderPausesTheDocumentedDefaultGroup() {
    answer("message-store", tooMany(null, 20));
    answer("message-sync", ok(null));
    answer("extension-list", ok(null));
    HttpTransport t = transport();

    sendRateLimited(t, "message-store");
    assertThat(send(t, "extension-list")).isEqualTo(200);
    assertThat(time.sleeps()).as("Medium is not paused by a Light 429").isEmpty();
    assertThat(send(t, "message-sync")).isEqualTo(200);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void a429InGroupHeavyDoesNotPauseALightRequest() {
    answer("call-log", tooMany("Heavy", 45));
    answer("message-store", ok("Light"));
    HttpTransport t = transport();

    sendRateLimited(t, "call-log");
    assertThat(send(t, "message-store")).isEqualTo(200);
    assertThat(time.sleeps()).isEmpty();

    answer("call-log", ok("Heavy"));
    assertThat(send(t, "call-log")).isEqualTo(200);
    assertThat(time.sleeps()).as("the Heavy request itself still waits").containsExactly(Duration.ofSeconds(45));
  }

  @Test
  void theBudgetPauseIsPerGroup() {
    answer("message-store", aResponse().withStatus(200).withBody("{}").withHeader("X-Rate-Limit-Group", "Light")
        .withHeader("X-Rate-Limit-Limit", "50").withHeader("X-Rate-Limit-Remaining", "0")
        .withHeader("X-Rate-Limit-Window", "60"));
    answer("extension-list", ok("Medium"));
    answer("message-sync", ok("Light"));
    HttpTransport t = transport();

    assertThat(send(t, "message-store")).isEqualTo(200);
    assertThat(send(t, "extension-list")).isEqualTo(200);
    assertThat(time.sleeps()).as("a spent Light budget does not hold back Medium").isEmpty();

    assertThat(send(t, "message-sync")).isEqualTo(200);
    assertThat(time.sleeps()).as("another Light request waits the window").containsExactly(Duration.ofSeconds(60));
  }
}
