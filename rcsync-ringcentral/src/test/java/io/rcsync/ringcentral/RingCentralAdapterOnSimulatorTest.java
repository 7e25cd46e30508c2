package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource.Page;
import io.rcsync.testkit.sim.ringcentral.RateLimit;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real adapter against the embedded simulator, sharing one fake clock so nothing sleeps. */
class RingCentralAdapterOnSimulatorTest {
  static final ExtensionId ALYSSIA = ExtensionId.of("376557052");
  static final ExtensionId AUSTIN = ExtensionId.of("376557270");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  static final TimeWindow SIXTY_DAYS = new TimeWindow(NOW.minus(Duration.ofDays(60)), NOW);

  private final FakeTime time = new FakeTime(NOW);
  private final ApiCalls calls = new ApiCalls();
  private RingCentralSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private RingCentralSimulator start(RingCentralSimulator.Builder b) {
    sim = b.clock(time).build().start();
    sim.addExtension(new Extension(ALYSSIA, "104", "Alyssia", "Enabled"));
    sim.addExtension(new Extension(AUSTIN, "121", "Austin J", "Enabled"));
    sim.addExtension(new Extension(ExtensionId.of("376557999"), "199", "Kathy", "Disabled"));
    return sim;
  }

  private RingCentralConfig.Builder config() {
    return RingCentralConfig.builder(RingCentralCredentials.of(sim.clientId(), sim.clientSecret(), sim.jwt())
        .withServer(URI.create(sim.baseUrl()))).clock(time).sleeper(time);
  }

