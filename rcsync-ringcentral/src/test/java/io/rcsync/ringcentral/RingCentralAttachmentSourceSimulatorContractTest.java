package io.rcsync.ringcentral;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.contract.AttachmentBackend;
import io.rcsync.testkit.contract.AttachmentSourceContract;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimAttachmentContent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;

/**
 * The real {@link RingCentralAttachmentSource} passes {@link AttachmentSourceContract} against the RingCentral
 * simulator; each attachment is opened as the message store lists it (its {@code uri}, {@code size}, {@code fileName}).
 */
class RingCentralAttachmentSourceSimulatorContractTest extends AttachmentSourceContract {
  private static final ExtensionId EXT = ExtensionId.of("376557052");
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private final List<RingCentralSimulator> sims = new ArrayList<>();

  @Override
  protected AttachmentBackend freshBackend() {
    FakeTime time = new FakeTime(NOW);
    RingCentralSimulator sim = RingCentralSimulator.builder().clock(time).build().start();
    sims.add(sim);
    sim.addExtension(new Extension(EXT, "104", "Alyssia", "Enabled"));
    RingCentralAdapters rc = RingCentralAdapters.create(RingCentralConfig.builder(RingCentralCredentials.of(
        sim.clientId(), sim.clientSecret(), sim.jwt()).withServer(URI.create(sim.baseUrl()))).clock(time).sleeper(time)
        .build(), new ApiCalls());
    AtomicLong ids = new AtomicLong(9_100);
    return new AttachmentBackend(rc.attachments(), new AttachmentBackend.Messages() {
      @Override
      public AttachmentBackend.Mms putMms(byte[] bytes, String contentType, String fileName) {
        String id = Long.toString(ids.incrementAndGet());
        String mediaId = id + "1";
        sim.addMessages(EXT, List.of(new SmsMessage(MessageId.of(id), EXT, Direction.INBOUND, "+15028138900",
            List.of("+15025550100"), "", NOW.minusSeconds(600), null, id, "Received",
            List.of(new Attachment(id + "0", null, "Text", "text/plain"),
                new Attachment(mediaId, null, Attachment.MMS_ATTACHMENT, contentType)))));
        sim.setAttachmentContent(id, mediaId, SimAttachmentContent.of(bytes, contentType, fileName));
        List<SmsMessage> listed = new ArrayList<>();
        rc.messageSource().fetch(EXT, new TimeWindow(NOW.minus(Duration.ofDays(1)), NOW),
            p -> listed.addAll(p.messages()));
        SmsMessage m = listed.stream().filter(x -> x.id().value().equals(id)).findFirst().orElseThrow();
        return new AttachmentBackend.Mms(EXT, m.id(),
            m.attachments().stream().filter(Attachment::isMedia).findFirst().orElseThrow());
      }

      @Override
      public void purge(AttachmentBackend.Mms mms) {
        sim.purgeMessage(EXT, mms.message().value());
      }
    });
  }

  @AfterEach
  void stop() {
    sims.forEach(RingCentralSimulator::close);
  }
}
