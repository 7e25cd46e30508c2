package io.rcsync.testkit.sim.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fake.MutableClock;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's Get Message Content endpoint and how the store lists attachments (issue 12). */
class RcMessageContentTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ExtensionId EXT = ExtensionId.of("376557052");
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  static final String CONTENT = "/restapi/v1.0/account/~/extension/376557052/message-store/";

  private final HttpClient http = HttpClient.newHttpClient();
  private RingCentralSimulator sim;
  private String token;

  @BeforeEach
  void start() throws Exception {
    sim = RingCentralSimulator.builder().credentials("cid", "csecret", "the.jwt").clock(MutableClock.at(NOW))
        .noRateLimits().build().start();
    sim.addExtension(new Extension(EXT, "104", "Alyssia", "Enabled"));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/restapi/oauth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("cid:csecret".getBytes(
            StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + URLEncoder.encode(
            "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8) + "&assertion=the.jwt"))
        .build(), HttpResponse.BodyHandlers.ofString());
    token = JSON.readTree(r.body()).get("access_token").asText();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static SmsMessage mms(long id, Attachment... media) {
    return new SmsMessage(MessageId.of(Long.toString(id)), EXT, Direction.INBOUND, "+15028138900",
        List.of("+15025550100"), "see photo", NOW.minusSeconds(60), null, "42", "Received", List.of(media));
  }

  private HttpResponse<InputStream> content(String pathOrUri) throws Exception {
    String uri = pathOrUri.startsWith("http") ? pathOrUri : sim.baseUrl() + pathOrUri;
    return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private JsonNode listed() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
        + "/restapi/v1.0/account/~/extension/376557052/message-store?dateFrom=2026-04-19T00:00:00Z"))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("records");
  }

  @Test
  void servesRegisteredBytesWithTypeLengthAndFileName() throws Exception {
    sim.addMessages(EXT, List.of(mms(9001, new Attachment("1", null, "MmsAttachment", "image/png", null,
        "card.png"))));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    sim.setAttachmentContent("9001", "1", png, "image/png");

    HttpResponse<InputStream> r = content(CONTENT + "9001/content/1");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(png.length);
    assertThat(r.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"card.png\"");
    assertThat(r.body().readAllBytes()).isEqualTo(png);
    assertThat(sim.callCounts()).containsEntry(SimEndpoint.MESSAGE_CONTENT, 1L);
    assertThat(SimEndpoint.MESSAGE_CONTENT.group()).isEqualTo(RateLimit.MEDIUM);
  }

  @Test
  void generatesDeterministicContentOfTheListedSizeWithARealHeader() throws Exception {
    sim.addMessages(EXT, List.of(mms(9002, new Attachment("2", null, "MmsAttachment", "image/jpeg", 3000L, null))));

    byte[] first = content(CONTENT + "9002/content/2").body().readAllBytes();
    byte[] again = content(CONTENT + "9002/content/2").body().readAllBytes();

    assertThat(first).hasSize(3000).isEqualTo(again);
    assertThat(first[0]).isEqualTo((byte) 0xFF);
    assertThat(first[1]).isEqualTo((byte) 0xD8);
    assertThat(sim.callCounts()).containsEntry(SimEndpoint.MESSAGE_CONTENT, 2L);
  }

  @Test
  void listedRecordsPointAttachmentsAtTheContentEndpointWithSizeAndFileName() throws Exception {
    sim.addMessages(EXT, List.of(mms(9003, new Attachment("3", "https://elsewhere.invalid/x", "MmsAttachment",
        "application/pdf", null, "report.pdf"))));
    sim.setAttachmentContent("9003", "3", SimAttachmentContent.generated("application/pdf", 12_345, 7, null));

    JsonNode a = listed().get(0).path("attachments").get(0);

    assertThat(a.path("uri").asText()).isEqualTo(sim.baseUrl()
        + "/restapi/v1.0/account/" + sim.accountId() + "/extension/376557052/message-store/9003/content/3");
    assertThat(a.path("size").asLong()).isEqualTo(12_345);
    assertThat(a.path("fileName").asText()).isEqualTo("report.pdf");
    assertThat(a.path("type").asText()).isEqualTo("MmsAttachment");
    HttpResponse<InputStream> r = content(a.path("uri").asText());
    assertThat(r.body().readAllBytes()).hasSize(12_345).startsWith("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void theContentDispositionParameterAsksForADownloadUnderAGivenName() throws Exception {
    sim.addMessages(EXT, List.of(mms(9004, new Attachment("4", null, "MmsAttachment", "image/gif", 10L, "a.gif"))));

    HttpResponse<InputStream> r = content(CONTENT + "9004/content/4?contentDisposition=Attachment"
        + "&contentDispositionFilename=evidence.gif");

    assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"evidence.gif\"");
  }

  @Test
  void answers404ForAPurgedMessageAndForUnknownIds() throws Exception {
    sim.addMessages(EXT, List.of(mms(9005, new Attachment("5", null, "MmsAttachment", "image/jpeg", 10L, null))));
    sim.purgeMessage(EXT, "9005");

    assertThat(content(CONTENT + "9005/content/5").statusCode()).isEqualTo(404);
    assertThat(content(CONTENT + "9999/content/5").statusCode()).isEqualTo(404);
    sim.addMessages(EXT, List.of(mms(9006, new Attachment("6", null, "MmsAttachment", "image/jpeg", 10L, null))));
    HttpResponse<InputStream> r = content(CONTENT + "9006/content/77");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).contains("CMN-102");
    assertThat(sim.callCounts()).containsEntry(SimEndpoint.MESSAGE_CONTENT, 3L);
  }

  @Test
  void refusesARequestWithoutAToken() throws Exception {
    sim.addMessages(EXT, List.of(mms(9007, new Attachment("7", null, "MmsAttachment", "image/jpeg", 10L, null))));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + CONTENT + "9007/content/7"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void aBigGeneratedFileStreamsItsFullLengthAndKnownDigest() throws Exception {
    SimAttachmentContent big = SimAttachmentContent.big(42);
    sim.addMessages(EXT, List.of(mms(9008, new Attachment("8", null, "MmsAttachment", "image/jpeg", null, null))));
    sim.setAttachmentContent("9008", "8", big);

    HttpResponse<InputStream> r = content(CONTENT + "9008/content/8");

    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(SimAttachmentContent.BIG);
    try (InputStream in = r.body()) {
      assertThat(SimAttachmentContent.sha256(in)).isEqualTo(big.sha256());
    }
  }
}
