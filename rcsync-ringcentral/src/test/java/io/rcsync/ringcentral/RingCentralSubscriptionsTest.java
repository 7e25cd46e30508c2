package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import io.rcsync.core.port.out.PushSubscriptions.Request;
import io.rcsync.core.port.out.PushSubscriptions.Status;
import io.rcsync.core.port.out.PushSubscriptions.Subscription;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The subscription API on the wire: request shapes, status mapping, 404s, the Medium group and the secret token. */
class RingCentralSubscriptionsTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/restapi/v1.0/subscription";
  static final String TOKEN = "verify-0123456789abcdef";
  static final ExtensionId A = ExtensionId.of("376557052");
  static final ExtensionId B = ExtensionId.of("115");
  static final URI HOOK = URI.create("https://rcsync.example.com/ringcentral/webhook");

  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");
  private final ApiCalls calls = new ApiCalls();
  private RingCentralAdapters rc;

  @BeforeEach
  void setUp() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok", 3600))));
    rc = RingCentralAdapters.create(RingCentralConfig.builder(RcJson.credentials(wm.baseUrl())).maxAttempts(1)
        .sleeper(time).clock(time).build(), calls);
  }

  private static ObjectNode record(String id, String status, String expiration, String... filters) {
    ObjectNode r = RcJson.JSON.createObjectNode();
    r.put("uri", "https://platform.ringcentral.com" + PATH + "/" + id);
    r.put("id", id);
    r.put("creationTime", "2026-04-20T11:00:00.000Z");
    r.put("status", status);
    var f = r.putArray("eventFilters");
    for (String filter : filters) {
      f.add(filter);
    }
    r.put("expirationTime", expiration);
    r.put("expiresIn", 3600);
    ObjectNode mode = r.putObject("deliveryMode");
    mode.put("transportType", "WebHook");
    mode.put("encryption", false);
    mode.put("address", HOOK.toString());
    return r;
  }

  private static String instant(ExtensionId e) {
    return "/restapi/v1.0/account/~/extension/" + e + "/message-store/instant?type=SMS";
  }

  private static String store(ExtensionId e) {
    return "/restapi/v1.0/account/~/extension/" + e + "/message-store";
  }

  @Test
  void createPostsBothFiltersPerExtensionWithTheWebHookDeliveryModeAndExpiresInSeconds() {
    wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(
        record("sub-1", "Active", "2026-04-27T12:00:00.000Z", instant(B), store(B), instant(A), store(A))
            .toString())));

    Subscription s = rc.subscriptions().create(new Request(Set.of(A, B), HOOK, TOKEN, Duration.ofDays(7)));

    wm.verify(postRequestedFor(urlPathEqualTo(PATH))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Authorization", equalTo("Bearer tok"))
        .withRequestBody(equalToJson("""
            {"eventFilters": [
               "/restapi/v1.0/account/~/extension/115/message-store/instant?type=SMS",
               "/restapi/v1.0/account/~/extension/115/message-store",
               "/restapi/v1.0/account/~/extension/376557052/message-store/instant?type=SMS",
               "/restapi/v1.0/account/~/extension/376557052/message-store"],
             "deliveryMode": {"transportType": "WebHook", "address": "%s", "verificationToken": "%s"},
             "expiresIn": 604800}""".formatted(HOOK, TOKEN))));
    assertThat(s.id()).isEqualTo("sub-1");
    assertThat(s.extensions()).containsExactlyInAnyOrder(A, B);
    assertThat(s.status()).isEqualTo(Status.ACTIVE);
    assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-04-27T12:00:00Z"));
    assertThat(s.address()).contains(HOOK);
  }

  @Test
  void aLifetimeBeyondTheWebHookMaximumIsCutToTenYears() {
    wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(
        record("sub-1", "Active", "2036-04-20T12:00:00.000Z", instant(A), store(A)).toString())));

    rc.subscriptions().create(new Request(Set.of(A), HOOK, TOKEN, Duration.ofDays(365 * 20)));

    wm.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(
        equalToJson("{\"expiresIn\": 315360000}", true, true)));
  }

  @Test
  void aFailedValidationHandshakeIsRejectedWithOneLineAndTheTokenRedacted() {
    // an error body that echoes the token must not carry it into the message
    wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("SUB-520", "Validation Token is not returned for token " + TOKEN))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class,
        () -> rc.subscriptions().create(new Request(Set.of(A), HOOK, TOKEN, Duration.ofDays(7))));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).contains("SUB-520").contains("Validation-Token").contains(HOOK.toString())
        .doesNotContain(TOKEN).doesNotContain("\n");
  }

  @Test
  void aRefusedSubscriptionNamesItsAddressWithoutTheQueryOrUserInfoThatMayHoldASecret() {
    wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("SUB-525", "WebHook server response is invalid"))));
    URI withSecret = URI.create("https://hook:pass-word@rcsync.example.com:8443/rc/webhook?auth_token=MySecureToken");

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class,
        () -> rc.subscriptions().create(new Request(Set.of(A), withSecret, TOKEN, Duration.ofDays(7))));

    assertThat(e.getMessage()).contains("https://rcsync.example.com:8443/rc/webhook?…")
        .doesNotContain("MySecureToken").doesNotContain("pass-word");
  }

  @Test
  void listMapsStatusesAndExpiryAndReadsExtensionsFromTheFilters() {
    ObjectNode body = RcJson.JSON.createObjectNode();
    body.put("uri", "https://platform.ringcentral.com" + PATH);
    body.putArray("records")
        .add(record("active", "Active", "2026-04-21T12:00:00.000Z", instant(A), store(A)))
        .add(record("suspended", "Suspended", "2026-04-21T12:00:00.000Z", store(B)))
        .add(record("black", "Blacklisted", "2026-04-21T12:00:00.000Z", instant(A))
            .set("blacklistedData", RcJson.JSON.createObjectNode().put("reason", "Read timed out")))
        .add(record("old", "Active", "2026-04-20T11:59:59.000Z", instant(A)))
        .add(record("other", "Active", "2026-04-21T12:00:00.000Z", "/restapi/v1.0/account/~/extension/~/presence",
            "/restapi/v1.0/account/~/extension/~/message-store"))
        .add(record("odd", "Pending", "2026-04-21T12:00:00.000Z", store(A)))
        .add(RcJson.JSON.createObjectNode().put("status", "Active"));
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(body.toString())));

    List<Subscription> list = rc.subscriptions().list();

    assertThat(list).extracting(Subscription::id, Subscription::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("active", Status.ACTIVE),
        org.assertj.core.groups.Tuple.tuple("suspended", Status.SUSPENDED),
        org.assertj.core.groups.Tuple.tuple("black", Status.BLACKLISTED),
        org.assertj.core.groups.Tuple.tuple("old", Status.EXPIRED),
        org.assertj.core.groups.Tuple.tuple("other", Status.ACTIVE),
        org.assertj.core.groups.Tuple.tuple("odd", Status.SUSPENDED));
    assertThat(list.get(0).extensions()).containsExactly(A);
    assertThat(list.get(1).extensions()).containsExactly(B);
    assertThat(list.get(4).extensions()).as("'~' names no extension").isEmpty();
    assertThat(list.get(0).verificationToken()).isEqualTo(Optional.empty());
  }

  @Test
  void renewPostsAnEmptyBodyAndReturnsTheNewExpiry() {
    wm.stubFor(post(urlPathEqualTo(PATH + "/sub-1/renew")).willReturn(aResponse().withStatus(200).withBody(
        record("sub-1", "Active", "2026-04-27T12:00:00.000Z", instant(A), store(A)).toString())));

    Subscription s = rc.subscriptions().renew("sub-1");

    assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-04-27T12:00:00Z"));
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(PATH + "/sub-1/renew"))).get(0).getBody()).isEmpty();
  }

  @Test
  void renewingAGoneSubscriptionSaysToCreateANewOne() {
    wm.stubFor(post(urlPathEqualTo(PATH + "/gone/renew")).willReturn(aResponse().withStatus(404)
        .withBody(RcJson.apiError("CMN-102", "Resource for parameter [subscriptionId] is not found"))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class,
        () -> rc.subscriptions().renew("gone"));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).contains("gone").contains("404").contains("create a new one");
  }

  @Test
  void deletingASubscriptionThatIsAlreadyGoneIsNotAnError() {
    wm.stubFor(delete(urlPathEqualTo(PATH + "/sub-1")).willReturn(aResponse().withStatus(204)));
    wm.stubFor(delete(urlPathEqualTo(PATH + "/gone")).willReturn(aResponse().withStatus(404)
        .withBody(RcJson.apiError("CMN-102", "Resource for parameter [subscriptionId] is not found"))));

    rc.subscriptions().delete("sub-1");
    rc.subscriptions().delete("gone");

    wm.verify(deleteRequestedFor(urlPathEqualTo(PATH + "/sub-1")));
    wm.verify(deleteRequestedFor(urlPathEqualTo(PATH + "/gone")));
  }

  @Test
  void aDeleteRefusedForAnotherReasonIsReported() {
    wm.stubFor(delete(urlPathEqualTo(PATH + "/sub-1")).willReturn(aResponse().withStatus(403)
        .withBody(RcJson.apiError("CMN-401", "In order to call this API endpoint, application needs to have"
            + " [SubscriptionWebhook] permission"))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class,
        () -> rc.subscriptions().delete("sub-1"));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).contains("subscription-delete").contains("403");
  }

  @Test
  void a429OnCreatePausesTheWholeMediumGroupByDefault() {
    wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
        .withBody(RcJson.apiError("CMN-301", "Request rate exceeded"))));
    wm.stubFor(get(urlPathEqualTo("/restapi/v1.0/account/~/extension")).willReturn(aResponse().withStatus(200)
        .withBody("{\"records\": [], \"navigation\": {}, \"paging\": {\"page\": 1, \"totalPages\": 1}}")));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class,
        () -> rc.subscriptions().create(new Request(Set.of(A), HOOK, TOKEN, Duration.ofDays(7))));
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.getMessage()).doesNotContain(TOKEN);

    rc.extensionDirectory().listExtensions();

    assertThat(time.sleeps()).as("extension-list (Medium) waited out create's 429").containsExactly(
        Duration.ofSeconds(30));
  }

  @Test
  void everyRequestIsCountedAsARingCentralCall() {
    wm.stubFor(delete(urlPathEqualTo(PATH + "/sub-1")).willReturn(aResponse().withStatus(204)));

    rc.subscriptions().delete("sub-1");

    assertThat(calls.count(ApiCalls.RINGCENTRAL)).as("login + delete").isEqualTo(2);
  }

  @Test
  void theGroupDefaultsFollowTheApiReference() {
    assertThat(HttpTransport.DEFAULT_GROUPS).containsEntry("subscription-create", "Medium")
        .containsEntry("subscription-delete", "Medium").containsEntry("subscription-list", "Light")
        .containsEntry("subscription-renew", "Light");
  }

  @Test
  void neitherTheAdapterNorTheRequestShowsTheTokenInToString() {
    assertThat(rc.subscriptions().toString()).doesNotContain(TOKEN);
    assertThat(new Request(Set.of(A), HOOK, TOKEN, Duration.ofDays(1)).toString()).doesNotContain(TOKEN);
  }
}
