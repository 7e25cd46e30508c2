package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.AttachmentSource.Content;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimAttachmentContent;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The attachment source on the simulator: the store lists media, the source streams it (issue 12). */
class RingCentralAttachmentOnSimulatorTest {
  static final ExtensionId EXT = ExtensionId.of("376557052");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");

  private final FakeTime time = new FakeTime(NOW);
  private final ApiCalls calls = new ApiCalls();
  private RingCentralSimulator sim;
  private RingCentralAdapters rc;

  @BeforeEach
  void start() {
    sim = RingCentralSimulator.builder().clock(time).build().start();
    sim.addExtension(new Extension(EXT, "104", "Alyssia", "Enabled"));
    rc = RingCentralAdapters.create(RingCentralConfig.builder(RingCentralCredentials.of(sim.clientId(),
        sim.clientSecret(), sim.jwt()).withServer(URI.create(sim.baseUrl()))).clock(time).sleeper(time).build(), calls);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private SmsMessage listedMessage(long id, Attachment media) {
    sim.addMessages(EXT, List.of(new SmsMessage(MessageId.of(Long.toString(id)), EXT, Direction.INBOUND,
        "+15028138900", List.of("+15025550100"), "the police report", NOW.minusSeconds(600), null, "42", "Received",
        List.of(new Attachment(id + "0", null, "Text", "text/plain"), media))));
    List<SmsMessage> got = new ArrayList<>();
    rc.messageSource().fetch(EXT, new TimeWindow(NOW.minus(Duration.ofDays(1)), NOW),
        p -> got.addAll(p.messages()));
    return got.stream().filter(m -> m.id().value().equals(Long.toString(id))).findFirst().orElseThrow();
  }

  @Test
  void aFiveMegabyteFileStreamsThroughInBoundedMemoryWithTheSameDigest() throws Exception {
    SimAttachmentContent big = SimAttachmentContent.big(2026);
    sim.setAttachmentContent("8001", "77", big);
    SmsMessage m = listedMessage(8001, new Attachment("77", null, "MmsAttachment", "image/jpeg"));
    Attachment media = m.attachments().stream().filter(Attachment::isMedia).findFirst().orElseThrow();
    assertThat(media.size()).isEqualTo(SimAttachmentContent.BIG);
    assertThat(media.fileName()).isEqualTo("big.jpg");

    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    long peak = before;
    String digest;
    long read = 0;
    try (Content c = rc.attachments().open(EXT, m.id(), media)) {
      assertThat(c.length()).hasValue(SimAttachmentContent.BIG);
      assertThat(c.contentType()).isEqualTo("image/jpeg");
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      InputStream in = c.stream();
      assertThat(in).isNotInstanceOf(java.io.ByteArrayInputStream.class); // the live HTTP body, not a buffered copy
      byte[] buf = new byte[16 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
        read += n;
        peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
      }
      digest = java.util.HexFormat.of().formatHex(sha.digest());
    }
    assertThat(read).isEqualTo(SimAttachmentContent.BIG);
    assertThat(digest).isEqualTo(big.sha256());
    // never held twice (once by the client, once here): heap growth stays under two copies, GC noise included
    assertThat(peak - before).isLessThan(2 * SimAttachmentContent.BIG);
    assertThat(sim.callCounts()).containsEntry(SimEndpoint.MESSAGE_CONTENT, 1L);
  }

  @Test
  void generatedMediaOfAListedMessageDownloadsAtItsListedSize() throws Exception {
    SmsMessage m = listedMessage(8002, new Attachment("78", null, "MmsAttachment", "image/png", 2048L, "card.png"));
    Attachment media = m.attachments().get(1);

    try (Content c = rc.attachments().open(EXT, m.id(), media)) {
      assertThat(c.stream().readAllBytes()).hasSize(2048);
      assertThat(c.contentType()).isEqualTo("image/png");
    }
  }

  @Test
  void aPurgedMessagesMediaIsReportedGoneInOneLine() {
    SmsMessage m = listedMessage(8003, new Attachment("79", null, "MmsAttachment", "image/jpeg", 100L, null));
    Attachment media = m.attachments().get(1);
    sim.purgeMessage(EXT, "8003");

    ExternalSystemException e = catchThrowableOfType(() -> rc.attachments().open(EXT, m.id(), media),
        ExternalSystemException.class);

    assertThat(e.getMessage()).contains("message 8003 attachment 79").contains("HTTP 404").doesNotContain("\n");
  }
}
