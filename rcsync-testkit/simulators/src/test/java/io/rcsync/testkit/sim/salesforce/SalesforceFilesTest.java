package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.LitifySchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Salesforce Files in the simulator: ContentVersion inserts (JSON and multipart), limits, links, SOQL, delete. */
class SalesforceFilesTest {
  private static final LitifySchema NAMES = LitifySchema.defaults();
  private SalesforceSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private SfClient start(SalesforceSimulator.Builder b) {
    sim = b.build().start();
    return new SfClient(sim, sim.issueToken());
  }

  private String matter() {
    return sim.insert(NAMES.matterObject(), Map.of("Name", "M-1"));
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static Map<String, Object> fields(String key, String firstPublishLocation) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("Title", "injury");
    f.put("PathOnClient", "injury.jpg");
    f.put("ExternalDocumentInfo1", key);
    if (firstPublishLocation != null) {
      f.put("FirstPublishLocationId", firstPublishLocation);
    }
    return f;
  }

  private static String multipart(Map<String, Object> fields, String data) throws Exception {
    return "--b1\r\nContent-Disposition: form-data; name=\"entity_content\";\r\nContent-Type: application/json\r\n\r\n"
        + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields) + "\r\n--b1\r\n"
        + "Content-Type: image/jpeg\r\nContent-Disposition: form-data; name=\"VersionData\"; filename=\"injury.jpg\""
        + "\r\n\r\n" + data + "\r\n--b1--\r\n";
  }

  @Test
  void jsonInsertWithBase64CreatesTheDocumentAndLinksItToTheFirstPublishLocationAndTheOwner() throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    String matter = matter();
    byte[] bytes = "a picture".getBytes(StandardCharsets.UTF_8);
    Map<String, Object> body = fields("rc_att_1_2", matter);
    body.put("VersionData", Base64.getEncoder().encodeToString(bytes));

    SfClient.Response r = api.post(SfClient.V + "/sobjects/ContentVersion", body);

    assertThat(r.status()).isEqualTo(201);
    String versionId = r.body().get("id").asText();
    assertThat(versionId).startsWith("068");
    SfClient.Response v = api.query("SELECT ContentDocumentId, ContentSize, IsLatest, FileExtension FROM ContentVersion "
        + "WHERE ExternalDocumentInfo1 = 'rc_att_1_2'");
    // the simulator models ContentSize as a number (9.0 on the wire); Salesforce's is an int: read it as a long
    assertThat(v.records().get(0).get("ContentSize").asLong()).isEqualTo(bytes.length);
    assertThat(v.column("IsLatest")).containsExactly("true");
    assertThat(v.column("FileExtension")).containsExactly("jpg");
    String documentId = v.column("ContentDocumentId").get(0);
    assertThat(documentId).startsWith("069");
    assertThat(api.query("SELECT LatestPublishedVersionId FROM ContentDocument WHERE Id = '" + documentId + "'")
        .column("LatestPublishedVersionId")).containsExactly(versionId);
    SfClient.Response links = api.query("SELECT LinkedEntityId, ShareType FROM ContentDocumentLink "
        + "WHERE ContentDocumentId = '" + documentId + "'");
    assertThat(links.column("LinkedEntityId")).containsExactlyInAnyOrder(matter, sim.integrationUserId().value());
    assertThat(sim.fileSha256(versionId)).contains(sha256(bytes));
    assertThat(sim.calls(Endpoint.SOBJECT_CREATE)).isEqualTo(1);
  }

  @Test
  void multipartInsertKeepsTheBinaryPartByteForByte() throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    String matter = matter();

    SfClient.Response r = api.send("POST", SfClient.V + "/sobjects/ContentVersion",
        multipart(fields("rc_att_3_4", matter), "raw bytes\r\nwith a line break"),
        "Content-Type", "multipart/form-data; boundary=\"b1\"");

    assertThat(r.status()).isEqualTo(201);
    assertThat(sim.fileBytes(r.body().get("id").asText()))
        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(
            "raw bytes\r\nwith a line break"));
  }

  @Test
  void filesOverTheDocumentedLimitsAreRefusedAndNothingIsStored() throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES).fileLimits(5, 8, 10_000));
    Map<String, Object> json = fields("rc_att_5_6", null);
    json.put("VersionData", Base64.getEncoder().encodeToString(new byte[9]));

    SfClient.Response base64 = api.post(SfClient.V + "/sobjects/ContentVersion", json);
    SfClient.Response multi = api.send("POST", SfClient.V + "/sobjects/ContentVersion",
        multipart(fields("rc_att_5_7", null), "123456"), "Content-Type", "multipart/form-data; boundary=b1");

    assertThat(base64.status()).isEqualTo(413);
    assertThat(base64.message()).contains("base64");
    assertThat(multi.status()).isEqualTo(413);
    assertThat(sim.count("ContentVersion")).isZero();
    assertThat(sim.count("ContentDocument")).isZero();
  }

  @Test
  void pathOnClientAndVersionDataAreRequired() {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    Map<String, Object> noData = fields("rc_att_8_9", null);
    Map<String, Object> noPath = new LinkedHashMap<>(Map.of("VersionData", "AAAA"));

    assertThat(api.post(SfClient.V + "/sobjects/ContentVersion", noData).errorCode())
        .isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(api.post(SfClient.V + "/sobjects/ContentVersion", noPath).errorCode())
        .isEqualTo("REQUIRED_FIELD_MISSING");
  }

  @Test
  void contentDocumentLinkQueriesNeedAFilterOnAnIdField() {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    String matter = matter();

    SfClient.Response unfiltered = api.query("SELECT Id FROM ContentDocumentLink");
    SfClient.Response byEntity = api.query("SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId IN ('"
        + matter + "')");

    assertThat(unfiltered.status()).isEqualTo(400);
    assertThat(unfiltered.errorCode()).isEqualTo("MALFORMED_QUERY");
    assertThat(byEntity.status()).isEqualTo(200);
  }

  @Test
  void descriptionIsNotFilterableButTheKeyFieldIs() {
    SfClient api = start(SalesforceSimulator.litify(NAMES));

    SfClient.Response d = api.get(SfClient.V + "/sobjects/ContentVersion/describe");

    Map<String, Boolean> filterable = new LinkedHashMap<>();
    d.body().get("fields").forEach(f -> filterable.put(f.get("name").asText(), f.get("filterable").asBoolean()));
    assertThat(filterable).containsEntry("Description", false).containsEntry("ExternalDocumentInfo1", true);
  }

  @Test
  void deletingAContentDocumentDeletesItsVersionsAndLinksAndAVersionCannotBeDeletedAlone() throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    String matter = matter();
    Map<String, Object> body = fields("rc_att_10_11", matter);
    body.put("VersionData", "AAAA");
    String versionId = api.post(SfClient.V + "/sobjects/ContentVersion", body).body().get("id").asText();
    String documentId = sim.find("ContentVersion", versionId).orElseThrow().get("ContentDocumentId").toString();

    SfClient.Response version = api.delete(SfClient.V + "/composite/sobjects?ids=" + versionId);
    SfClient.Response document = api.delete(SfClient.V + "/sobjects/ContentDocument/" + documentId);

    assertThat(version.body().get(0).get("success").asBoolean()).isFalse();
    assertThat(document.status()).isEqualTo(204);
    assertThat(sim.count("ContentVersion")).isZero();
    assertThat(sim.count("ContentDocumentLink")).isZero();
    assertThat(api.query("SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId = '" + matter + "'").records())
        .isEmpty();
    assertThat(sim.calls(Endpoint.SOBJECT_DELETE)).isEqualTo(1);
    assertThat(List.of(sim.queryAll("SELECT Id FROM ContentVersion WHERE IsDeleted = true").records())).isNotEmpty();
  }

  @Test
  void linkingADocumentToARecordItIsAlreadyLinkedWithIsRefusedAsDuplicateValueAndOtherLinksStillSave()
      throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    String matter = matter();
    String other = sim.insert(NAMES.matterObject(), Map.of("Name", "M-2"));
    Map<String, Object> body = fields("rc_att_12_13", matter);
    body.put("VersionData", "AAAA");
    String versionId = api.post(SfClient.V + "/sobjects/ContentVersion", body).body().get("id").asText();
    String documentId = sim.find("ContentVersion", versionId).orElseThrow().get("ContentDocumentId").toString();
    Map<String, Object> again = Map.of("attributes", Map.of("type", "ContentDocumentLink"), "ContentDocumentId",
        documentId, "LinkedEntityId", matter, "ShareType", "V", "Visibility", "AllUsers");
    Map<String, Object> fresh = Map.of("attributes", Map.of("type", "ContentDocumentLink"), "ContentDocumentId",
        documentId, "LinkedEntityId", other, "ShareType", "V", "Visibility", "AllUsers");

    SfClient.Response r = api.post(SfClient.V + "/composite/sobjects",
        Map.of("allOrNone", false, "records", List.of(again, fresh)));

    assertThat(r.body().get(0).get("success").asBoolean()).isFalse();
    assertThat(r.body().get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("DUPLICATE_VALUE");
    assertThat(r.body().get(0).get("errors").get(0).get("message").asText()).contains("already linked");
    assertThat(r.body().get(1).get("success").asBoolean()).isTrue();
    assertThat(api.query("SELECT Id FROM ContentDocumentLink WHERE ContentDocumentId = '" + documentId + "'")
        .records()).hasSize(3); // the owner, the first publish location, the new record
  }

  /** A multipart sObject Collections insert as Salesforce documents it: the JSON part, then each record's file part. */
  private static String collection(List<Map<String, Object>> records, List<String> data) throws Exception {
    List<Map<String, Object>> withParts = new java.util.ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("attributes", Map.of("type", "ContentVersion", "binaryPartName", "file" + i,
          "binaryPartNameAlias", "VersionData"));
      rec.putAll(records.get(i));
      withParts.add(rec);
    }
    StringBuilder b = new StringBuilder("--b2\r\nContent-Disposition: form-data; name=\"collection\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(Map.of("allOrNone", false, "records", withParts)) + "\r\n");
    for (int i = 0; i < data.size(); i++) {
      if (data.get(i) != null) {
        b.append("--b2\r\nContent-Disposition: form-data; name=\"file").append(i).append("\"; filename=\"f")
            .append(i).append(".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").append(data.get(i)).append("\r\n");
      }
    }
    return b.append("--b2--\r\n").toString();
  }

  private SfClient.Response postCollection(SfClient api, String body) {
    return api.send("POST", SfClient.V + "/composite/sobjects", body, "Content-Type",
        "multipart/form-data; boundary=\"b2\"");
  }

  @Test
  void aMultipartCollectionInsertStoresEveryFileWithItsDocumentAndLinkInOneApiCall() throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    String matter = matter();
    long before = sim.totalCalls();

    SfClient.Response r = postCollection(api, collection(List.of(fields("rc_att_20_1", matter),
        fields("rc_att_20_2", matter), fields("rc_att_20_3", null)), List.of("one", "two\r\nlines", "three")));

    assertThat(r.status()).isEqualTo(200);
    assertThat(sim.totalCalls() - before).as("one API call for three files").isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_CREATE)).isEqualTo(1);
    assertThat(r.body()).hasSize(3);
    List<String> expected = List.of("one", "two\r\nlines", "three");
    for (int i = 0; i < 3; i++) {
      assertThat(r.body().get(i).get("success").asBoolean()).isTrue();
      String versionId = r.body().get(i).get("id").asText();
      assertThat(versionId).startsWith("068");
      String want = expected.get(i);
      assertThat(sim.fileBytes(versionId)).hasValueSatisfying(b ->
          assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(want));
    }
    SfClient.Response v = api.query("SELECT ContentDocumentId, ExternalDocumentInfo1 FROM ContentVersion "
        + "WHERE ExternalDocumentInfo1 = 'rc_att_20_2'");
    String documentId = v.column("ContentDocumentId").get(0);
    assertThat(api.query("SELECT LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId = '" + documentId
        + "'").column("LinkedEntityId")).containsExactlyInAnyOrder(matter, sim.integrationUserId().value());
    assertThat(sim.count("ContentDocument")).isEqualTo(3);
  }

  @Test
  void aRecordWithoutItsBinaryPartFailsAloneAndTheOthersAreStored() throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES));
    Map<String, Object> noPath = fields("rc_att_21_2", null);
    noPath.remove("PathOnClient");

    SfClient.Response r = postCollection(api, collection(List.of(fields("rc_att_21_1", null), noPath,
        fields("rc_att_21_3", null)), java.util.Arrays.asList("a", "b", null)));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get(0).get("success").asBoolean()).isTrue();
    assertThat(r.body().get(1).get("success").asBoolean()).isFalse();
    assertThat(r.body().get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(r.body().get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(sim.count("ContentVersion")).isEqualTo(1);
  }

  @Test
  void moreThanTwoHundredRecordsOrFilesOverFiveHundredMegabytesInAllAreRefusedWhole() throws Exception {
    SfClient api = start(SalesforceSimulator.litify(NAMES).collectionFileLimit(10));
    List<Map<String, Object>> many = new java.util.ArrayList<>();
    List<String> data = new java.util.ArrayList<>();
    for (int i = 0; i < 201; i++) {
      many.add(fields("rc_att_22_" + i, null));
      data.add("x");
    }

    SfClient.Response tooMany = postCollection(api, collection(many, data));
    SfClient.Response tooLarge = postCollection(api, collection(List.of(fields("rc_att_23_1", null),
        fields("rc_att_23_2", null)), List.of("123456", "789012")));
    SfClient.Response fits = postCollection(api, collection(List.of(fields("rc_att_24_1", null),
        fields("rc_att_24_2", null)), List.of("12345", "67890")));

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.errorCode()).isEqualTo("EXCEEDED_ID_LIMIT");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.errorCode()).isEqualTo("REQUEST_ENTITY_TOO_LARGE");
    assertThat(fits.status()).isEqualTo(200);
    assertThat(sim.count("ContentVersion")).isEqualTo(2);
  }
}
