package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.PushEvent;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.PushSubscriptions.Request;
import io.rcsync.core.port.out.PushSubscriptions.Status;
import io.rcsync.core.port.out.PushSubscriptions.Subscription;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's subscriptions and decoder against the RingCentral simulator and a real local webhook: what serve will
 * do, end to end, minus core.
 */
class RingCentralPushOnSimulatorTest {
  static final ExtensionId EXT = ExtensionId.of("376557052");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  static final String TOKEN = "verify-" + Long.toHexString(System.nanoTime()) + "-token";

  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final List<String> verificationTokens = new CopyOnWriteArrayList<>();
  private volatile boolean echo = true;
  private RingCentralSimulator sim;
  private HttpServer hook;
  private RingCentralAdapters rc;

  @BeforeEach
  void start() throws Exception {
    sim = RingCentralSimulator.builder().clock(time).noRateLimits().build().start();
    sim.addExtension(new Extension(EXT, "104", "Alyssia", "Enabled"));
    hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext("/ringcentral/webhook", ex -> {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String validation = ex.getRequestHeaders().getFirst("Validation-Token");
      if (validation != null) {
        if (echo) {
          ex.getResponseHeaders().set("Validation-Token", validation);
        }
      } else {
        verificationTokens.add(ex.getRequestHeaders().getFirst("Verification-Token"));
        bodies.add(body);
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    hook.start();
    rc = RingCentralAdapters.create(RingCentralConfig.builder(RingCentralCredentials.of(sim.clientId(),
        sim.clientSecret(), sim.jwt()).withServer(URI.create(sim.baseUrl()))).clock(time).sleeper(time).build(),
        new ApiCalls());
  }

  @AfterEach
  void stop() {
    sim.close();
    hook.stop(0);
  }

  private URI address() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + hook.getAddress().getPort()
        + "/ringcentral/webhook");
  }

  @Test
  void aSubscriptionCreatedByTheAdapterDeliversAnInboundTextTheDecoderReadsWhole() throws Exception {
    Subscription s = rc.subscriptions().create(new Request(Set.of(EXT), address(), TOKEN, Duration.ofDays(7)));
    assertThat(s.status()).isEqualTo(Status.ACTIVE);
    assertThat(s.extensions()).containsExactly(EXT);
    assertThat(s.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));

    sim.addMessages(EXT, List.of(new SmsMessage(MessageId.of("555"), EXT, Direction.INBOUND, "+15028138900",
        List.of("+15550001111"), "On my way", NOW, NOW, "c1", "Received", List.of())));
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(10))).isTrue();

    assertThat(verificationTokens).containsOnly(TOKEN).hasSize(2);
    List<PushEvent> events = bodies.stream().map(rc.webhookEvents()::decode).toList();
    assertThat(events.get(0)).isInstanceOf(PushEvent.InstantMessage.class);
    SmsMessage m = ((PushEvent.InstantMessage) events.get(0)).message();
    assertThat(m.id().value()).isEqualTo("555");
    assertThat(m.extension()).isEqualTo(EXT);
    assertThat(m.text()).isEqualTo("On my way");
    // the store event names the new record, so the push service can tell it is the text just delivered
    assertThat(events.get(1)).isEqualTo(new PushEvent.MessageStoreChanged(s.id(), EXT, 1, 0,
        List.of(MessageId.of("555"))));
  }

  @Test
  void aPushedMmsListsItsMediaAtTheContentEndpointAndDownloadsThroughTheAttachmentSource() throws Exception {
    rc.subscriptions().create(new Request(Set.of(EXT), address(), TOKEN, Duration.ofDays(7)));
    byte[] photo = new byte[23_456];
    new java.util.Random(12).nextBytes(photo);
    sim.setAttachmentContent("556", "5561", io.rcsync.testkit.sim.ringcentral.SimAttachmentContent.of(photo,
        "image/jpeg", "IMG_2231.jpg"));
    sim.addMessages(EXT, List.of(new SmsMessage(MessageId.of("556"), EXT, Direction.INBOUND, "+15028138900",
        List.of("+15550001111"), "photo of the bumper", NOW, NOW, "c1", "Received",
        List.of(new Attachment("5560", null, "Text", "text/plain"),
            new Attachment("5561", null, Attachment.MMS_ATTACHMENT, "image/jpeg")))));
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(10))).isTrue();

    SmsMessage m = ((PushEvent.InstantMessage) rc.webhookEvents().decode(bodies.get(0))).message();
    Attachment media = m.attachments().stream().filter(Attachment::isMedia).findFirst().orElseThrow();
    assertThat(media.uri()).startsWith(sim.baseUrl()).endsWith("/message-store/556/content/5561");
    assertThat(media.contentType()).isEqualTo("image/jpeg");
    assertThat(media.size()).isEqualTo(photo.length);
    assertThat(media.fileName()).isEqualTo("IMG_2231.jpg");
    try (AttachmentSource.Content c = rc.attachments().open(EXT, m.id(), media)) {
      assertThat(c.stream().readAllBytes()).isEqualTo(photo);
    }
  }

  @Test
  void theInstantBodyOfAnMmsGivesEachMediaItsSizeAndFileNameAsTheStoreListsThem() throws Exception {
    rc.subscriptions().create(new Request(Set.of(EXT), address(), TOKEN, Duration.ofDays(7)));

    sim.addMessages(EXT, List.of(new SmsMessage(MessageId.of("557"), EXT, Direction.INBOUND, "+15028138900",
        List.of("+15550001111"), "", NOW, NOW, "c1", "Received",
        List.of(new Attachment("5571", null, Attachment.MMS_ATTACHMENT, "application/pdf", 48_213L,
            "Police_Report.pdf")))));
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(10))).isTrue();

    SmsMessage m = ((PushEvent.InstantMessage) rc.webhookEvents().decode(bodies.get(0))).message();
    assertThat(m.attachments()).singleElement().satisfies(a -> {
      assertThat(a.size()).isEqualTo(48_213L);
      assertThat(a.fileName()).isEqualTo("Police_Report.pdf");
      assertThat(a.uri()).endsWith("/message-store/557/content/5571");
    });
    try (AttachmentSource.Content c = rc.attachments().open(EXT, m.id(), m.attachments().get(0))) {
      assertThat(c.stream().readAllBytes()).hasSize(48_213);
    }
  }

  @Test
  void listRenewAndDeleteRoundTripOnTheSimulator() {
    Subscription s = rc.subscriptions().create(new Request(Set.of(EXT), address(), TOKEN, Duration.ofHours(1)));
    time.sleep(Duration.ofMinutes(30));

    Subscription renewed = rc.subscriptions().renew(s.id());
    assertThat(renewed.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
    assertThat(rc.subscriptions().list()).extracting(Subscription::id).containsExactly(s.id());

    sim.blacklistSubscription(s.id());
    assertThat(rc.subscriptions().list().get(0).status()).isEqualTo(Status.BLACKLISTED);
    assertThat(catchThrowableOfType(ExternalSystemException.class, () -> rc.subscriptions().renew(s.id())).kind())
        .isEqualTo(ExternalSystemException.Kind.REJECTED);

    rc.subscriptions().delete(s.id());
    rc.subscriptions().delete(s.id());
    assertThat(rc.subscriptions().list()).isEmpty();
  }

  @Test
  void aWebhookThatFailsTheHandshakeIsRejectedAndNothingIsCreated() {
    echo = false;

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class,
        () -> rc.subscriptions().create(new Request(Set.of(EXT), address(), TOKEN, Duration.ofDays(7))));

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
    assertThat(e.getMessage()).contains("SUB-520").doesNotContain(TOKEN);
    assertThat(sim.subscriptions()).isEmpty();
  }
}
