package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import io.rcsync.core.port.out.MessageSource.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RingCentralMessageSourceTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final ExtensionId EXT = ExtensionId.of("101");
  static final String STORE = "/restapi/v1.0/account/~/extension/101/message-store";
  static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
  static final TimeWindow WINDOW = new TimeWindow(T0, Instant.parse("2026-04-20T00:00:00Z"));

  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");
  private final ApiCalls calls = new ApiCalls();
  private RingCentralMessageSource source;
  private final List<Page> received = new ArrayList<>();

  @BeforeEach
  void setUp() {
    source = new RingCentralMessageSource(new RingCentralAuth(config().build(), calls));
  }

  private RingCentralConfig.Builder config() {
    return RingCentralConfig.builder(RcJson.credentials(wm.baseUrl())).sleeper(time).clock(time);
  }

  private static void tokenOk() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok-1", 3600))));
  }

  private static String pageUri(int page) {
    return wm.baseUrl() + "/restapi/v1.0/account/4001/extension/101/message-store?messageType=SMS"
        + "&dateFrom=2026-04-01T00:00:00.000Z&dateTo=2026-04-20T00:00:00.000Z&page=" + page + "&perPage=1000";
  }

  /**
   * The k-th list request of a fetch over pages of 1000 {@link #records}: the first asks up to the window's end,
   * each next one up to the creation time of the last record of the page before (the adapter pages by time).
   */
  private static MappingBuilder storePage(int page) {
    // later pages: one millisecond past the oldest text of the page before (the adapter's time cursor)
    return storePageAt(page == 1 ? WINDOW.to() : timeOfId((page - 1) * 1000L).plusMillis(1));
  }

  private static MappingBuilder storePageAt(Instant dateTo) {
    return get(urlPathEqualTo(STORE)).withQueryParam("page", absent())
        .withQueryParam("dateTo", equalTo(RingCentralMessageSource.isoMillis(dateTo)));
  }

  /** Record {@code id} of {@link #records} was created {@code id - 1} seconds before 2026-04-19T00:00:00Z. */
  private static Instant timeOfId(long id) {
    return T0.plusSeconds(3600L * 24 * 18 - (id - 1));
  }

  private static List<ObjectNode> records(long firstId, int count) {
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(RcJson.sms(firstId + i, i % 2 == 0 ? "Inbound" : "Outbound", "+15028138900", List.of("+15025550100"),
          "text " + i, timeOfId(firstId + i)));
    }
    return out;
  }

  private static String pageBody(List<ObjectNode> recs, int page, int totalPages, int total) {
    return RcJson.page(recs, page, totalPages, 1000, total, pageUri(page), page < totalPages ? pageUri(page + 1) : null);
  }

  private void fetch() {
    source.fetch(EXT, WINDOW, received::add);
  }

  private List<SmsMessage> messages() {
    return received.stream().flatMap(p -> p.messages().stream()).toList();
  }

  @Test
  void asksForSmsInTheWindowWithTheLargestPageSize() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 2), 1, 1, 2))));

    fetch();

    wm.verify(getRequestedFor(urlPathEqualTo(STORE))
        .withQueryParam("messageType", equalTo("SMS"))
        .withQueryParam("dateFrom", equalTo("2026-04-01T00:00:00.000Z"))
        .withQueryParam("dateTo", equalTo("2026-04-20T00:00:00.000Z"))
        .withQueryParam("perPage", equalTo("1000"))
        .withHeader("Authorization", equalTo("Bearer tok-1")));
    assertThat(messages()).hasSize(2);
  }

  @Test
  void followsNextPageUntilTheLastPageAndDeliversEachPageAsItArrives() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 1000), 1, 3, 2100))));
    wm.stubFor(storePage(2).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1001, 1000), 2, 3, 2100))));
    wm.stubFor(storePage(3).willReturn(aResponse().withStatus(200).withBody(pageBody(records(2001, 100), 3, 3, 2100))));

    fetch();

    assertThat(received).extracting(Page::size).containsExactly(1000, 1000, 100);
    assertThat(messages()).extracting(m -> m.id().value()).doesNotHaveDuplicates().hasSize(2100);
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(4); // 1 token + 3 pages
  }

  @Test
  void mapsEveryFieldOfAnSmsRecord() {
    tokenOk();
    ObjectNode inbound = RcJson.sms(6424569004L, "Inbound", "+15028138900", List.of("+15025550100"),
        "Hello from a client", Instant.parse("2026-04-19T17:07:28Z"));
    ObjectNode group = RcJson.sms(6424569005L, "Outbound", "+15025550100", List.of("(502) 813-8900", "+15025550111"),
        "Reply to two", Instant.parse("2026-04-19T17:08:00Z"));
    group.remove("conversation");
    group.put("conversationId", 99L);
    ObjectNode mms = group.withArray("attachments").addObject();
    mms.put("id", 777);
    mms.put("uri", "https://platform.ringcentral.com/restapi/v1.0/account/4001/extension/101/message-store/6424569005/content/777");
    mms.put("type", "MmsAttachment");
    mms.put("contentType", "image/jpeg");
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(List.of(inbound, group), 1, 1, 2))));

    fetch();

    SmsMessage in = messages().get(0);
    assertThat(in.id()).isEqualTo(MessageId.of("6424569004"));
    assertThat(in.extension()).isEqualTo(EXT);
    assertThat(in.direction()).isEqualTo(Direction.INBOUND);
    assertThat(in.from()).isEqualTo("+15028138900");
    assertThat(in.to()).containsExactly("+15025550100");
    assertThat(in.text()).isEqualTo("Hello from a client");
    assertThat(in.creationTime()).isEqualTo(Instant.parse("2026-04-19T17:07:28Z"));
    assertThat(in.lastModifiedTime()).isEqualTo(Instant.parse("2026-04-19T17:07:28.091Z"));
    assertThat(in.conversationId()).isEqualTo("8031152018338945839");
    assertThat(in.messageStatus()).isEqualTo("Received");
    assertThat(in.attachments()).containsExactly(new Attachment("6424569004",
        "https://platform.ringcentral.com/restapi/v1.0/account/4001/extension/101/message-store/6424569004/content/6424569004",
        "Text", "text/plain"));
    assertThat(in.counterparties()).containsExactly("+15028138900");

    SmsMessage out = messages().get(1);
    assertThat(out.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(out.counterparties()).containsExactly("(502) 813-8900", "+15025550111");
    assertThat(out.conversationId()).isEqualTo("99");
    assertThat(out.messageStatus()).isEqualTo("Delivered");
    assertThat(out.attachments()).extracting(Attachment::contentType).containsExactly("text/plain", "image/jpeg");
  }

  @Test
  void emptyExtensionDeliversNothingAfterOneCall() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(List.of(), 1, 1, 0))));

    fetch();

    assertThat(received).isEmpty();
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(2);
  }

  @Test
  void reportsMalformedRecordsWithTheirIdAndKeepsTheRest() {
    tokenOk();
    ObjectNode noTime = RcJson.sms(11, "Inbound", "+15028138900", List.of("+15025550100"), "x", T0.plusSeconds(60));
    noTime.remove("creationTime");
    ObjectNode badDirection = RcJson.sms(12, "Sideways", "+15028138900", List.of("+15025550100"), "x", T0.plusSeconds(60));
    ObjectNode noId = RcJson.sms(13, "Inbound", "+15028138900", List.of("+15025550100"), "x", T0.plusSeconds(60));
    noId.remove("id");
    ObjectNode fax = RcJson.sms(14, "Inbound", "+15028138900", List.of("+15025550100"), "x", T0.plusSeconds(60));
    fax.put("type", "Fax");
    List<ObjectNode> recs = new ArrayList<>(records(1, 3));
    recs.addAll(List.of(noTime, badDirection, noId, fax));
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(recs, 1, 1, recs.size()))));

    fetch();

    assertThat(messages()).hasSize(3);
    List<MalformedMessage> malformed = received.get(0).malformed();
    assertThat(malformed).extracting(MalformedMessage::rawId, MalformedMessage::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("11", "missing creationTime"),
        org.assertj.core.groups.Tuple.tuple("12", "unknown direction 'Sideways'"),
        org.assertj.core.groups.Tuple.tuple("?", "record has no id"),
        org.assertj.core.groups.Tuple.tuple("14", "not an SMS record (type 'Fax')"));
    assertThat(malformed).allSatisfy(m -> assertThat(m.extension()).isEqualTo(EXT));
  }

  @Test
  void leavesOutMessagesOutsideTheWindowAndDuplicatesAcrossPages() {
    tokenOk();
    ObjectNode atEnd = RcJson.sms(50, "Inbound", "+15028138900", List.of("+15025550100"), "x", WINDOW.to());
    List<ObjectNode> p1 = new ArrayList<>(records(1, 2));
    p1.add(atEnd);
    List<ObjectNode> p2 = records(2, 2); // id 2 shifted onto the next page while paging
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(p1, 1, 2, 5))));
    wm.stubFor(storePageAt(timeOfId(2).plusMillis(1)).willReturn(aResponse().withStatus(200).withBody(pageBody(p2, 2, 2, 5))));

    fetch();

    assertThat(messages()).extracting(m -> m.id().value()).containsExactly("1", "2", "3");
  }

  @Test
  void aServerThatIgnoresTheCursorAndRepeatsAPageStopsTheListingInsteadOfLoopingForever() {
    tokenOk();
    // every request, whatever its dateTo or page, gets the same page that says more follow
    wm.stubFor(get(urlPathEqualTo(STORE))
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 2), 1, 2, 5))));

    assertThatThrownBy(this::fetch)
        .isInstanceOf(io.rcsync.core.port.out.ExternalSystemException.class)
        .hasMessageContaining("returned only texts already read on "
            + RingCentralMessageSource.MAX_PAGES_WITH_NOTHING_NEW + " pages in a row");
    assertThat(messages()).extracting(m -> m.id().value()).containsExactly("1", "2");
  }

  @Test
  void renewsAnExpiredTokenMidBackfill() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("tok").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok-1", 3600))).willSetStateTo("second"));
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("tok").whenScenarioStateIs("second")
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok-2", 3600))));
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 1000), 1, 2, 1500))));
    wm.stubFor(storePage(2).withHeader("Authorization", equalTo("Bearer tok-2"))
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1001, 500), 2, 2, 1500))));

    source.fetch(EXT, WINDOW, page -> {
      received.add(page);
      time.advance(Duration.ofMinutes(59)); // the consumer is slow: the token runs out before the next page
    });

    assertThat(messages()).hasSize(1500);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/restapi/oauth/token")))).hasSize(2);
  }

  @Test
  void logsInAgainOnceWhenTheApiSays401() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("tok").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("revoked", 3600))).willSetStateTo("second"));
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("tok").whenScenarioStateIs("second")
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok-2", 3600))));
    wm.stubFor(storePage(1).withHeader("Authorization", equalTo("Bearer revoked"))
        .willReturn(aResponse().withStatus(401).withBody(RcJson.apiError("TokenInvalid", "Token not found"))));
    wm.stubFor(storePage(1).withHeader("Authorization", equalTo("Bearer tok-2"))
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 3), 1, 1, 3))));

    fetch();

    assertThat(messages()).hasSize(3);
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(4);
  }

  @Test
  void a401AfterAFreshLoginIsAnAuthenticationFailure() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(401).withBody(RcJson.apiError("TokenInvalid", "Token not found"))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, this::fetch);

    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(e.fatalToRun()).isTrue();
    assertThat(e.getMessage()).startsWith("extension 101: gave up before the first page: message-store: RingCentral"
        + " rejected a freshly issued access token (HTTP 401 TokenInvalid: Token not found)");
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/restapi/oauth/token")))).hasSize(2);
  }

  @Test
  void waitsAsLongAsRetryAfterSaysOnA429() {
    tokenOk();
    wm.stubFor(storePage(1).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "37").withHeader("X-Rate-Limit-Group", "Light")
            .withHeader("X-Rate-Limit-Limit", "50").withHeader("X-Rate-Limit-Remaining", "0")
            .withHeader("X-Rate-Limit-Window", "60").withBody(RcJson.apiError("CMN-301", "Request rate exceeded")))
        .willSetStateTo("ok"));
    wm.stubFor(storePage(1).inScenario("rl").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 5), 1, 1, 5))));

    fetch();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(37));
    assertThat(messages()).hasSize(5);
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(3);
  }

  @Test
  void usesTheRateLimitWindowWhenA429HasNoRetryAfter() {
    tokenOk();
    wm.stubFor(storePage(1).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("X-Rate-Limit-Window", "45")).willSetStateTo("ok"));
    wm.stubFor(storePage(1).inScenario("rl").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 1), 1, 1, 1))));

    fetch();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(45));
  }

  @Test
  void pausesForTheWindowWhenTheBudgetIsSpentInsteadOfRunningIntoA429() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withHeader("X-Rate-Limit-Group", "Light")
        .withHeader("X-Rate-Limit-Limit", "50").withHeader("X-Rate-Limit-Remaining", "0")
        .withHeader("X-Rate-Limit-Window", "60").withBody(pageBody(records(1, 1000), 1, 2, 1001))));
    wm.stubFor(storePage(2).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1001, 1), 2, 2, 1001))));

    fetch();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
    assertThat(messages()).hasSize(1001);
  }

  @Test
  void backsOffThroughA503StormThenCarriesOn() {
    tokenOk();
    String state = Scenario.STARTED;
    for (int i = 1; i <= 3; i++) {
      wm.stubFor(storePage(1).inScenario("storm").whenScenarioStateIs(state)
          .willReturn(aResponse().withStatus(503)).willSetStateTo("after" + i));
      state = "after" + i;
    }
    wm.stubFor(storePage(1).inScenario("storm").whenScenarioStateIs(state)
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 4), 1, 1, 4))));

    fetch();

    assertThat(messages()).hasSize(4);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
  }

  @Test
  void retriesAfterAConnectionReset() {
    tokenOk();
    wm.stubFor(storePage(1).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
    wm.stubFor(storePage(1).inScenario("reset").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 2), 1, 1, 2))));

    fetch();

    assertThat(messages()).hasSize(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void a503ThatNeverEndsStopsWithAnErrorSayingHowFarItGot() {
    source = new RingCentralMessageSource(new RingCentralAuth(config().maxAttempts(20)
        .maxRetryWait(Duration.ofMinutes(2)).build(), calls));
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 1000), 1, 3, 2500))));
    wm.stubFor(storePage(2).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1001, 1000), 2, 3, 2500))));
    wm.stubFor(storePage(3).willReturn(aResponse().withStatus(503)));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, this::fetch);

    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.system()).isEqualTo(ApiCalls.RINGCENTRAL);
    // back-off 2+4+8+16+32 = 62s; the next 60s wait would pass the 2m budget
    assertThat(e.getMessage()).isEqualTo("extension 101: gave up after 2 pages / 2,000 messages: message-store:"
        + " HTTP 503 for 1m 02s (6 attempts); the next wait (1m 00s, back-off) would exceed the 2m 00s retry budget");
    assertThat(messages()).hasSize(2000); // pages already delivered stay delivered
    assertThat(time.totalSlept()).isEqualTo(Duration.ofSeconds(62));
  }

  @Test
  void aRateLimitThatNeverLiftsIsReportedAsRateLimited() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
        .withHeader("X-Rate-Limit-Group", "Light").withHeader("X-Rate-Limit-Limit", "50")
        .withHeader("X-Rate-Limit-Window", "60")));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, this::fetch);

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.getMessage()).isEqualTo("extension 101: gave up before the first page: message-store: HTTP 429 Too"
        + " Many Requests (rate-limit group Light: 50 requests per 1m 00s) for 5m 00s (6 attempts)");
    assertThat(time.sleeps()).hasSize(5).allMatch(d -> d.equals(Duration.ofSeconds(60)));
  }

  @Test
  void doesNotRetryOtherClientErrors() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(404)
        .withBody(RcJson.apiError("CMN-102", "Resource for parameter [extensionId] is not found"))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, this::fetch);

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).isEqualTo("extension 101: gave up before the first page: message-store: HTTP 404"
        + " CMN-102: Resource for parameter [extensionId] is not found");
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(2);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void followsThePagingObjectWhenNavigationHasNoNextPage() {
    tokenOk();
    String p1 = RcJson.page(records(1, 1000), 1, 2, 1000, 1001, pageUri(1), null);
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(p1)));
    wm.stubFor(storePage(2).withQueryParam("perPage", equalTo("1000"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.page(records(1001, 1), 2, 2, 1000, 1001, pageUri(2), null))));

    fetch();

    assertThat(messages()).hasSize(1001);
  }

  @Test
  void sendsTheTokenOnlyToTheConfiguredServerEvenIfNextPageNamesAnotherHost() {
    tokenOk();
    String evil = "https://evil.example.com/restapi/v1.0/account/4001/extension/101/message-store?page=2&perPage=1000";
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200)
        .withBody(RcJson.page(records(1, 1000), 1, 2, 1000, 1001, pageUri(1), evil))));
    wm.stubFor(storePage(2).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1001, 1), 2, 2, 1001))));

    fetch();

    assertThat(messages()).hasSize(1001);
  }

  @Test
  void honoursRetryAfterOnA503() {
    tokenOk();
    wm.stubFor(storePage(1).inScenario("m").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "20")).willSetStateTo("ok"));
    wm.stubFor(storePage(1).inScenario("m").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 1), 1, 1, 1))));

    fetch();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void aPageThatIsNotJsonStopsTheFetchClearly() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, this::fetch);

    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.getMessage()).isEqualTo("extension 101: gave up before the first page: message-store: RingCentral"
        + " answered HTTP 200 with a body that is not JSON");
  }

  /** The figure the issue asks for: HTTP calls to read a 1,000-message extension. */
  @Test
  void aThousandMessageExtensionCostsOneTokenCallAndOnePage() {
    tokenOk();
    wm.stubFor(storePage(1).willReturn(aResponse().withStatus(200).withBody(pageBody(records(1, 1000), 1, 1, 1000))));

    fetch();

    assertThat(messages()).hasSize(1000);
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(2);
    System.out.println("MEASURE wiremock: 1,000-message extension -> " + calls.count(ApiCalls.RINGCENTRAL)
        + " RingCentral HTTP calls (1 token + 1 page of perPage=1000)");
  }
}