  private static List<SmsMessage> messages(ExtensionId ext, long firstId, int count) {
    List<SmsMessage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Direction d = i % 3 == 0 ? Direction.OUTBOUND : Direction.INBOUND;
      out.add(new SmsMessage(MessageId.of(Long.toString(firstId + i)), ext, d,
          d == Direction.INBOUND ? "+15028138900" : "+15025550100",
          List.of(d == Direction.INBOUND ? "+15025550100" : "+15028138900"), "message " + i,
          NOW.minus(Duration.ofMinutes(50L * i + 1)), null, "c" + (i % 17), "Received", List.of()));
    }
    return out;
  }

  private List<SmsMessage> fetch(RingCentralMessageSource source, ExtensionId ext, Consumer<Page> also) {
    List<SmsMessage> got = new ArrayList<>();
    source.fetch(ext, SIXTY_DAYS, page -> {
      got.addAll(page.messages());
      also.accept(page);
    });
    return got;
  }

  @Test
  void readsEveryMessageOfABusyExtensionExactlyOnce() {
    start(RingCentralSimulator.builder().noRateLimits());
    List<SmsMessage> stored = messages(ALYSSIA, 6_000_000_000L, 1_700);
    sim.addMessages(ALYSSIA, stored);
    sim.addMessages(AUSTIN, messages(AUSTIN, 7_000_000_000L, 40));
    RingCentralMessageSource source = RingCentralMessageSource.create(config().build(), calls);

    List<SmsMessage> got = fetch(source, ALYSSIA, p -> { });

    assertThat(got).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(sim.calls(SimEndpoint.TOKEN)).isEqualTo(1);
    assertThat(sim.calls(SimEndpoint.MESSAGE_STORE)).isEqualTo(2);
    assertThat(sim.requestLog().get(1)).contains("perPage=1000").contains("messageType=SMS");
  }

  /** The figure asked for in issue 3, against the simulator. */
  @Test
  void aThousandMessageExtensionCostsTwoCalls() {
    start(RingCentralSimulator.builder());
    sim.addMessages(ALYSSIA, messages(ALYSSIA, 6_000_000_000L, 1_000));
    RingCentralMessageSource source = RingCentralMessageSource.create(config().build(), calls);

    assertThat(fetch(source, ALYSSIA, p -> { })).hasSize(1_000);

    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(2);
    assertThat(sim.callCounts()).containsEntry(SimEndpoint.TOKEN, 1L).containsEntry(SimEndpoint.MESSAGE_STORE, 1L);
    System.out.println("MEASURE simulator: 1,000-message extension -> " + calls.count(ApiCalls.RINGCENTRAL)
        + " HTTP calls " + sim.callCounts());
  }

  @Test
  void staysUnderTheRateLimitByPausingWhenTheBudgetIsSpent() {
    start(RingCentralSimulator.builder().rateLimits(List.of(RateLimit.of(RateLimit.LIGHT, 2, Duration.ofSeconds(60)))));
    sim.addMessages(ALYSSIA, messages(ALYSSIA, 6_000_000_000L, 450));
    RingCentralMessageSource source = RingCentralMessageSource.create(config().perPage(100).build(), calls);

    assertThat(fetch(source, ALYSSIA, p -> { })).hasSize(450);

    assertThat(sim.requestLog()).noneMatch(l -> l.endsWith("-> 429"));
    assertThat(sim.calls(SimEndpoint.MESSAGE_STORE)).isEqualTo(5);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  @Test
  void waitsOutA429WhenItDoesNotPauseAhead() {
    start(RingCentralSimulator.builder().rateLimits(List.of(RateLimit.of(RateLimit.LIGHT, 2, Duration.ofSeconds(60)))));
    sim.addMessages(ALYSSIA, messages(ALYSSIA, 6_000_000_000L, 450));
    RingCentralMessageSource source = RingCentralMessageSource.create(
        config().perPage(100).pauseWhenRateLimitSpent(false).build(), calls);

    assertThat(fetch(source, ALYSSIA, p -> { })).hasSize(450);

    assertThat(sim.requestLog().stream().filter(l -> l.endsWith("-> 429"))).hasSize(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  @Test
  void renewsTokensThatExpireDuringALongBackfill() {
    start(RingCentralSimulator.builder().noRateLimits().tokenLifetime(Duration.ofMinutes(10)));
    sim.addMessages(ALYSSIA, messages(ALYSSIA, 6_000_000_000L, 450));
    RingCentralMessageSource source = RingCentralMessageSource.create(config().perPage(100).build(), calls);

    List<SmsMessage> got = fetch(source, ALYSSIA, p -> time.advance(Duration.ofMinutes(7)));

    assertThat(got).hasSize(450);
    assertThat(sim.issuedTokens()).isEqualTo(3);
    assertThat(sim.requestLog()).noneMatch(l -> l.endsWith("-> 401"));
  }

  @Test
  void logsInAgainWhenTheSessionIsRevokedMidBackfill() {
    start(RingCentralSimulator.builder().noRateLimits());
    sim.addMessages(ALYSSIA, messages(ALYSSIA, 6_000_000_000L, 300));
    RingCentralMessageSource source = RingCentralMessageSource.create(config().perPage(100).build(), calls);
    boolean[] revoked = {false};

    List<SmsMessage> got = fetch(source, ALYSSIA, p -> {
      if (!revoked[0]) {
        sim.revokeTokens();
        revoked[0] = true;
      }
    });

    assertThat(got).hasSize(300);
    assertThat(sim.issuedTokens()).isEqualTo(2);
    assertThat(sim.requestLog().stream().filter(l -> l.endsWith("-> 401"))).hasSize(1);
  }

  @Test
  void ridesOutAnInjected503Storm() {
    start(RingCentralSimulator.builder().noRateLimits());
    sim.addMessages(ALYSSIA, messages(ALYSSIA, 6_000_000_000L, 20));
    sim.failNext(SimEndpoint.MESSAGE_STORE, 3, 503, null);
    RingCentralMessageSource source = RingCentralMessageSource.create(config().build(), calls);

    assertThat(fetch(source, ALYSSIA, p -> { })).hasSize(20);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(5);
  }

  @Test
  void reportsAnInjectedMalformedRecordAndDeliversTheRest() {
    start(RingCentralSimulator.builder().noRateLimits());
    sim.addMessages(ALYSSIA, messages(ALYSSIA, 6_000_000_000L, 5));
    sim.addRawRecord(ALYSSIA, "{\"id\": 6424569999, \"type\": \"SMS\", \"direction\": \"Inbound\","
        + " \"creationTime\": \"yesterday\", \"from\": {\"phoneNumber\": \"+15028138900\"}}");
    RingCentralMessageSource source = RingCentralMessageSource.create(config().build(), calls);
    List<MalformedMessage> malformed = new ArrayList<>();

    List<SmsMessage> got = fetch(source, ALYSSIA, p -> malformed.addAll(p.malformed()));

    assertThat(got).hasSize(5);
    assertThat(malformed).containsExactly(new MalformedMessage("6424569999", ALYSSIA, "unreadable creationTime 'yesterday'"));
  }

  @Test
  void wrongSecretFailsAuthenticationWithoutShowingIt() {
    start(RingCentralSimulator.builder().noRateLimits());
    RingCentralCredentials wrong = RingCentralCredentials.of(sim.clientId(), "not-the-secret-123", sim.jwt())
        .withServer(URI.create(sim.baseUrl()));
    RingCentralMessageSource source = RingCentralMessageSource.create(
        RingCentralConfig.builder(wrong).clock(time).sleeper(time).build(), calls);

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class,
        () -> source.fetch(ALYSSIA, SIXTY_DAYS, p -> { }));

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("client id or client secret").doesNotContain("not-the-secret-123")
        .doesNotContain(sim.jwt());
  }

  @Test
  void listsTheAccountsExtensions() {
    start(RingCentralSimulator.builder());

    List<Extension> all = RingCentralExtensionDirectory.create(config().build(), calls).listExtensions();

    assertThat(all).extracting(Extension::number).containsExactly("104", "121", "199");
    assertThat(all.get(2)).isEqualTo(new Extension(ExtensionId.of("376557999"), "199", "Kathy", "Disabled"));
  }

  @Test
  void theAdapterSetSharesOneLoginBetweenSourceAndDirectory() {
    start(RingCentralSimulator.builder().noRateLimits());
    sim.addMessages(messages(ALYSSIA, 5_000, 3));
    RingCentralAdapters rc = RingCentralAdapters.create(config().build(), calls);

    assertThat(rc.extensionDirectory().listExtensions()).hasSize(3);
    assertThat(fetch(rc.messageSource(), ALYSSIA, p -> { })).hasSize(3);
    assertThat(rc.auth().logins()).isEqualTo(1);
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(3); // one login, one directory page, one store page
  }

  /**
   * Item 7 of issue 10: the store changes while the adapter pages through it. Between pages, texts already read are
   * physically removed (which shifts every later offset forward), others are deleted, purged or updated, and new ones
   * appear (newer than the listing and inside it). Every message present at the start is delivered exactly once,
   * deleted and purged ones with their availability; offset paging would skip a text here.
   */
  @Test
  void deliversEveryMessageExactlyOnceWhileTheStoreChangesBetweenPages() {
    start(RingCentralSimulator.builder().noRateLimits());
    List<SmsMessage> initial = messages(ALYSSIA, 5_000_001L, 1_200); // 50 minutes apart: 3 pages of 500
    sim.addMessages(initial);
    sim.beforeMessageStoreRequest(n -> {
      if (n == 2) { // page 1 (index 0..499) has been read
        sim.removeMessage(ALYSSIA, id(10));
        sim.removeMessage(ALYSSIA, id(20));
        sim.removeMessage(ALYSSIA, id(30));
        sim.deleteMessage(ALYSSIA, id(700));
        sim.purgeMessage(ALYSSIA, id(1_100));
        sim.setMessageStatus(ALYSSIA, id(600), "Delivered", NOW);
        sim.addMessages(List.of(extra(9_000_001L, NOW.minusSeconds(5)),
            extra(9_000_002L, initial.get(800).creationTime().plusSeconds(60))));
      } else if (n == 3) { // pages 1 and 2 have been read
        sim.removeMessage(ALYSSIA, id(550));
        sim.removeMessage(ALYSSIA, id(560));
        sim.deleteMessage(ALYSSIA, id(1_150));
      }
    });
    RingCentralMessageSource source = new RingCentralMessageSource(new RingCentralAuth(config().perPage(500).build(),
        calls));

    List<SmsMessage> got = fetch(source, ALYSSIA, p -> {});

    java.util.Map<String, Long> times = got.stream()
        .collect(java.util.stream.Collectors.groupingBy(m -> m.id().value(), java.util.stream.Collectors.counting()));
    assertThat(times.values()).as("deliveries per message").containsOnly(1L);
    assertThat(times.keySet()).containsAll(initial.stream().map(m -> m.id().value()).toList());
    java.util.Map<String, SmsMessage> byId = new java.util.HashMap<>();
    got.forEach(m -> byId.put(m.id().value(), m));
    assertThat(byId.get(id(700)).availability()).isEqualTo(io.rcsync.core.domain.Availability.DELETED);
    assertThat(byId.get(id(1_150)).availability()).isEqualTo(io.rcsync.core.domain.Availability.DELETED);
    assertThat(byId.get(id(1_100)).availability()).isEqualTo(io.rcsync.core.domain.Availability.PURGED);
    assertThat(byId.get(id(600)).messageStatus()).isEqualTo("Delivered");
    assertThat(byId.get(id(5)).availability()).isEqualTo(io.rcsync.core.domain.Availability.ALIVE);
  }

  @Test
  void asksForLiveDeletedAndPurgedTextsAndPagesAsOftenAsOffsetPagingWouldWhenNothingChanges() {
    start(RingCentralSimulator.builder().noRateLimits());
    sim.addMessages(messages(ALYSSIA, 5_000_001L, 1_200));
    RingCentralMessageSource source = new RingCentralMessageSource(new RingCentralAuth(config().perPage(500).build(),
        calls));

    List<SmsMessage> got = fetch(source, ALYSSIA, p -> {});

    assertThat(got).hasSize(1_200);
    assertThat(sim.calls(SimEndpoint.MESSAGE_STORE)).isEqualTo(3); // ceil(1200 / 500), as with page=N
    assertThat(sim.requestLog()).filteredOn(l -> l.contains("message-store"))
        .allSatisfy(l -> assertThat(l).contains("availability=Alive&availability=Deleted&availability=Purged"));
  }

  @Test
  void aRecordWithAnUnknownAvailabilityIsCountedAsMalformedNotACrash() {
    start(RingCentralSimulator.builder().noRateLimits());
    sim.addMessages(messages(ALYSSIA, 5_000_001L, 2));
    sim.addRawRecord(ALYSSIA, "{\"id\": 6000001, \"type\": \"SMS\", \"direction\": \"Inbound\","
        + " \"availability\": \"Archived\", \"creationTime\": \"2026-04-20T10:00:00.000Z\"}");
    RingCentralMessageSource source = new RingCentralMessageSource(new RingCentralAuth(config().build(), calls));
    List<MalformedMessage> bad = new ArrayList<>();

    List<SmsMessage> got = fetch(source, ALYSSIA, p -> bad.addAll(p.malformed()));

    assertThat(got).hasSize(2);
    assertThat(bad).singleElement().satisfies(m -> {
      assertThat(m.rawId()).isEqualTo("6000001");
      assertThat(m.reason()).startsWith("unknown availability 'Archived' (expected Alive, Deleted or Purged)");
    });
  }

  private static String id(int index) {
    return Long.toString(5_000_001L + index);
  }

  private static SmsMessage extra(long id, Instant at) {
    return new SmsMessage(MessageId.of(Long.toString(id)), ALYSSIA, Direction.INBOUND, "+15028138900",
        List.of("+15025550100"), "arrived while paging", at, null, "c-new", "Received", List.of());
  }
}
