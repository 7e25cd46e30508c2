package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.MessageSource.Page;
import io.rcsync.core.port.out.SyncTokenRejectedException;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real adapter's Message Sync against the embedded simulator: full, incremental, refusal, a frame too big. */
class RingCentralMessageSyncOnSimulatorTest {
  static final ExtensionId ALYSSIA = ExtensionId.of("376557052");
  static final ExtensionId AUSTIN = ExtensionId.of("376557270");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  static final Instant FROM = NOW.minus(Duration.ofDays(7));

  private final FakeTime time = new FakeTime(NOW);
  private RingCentralSimulator sim;
  private RingCentralMessageSource source;

  @BeforeEach
  void start() {
    sim = RingCentralSimulator.builder().clock(time).build().start();
    sim.addExtension(new Extension(ALYSSIA, "104", "Alyssia", "Enabled"));
    sim.addExtension(new Extension(AUSTIN, "121", "Austin J", "Enabled"));
    source = RingCentralMessageSource.create(RingCentralConfig.builder(
        RingCentralCredentials.of(sim.clientId(), sim.clientSecret(), sim.jwt()).withServer(URI.create(sim.baseUrl())))
        .clock(time).sleeper(time).build(), new ApiCalls());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static SmsMessage sms(ExtensionId ext, long id, Instant at) {
    return new SmsMessage(MessageId.of(Long.toString(id)), ext, Direction.OUTBOUND, "+15025550100",
        List.of("+15028138900"), "text " + id, at, null, "c1", "Delivered", List.of());
  }

  private record Synced(MessageSyncCheckpoint checkpoint, List<SmsMessage> messages) {
    Map<String, SmsMessage> byId() {
      return messages.stream().collect(Collectors.toMap(m -> m.id().value(), Function.identity()));
    }
  }

  private Synced sync(ExtensionId ext, MessageSyncRequest request) {
    List<SmsMessage> got = new ArrayList<>();
    MessageSyncCheckpoint c = source.messageSync(ext, request, (Page p) -> got.addAll(p.messages()));
    return new Synced(c, got);
  }

  @Test
  void aFullSyncThenIncrementalSyncsSeeEveryAddStatusChangeDeleteAndPurge() {
    sim.addMessages(ALYSSIA, List.of(sms(ALYSSIA, 1, NOW.minusSeconds(3600)), sms(ALYSSIA, 2, NOW.minusSeconds(1800)),
        sms(ALYSSIA, 3, NOW.minusSeconds(900)), sms(ALYSSIA, 9, FROM.minusSeconds(1))));
    sim.addMessages(AUSTIN, List.of(sms(AUSTIN, 50, NOW.minusSeconds(60))));

    Synced first = sync(ALYSSIA, new MessageSyncRequest.Full(FROM));

    assertThat(first.byId()).containsOnlyKeys("1", "2", "3");
    assertThat(first.checkpoint().syncTime()).isEqualTo(NOW);

    time.advance(Duration.ofMinutes(5));
    sim.addMessages(ALYSSIA, List.of(sms(ALYSSIA, 4, NOW.plusSeconds(10))));
    sim.setMessageStatus(ALYSSIA, "1", "DeliveryFailed", NOW.plusSeconds(20));
    sim.deleteMessage(ALYSSIA, "2");
    sim.purgeMessage(ALYSSIA, "3");
    time.advance(Duration.ofSeconds(10)); // past RingCentral's 5 s overlap, so the third sync has nothing to repeat
    Synced second = sync(ALYSSIA, new MessageSyncRequest.Incremental(first.checkpoint().syncToken()));

    assertThat(second.byId()).containsOnlyKeys("1", "2", "3", "4");
    assertThat(second.byId().get("1").messageStatus()).isEqualTo("DeliveryFailed");
    assertThat(second.byId().get("2").availability()).isEqualTo(Availability.DELETED);
    assertThat(second.byId().get("2").text()).isEqualTo("text 2");
    assertThat(second.byId().get("3").availability()).isEqualTo(Availability.PURGED);
    assertThat(second.checkpoint().syncTime()).isEqualTo(NOW.plus(Duration.ofMinutes(5)).plusSeconds(10));

    Synced third = sync(ALYSSIA, new MessageSyncRequest.Incremental(second.checkpoint().syncToken()));
    assertThat(third.messages()).isEmpty();
    assertThat(sim.calls(SimEndpoint.MESSAGE_SYNC)).isEqualTo(3);
    assertThat(sim.calls(SimEndpoint.MESSAGE_STORE)).isZero();
    assertThat(sim.requestLog()).noneMatch(l -> l.contains(first.checkpoint().syncToken()));
  }

  @Test
  void anExpiredTokenIsRefusedAndAFullSyncFromTheLastSyncTimeRecovers() {
    sim.addMessages(ALYSSIA, List.of(sms(ALYSSIA, 1, NOW.minusSeconds(60))));
    MessageSyncCheckpoint checkpoint = sync(ALYSSIA, new MessageSyncRequest.Full(FROM)).checkpoint();
    time.advance(Duration.ofMinutes(5));
    sim.addMessages(ALYSSIA, List.of(sms(ALYSSIA, 2, NOW.plusSeconds(1))));
    sim.expireSyncTokens();

    SyncTokenRejectedException e = catchThrowableOfType(
        () -> sync(ALYSSIA, new MessageSyncRequest.Incremental(checkpoint.syncToken())), SyncTokenRejectedException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("extension 376557052").contains("CMN-101")
        .doesNotContain(checkpoint.syncToken());
    assertThat(sync(ALYSSIA, new MessageSyncRequest.Full(checkpoint.syncTime())).byId()).containsOnlyKeys("2");
  }

  @Test
  void anotherExtensionsTokenIsRefused() {
    MessageSyncCheckpoint austins = sync(AUSTIN, new MessageSyncRequest.Full(FROM)).checkpoint();

    assertThat(catchThrowableOfType(() -> sync(ALYSSIA, new MessageSyncRequest.Incremental(austins.syncToken())),
        SyncTokenRejectedException.class)).isNotNull();
  }

  @Test
  void aFullFrameLargerThanOneSyncAnswerIsReadWholeThroughTheList() {
    List<SmsMessage> stored = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      stored.add(sms(ALYSSIA, i, NOW.minusSeconds(600L * i)));
    }
    sim.addMessages(ALYSSIA, stored);
    sim.deleteMessage(ALYSSIA, "6");
    sim.messageSyncRecordCount(3);
    time.advance(Duration.ofSeconds(10)); // past RingCentral's 5 s overlap

    Synced synced = sync(ALYSSIA, new MessageSyncRequest.Full(FROM));

    assertThat(synced.messages()).extracting(m -> m.id().value()).containsExactly("1", "2", "3", "4", "5", "6", "7");
    assertThat(synced.byId().get("6").availability()).isEqualTo(Availability.DELETED);
    assertThat(sim.calls(SimEndpoint.MESSAGE_SYNC)).isEqualTo(1);
    assertThat(sim.calls(SimEndpoint.MESSAGE_STORE)).isEqualTo(1);

    // the full sync's token covers the whole frame: nothing is new afterwards
    assertThat(sync(ALYSSIA, new MessageSyncRequest.Incremental(synced.checkpoint().syncToken())).messages()).isEmpty();
  }

  @Test
  void recordsChangedJustBeforeASyncAreAnsweredAgainByTheNextOneAndDeliveredAgainWhole() {
    sim.addMessages(ALYSSIA, List.of(sms(ALYSSIA, 1, NOW.minusSeconds(60))));
    time.advance(Duration.ofSeconds(2));
    Synced first = sync(ALYSSIA, new MessageSyncRequest.Full(FROM));
    time.advance(Duration.ofMinutes(1));

    // RingCentral's overlap: what changed in the 5 s before the last sync time comes again; core writes idempotently
    Synced second = sync(ALYSSIA, new MessageSyncRequest.Incremental(first.checkpoint().syncToken()));

    assertThat(second.byId()).containsOnlyKeys("1");
    assertThat(second.byId().get("1").text()).isEqualTo("text 1");
    assertThat(sync(ALYSSIA, new MessageSyncRequest.Incremental(second.checkpoint().syncToken())).messages())
        .isEmpty();
  }
}
