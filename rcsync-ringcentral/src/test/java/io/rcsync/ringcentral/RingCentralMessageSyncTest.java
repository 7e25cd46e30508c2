package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource.Page;
import io.rcsync.core.port.out.SyncTokenRejectedException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message Sync on the wire: what the adapter asks RingCentral and how it reads every kind of answer. */
class RingCentralMessageSyncTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final ObjectMapper JSON = new ObjectMapper();
  static final ExtensionId EXT = ExtensionId.of("101");
  static final String SYNC = "/restapi/v1.0/account/~/extension/101/message-sync";
  static final String STORE = "/restapi/v1.0/account/~/extension/101/message-store";
  static final Instant FROM = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant SYNC_TIME = Instant.parse("2026-04-20T12:00:00.123Z");
  /** Characters that must be URL-encoded, so a raw token in a URI or a message is easy to spot. */
  static final String TOKEN = "AAAAAv8AAAE1sc6UAP_+/secret=syncTok";
  static final String NEW_TOKEN = "BBBBBnewTokenValue";

  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");
  private final ApiCalls calls = new ApiCalls();
  private final List<Page> received = new ArrayList<>();
  private RingCentralMessageSource source;

  @BeforeEach
  void setUp() {
    source = new RingCentralMessageSource(new RingCentralAuth(
        RingCentralConfig.builder(RcJson.credentials(wm.baseUrl())).sleeper(time).clock(time).build(), calls));
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok-1", 3600))));
  }

  private static MappingBuilder fullSync() {
    return get(urlPathEqualTo(SYNC)).withQueryParam("syncType", equalTo("FSync"));
  }

  private static MappingBuilder incrementalSync() {
    return get(urlPathEqualTo(SYNC)).withQueryParam("syncType", equalTo("ISync"));
  }

  private static String syncBody(String syncType, boolean olderRecordsExist, List<ObjectNode> records) {
    ObjectNode n = JSON.createObjectNode();
    n.put("uri", "https://platform.ringcentral.com/restapi/v1.0/account/4001/extension/101/message-sync");
    ArrayNode arr = n.putArray("records");
    records.forEach(arr::add);
    ObjectNode info = n.putObject("syncInfo");
    info.put("syncType", syncType);
    info.put("syncToken", NEW_TOKEN);
    info.put("syncTime", SYNC_TIME.toString());
    info.put("olderRecordsExist", olderRecordsExist);
    return n.toString();
  }

  private static ObjectNode sms(long id, Instant at) {
    return RcJson.sms(id, "Inbound", "+15028138900", List.of("+15025550100"), "text " + id, at);
  }

  private MessageSyncCheckpoint full() {
    return source.messageSync(EXT, new MessageSyncRequest.Full(FROM), received::add);
  }

  private MessageSyncCheckpoint incremental() {
    return source.messageSync(EXT, new MessageSyncRequest.Incremental(TOKEN), received::add);
  }

  private List<SmsMessage> messages() {
    return received.stream().flatMap(p -> p.messages().stream()).toList();
  }

  private List<String> ids() {
    return messages().stream().map(m -> m.id().value()).toList();
  }

  @Test
  void servesMessageSync() {
    assertThat(source.supportsMessageSync()).isTrue();
  }

  @Test
  void aFullSyncAsksForSmsFromDateFromAndReturnsRingCentralsTokenAndSyncTime() {
    wm.stubFor(fullSync().willReturn(aResponse().withStatus(200).withBody(syncBody("FSync", false,
        List.of(sms(2, FROM.plusSeconds(7200)), sms(1, FROM.plusSeconds(3600)))))));

    MessageSyncCheckpoint checkpoint = full();

    wm.verify(getRequestedFor(urlPathEqualTo(SYNC)).withQueryParam("syncType", equalTo("FSync"))
        .withQueryParam("messageType", equalTo("SMS")).withQueryParam("dateFrom", equalTo("2026-04-01T00:00:00.000Z"))
        .withQueryParam("syncToken", absent()).withQueryParam("dateTo", absent()));
    assertThat(ids()).containsExactly("2", "1");
    assertThat(received).hasSize(1);
    assertThat(checkpoint).isEqualTo(new MessageSyncCheckpoint(NEW_TOKEN, SYNC_TIME));
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(2); // login + one sync
  }

  @Test
  void anIncrementalSyncSendsOnlyTheTokenAndDeliversChangedDeletedAndPurgedRecords() {
    ObjectNode deleted = sms(3, FROM.plusSeconds(60));
    deleted.put("availability", "Deleted");
    ObjectNode purged = JSON.createObjectNode();
    purged.put("id", 4);
    purged.put("type", "SMS");
    purged.put("availability", "Purged");
    purged.put("lastModifiedTime", "2026-04-20T11:00:00.000Z");
    ObjectNode failed = RcJson.sms(5, "Outbound", "+15025550100", List.of("+15028138900"), "hi", FROM);
    failed.put("messageStatus", "DeliveryFailed");
    wm.stubFor(incrementalSync().withQueryParam("syncToken", equalTo(TOKEN))
        .willReturn(aResponse().withStatus(200).withBody(syncBody("ISync", false, List.of(deleted, purged, failed)))));

    MessageSyncCheckpoint checkpoint = incremental();

    wm.verify(getRequestedFor(urlPathEqualTo(SYNC)).withQueryParam("syncType", equalTo("ISync"))
        .withQueryParam("syncToken", equalTo(TOKEN)).withQueryParam("dateFrom", absent()));
    assertThat(messages()).extracting(SmsMessage::availability)
        .containsExactly(Availability.DELETED, Availability.PURGED, Availability.ALIVE);
    assertThat(messages().get(0).text()).isEqualTo("text 3");
    assertThat(messages().get(2).messageStatus()).isEqualTo("DeliveryFailed");
    assertThat(checkpoint.syncToken()).isEqualTo(NEW_TOKEN);
  }

  @Test
  void aRecordRepeatedInOneAnswerIsDeliveredOnce() {
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(200)
        .withBody(syncBody("ISync", false, List.of(sms(1, FROM), sms(1, FROM))))));

    incremental();

    assertThat(ids()).containsExactly("1");
  }

  @Test
  void aFullSyncWithOlderRecordsReadsTheRestOfTheFrameFromTheListWithoutRepeats() {
    Instant oldestSynced = Instant.parse("2026-04-10T00:00:00Z");
    wm.stubFor(fullSync().willReturn(aResponse().withStatus(200).withBody(syncBody("FSync", true,
        List.of(sms(9, oldestSynced.plusSeconds(60)), sms(8, oldestSynced))))));
    // the list repeats the boundary record 8 and holds the older 7 and 6
    wm.stubFor(get(urlPathEqualTo(STORE)).willReturn(aResponse().withStatus(200).withBody(RcJson.page(
        List.of(sms(8, oldestSynced), sms(7, oldestSynced.minusSeconds(60)), sms(6, FROM)), 1, 1, 1000, 3,
        wm.baseUrl() + STORE, null))));

    MessageSyncCheckpoint checkpoint = full();

    assertThat(ids()).containsExactly("9", "8", "7", "6");
    wm.verify(getRequestedFor(urlPathEqualTo(STORE)).withQueryParam("dateFrom", equalTo("2026-04-01T00:00:00.000Z"))
        .withQueryParam("dateTo", equalTo("2026-04-10T00:00:00.001Z"))
        .withQueryParam("availability", equalTo("Deleted")));
    assertThat(checkpoint.syncToken()).isEqualTo(NEW_TOKEN); // the frame's token is the full sync's
  }

  @Test
  void aFullSyncWithoutOlderRecordsReadsNoList() {
    wm.stubFor(fullSync().willReturn(aResponse().withStatus(200).withBody(syncBody("FSync", false, List.of()))));

    full();

    assertThat(received).isEmpty();
    wm.verify(0, getRequestedFor(urlPathEqualTo(STORE)));
  }

  @Test
  void aRefusedTokenIsSyncTokenRejectedAndTheMessageNeverHoldsTheToken() {
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("CMN-101", "Parameter [syncToken] value is invalid"))));

    SyncTokenRejectedException e = catchThrowableOfType(this::incremental, SyncTokenRejectedException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo("extension 101: RingCentral refused the saved Message Sync token (HTTP 400"
        + " CMN-101: Parameter [syncToken] value is invalid); it is expired or no longer valid, so a full sync is"
        + " needed");
    assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
    assertThat(received).isEmpty();
  }

  @Test
  void msg333AboutTheTokenIsARefusalToo() {
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("MSG-333", "Parameter [syncToken] is invalid"))));

    assertThat(catchThrowableOfType(this::incremental, SyncTokenRejectedException.class)).isNotNull();
  }

  @Test
  void anErrorBodyThatEchoesTheTokenIsShownWithoutIt() {
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("CMN-101", "Parameter [syncToken] value '" + TOKEN + "' is invalid"))));

    SyncTokenRejectedException e = catchThrowableOfType(this::incremental, SyncTokenRejectedException.class);

    assertThat(e.getMessage()).contains("value '<sync token>' is invalid").doesNotContain(TOKEN);
  }

  @Test
  void anotherErrorWhoseBodyEchoesTheTokenKeepsItOutOfTheMessageAndEveryCause() {
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("MSG-999", "Cannot sync with token " + TOKEN + " right now"))));

    ExternalSystemException e = catchThrowableOfType(this::incremental, ExternalSystemException.class);

    assertThat(e).isNotInstanceOf(SyncTokenRejectedException.class);
    assertThat(e.getMessage()).contains("Cannot sync with token <sync token> right now");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN)
          .doesNotContain(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
      assertThat(String.valueOf(t)).doesNotContain(TOKEN);
    }
  }

  @Test
  void anotherInvalidParameterIsAnErrorButNotATokenRefusal() {
    wm.stubFor(fullSync().willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("CMN-101", "Parameter [dateFrom] value is invalid"))));

    ExternalSystemException e = catchThrowableOfType(this::full, ExternalSystemException.class);

    assertThat(e).isNotInstanceOf(SyncTokenRejectedException.class);
    assertThat(e.getMessage()).isEqualTo("extension 101: full Message Sync: message-sync: HTTP 400 CMN-101: Parameter"
        + " [dateFrom] value is invalid");
  }

  @Test
  void aServerErrorThatNeverEndsStopsWithAMessageWithoutTheToken() {
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(503)));

    ExternalSystemException e = catchThrowableOfType(this::incremental, ExternalSystemException.class);

    assertThat(e).isNotInstanceOf(SyncTokenRejectedException.class);
    assertThat(e.getMessage()).startsWith("extension 101: incremental Message Sync: message-sync: HTTP 503")
        .doesNotContain(TOKEN).doesNotContain(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
    }
  }

  @Test
  void aMalformedRecordIsReportedWithItsIdAndTheRestDelivered() {
    ObjectNode bad = sms(2, FROM);
    bad.put("direction", "Sideways");
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(200)
        .withBody(syncBody("ISync", false, List.of(sms(1, FROM), bad)))));

    incremental();

    assertThat(ids()).containsExactly("1");
    assertThat(received.get(0).malformed()).containsExactly(new MalformedMessage("2", EXT, "unknown direction 'Sideways'"));
  }

  @Test
  void anAnswerWithoutSyncInfoIsAnErrorThatSaysSo() {
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(200).withBody("{\"records\":[]}")));

    ExternalSystemException e = catchThrowableOfType(this::incremental, ExternalSystemException.class);

    assertThat(e.getMessage()).isEqualTo("extension 101: incremental Message Sync: the answer has no"
        + " syncInfo.syncToken; nothing was read");
  }

  @Test
  void a429InTheLightGroupWaitsRetryAfterThenCarriesOn() {
    wm.stubFor(incrementalSync().inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "23").withHeader("X-Rate-Limit-Group", "Light")
            .withHeader("X-Rate-Limit-Limit", "50").withHeader("X-Rate-Limit-Remaining", "0")
            .withHeader("X-Rate-Limit-Window", "60").withBody(RcJson.apiError("CMN-301", "Request rate exceeded")))
        .willSetStateTo("ok"));
    wm.stubFor(incrementalSync().inScenario("rl").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody(syncBody("ISync", false, List.of(sms(1, FROM))))));

    incremental();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(23));
    assertThat(ids()).containsExactly("1");
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(3);
  }

  @Test
  void aSpentLightBudgetOnMessageSyncPausesTheListOfTheSameGroup() {
    wm.stubFor(fullSync().willReturn(aResponse().withStatus(200).withHeader("X-Rate-Limit-Group", "Light")
        .withHeader("X-Rate-Limit-Remaining", "0").withHeader("X-Rate-Limit-Window", "60")
        .withBody(syncBody("FSync", true, List.of(sms(2, FROM.plusSeconds(60)))))));
    wm.stubFor(get(urlPathEqualTo(STORE)).willReturn(aResponse().withStatus(200).withBody(RcJson.page(
        List.of(sms(1, FROM)), 1, 1, 1000, 1, wm.baseUrl() + STORE, null))));

    full();

    // the sync spent the Light budget: the list (also Light) waits for the window before it is sent
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
    assertThat(ids()).containsExactly("2", "1");
  }

  @Test
  void aDeletedStubIsReadWholeByIdAndAGoneOrPurgedStubIsCountedAsPurged() {
    ObjectNode deletedStub = JSON.createObjectNode().put("id", 7).put("availability", "Deleted");
    ObjectNode goneStub = JSON.createObjectNode().put("id", 8).put("availability", "Deleted");
    ObjectNode purgedStub = JSON.createObjectNode().put("id", 9).put("availability", "Purged");
    wm.stubFor(incrementalSync().willReturn(aResponse().withStatus(200)
        .withBody(syncBody("ISync", false, List.of(deletedStub, goneStub, purgedStub)))));
    ObjectNode whole = sms(7, FROM.plusSeconds(5));
    whole.put("availability", "Deleted");
    wm.stubFor(get(urlPathEqualTo(STORE + "/7")).willReturn(aResponse().withStatus(200).withBody(whole.toString())));
    wm.stubFor(get(urlPathEqualTo(STORE + "/8")).willReturn(aResponse().withStatus(404)
        .withBody(RcJson.apiError("CMN-102", "Resource for parameter [messageId] is not found"))));

    incremental();

    assertThat(received.get(0).malformed()).isEmpty();
    assertThat(messages()).extracting(m -> m.id().value() + " " + m.availability())
        .containsExactly("7 DELETED", "8 PURGED", "9 PURGED");
    assertThat(messages().get(0).text()).isEqualTo("text 7");
    assertThat(messages().get(0).creationTime()).isEqualTo(FROM.plusSeconds(5));
    assertThat(messages().get(2).creationTime()).isEqualTo(SYNC_TIME);
    wm.verify(0, getRequestedFor(urlPathEqualTo(STORE + "/9")));
  }
}
