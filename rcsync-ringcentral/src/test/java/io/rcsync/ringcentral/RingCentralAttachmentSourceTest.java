package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.port.out.AttachmentSource.Content;
import io.rcsync.core.port.out.ExternalSystemException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Get Message Content on the wire: streaming, headers, token renewal, the Medium group's pause, 404, host checks. */
class RingCentralAttachmentSourceTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final ExtensionId EXT = ExtensionId.of("101");
  static final MessageId MSG = MessageId.of("5001");
  static final String PATH = "/restapi/v1.0/account/4001/extension/101/message-store/5001/content/7001";
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, 5, 6};

  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");
  private final ApiCalls calls = new ApiCalls();
  private RingCentralAttachmentSource source;

  @BeforeEach
  void setUp() {
    source = RingCentralAdapters.create(RingCentralConfig.builder(RcJson.credentials(wm.baseUrl())).sleeper(time)
        .clock(time).build(), calls).attachments();
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("tokens")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("access-token-one", 3600))));
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token")).inScenario("tokens").whenScenarioStateIs("second")
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("access-token-two", 3600))));
  }

  private static Attachment media(String uri) {
    return new Attachment("7001", uri, "MmsAttachment", "image/jpeg", (long) JPEG.length, "injury.jpg");
  }

  private static Attachment media() {
    return media(wm.baseUrl() + PATH);
  }

  @Test
  void streamsTheContentWithItsServedTypeAndLengthOnTheBearerToken() throws Exception {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(JPEG)
        .withHeader("Content-Type", "image/jpeg").withHeader("Content-Length", Integer.toString(JPEG.length))
        .withHeader("Content-Disposition", "inline; filename=\"injury.jpg\"")
        .withHeader("X-Rate-Limit-Group", "Medium")));

    try (Content c = source.open(EXT, MSG, media())) {
      assertThat(c.stream()).isInstanceOf(InputStream.class);
      assertThat(c.stream().readAllBytes()).isEqualTo(JPEG);
      assertThat(c.contentType()).isEqualTo("image/jpeg");
      assertThat(c.length()).hasValue(JPEG.length);
    }
    wm.verify(getRequestedFor(urlPathEqualTo(PATH))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer access-token-one")));
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(2); // login + content
  }

  @Test
  void fallsBackToTheListedContentTypeWhenTheAnswerHasNone() throws Exception {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(JPEG)));

    try (Content c = source.open(EXT, MSG, media())) {
      assertThat(c.contentType()).isEqualTo("image/jpeg");
      assertThat(c.stream().readAllBytes()).isEqualTo(JPEG);
    }
  }

  @Test
  void renewsTheTokenOnceAfterA401AndDownloadsWithTheNewOne() throws Exception {
    wm.stubFor(get(urlPathEqualTo(PATH)).inScenario("content").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("renewed").willReturn(aResponse().withStatus(401)
            .withBody(RcJson.apiError("TokenInvalid", "Token is expired"))));
    wm.stubFor(get(urlPathEqualTo(PATH)).inScenario("content").whenScenarioStateIs("renewed")
        .willReturn(aResponse().withStatus(200).withBody(JPEG).withHeader("Content-Type", "image/jpeg")));

    try (Content c = source.open(EXT, MSG, media())) {
      assertThat(c.stream().readAllBytes()).isEqualTo(JPEG);
    }
    wm.verify(2, postRequestedFor(urlPathEqualTo("/restapi/oauth/token")));
    wm.verify(getRequestedFor(urlPathEqualTo(PATH))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer access-token-two")));
  }

  @Test
  void waitsOutA429ByRetryAfterAndThenDownloads() throws Exception {
    wm.stubFor(get(urlPathEqualTo(PATH)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("free").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
            .withHeader("X-Rate-Limit-Group", "Medium").withBody(RcJson.apiError("CMN-301", "Request rate exceeded"))));
    wm.stubFor(get(urlPathEqualTo(PATH)).inScenario("limit").whenScenarioStateIs("free")
        .willReturn(aResponse().withStatus(200).withBody(JPEG).withHeader("Content-Type", "image/jpeg")));

    try (Content c = source.open(EXT, MSG, media())) {
      assertThat(c.stream().readAllBytes()).isEqualTo(JPEG);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void contentRequestsAreInTheDocumentedMediumGroupUntilTheServerSaysOtherwise() {
    HttpTransport transport = new HttpTransport(RingCentralConfig.builder(RcJson.credentials(wm.baseUrl())).build(),
        new ApiCalls());
    assertThat(transport.groupOf(RingCentralAttachmentSource.WHAT)).isEqualTo("Medium");
  }

  @Test
  void a404SaysInOneLineWhichMessageAndAttachmentIsGone() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(404)
        .withBody(RcJson.apiError("CMN-102", "Resource for parameter [messageId] is not found"))));

    ExternalSystemException e = catchThrowableOfType(() -> source.open(EXT, MSG, media()),
        ExternalSystemException.class);

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
    assertThat(e.getMessage()).contains("message 5001 attachment 7001").contains("HTTP 404").contains("CMN-102")
        .doesNotContain("\n").doesNotContain("access-token-one");
  }

  @Test
  void aUriOnAForeignHostIsRefusedBeforeAnythingIsSent() {
    ExternalSystemException e = catchThrowableOfType(
        () -> source.open(EXT, MSG, media("https://evil.example/restapi/v1.0/x/content/7001?secret=q")),
        ExternalSystemException.class);

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
    assertThat(e.getMessage()).contains("message 5001 attachment 7001").contains("evil.example")
        .doesNotContain("secret=q").doesNotContain("access-token-one");
    assertThat(wm.getAllServeEvents()).isEmpty();
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isZero();
  }

  @Test
  void aMissingUriIsRefusedWithOneLine() {
    ExternalSystemException e = catchThrowableOfType(() -> source.open(EXT, MSG, media(null)),
        ExternalSystemException.class);
    assertThat(e.getMessage()).contains("message 5001 attachment 7001").contains("no content URI");
  }

  @Test
  void theTokenNeverAppearsInAnErrorEvenWhenTheServerEchoesIt() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
        .withBody(RcJson.apiError("CMN-101", "bad request with Bearer access-token-one"))));

    ExternalSystemException e = catchThrowableOfType(() -> source.open(EXT, MSG, media(wm.baseUrl() + PATH
        + "?contentDisposition=Inline&access_token=access-token-one")), ExternalSystemException.class);

    assertThat(e.getMessage()).contains("HTTP 400").doesNotContain("access-token-one").doesNotContain("access_token");
  }

  @Test
  void theServerAndItsMediaHostAreAllowedAndNothingElse() {
    URI platform = URI.create("https://platform.ringcentral.com");
    assertThat(RingCentralAttachmentSource.isRingCentralHost(
        URI.create("https://media.ringcentral.com/restapi/v1.0/a/content/1"), platform)).isTrue();
    assertThat(RingCentralAttachmentSource.isRingCentralHost(
        URI.create("https://platform.ringcentral.com/restapi/v1.0/a/content/1"), platform)).isTrue();
    assertThat(RingCentralAttachmentSource.isRingCentralHost(
        URI.create("https://media.devtest.ringcentral.com/x"), URI.create("https://platform.devtest.ringcentral.com")))
        .isTrue();
    assertThat(RingCentralAttachmentSource.isRingCentralHost(URI.create("http://media.ringcentral.com/x"), platform))
        .isFalse();
    assertThat(RingCentralAttachmentSource.isRingCentralHost(URI.create("https://media.ringcentral.com:8443/x"),
        platform)).isFalse();
    assertThat(RingCentralAttachmentSource.isRingCentralHost(
        URI.create("https://media.ringcentral.com.evil.example/x"), platform)).isFalse();
    assertThat(RingCentralAttachmentSource.isRingCentralHost(URI.create("https://ringcentral.com/x"), platform))
        .isFalse();
    assertThat(RingCentralAttachmentSource.isRingCentralHost(URI.create("http://localhost:9999/x"),
        URI.create("http://localhost:8080"))).isFalse();
  }

  @Test
  void aUriOnTheServerButOffTheContentPathIsRefusedBeforeTheTokenIsSent() {
    for (String path : java.util.List.of("/restapi/v1.0/account/~/extension/~/sms",
        "/restapi/v1.0/account/~/extension/~/message-store/5001",
        "/restapi/v1.0/account/../extension/101/message-store/5001/content/7001",
        "/restapi/v1.0/account/4001/extension/101/message-store/5001/content/7001/extra",
        "/other/restapi/v1.0/account/4001/extension/101/message-store/5001/content/7001")) {
      ExternalSystemException e = catchThrowableOfType(() -> source.open(EXT, MSG, media(wm.baseUrl() + path)),
          ExternalSystemException.class);

      assertThat(e).as(path).isNotNull();
      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
      assertThat(e.getMessage()).as(path).contains("message 5001 attachment 7001", "not a message-store content path")
          .doesNotContain("\n");
    }
    assertThat(wm.getAllServeEvents()).isEmpty();
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isZero();
  }

  @Test
  void anotherMessagesOrAttachmentsContentIsRefusedBeforeTheTokenIsSent() {
    for (String path : java.util.List.of("/restapi/v1.0/account/4001/extension/101/message-store/9999/content/7001",
        "/restapi/v1.0/account/4001/extension/101/message-store/5001/content/8888")) {
      ExternalSystemException e = catchThrowableOfType(() -> source.open(EXT, MSG, media(wm.baseUrl() + path)),
          ExternalSystemException.class);

      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
      assertThat(e.getMessage()).as(path).contains("message 5001 attachment 7001", "another message or attachment")
          .doesNotContain("9999").doesNotContain("8888");
    }
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void theContentPathWithTheCurrentAccountAndExtensionAndAQueryIsAllowed() throws Exception {
    String path = "/restapi/v1.0/account/~/extension/~/message-store/5001/content/7001";
    wm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(JPEG)
        .withHeader("Content-Type", "image/jpeg")));

    try (Content c = source.open(EXT, MSG, media(wm.baseUrl() + path + "?contentDisposition=Inline"))) {
      assertThat(c.stream().readAllBytes()).isEqualTo(JPEG);
    }
  }
}
