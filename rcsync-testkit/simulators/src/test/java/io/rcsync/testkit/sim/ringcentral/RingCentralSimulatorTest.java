package io.rcsync.testkit.sim.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fake.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RingCentralSimulatorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ExtensionId EXT = ExtensionId.of("376557052");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");

  private final MutableClock clock = MutableClock.at(NOW);
  private final HttpClient http = HttpClient.newHttpClient();
  private RingCentralSimulator sim;

  @BeforeEach
  void start() {
    sim = RingCentralSimulator.builder().credentials("cid", "csecret", "the.jwt").clock(clock)
        .tokenLifetime(Duration.ofMinutes(30)).noRateLimits().build().start();
    sim.addExtension(new Extension(EXT, "104", "Alyssia", "Enabled"));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  // ---- helpers ----

  private HttpResponse<String> token(String id, String secret, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/restapi/oauth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    if (id != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String jwtGrant(String jwt) {
    return "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
        + "&assertion=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8);
  }

  private String login() throws Exception {
    HttpResponse<String> r = token("cid", "csecret", jwtGrant("the.jwt"));
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  private HttpResponse<String> get(String pathOrUri, String token) throws IOException, InterruptedException {
    String uri = pathOrUri.startsWith("http") ? pathOrUri : sim.baseUrl() + pathOrUri;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static SmsMessage sms(long id, Instant at) {
    return new SmsMessage(MessageId.of(Long.toString(id)), EXT, Direction.INBOUND, "+15028138900",
        List.of("+15025550100"), "text " + id, at, null, "42", "Received", List.of());
  }

  private static String store(String query) {
    return "/restapi/v1.0/account/~/extension/376557052/message-store?" + query;
  }

  // ---- token ----

  @Test
  void issuesAnExpiringBearerTokenForTheRightCredentials() throws Exception {
    HttpResponse<String> r = token("cid", "csecret", jwtGrant("the.jwt"));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("access_token").asText()).isNotBlank();
    assertThat(body.get("token_type").asText()).isEqualTo("bearer");
    assertThat(body.get("expires_in").asLong()).isEqualTo(1800);
    assertThat(body.get("refresh_token").asText()).isNotBlank();
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
    assertThat(sim.issuedTokens()).isEqualTo(1);
  }

  @Test
  void refusesAWrongClientSecretAsInvalidClient() throws Exception {
    HttpResponse<String> r = token("cid", "wrong", jwtGrant("the.jwt"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("invalid_client");
    assertThat(r.body()).doesNotContain("wrong").doesNotContain("csecret");
  }

  @Test
  void refusesMissingClientAuthentication() throws Exception {
    assertThat(token(null, null, jwtGrant("the.jwt")).statusCode()).isEqualTo(401);
  }

  @Test
  void refusesAWrongJwtAsInvalidGrant() throws Exception {
    HttpResponse<String> r = token("cid", "csecret", jwtGrant("other.jwt"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void refusesOtherGrantTypes() throws Exception {
    HttpResponse<String> r = token("cid", "csecret", "grant_type=password&username=x&password=y");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void exchangesARefreshTokenOnce() throws Exception {
    String refresh = json(token("cid", "csecret", jwtGrant("the.jwt"))).get("refresh_token").asText();

    assertThat(token("cid", "csecret", "grant_type=refresh_token&refresh_token=" + refresh).statusCode()).isEqualTo(200);
    assertThat(token("cid", "csecret", "grant_type=refresh_token&refresh_token=" + refresh).statusCode()).isEqualTo(400);
  }

  // ---- bearer checks ----

  @Test
  void answers401WithoutAToken() throws Exception {
    HttpResponse<String> r = get(store("messageType=SMS"), null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("AGW-401");
  }

  @Test
  void answers401ForAnUnknownToken() throws Exception {
    assertThat(json(get(store("messageType=SMS"), "made-up")).get("errorCode").asText()).isEqualTo("TokenInvalid");
  }

  @Test
  void tokensExpireWithTheSimulatorsClock() throws Exception {
    String t = login();
    assertThat(get(store("messageType=SMS"), t).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(30));

    HttpResponse<String> r = get(store("messageType=SMS"), t);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("errorCode").asText()).isEqualTo("TokenExpired");
  }

  @Test
  void revokedTokensAreRefused() throws Exception {
    String t = login();

    sim.revokeTokens();

    assertThat(get(store("messageType=SMS"), t).statusCode()).isEqualTo(401);
    assertThat(get(store("messageType=SMS"), login()).statusCode()).isEqualTo(200);
  }

  // ---- message store ----

  @Test
  void pagesNewestFirstWithAbsoluteNavigationAndPaging() throws Exception {
    List<SmsMessage> msgs = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      msgs.add(sms(1000 + i, NOW.minus(Duration.ofHours(1)).plusSeconds(i)));
    }
    sim.addMessages(EXT, msgs);
    String t = login();

    JsonNode p1 = json(get(store("messageType=SMS&dateFrom=2026-04-19T00:00:00.000Z&perPage=10"), t));

    assertThat(p1.get("records")).hasSize(10);
    assertThat(p1.get("records").get(0).get("id").asLong()).isEqualTo(1024);
    assertThat(p1.get("records").get(9).get("id").asLong()).isEqualTo(1015);
    JsonNode paging = p1.get("paging");
    assertThat(paging.get("page").asInt()).isEqualTo(1);
    assertThat(paging.get("totalPages").asInt()).isEqualTo(3);
    assertThat(paging.get("perPage").asInt()).isEqualTo(10);
    assertThat(paging.get("totalElements").asInt()).isEqualTo(25);
    assertThat(paging.get("pageStart").asInt()).isZero();
    assertThat(paging.get("pageEnd").asInt()).isEqualTo(9);
    JsonNode nav = p1.get("navigation");
    String next = nav.get("nextPage").get("uri").asText();
    assertThat(next).startsWith(sim.baseUrl() + "/restapi/v1.0/account/" + sim.accountId()
        + "/extension/376557052/message-store?").contains("messageType=SMS").contains("page=2").contains("perPage=10");
    assertThat(nav.has("previousPage")).isFalse();
    assertThat(nav.get("lastPage").get("uri").asText()).contains("page=3");

    JsonNode p2 = json(get(next, t));
    assertThat(p2.get("records").get(0).get("id").asLong()).isEqualTo(1014);
    assertThat(p2.get("navigation").get("previousPage").get("uri").asText()).contains("page=1");
    JsonNode p3 = json(get(p2.get("navigation").get("nextPage").get("uri").asText(), t));
    assertThat(p3.get("records")).hasSize(5);
    assertThat(p3.get("navigation").has("nextPage")).isFalse();
  }

  @Test
  void rendersRecordsLikeTheApi() throws Exception {
    SmsMessage m = new SmsMessage(MessageId.of("6424569004"), EXT, Direction.OUTBOUND, "+15025550100",
        List.of("+15028138900", "+13125550199"), "Group update", NOW.minusSeconds(60), null, "8031152018338945839",
        "Delivered", List.of(new Attachment("611", "https://x.invalid/content/611", "MmsAttachment", "image/jpeg")));
    sim.addMessages(EXT, List.of(m));

    JsonNode r = json(get(store("messageType=SMS"), login())).get("records").get(0);

    assertThat(r.get("id").isNumber()).isTrue();
    assertThat(r.get("uri").asText()).endsWith("/message-store/6424569004");
    assertThat(r.get("type").asText()).isEqualTo("SMS");
    assertThat(r.get("direction").asText()).isEqualTo("Outbound");
    assertThat(r.get("from").get("phoneNumber").asText()).isEqualTo("+15025550100");
    assertThat(r.get("to").findValuesAsText("phoneNumber")).containsExactly("+15028138900", "+13125550199");
    assertThat(r.get("subject").asText()).isEqualTo("Group update");
    assertThat(r.get("creationTime").asText()).isEqualTo("2026-04-20T11:59:00.000Z");
    assertThat(r.get("lastModifiedTime").asText()).isEqualTo("2026-04-20T11:59:00.000Z");
    assertThat(r.get("messageStatus").asText()).isEqualTo("Delivered");
    assertThat(r.get("conversationId").asLong()).isEqualTo(8031152018338945839L);
    assertThat(r.get("conversation").get("id").asText()).isEqualTo("8031152018338945839");
    assertThat(r.get("attachments").get(0).get("contentType").asText()).isEqualTo("image/jpeg");
  }

  @Test
  void filtersByDateRangeAndDefaultsToTheLast24Hours() throws Exception {
    sim.addMessages(EXT, List.of(sms(1, NOW.minus(Duration.ofDays(3))), sms(2, NOW.minus(Duration.ofHours(30))),
        sms(3, NOW.minus(Duration.ofHours(2)))));
    String t = login();

    assertThat(json(get(store("messageType=SMS"), t)).get("records").findValuesAsText("subject"))
        .containsExactly("text 3");
    assertThat(json(get(store("dateFrom=2026-04-16T00:00:00Z&dateTo=2026-04-19T12:00:00.000Z"), t))
        .get("records").findValuesAsText("subject")).containsExactly("text 2", "text 1");
  }

  @Test
  void capsPerPageAt1000AndFiltersByMessageType() throws Exception {
    List<SmsMessage> msgs = new ArrayList<>();
    for (int i = 0; i < 1005; i++) {
      msgs.add(sms(10_000 + i, NOW.minusSeconds(10 + i)));
    }
    sim.addMessages(EXT, msgs);
    String t = login();

    JsonNode page = json(get(store("messageType=SMS&perPage=5000"), t));
    assertThat(page.get("records")).hasSize(1000);
    assertThat(page.get("paging").get("perPage").asInt()).isEqualTo(1000);
    assertThat(json(get(store("messageType=Fax"), t)).get("records")).isEmpty();
    assertThat(json(get(store("messageType=SMS&direction=Outbound"), t)).get("records")).isEmpty();
  }

  @Test
  void servesTheJwtUsersOwnExtensionForTilde() throws Exception {
    sim.addMessages(EXT, List.of(sms(1, NOW.minusSeconds(60))));

    JsonNode body = json(get("/restapi/v1.0/account/~/extension/~/message-store", login()));

    assertThat(body.get("records")).hasSize(1);
  }

  @Test
  void unknownExtensionIs404AndABadDateIs400() throws Exception {
    String t = login();

    HttpResponse<String> missing = get("/restapi/v1.0/account/~/extension/999/message-store", t);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("errorCode").asText()).isEqualTo("CMN-102");
    HttpResponse<String> bad = get(store("dateFrom=yesterday"), t);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("message").asText()).isEqualTo("Parameter [dateFrom] value is invalid");
  }

  @Test
  void servesRawRecordsVerbatim() throws Exception {
    sim.addRawRecord(EXT, "{\"id\": 77, \"type\": \"SMS\", \"direction\": \"Inbound\"}");
    sim.addRawRecord(EXT, "\"not even an object\"");
    sim.addMessages(EXT, List.of(sms(1, NOW.minusSeconds(60))));

    JsonNode records = json(get(store("messageType=SMS"), login())).get("records");

    assertThat(records).hasSize(3);
    assertThat(records.toString()).contains("{\"id\":77,\"type\":\"SMS\",\"direction\":\"Inbound\"}")
        .contains("\"not even an object\"");
    assertThatThrownBy(() -> sim.addRawRecord(EXT, "{broken")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- extension list ----

  @Test
  void listsExtensionsWithPaging() throws Exception {
    for (int i = 0; i < 4; i++) {
      sim.addExtension(new Extension(ExtensionId.of("50000" + i), "20" + i, "Staff " + i, i == 3 ? "Disabled" : "Enabled"));
    }
    String t = login();

    JsonNode p1 = json(get("/restapi/v1.0/account/~/extension?perPage=3", t));
    assertThat(p1.get("records").findValuesAsText("extensionNumber")).containsExactly("104", "200", "201");
    assertThat(p1.get("records").get(0).get("id").asLong()).isEqualTo(376557052L);
    assertThat(p1.get("records").get(0).get("name").asText()).isEqualTo("Alyssia");
    assertThat(p1.get("records").get(0).get("status").asText()).isEqualTo("Enabled");
    JsonNode p2 = json(get(p1.get("navigation").get("nextPage").get("uri").asText(), t));
    assertThat(p2.get("records").findValuesAsText("extensionNumber")).containsExactly("202", "203");
    assertThat(json(get("/restapi/v1.0/account/~/extension?status=Disabled", t)).get("records")).hasSize(1);
  }

  @Test
  void listsUserContactsAndFiltersByTypeAndEmailAcrossPages() throws Exception {
    for (int i = 0; i < 3; i++) {
      sim.addExtension(new Extension(ExtensionId.of("60000" + i), "30" + i, "Jane Roe" + i, "Enabled", "User", "Jane",
          "Roe" + i, "Jane.Roe" + i + "@Firm.example"));
    }
    sim.addExtension(new Extension(ExtensionId.of("600009"), "100", "Front Desk", "Enabled", "Department", null, null,
        null));
    String t = login();

    JsonNode p1 = json(get("/restapi/v1.0/account/~/extension?type=User&perPage=2", t));
    JsonNode jane = p1.get("records").get(1);
    assertThat(jane.get("type").asText()).isEqualTo("User");
    assertThat(jane.get("contact").get("firstName").asText()).isEqualTo("Jane");
    assertThat(jane.get("contact").get("lastName").asText()).isEqualTo("Roe0");
    assertThat(jane.get("contact").get("email").asText()).isEqualTo("Jane.Roe0@Firm.example");
    JsonNode p2 = json(get(p1.get("navigation").get("nextPage").get("uri").asText(), t));
    assertThat(p2.get("records").findValuesAsText("extensionNumber")).containsExactly("301", "302");
    assertThat(p2.get("paging").get("totalElements").asInt()).isEqualTo(4);
    JsonNode queue = json(get("/restapi/v1.0/account/~/extension?type=Department", t)).get("records");
    assertThat(queue.findValuesAsText("name")).containsExactly("Front Desk");
    assertThat(queue.get(0).has("contact")).as("no contact details were given").isFalse();
    assertThat(json(get("/restapi/v1.0/account/~/extension?email=jane.roe2@firm.example", t)).get("records")
        .findValuesAsText("extensionNumber")).containsExactly("302");
  }

  // ---- rate limits, faults, counters ----

  @Test
  void rateLimitsAGroupPerWindowAndAnswers429WithRetryAfter() throws Exception {
    String t = login();
    sim.setRateLimit(RateLimit.of(RateLimit.LIGHT, 3, Duration.ofSeconds(60)));

    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = get(store("messageType=SMS"), t);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Rate-Limit-Group")).hasValue("Light");
      assertThat(r.headers().firstValue("X-Rate-Limit-Limit")).hasValue("3");
      assertThat(r.headers().firstValue("X-Rate-Limit-Window")).hasValue("60");
      remaining.add(r.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(remaining).containsExactly("2", "1", "0");

    HttpResponse<String> limited = get(store("messageType=SMS"), t);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("45");
    assertThat(limited.headers().firstValue("X-Rate-Limit-Remaining")).hasValue("0");

    clock.advance(Duration.ofSeconds(45));
    assertThat(get(store("messageType=SMS"), t).statusCode()).isEqualTo(200);
  }

  @Test
  void documentedDefaultLimitsApplyUnlessTurnedOff() throws Exception {
    try (RingCentralSimulator limited = RingCentralSimulator.builder().credentials("cid", "csecret", "the.jwt")
        .clock(clock).build().start()) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(limited.baseUrl() + "/restapi/oauth/token"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("cid:csecret".getBytes(StandardCharsets.UTF_8)))
          .POST(HttpRequest.BodyPublishers.ofString(jwtGrant("the.jwt"))).build();
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429); // Auth: 5 per minute
    }
  }

  @Test
  void injectedFailuresAnswerTheNextRequestsThenStop() throws Exception {
    String t = login();
    sim.failNext(SimEndpoint.MESSAGE_STORE, 2, 503, Duration.ofSeconds(7));

    HttpResponse<String> first = get(store("messageType=SMS"), t);
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(get(store("messageType=SMS"), t).statusCode()).isEqualTo(503);
    assertThat(get(store("messageType=SMS"), t).statusCode()).isEqualTo(200);
  }

  @Test
  void countsCallsPerEndpoint() throws Exception {
    String t = login();
    get(store("messageType=SMS"), t);
    get(store("messageType=SMS"), t);
    get("/restapi/v1.0/account/~/extension", t);
    get("/restapi/v1.0/nothing-here", t);

    assertThat(sim.calls(SimEndpoint.TOKEN)).isEqualTo(1);
    assertThat(sim.calls(SimEndpoint.MESSAGE_STORE)).isEqualTo(2);
    assertThat(sim.calls(SimEndpoint.EXTENSION_LIST)).isEqualTo(1);
    assertThat(sim.calls(SimEndpoint.OTHER)).isEqualTo(1);
    assertThat(sim.totalCalls()).isEqualTo(5);
    assertThat(sim.requestLog()).hasSize(5).last().asString().endsWith("-> 404");
    sim.resetCounters();
    assertThat(sim.totalCalls()).isZero();
  }

  @Test
  void listensOnlyOnLoopbackOnAFreePort() {
    assertThat(sim.baseUri().getHost()).isEqualTo("127.0.0.1");
    assertThat(sim.port()).isPositive();
    assertThat(sim.credentialsJson()).contains("\"server\" : \"" + sim.baseUrl() + "\"");
  }

  // ---- availability and messageStatus ----

  private List<String> idsOf(HttpResponse<String> r) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    json(r).get("records").forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  @Test
  void listsDeletedMessagesOnlyWhenTheRequestAsksForDeleted() throws Exception {
    sim.addMessages(EXT, List.of(sms(1, NOW.minusSeconds(300)), sms(2, NOW.minusSeconds(200))));
    sim.deleteMessage(EXT, "2");
    String token = login();

    assertThat(idsOf(get(store("messageType=SMS"), token))).containsExactly("1");
    HttpResponse<String> both = get(store("messageType=SMS&availability=Alive&availability=Deleted"), token);
    assertThat(idsOf(both)).containsExactly("2", "1");
    JsonNode deleted = json(both).get("records").get(0);
    assertThat(deleted.get("availability").asText()).isEqualTo("Deleted");
    assertThat(deleted.get("subject").asText()).isEqualTo("text 2"); // kept whole: it can be restored
    assertThat(idsOf(get(store("availability=Deleted"), token))).containsExactly("2");
  }

  @Test
  void listsAPurgedMessageOnlyWhenAskedAndAsAStubWithoutContent() throws Exception {
    sim.addMessages(EXT, List.of(sms(1, NOW.minusSeconds(300)), sms(2, NOW.minusSeconds(200))));
    sim.purgeMessage(EXT, "1");
    String token = login();

    assertThat(idsOf(get(store("availability=Alive&availability=Deleted"), token))).containsExactly("2");
    HttpResponse<String> r = get(store("availability=Alive,Purged"), token);
    assertThat(idsOf(r)).containsExactly("2", "1");
    JsonNode purged = json(r).get("records").get(1);
    assertThat(purged.get("availability").asText()).isEqualTo("Purged");
    assertThat(purged.has("creationTime")).isTrue();
    assertThat(purged.has("subject")).isFalse();
    assertThat(purged.has("attachments")).isFalse();
    assertThat(purged.has("from")).isFalse();
  }

  @Test
  void refusesAnUnknownAvailabilityAsAnInvalidParameter() throws Exception {
    HttpResponse<String> r = get(store("availability=Archived"), login());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("availability");
  }

  @Test
  void keepsAndChangesMessageStatusAsGiven() throws Exception {
    Instant later = NOW.minusSeconds(10);
    sim.addMessages(EXT, List.of(sms(1, NOW.minusSeconds(300))));
    sim.setMessageStatus(EXT, "1", "DeliveryFailed", later);

    JsonNode record = json(get(store("messageType=SMS"), login())).get("records").get(0);

    assertThat(record.get("messageStatus").asText()).isEqualTo("DeliveryFailed");
    assertThat(Instant.parse(record.get("lastModifiedTime").asText())).isEqualTo(later);
  }

  @Test
  void removedMessagesAreGoneAndChangingAnUnknownMessageIsRefused() throws Exception {
    sim.addMessages(EXT, List.of(sms(1, NOW.minusSeconds(300))));

    assertThat(sim.removeMessage(EXT, "1")).isTrue();
    assertThat(sim.messageCount(EXT)).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.deleteMessage(EXT, "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no message 1");
  }

  @Test
  void runsTheHookBeforeEachMessageStoreRequestSoTestsCanChangeTheStoreBetweenPages() throws Exception {
    sim.addMessages(EXT, List.of(sms(1, NOW.minusSeconds(300)), sms(2, NOW.minusSeconds(200))));
    List<Integer> seen = new java.util.ArrayList<>();
    sim.beforeMessageStoreRequest(n -> {
      seen.add(n);
      if (n == 2) {
        sim.deleteMessage(EXT, "2");
      }
    });
    String token = login();

    assertThat(idsOf(get(store("perPage=1"), token))).containsExactly("2");
    assertThat(idsOf(get(store("perPage=1"), token))).containsExactly("1");
    assertThat(seen).containsExactly(1, 2);
  }
}
