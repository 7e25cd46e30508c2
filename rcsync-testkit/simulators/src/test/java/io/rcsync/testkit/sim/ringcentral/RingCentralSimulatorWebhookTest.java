package io.rcsync.testkit.sim.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fake.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's subscription API and webhook delivery against a real local receiver: the Validation-Token handshake,
 * deliveries carrying the Verification-Token, which change sends which event, expiry, renewal and blacklisting.
 */
class RingCentralSimulatorWebhookTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ExtensionId EXT = ExtensionId.of("376557052");
  static final ExtensionId OTHER = ExtensionId.of("376557099");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  static final String VERIFY = "verify-token-0123456789";

  private final MutableClock clock = MutableClock.at(NOW);
  private final HttpClient http = HttpClient.newHttpClient();
  private RingCentralSimulator sim;
  private WebhookReceiver receiver;
  private String bearer;

  @BeforeEach
  void start() throws Exception {
    sim = RingCentralSimulator.builder().credentials("cid", "csecret", "the.jwt").clock(clock).noRateLimits()
        .tokenLifetime(Duration.ofDays(1))
        .blacklistAfterFailedDeliveries(3).webhookTimeout(Duration.ofSeconds(2)).build().start();
    sim.addExtension(new Extension(EXT, "104", "Alyssia", "Enabled"));
    sim.addExtension(new Extension(OTHER, "105", "Sara", "Enabled"));
    receiver = new WebhookReceiver();
    String form = "grant_type=" + URLEncoder.encode(RcTokens.JWT_GRANT, StandardCharsets.UTF_8) + "&assertion=the.jwt";
    HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/restapi/oauth/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("cid:csecret".getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
    bearer = JSON.readTree(t.body()).path("access_token").asText();
  }

  @AfterEach
  void stop() {
    sim.close();
    receiver.close();
  }

  // ---- helpers ----

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String createBody(URI address, long expiresIn, ExtensionId... extensions) {
    ObjectNode n = JSON.createObjectNode();
    var filters = n.putArray("eventFilters");
    for (ExtensionId e : extensions) {
      filters.add("/restapi/v1.0/account/~/extension/" + e + "/message-store/instant?type=SMS");
      filters.add("/restapi/v1.0/account/~/extension/" + e + "/message-store");
    }
    ObjectNode mode = n.putObject("deliveryMode");
    mode.put("transportType", "WebHook");
    mode.put("address", address.toString());
    mode.put("verificationToken", VERIFY);
    n.put("expiresIn", expiresIn);
    return n.toString();
  }

  private JsonNode subscribe(ExtensionId... extensions) throws Exception {
    HttpResponse<String> r = call("POST", "/restapi/v1.0/subscription", createBody(receiver.address(), 3600,
        extensions));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static SmsMessage sms(String id, ExtensionId ext, Direction direction) {
    return new SmsMessage(MessageId.of(id), ext, direction, direction == Direction.INBOUND ? "+15028138900" : "+15550001111",
        List.of(direction == Direction.INBOUND ? "+15550001111" : "+15028138900"), "hello " + id, NOW, NOW, "77",
        direction == Direction.INBOUND ? "Received" : "Sent", List.of());
  }

  private void awaitDeliveries() throws InterruptedException {
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(10))).as("deliveries done in time").isTrue();
  }

  private List<JsonNode> events() throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (WebhookReceiver.Received r : receiver.events) {
      out.add(JSON.readTree(r.body()));
    }
    return out;
  }

  // ---- handshake ----

  @Test
  void creatingASubscriptionSendsTheValidationTokenHandshakeAndAnswersAnActiveRecord() throws Exception {
    JsonNode s = subscribe(EXT);

    assertThat(receiver.handshakes).hasSize(1);
    WebhookReceiver.Received hs = receiver.handshakes.get(0);
    assertThat(hs.method()).isEqualTo("POST");
    assertThat(hs.body()).isEmpty();
    assertThat(hs.header("Validation-Token")).isNotBlank();
    assertThat(s.path("status").asText()).isEqualTo("Active");
    assertThat(s.path("expirationTime").asText()).isEqualTo("2026-04-20T13:00:00.000Z");
    assertThat(s.path("deliveryMode").path("transportType").asText()).isEqualTo("WebHook");
    assertThat(s.path("deliveryMode").path("address").asText()).isEqualTo(receiver.address().toString());
    assertThat(s.path("eventFilters")).hasSize(2);
    assertThat(s.toString()).doesNotContain(VERIFY);
    assertThat(sim.subscriptions()).extracting(SimSubscription::id).containsExactly(s.path("id").asText());
    assertThat(sim.calls(SimEndpoint.SUBSCRIPTION)).isEqualTo(1);
  }

  @Test
  void aWebhookThatDoesNotEchoTheValidationTokenFailsCreationWithSub520() throws Exception {
    receiver.echoValidationToken = false;

    HttpResponse<String> r = call("POST", "/restapi/v1.0/subscription", createBody(receiver.address(), 3600, EXT));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("errorCode").asText()).isEqualTo("SUB-520");
    assertThat(sim.subscriptions()).isEmpty();
  }

  @Test
  void aWrongEchoAlsoFailsCreation() throws Exception {
    receiver.wrongEcho = "not-the-token";

    HttpResponse<String> r = call("POST", "/restapi/v1.0/subscription", createBody(receiver.address(), 3600, EXT));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("errorCode").asText()).isEqualTo("SUB-520");
  }

  @Test
  void anUnreachableAddressFailsCreationAsAnInvalidAddress() throws Exception {
    URI dead = receiver.address();
    receiver.close();

    HttpResponse<String> r = call("POST", "/restapi/v1.0/subscription", createBody(dead, 3600, EXT));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("message").asText()).contains("deliveryMode.address");
    assertThat(sim.subscriptions()).isEmpty();
  }

  @Test
  void createWithoutABearerTokenIs401AndSendsNoHandshake() throws Exception {
    bearer = "nope";
    HttpResponse<String> r = call("POST", "/restapi/v1.0/subscription", createBody(receiver.address(), 3600, EXT));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(receiver.handshakes).isEmpty();
  }

  // ---- delivery ----

  @Test
  void anInboundTextSendsTheInstantEventThenTheStoreEventWithTheVerificationToken() throws Exception {
    String id = subscribe(EXT).path("id").asText();

    sim.addMessages(EXT, List.of(sms("9001", EXT, Direction.INBOUND)));
    awaitDeliveries();

    assertThat(receiver.events).hasSize(2);
    assertThat(receiver.events).allSatisfy(r -> {
      assertThat(r.header("Verification-Token")).isEqualTo(VERIFY);
      assertThat(r.header("Content-Type")).startsWith("application/json");
    });
    List<JsonNode> events = events();
    JsonNode instant = events.get(0);
    assertThat(instant.path("event").asText())
        .isEqualTo("/restapi/v1.0/account/" + sim.accountId() + "/extension/" + EXT + "/message-store/instant?type=SMS");
    assertThat(instant.path("subscriptionId").asText()).isEqualTo(id);
    assertThat(instant.path("uuid").asText()).isNotBlank();
    assertThat(instant.path("timestamp").asText()).isEqualTo("2026-04-20T12:00:00.000Z");
    assertThat(instant.path("body").path("id").asLong()).isEqualTo(9001);
    assertThat(instant.path("body").path("subject").asText()).isEqualTo("hello 9001");
    assertThat(instant.path("body").path("direction").asText()).isEqualTo("Inbound");
    assertThat(instant.path("body").path("from").path("phoneNumber").asText()).isEqualTo("+15028138900");
    JsonNode store = events.get(1);
    assertThat(store.path("event").asText())
        .isEqualTo("/restapi/v1.0/account/" + sim.accountId() + "/extension/" + EXT + "/message-store");
    assertThat(store.path("body").path("extensionId").asText()).isEqualTo(EXT.value());
    assertThat(store.path("body").path("changes").get(0).path("type").asText()).isEqualTo("SMS");
    assertThat(store.path("body").path("changes").get(0).path("newCount").asInt()).isEqualTo(1);
    // the store event names the new record, as a number (RingCentral's MessageChanges.newMessageIds is long[])
    JsonNode ids = store.path("body").path("changes").get(0).path("newMessageIds");
    assertThat(ids.isArray()).isTrue();
    assertThat(ids).hasSize(1);
    assertThat(ids.get(0).isIntegralNumber()).isTrue();
    assertThat(ids.get(0).asLong()).isEqualTo(9001);
    assertThat(sim.webhookDeliveries()).isEqualTo(new WebhookDeliveries(2, 2, 0, 1));
  }

  @Test
  void anOutboundTextSendsOnlyTheStoreEvent() throws Exception {
    subscribe(EXT);

    sim.addMessages(EXT, List.of(sms("9002", EXT, Direction.OUTBOUND)));
    awaitDeliveries();

    assertThat(events()).extracting(e -> e.path("event").asText()).containsExactly(
        "/restapi/v1.0/account/" + sim.accountId() + "/extension/" + EXT + "/message-store");
    // no instant event covers it, and its store event names it: the receiver knows to sync it
    assertThat(events().get(0).path("body").path("changes").get(0).path("newMessageIds").get(0).asLong())
        .isEqualTo(9002);
  }

  @Test
  void statusChangesDeletionAndPurgeSendStoreEventsOnly() throws Exception {
    sim.addMessages(EXT, List.of(sms("9003", EXT, Direction.OUTBOUND)));
    subscribe(EXT);

    sim.setMessageStatus(EXT, "9003", "DeliveryFailed", NOW.plusSeconds(5));
    sim.deleteMessage(EXT, "9003");
    sim.purgeMessage(EXT, "9003");
    awaitDeliveries();

    List<JsonNode> events = events();
    assertThat(events).hasSize(3).allSatisfy(e -> {
      assertThat(e.path("event").asText()).endsWith("/message-store");
      assertThat(e.path("body").path("changes").get(0).path("updatedCount").asInt()).isEqualTo(1);
      assertThat(e.path("body").path("changes").get(0).path("newCount").asInt()).isZero();
      assertThat(e.path("body").path("changes").get(0).has("newMessageIds")).isFalse();
    });
  }

  @Test
  void textsOfAnExtensionNoSubscriptionCoversAreNotDelivered() throws Exception {
    subscribe(EXT);

    sim.addMessages(OTHER, List.of(sms("9004", OTHER, Direction.INBOUND)));
    awaitDeliveries();

    assertThat(receiver.events).isEmpty();
    assertThat(sim.webhookDeliveries().attempted()).isZero();
  }

  // ---- lifetime ----

  @Test
  void renewExtendsTheLifetimeByItsExpiresInFromTheSimulatorClock() throws Exception {
    String id = subscribe(EXT).path("id").asText();
    clock.advance(Duration.ofMinutes(50));

    HttpResponse<String> r = call("POST", "/restapi/v1.0/subscription/" + id + "/renew", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("expirationTime").asText()).isEqualTo("2026-04-20T13:50:00.000Z");
  }

  @Test
  void anExpiredSubscriptionIsGoneFromTheListCannotBeRenewedAndGetsNoEvents() throws Exception {
    String id = subscribe(EXT).path("id").asText();
    clock.advance(Duration.ofHours(1));

    HttpResponse<String> list = call("GET", "/restapi/v1.0/subscription", null);
    HttpResponse<String> renew = call("POST", "/restapi/v1.0/subscription/" + id + "/renew", null);
    sim.addMessages(EXT, List.of(sms("9005", EXT, Direction.INBOUND)));
    awaitDeliveries();

    assertThat(JSON.readTree(list.body()).path("records")).isEmpty();
    assertThat(renew.statusCode()).isEqualTo(404);
    assertThat(receiver.events).isEmpty();
  }

  @Test
  void theExpireHookEndsASubscriptionNow() throws Exception {
    String id = subscribe(EXT).path("id").asText();

    sim.expireSubscription(id);

    assertThat(sim.subscriptions()).isEmpty();
    assertThat(call("GET", "/restapi/v1.0/subscription/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void deleteAnswers204ThenTheSubscriptionIs404() throws Exception {
    String id = subscribe(EXT).path("id").asText();

    assertThat(call("DELETE", "/restapi/v1.0/subscription/" + id, null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/restapi/v1.0/subscription/" + id, null).statusCode()).isEqualTo(404);
  }

  // ---- failures ----

  @Test
  void failedDeliveriesSuspendThenBlacklistAfterTheThresholdAndDeliveriesStop() throws Exception {
    String id = subscribe(EXT).path("id").asText();
    receiver.eventStatus = 500;

    sim.addMessages(EXT, List.of(sms("9006", EXT, Direction.OUTBOUND)));
    awaitDeliveries();
    assertThat(sim.subscriptions().get(0).status()).isEqualTo("Suspended");

    sim.addMessages(EXT, List.of(sms("9007", EXT, Direction.INBOUND)));
    awaitDeliveries();
    JsonNode record = JSON.readTree(call("GET", "/restapi/v1.0/subscription/" + id, null).body());
    assertThat(record.path("status").asText()).isEqualTo("Blacklisted");
    assertThat(record.path("blacklistedData").path("reason").asText()).contains("500");

    sim.addMessages(EXT, List.of(sms("9008", EXT, Direction.INBOUND)));
    awaitDeliveries();
    assertThat(sim.webhookDeliveries()).isEqualTo(new WebhookDeliveries(3, 0, 3, 1));
    assertThat(call("POST", "/restapi/v1.0/subscription/" + id + "/renew", null).statusCode()).isEqualTo(400);
  }

  @Test
  void aSuccessfulDeliveryMakesASuspendedSubscriptionActiveAgain() throws Exception {
    subscribe(EXT);
    receiver.eventStatus = 503;
    sim.addMessages(EXT, List.of(sms("9009", EXT, Direction.OUTBOUND)));
    awaitDeliveries();

    receiver.eventStatus = 200;
    sim.addMessages(EXT, List.of(sms("9010", EXT, Direction.OUTBOUND)));
    awaitDeliveries();

    assertThat(sim.subscriptions().get(0).status()).isEqualTo("Active");
    assertThat(sim.subscriptions().get(0).failedDeliveries()).isZero();
  }

  @Test
  void theBlacklistHookStopsDeliveriesNow() throws Exception {
    String id = subscribe(EXT).path("id").asText();

    sim.blacklistSubscription(id);
    sim.addMessages(EXT, List.of(sms("9011", EXT, Direction.INBOUND)));
    awaitDeliveries();

    assertThat(receiver.events).isEmpty();
    assertThat(sim.subscriptions().get(0).status()).isEqualTo("Blacklisted");
  }

  @Test
  void closeStopsTheDeliveryThreadAndDropsQueuedDeliveriesSoNoOneWaitsForThem() throws Exception {
    subscribe(EXT);
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    receiver.holdEvents = hold;
    try {
      sim.addMessages(EXT, List.of(sms("9012", EXT, Direction.INBOUND), sms("9013", EXT, Direction.INBOUND)));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (receiver.events.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(receiver.events).as("the first delivery is in flight").hasSize(1);

      sim.close();

      assertThat(sim.awaitDeliveries(Duration.ofSeconds(1))).as("nothing left to wait for after close").isTrue();
      assertThat(sim.webhookDeliveries().attempted()).as("queued deliveries were dropped, not sent").isEqualTo(1);
      while (webhookThreadAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(webhookThreadAlive()).as("the delivery thread ended").isFalse();
    } finally {
      hold.countDown();
    }
  }

  private static boolean webhookThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("rc-sim-webhook") && t.isAlive());
  }
}
