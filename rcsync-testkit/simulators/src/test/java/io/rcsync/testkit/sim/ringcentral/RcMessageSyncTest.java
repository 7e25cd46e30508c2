package io.rcsync.testkit.sim.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.Availability;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's Message Sync endpoint, over HTTP as a client sees it. */
class RcMessageSyncTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ExtensionId EXT = ExtensionId.of("376557052");
  static final ExtensionId OTHER = ExtensionId.of("376557270");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  static final String FROM = "2026-04-01T00:00:00.000Z";

  private final MutableClock clock = MutableClock.at(NOW);
  private final HttpClient http = HttpClient.newHttpClient();
  private RingCentralSimulator sim;
  private String bearer;

  @BeforeEach
  void start() throws Exception {
    sim = RingCentralSimulator.builder().credentials("cid", "csecret", "the.jwt").clock(clock).noRateLimits().build()
        .start();
    sim.addExtension(new Extension(EXT, "104", "Alyssia", "Enabled"));
    sim.addExtension(new Extension(OTHER, "121", "Austin", "Enabled"));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/restapi/oauth/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("cid:csecret".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type="
            + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion=the.jwt")).build(), HttpResponse.BodyHandlers.ofString());
    bearer = JSON.readTree(r.body()).get("access_token").asText();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private HttpResponse<String> sync(ExtensionId ext, String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/restapi/v1.0/account/~/extension/"
        + ext.value() + "/message-sync?" + query)).header("Authorization", "Bearer " + bearer).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode full(ExtensionId ext, String extra) throws Exception {
    return ok(sync(ext, "syncType=FSync&messageType=SMS&dateFrom=" + FROM + extra));
  }

  private JsonNode incremental(ExtensionId ext, String token) throws Exception {
    return ok(sync(ext, "syncType=ISync&syncToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
  }

  private static String token(JsonNode body) {
    return body.path("syncInfo").path("syncToken").asText();
  }

  private static List<String> ids(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.path("records").forEach(r -> out.add(r.path("id").asText()));
    return out;
  }

  private static SmsMessage sms(ExtensionId ext, long id, Instant at) {
    return new SmsMessage(MessageId.of(Long.toString(id)), ext, Direction.OUTBOUND, "+15025550100",
        List.of("+15028138900"), "text " + id, at, null, "42", "Delivered", List.of());
  }

  private static void assertRejected(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("errorCode").asText()).isEqualTo("CMN-101");
    assertThat(body.path("message").asText()).isEqualTo("Parameter [syncToken] value is invalid");
  }

  @Test
  void aFullSyncReturnsTheFrameNewestFirstWithATokenAndTheServerTime() throws Exception {
    sim.addMessages(EXT, List.of(sms(EXT, 1, NOW.minus(Duration.ofDays(30))), sms(EXT, 2, NOW.minusSeconds(600)),
        sms(EXT, 3, NOW.minusSeconds(60))));

    JsonNode body = full(EXT, "");

    assertThat(ids(body)).containsExactly("3", "2");
    assertThat(body.path("syncInfo").path("syncType").asText()).isEqualTo("FSync");
    assertThat(body.path("syncInfo").path("syncTime").asText()).isEqualTo("2026-04-20T12:00:00.000Z");
    assertThat(body.path("syncInfo").path("olderRecordsExist").asBoolean()).isFalse();
    assertThat(token(body)).isNotBlank().doesNotContain(EXT.value());
    assertThat(sim.calls(SimEndpoint.MESSAGE_SYNC)).isEqualTo(1);
    assertThat(sim.callCounts()).containsEntry(SimEndpoint.MESSAGE_SYNC, 1L);
    assertThat(SimEndpoint.MESSAGE_SYNC.group()).isEqualTo(RateLimit.LIGHT);
  }

  @Test
  void aFullSyncLargerThanRecordCountSaysOlderRecordsExist() throws Exception {
    List<SmsMessage> many = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      many.add(sms(EXT, i, NOW.minusSeconds(60L * i)));
    }
    sim.addMessages(EXT, many);

    JsonNode body = full(EXT, "&recordCount=2");

    assertThat(ids(body)).containsExactly("1", "2");
    assertThat(body.path("syncInfo").path("olderRecordsExist").asBoolean()).isTrue();

    sim.messageSyncRecordCount(3);
    assertThat(ids(full(EXT, ""))).containsExactly("1", "2", "3");
  }

  @Test
  void anIncrementalSyncReturnsOnlyWhatWasAddedOrChangedSinceItsToken() throws Exception {
    sim.addMessages(EXT, List.of(sms(EXT, 1, NOW.minusSeconds(3600)), sms(EXT, 2, NOW.minusSeconds(1800)),
        sms(EXT, 3, NOW.minusSeconds(900)), sms(EXT, 4, NOW.minusSeconds(600))));
    clock.advance(Duration.ofSeconds(10)); // past the 5 s overlap, so nothing is answered twice
    String t0 = token(full(EXT, ""));

    JsonNode nothing = incremental(EXT, t0);
    assertThat(ids(nothing)).isEmpty();
    assertThat(nothing.path("syncInfo").path("syncType").asText()).isEqualTo("ISync");

    clock.advance(Duration.ofMinutes(5));
    sim.addMessages(EXT, List.of(sms(EXT, 5, NOW.plusSeconds(60))));
    sim.setMessageStatus(EXT, "2", "DeliveryFailed", NOW.plusSeconds(120));
    sim.deleteMessage(EXT, "3");
    sim.purgeMessage(EXT, "4");
    clock.advance(Duration.ofSeconds(10));
    JsonNode changes = incremental(EXT, token(nothing));

    assertThat(ids(changes)).containsExactly("5", "4", "3", "2");
    assertThat(changes.path("syncInfo").path("syncTime").asText()).isEqualTo("2026-04-20T12:05:20.000Z");
    JsonNode failed = changes.path("records").get(3);
    assertThat(failed.path("messageStatus").asText()).isEqualTo("DeliveryFailed");
    JsonNode deleted = changes.path("records").get(2);
    assertThat(deleted.path("availability").asText()).isEqualTo("Deleted");
    assertThat(deleted.path("subject").asText()).isEqualTo("text 3");
    JsonNode purged = changes.path("records").get(1);
    assertThat(purged.path("availability").asText()).isEqualTo("Purged");
    assertThat(purged.has("subject")).isFalse();
    assertThat(purged.path("creationTime").asText()).isNotBlank();

    assertThat(ids(incremental(EXT, token(changes)))).isEmpty();
    // an old token still answers from its own position
    assertThat(ids(incremental(EXT, t0))).containsExactly("5", "4", "3", "2");
  }

  @Test
  void anIncrementalSyncAnswersAgainWhatChangedInTheFiveSecondsBeforeItsTokensSyncTime() throws Exception {
    sim.addMessages(EXT, List.of(sms(EXT, 1, NOW.minusSeconds(60))));
    clock.advance(Duration.ofSeconds(10));
    sim.addMessages(EXT, List.of(sms(EXT, 2, NOW.minusSeconds(30))));
    clock.advance(Duration.ofSeconds(3));
    JsonNode fullSync = full(EXT, "");
    assertThat(ids(fullSync)).containsExactly("2", "1");

    clock.advance(Duration.ofSeconds(10));
    JsonNode again = incremental(EXT, token(fullSync));

    assertThat(ids(again)).as("changed 3 s before the full sync's time: answered again").containsExactly("2");
    assertThat(ids(incremental(EXT, token(again)))).as("nothing changed near the last sync").isEmpty();

    sim.messageSyncOverlap(Duration.ZERO);
    assertThat(ids(incremental(EXT, token(fullSync)))).as("overlap off").isEmpty();
  }

  @Test
  void anIncrementalSyncKeepsTheFrameOfItsFullSync() throws Exception {
    String t0 = token(full(EXT, ""));
    sim.addMessages(EXT, List.of(sms(EXT, 7, Instant.parse("2026-03-01T00:00:00Z")), sms(EXT, 8, NOW)));

    assertThat(ids(incremental(EXT, t0))).containsExactly("8");
  }

  @Test
  void aTokenOfAnotherExtensionIsRejected() throws Exception {
    String forOther = token(full(OTHER, ""));

    assertRejected(sync(EXT, "syncType=ISync&syncToken=" + URLEncoder.encode(forOther, StandardCharsets.UTF_8)));
    assertThat(incremental(OTHER, forOther).path("records").size()).isZero();
  }

  @Test
  void aGarbageOrForgedTokenIsRejected() throws Exception {
    String real = token(full(EXT, ""));
    String[] parts = real.split("\\.");
    String body = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    String forged = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(body.replaceFirst("\\|\\d+\\|", "|0|").getBytes(StandardCharsets.UTF_8)) + "." + parts[1];

    assertRejected(sync(EXT, "syncType=ISync&syncToken=not-a-token"));
    assertRejected(sync(EXT, "syncType=ISync&syncToken=" + forged));
    assertRejected(sync(EXT, "syncType=ISync"));
  }

  @Test
  void expiredTokensAreRejectedAndAFreshFullSyncWorksAgain() throws Exception {
    String t0 = token(full(EXT, ""));

    sim.expireSyncTokens();

    assertRejected(sync(EXT, "syncType=ISync&syncToken=" + t0));
    String t1 = token(full(EXT, ""));
    assertThat(incremental(EXT, t1).path("records").size()).isZero();
  }

  @Test
  void rejectSyncTokensOnceRejectsOnlyTheNextIncrementalSync() throws Exception {
    String t0 = token(full(EXT, ""));

    sim.rejectSyncTokensOnce();

    assertRejected(sync(EXT, "syncType=ISync&syncToken=" + t0));
    assertThat(incremental(EXT, t0).path("syncInfo").path("syncType").asText()).isEqualTo("ISync");
  }

  @Test
  void aMissingOrUnknownSyncTypeIsAnInvalidParameter() throws Exception {
    HttpResponse<String> r = sync(EXT, "messageType=SMS");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Parameter [syncType] value is invalid");
  }

  @Test
  void theRequestLogShowsThatATokenWasSentButNeverItsValue() throws Exception {
    String t0 = token(full(EXT, ""));

    incremental(EXT, t0);

    assertThat(sim.requestLog()).noneMatch(l -> l.contains(t0) || l.contains(URLEncoder.encode(t0, StandardCharsets.UTF_8)));
    assertThat(sim.requestLog()).anyMatch(l -> l.contains("syncToken=<redacted>") && l.endsWith("-> 200"));
  }

  @Test
  void listenersHearEveryAddStatusChangeDeleteAndPurgeOfTheStore() {
    RcMessageStore store = new RcMessageStore(t -> null, () -> NOW);
    List<String> heard = new ArrayList<>();
    store.addListener((ext, m, created) -> heard.add(ext.value() + ":" + m.id().value() + ":" + created + ":"
        + m.availability() + ":" + m.messageStatus()));

    store.add(EXT, List.of(sms(EXT, 1, NOW)));
    store.change(EXT, "1", m -> m.withStatus("DeliveryFailed", NOW));
    store.change(EXT, "1", m -> m.withAvailability(Availability.DELETED));
    store.change(EXT, "1", m -> m.withAvailability(Availability.PURGED));

    assertThat(heard).containsExactly("376557052:1:true:ALIVE:Delivered", "376557052:1:false:ALIVE:DeliveryFailed",
        "376557052:1:false:DELETED:DeliveryFailed", "376557052:1:false:PURGED:DeliveryFailed");
    assertThat(store.changePosition()).isEqualTo(4);
  }
}
