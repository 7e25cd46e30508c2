package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.FileStore.UploadOutcome;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The multipart body the file store sends, and how Salesforce's answers to it become outcomes (WireMock). */
class SalesforceFileStoreWireTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CREATE = "/services/data/v67.0/sobjects/ContentVersion";
  private static final SalesforceId NOTE = SalesforceIds.idFor(SalesforceIds.NOTE, 1);
  private final ApiCalls apiCalls = new ApiCalls();

  private SalesforceFileStore store() {
    SalesforceConfig config = SalesforceConfig.builder().sleeper(new RecordingSleeper()).build();
    return SalesforceAdapters.create(config, new StaticTokenAuth(wm.baseUrl(), "token-1"), apiCalls).newFileStore();
  }

  private static FileStore.Upload upload(byte[] bytes) {
    return new FileStore.Upload("rc_att_7_8", "Injury photo", "IMG_0001.jpg", "image/jpeg", List.of(NOTE),
        new AttachmentSource.Content(new ByteArrayInputStream(bytes), "image/jpeg", OptionalLong.of(bytes.length)));
  }

  @Test
  void theUploadIsAMultipartWithEntityContentJsonThenTheRawVersionData() throws Exception {
    wm.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(400)
        .withBody("[{\"message\":\"stop here\",\"errorCode\":\"INVALID_FIELD\"}]")));
    byte[] bytes = {(byte) 0xFF, (byte) 0xD8, 0x00, 0x0D, 0x0A, 0x42};

    store().upload(upload(bytes));

    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo(CREATE)));
    assertThat(sent).hasSize(1);
    String contentType = sent.get(0).getHeader("Content-Type");
    Matcher m = Pattern.compile("multipart/form-data; boundary=\"([^\"]+)\"").matcher(contentType);
    assertThat(m.matches()).as(contentType).isTrue();
    String boundary = m.group(1);
    byte[] body = sent.get(0).getBody();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String[] parts = text.split("--" + Pattern.quote(boundary));
    assertThat(parts).hasSize(4); // preamble, entity_content, VersionData, "--" epilogue
    assertThat(parts[1]).contains("Content-Disposition: form-data; name=\"entity_content\"",
        "Content-Type: application/json");
    JsonNode entity = new ObjectMapper().readTree(parts[1].substring(parts[1].indexOf("\r\n\r\n") + 4).strip());
    assertThat(entity.get("PathOnClient").asText()).isEqualTo("IMG_0001.jpg");
    assertThat(entity.get("Title").asText()).isEqualTo("Injury photo");
    assertThat(entity.get(SalesforceFileStore.KEY_FIELD).asText()).isEqualTo("rc_att_7_8");
    assertThat(entity.get("FirstPublishLocationId").asText()).isEqualTo(NOTE.value());
    assertThat(entity.has("VersionData")).isFalse();
    assertThat(parts[2]).contains("name=\"VersionData\"; filename=\"IMG_0001.jpg\"", "Content-Type: image/jpeg");
    String data = parts[2].substring(parts[2].indexOf("\r\n\r\n") + 4, parts[2].length() - 2);
    assertThat(data.getBytes(StandardCharsets.ISO_8859_1)).containsExactly(bytes);
    assertThat(parts[3]).startsWith("--");
  }

  @Test
  void aRefusedFileIsOneLineOutcomeAndIsNotRetried() {
    wm.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(400)
        .withBody("[{\"message\":\"File type\\nnot allowed\",\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\"}]")));

    UploadOutcome outcome = store().upload(upload(new byte[] {1, 2, 3}));

    assertThat(outcome.stored()).isEmpty();
    assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).doesNotContain("\n")
        .contains("rc_att_7_8", "IMG_0001.jpg", "HTTP 400", "FIELD_CUSTOM_VALIDATION_EXCEPTION"));
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void aServerErrorOnTheOneShotUploadIsReportedForThatFileNotRetried() {
    wm.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(503)));

    UploadOutcome outcome = store().upload(upload(new byte[] {1}));

    assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 503"));
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(CREATE)))).hasSize(1);
  }

  @Test
  void theDailyApiLimitStopsTheRun() {
    wm.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(403)
        .withBody("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")));

    assertThatThrownBy(() -> store().upload(upload(new byte[] {1})))
        .isInstanceOf(ExternalSystemException.class).hasMessageContaining("REQUEST_LIMIT_EXCEEDED");
  }

  @Test
  void theUploadReturnsTheVersionAfterOneCallWithoutLookingUpItsDocument() {
    wm.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(201)
        .withBody("{\"id\":\"068000000000001AAA\",\"success\":true,\"errors\":[]}")));

    UploadOutcome outcome = store().upload(upload(new byte[] {1, 2, 3}));

    assertThat(outcome.stored()).hasValueSatisfying(f -> {
      assertThat(f.contentVersionId().value()).isEqualTo("068000000000001AAA");
      assertThat(f.contentDocumentId()).isNull();
      assertThat(f.sizeBytes()).isEqualTo(3);
      assertThat(f.linkedTo()).containsExactly(NOTE);
    });
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void shareQueriesTheDocumentsOnceThenCreatesViewerLinksAndCountsDuplicateValueAsLinked() throws Exception {
    String query = "/services/data/v67.0/query";
    String links = "/services/data/v67.0/composite/sobjects";
    wm.stubFor(get(urlPathEqualTo(query)).willReturn(aResponse().withStatus(200).withBody("{\"done\":true,"
        + "\"totalSize\":2,\"records\":[{\"Id\":\"068000000000001AAA\",\"ContentDocumentId\":\"069000000000001AAA\"},"
        + "{\"Id\":\"068000000000002AAA\",\"ContentDocumentId\":\"069000000000002AAA\"}]}")));
    wm.stubFor(post(urlPathEqualTo(links)).willReturn(aResponse().withStatus(200).withBody("["
        + "{\"id\":\"06A000000000001AAA\",\"success\":true,\"errors\":[]},"
        + "{\"success\":false,\"errors\":[{\"statusCode\":\"DUPLICATE_VALUE\",\"message\":\"Document with ID:"
        + " 069000000000002 is already linked with the entity with ID: a0B000000000001\",\"fields\":[\"LinkedEntityId\"]}]},"
        + "{\"success\":false,\"errors\":[{\"statusCode\":\"INSUFFICIENT_ACCESS_OR_READONLY\",\"message\":"
        + "\"insufficient access\\nrights\",\"fields\":[]}]}]")));
    SalesforceId matter = SalesforceIds.idFor(SalesforceIds.MATTER, 1);
    SalesforceId intake = SalesforceIds.idFor(SalesforceIds.INTAKE, 2);
    FileStore.StoredFile one = new FileStore.StoredFile("rc_att_1_1", SalesforceId.of("068000000000001AAA"), null, 3,
        List.of(NOTE));
    FileStore.StoredFile two = new FileStore.StoredFile("rc_att_2_2", SalesforceId.of("068000000000002AAA"), null, 3,
        List.of(NOTE));

    List<FileStore.ShareOutcome> outcomes = store().share(List.of(new FileStore.Share(one, matter),
        new FileStore.Share(two, matter), new FileStore.Share(two, intake)));

    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(query)))).singleElement()
        .satisfies(r -> assertThat(r.queryParameter("q").firstValue())
            .contains("FROM ContentVersion WHERE Id IN ('068000000000001AAA','068000000000002AAA')"));
    List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlPathEqualTo(links)));
    assertThat(posts).hasSize(1);
    JsonNode body = new ObjectMapper().readTree(posts.get(0).getBodyAsString());
    assertThat(body.get("allOrNone").asBoolean()).isFalse();
    assertThat(body.get("records")).hasSize(3);
    JsonNode first = body.get("records").get(0);
    assertThat(first.get("attributes").get("type").asText()).isEqualTo("ContentDocumentLink");
    assertThat(first.get("ContentDocumentId").asText()).isEqualTo("069000000000001AAA");
    assertThat(first.get("LinkedEntityId").asText()).isEqualTo(matter.value());
    assertThat(first.get("ShareType").asText()).isEqualTo("V");
    assertThat(first.get("Visibility").asText()).as("client portal users do not see it by default").isEqualTo("InternalUsers");
    assertThat(outcomes.get(0).linked()).isTrue();
    assertThat(outcomes.get(0).share().file().contentDocumentId().value()).isEqualTo("069000000000001AAA");
    assertThat(outcomes.get(0).share().file().linkedTo()).containsExactly(NOTE, matter);
    assertThat(outcomes.get(1).linked()).isTrue();
    assertThat(outcomes.get(2).error()).hasValueSatisfying(e -> assertThat(e).doesNotContain("\n")
        .contains("rc_att_2_2", intake.value(), "INSUFFICIENT_ACCESS_OR_READONLY"));
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(2);
  }
}
