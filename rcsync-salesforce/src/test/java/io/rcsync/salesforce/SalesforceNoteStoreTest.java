package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SalesforceNoteStoreTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String QUERY = "/services/data/v67.0/query";
  private static final String COLLECTIONS = "/services/data/v67.0/composite/sobjects";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DESCRIBE = "/services/data/v67.0/sobjects/litify_pm__lit_Note__c/describe";

  private final ApiCalls apiCalls = new ApiCalls();

  /**
   * The Note object as describe reports it (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm):
   * the fields rcsync writes, one more writable field (Pinned__c), and fields a restore cannot write: system fields,
   * a formula, a base64 field and a create-only field.
   */
  @BeforeEach
  void describeTheNoteObject() {
    StringBuilder fields = new StringBuilder();
    String[][] rows = {
        {"Id", "id", "false", "false", "false"},
        {"OwnerId", "reference", "true", "true", "false"},
        {"IsDeleted", "boolean", "false", "false", "false"},
        {"Name", "string", "false", "false", "false"},
        {"CreatedDate", "datetime", "false", "false", "false"},
        {"CreatedById", "reference", "false", "false", "false"},
        {"LastModifiedDate", "datetime", "false", "false", "false"},
        {"SystemModstamp", "datetime", "false", "false", "false"},
        {"External_Id__c", "string", "true", "true", "false"},
        {"litify_pm__lit_Note__c", "textarea", "true", "true", "false"},
        {"litify_pm__lit_Topic__c", "picklist", "true", "true", "false"},
        {"litify_pm__lit_Matter__c", "reference", "true", "true", "false"},
        {"litify_pm__lit_Intake__c", "reference", "true", "true", "false"},
        {"Message_Time__c", "datetime", "true", "true", "false"},
        {"Pinned__c", "boolean", "true", "true", "false"},
        {"Age_Days__c", "double", "false", "false", "true"},
        {"Scan__c", "base64", "true", "true", "false"},
        {"Origin__c", "string", "true", "false", "false"}};
    for (String[] r : rows) {
      fields.append(fields.length() == 0 ? "" : ",").append("{\"name\":\"").append(r[0]).append("\",\"type\":\"")
          .append(r[1]).append("\",\"createable\":").append(r[2]).append(",\"updateable\":").append(r[3])
          .append(",\"calculated\":").append(r[4]).append("}");
    }
    wm.stubFor(get(urlEqualTo(DESCRIBE)).willReturn(aResponse().withBody(
        "{\"name\":\"litify_pm__lit_Note__c\",\"fields\":[" + fields + "]}")));
  }

  private SalesforceNoteStore store(LitifySchema schema) {
    SalesforceConfig config = SalesforceConfig.builder().schema(schema).sleeper(new RecordingSleeper()).build();
    return new SalesforceNoteStore(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls);
  }

  private static String soqlOf(LoggedRequest r) {
    String url = r.getUrl();
    return URLDecoder.decode(url.substring(url.indexOf("?q=") + 3), StandardCharsets.UTF_8);
  }

  private static String note(String id, String ext, String created, String messageTime) {
    return "{\"attributes\":{\"type\":\"litify_pm__lit_Note__c\",\"url\":\"/services/data/v67.0/sobjects/litify_pm__lit_Note__c/" + id + "\"},"
        + "\"Id\":\"" + id + "\",\"External_Id__c\":\"" + ext + "\",\"OwnerId\":\"005UV0000012345AAA\","
        + "\"litify_pm__lit_Topic__c\":\"Text message sent\",\"litify_pm__lit_Note__c\":\"On my way \\\"now\\\"\","
        + "\"litify_pm__lit_Matter__c\":\"a0LUV00000G5NHJ2A3\",\"litify_pm__lit_Intake__c\":null,"
        + (messageTime == null ? "" : "\"Message_Time__c\":\"" + messageTime + "\",")
        + "\"CreatedDate\":\"" + created + "\"}";
  }

  @Test
  void findsOnlyRcsyncNotesWithEscapedUnderscoresAndEveryWritableField() {
    String record = note("a5XUV000000abcdAAA", "rc_msg_123", "2026-04-02T08:00:00.000+0000", null);
    record = record.substring(0, record.length() - 1) + ",\"Message_Time__c\":null,\"Pinned__c\":true}";
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":1,\"done\":true,\"records\":["
        + record + "]}")));

    List<NoteRecord> found = store(LitifySchema.defaults()).find(NoteStore.Query.all());

    String soql = soqlOf(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).get(0));
    assertThat(soql).isEqualTo("SELECT Id, External_Id__c, OwnerId, litify_pm__lit_Topic__c, litify_pm__lit_Note__c,"
        + " litify_pm__lit_Matter__c, litify_pm__lit_Intake__c, Message_Time__c, Pinned__c, CreatedDate"
        + " FROM litify_pm__lit_Note__c WHERE External_Id__c LIKE 'rc\\_msg\\_%'");
    NoteRecord r = found.get(0);
    assertThat(r.id().value()).isEqualTo("a5XUV000000abcdAAA");
    assertThat(r.externalId()).isEqualTo("rc_msg_123");
    assertThat(r.owner()).contains(SalesforceId.of("005UV0000012345AAA"));
    assertThat(r.createdDate()).isEqualTo(Instant.parse("2026-04-02T08:00:00Z"));
    assertThat(r.messageTime()).isEmpty();
    assertThat(r.fields()).containsOnlyKeys("External_Id__c", "OwnerId", "litify_pm__lit_Topic__c", "litify_pm__lit_Note__c",
        "litify_pm__lit_Matter__c", "litify_pm__lit_Intake__c", "Message_Time__c", "Pinned__c");
    assertThat(r.fields()).containsEntry("litify_pm__lit_Note__c", "On my way \"now\"").containsEntry("litify_pm__lit_Intake__c", null)
        .containsEntry("Pinned__c", true);
  }

  @Test
  void describesTheNoteObjectOncePerStore() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    SalesforceNoteStore store = store(LitifySchema.defaults());

    store.find(NoteStore.Query.all());
    store.find(NoteStore.Query.all());

    wm.verify(1, getRequestedFor(urlEqualTo(DESCRIBE)));
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(3);
  }

  @Test
  void dropsRecordsThatOnlyMatchTheCaseInsensitiveLike() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":2,\"done\":true,\"records\":["
        + note("a5XUV000000abcdAAA", "RC_MSG_1", "2026-04-02T08:00:00.000+0000", null) + ","
        + note("a5XUV000000abceAAA", "rc_msg_2", "2026-04-02T08:00:00.000+0000", null) + "]}")));

    assertThat(store(LitifySchema.defaults()).find(NoteStore.Query.all())).extracting(NoteRecord::externalId)
        .containsExactly("rc_msg_2");
  }

  @Test
  void filtersOnOwnersTimeWindowOnTheMessageTimeFieldAndMessageId() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":1,\"done\":true,\"records\":["
        + note("a5XUV000000abcdAAA", "rc_msg_123", "2026-04-02T08:00:00.000+0000", "2026-03-01T09:30:00.000+0000") + "]}")));
    NoteStore.Query q = new NoteStore.Query(Set.of(SalesforceId.of("005UV0000012345AAA"), SalesforceId.of("005UV0000067890AAA")),
        Optional.of(Instant.parse("2026-03-01T00:00:00Z")), Optional.of(Instant.parse("2026-03-31T12:00:00.250Z")),
        Optional.of(MessageId.of("123")));

    List<NoteRecord> found = store(LitifySchema.defaults().withMessageTimeField("Message_Time__c")).find(q);

    String soql = soqlOf(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).get(0));
    assertThat(soql).contains(" Message_Time__c, Pinned__c, CreatedDate FROM ")
        .contains(" WHERE External_Id__c LIKE 'rc\\_msg\\_%'")
        .contains(" AND OwnerId IN ('005UV0000012345AAA','005UV0000067890AAA')")
        .contains(" AND Message_Time__c >= 2026-03-01T00:00:00Z")
        .contains(" AND Message_Time__c < 2026-03-31T12:00:01Z")
        .contains(" AND (External_Id__c = 'rc_msg_123' OR External_Id__c LIKE 'rc\\_msg\\_123\\_%')");
    assertThat(found.get(0).messageTime()).contains(Instant.parse("2026-03-01T09:30:00Z"));
    assertThat(found.get(0).fields()).containsEntry("Message_Time__c", "2026-03-01T09:30:00.000+0000");
  }

  @Test
  void asksForBothPrefixesOnlyWhenBothSourcesAreWantedAndKeepsOnlyExactPrefixes() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":4,\"done\":true,\"records\":["
        + note("a5XUV000000abcdAAA", "rc_msg_1", "2026-04-02T08:00:00.000+0000", null) + ","
        + note("a5XUV000000abceAAA", "smsmagic_a1SUV000000abcdAAA", "2026-04-02T08:00:00.000+0000", null) + ","
        + note("a5XUV000000abcfAAA", "SMSMAGIC_a1SUV000000abceAAA", "2026-04-02T08:00:00.000+0000", null) + ","
        + note("a5XUV000000abcgAAA", "Smsmagic_x", "2026-04-02T08:00:00.000+0000", null) + "]}")));
    SalesforceNoteStore store = store(LitifySchema.defaults());

    List<NoteRecord> both = store.find(NoteStore.Query.all(Set.of(TextSource.SMS_MAGIC, TextSource.RINGCENTRAL)));
    List<NoteRecord> history = store.find(NoteStore.Query.all(Set.of(TextSource.SMS_MAGIC)));

    List<String> soql = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).stream().map(SalesforceNoteStoreTest::soqlOf).toList();
    assertThat(soql.get(0)).endsWith(" WHERE (External_Id__c LIKE 'rc\\_msg\\_%' OR External_Id__c LIKE 'smsmagic\\_%')");
    assertThat(soql.get(1)).endsWith(" WHERE External_Id__c LIKE 'smsmagic\\_%'");
    assertThat(both).extracting(NoteRecord::externalId).containsExactly("rc_msg_1", "smsmagic_a1SUV000000abcdAAA");
    assertThat(history).extracting(NoteRecord::externalId).containsExactly("smsmagic_a1SUV000000abcdAAA");
  }

  @Test
  void findsAnSmsMagicNoteByItsKeyWithoutAGroupLike() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    MessageId record = MessageId.smsMagic(SalesforceId.of("a1SUV000000abcd"));

    store(LitifySchema.defaults()).find(new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(),
        Optional.of(record)));

    String soql = soqlOf(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).get(0));
    assertThat(soql).endsWith(" WHERE External_Id__c LIKE 'smsmagic\\_%' AND External_Id__c = 'smsmagic_"
        + record.value() + "'");
    assertThat(record.value()).hasSize(18);
  }

  @Test
  void deletesNotesOfBothPrefixesAndRefusesEveryLookAlike() {
    liveNotes("a5XUV000000abcdAAA", "smsmagic_a1SUV000000abcdAAA", "a5XUV000000abceAAA", "SMSMAGIC_1",
        "a5XUV000000abcfAAA", "xsmsmagic_1", "a5XUV000000abcgAAA", "smsmagic_", "a5XUV000000abchAAA", "rc_msg_9");
    wm.stubFor(delete(urlPathEqualTo(COLLECTIONS)).willReturn(aResponse().withBody(
        "[{\"id\":\"a5XUV000000abcdAAA\",\"success\":true,\"errors\":[]},"
            + "{\"id\":\"a5XUV000000abchAAA\",\"success\":true,\"errors\":[]}]")));

    List<DeleteOutcome> out = store(LitifySchema.defaults()).delete(List.of(SalesforceId.of("a5XUV000000abcdAAA"),
        SalesforceId.of("a5XUV000000abceAAA"), SalesforceId.of("a5XUV000000abcfAAA"),
        SalesforceId.of("a5XUV000000abcgAAA"), SalesforceId.of("a5XUV000000abchAAA")));

    assertThat(out).extracting(DeleteOutcome::deleted).containsExactly(true, false, false, false, true);
    assertThat(out.subList(1, 4)).allSatisfy(o -> {
      assertThat(o.errorCode()).isEqualTo("NOT_WRITTEN_BY_RCSYNC");
      assertThat(o.message()).contains("does not start with rc_msg_ or smsmagic_");
    });
    assertThat(wm.findAll(deleteRequestedFor(urlPathEqualTo(COLLECTIONS))).get(0).getUrl())
        .isEqualTo(COLLECTIONS + "?ids=a5XUV000000abcdAAA,a5XUV000000abchAAA&allOrNone=false");
  }

  @Test
  void splitsTheOwnerListWhenTheQueryWouldNotFitInTheUrl() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    Set<SalesforceId> owners = new java.util.HashSet<>();
    for (int i = 0; i < 150; i++) {
      owners.add(SalesforceId.of(Drafts.id("005", i)));
    }
    SalesforceConfig config = SalesforceConfig.builder().schema(LitifySchema.defaults()).sleeper(new RecordingSleeper())
        .maxUrlLength(3_000).build();
    SalesforceNoteStore store = new SalesforceNoteStore(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls);

    store.find(new NoteStore.Query(owners, Optional.empty(), Optional.empty(), Optional.empty()));

    List<LoggedRequest> queries = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(queries).hasSizeGreaterThan(1);
    int base = wm.baseUrl().length();
    assertThat(queries).allSatisfy(r -> assertThat(base + r.getUrl().length()).isLessThanOrEqualTo(3_000));
    Set<String> asked = new java.util.HashSet<>();
    queries.forEach(r -> java.util.regex.Pattern.compile("'(005[A-Za-z0-9]{15})'").matcher(soqlOf(r)).results()
        .forEach(m -> asked.add(m.group(1))));
    assertThat(asked).hasSize(150);
  }

  @Test
  void aPartyFilterAsksForTheMattersIntakesAndBothStoredFormsOfEachNumber() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    NoteStore.Query q = NoteStore.Query.all().withParties(new NoteStore.Query.Parties(
        Set.of(SalesforceId.of("a0LUV00000G5NHJ2A3")), Set.of(SalesforceId.of("a0QUV0000012345AAA")),
        Set.of(io.rcsync.core.domain.PhoneNumber.of("5028138900"))));

    store(LitifySchema.defaults().withCounterpartyField("RcSync_Counterparty__c")).find(q);

    assertThat(soqlOf(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).get(0))).endsWith(" AND ("
        + "litify_pm__lit_Matter__c IN ('a0LUV00000G5NHJ2A3') OR litify_pm__lit_Intake__c IN ('a0QUV0000012345AAA')"
        + " OR RcSync_Counterparty__c IN ('5028138900','(502) 813-8900'))");
  }

  @Test
  void withoutACounterpartyFieldAPartyFilterOfNumbersAloneAsksNothing() {
    NoteStore.Query q = NoteStore.Query.all().withParties(new NoteStore.Query.Parties(Set.of(), Set.of(),
        Set.of(io.rcsync.core.domain.PhoneNumber.of("5028138900"))));

    assertThat(store(LitifySchema.defaults()).find(q)).isEmpty();

    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)))).isEmpty();
  }

  @Test
  void splitsALargePartyFilterIntoStatementsThatFitTheUrlAndJoinsTheirAnswers() {
    // every statement answers the same Note: it must come back once
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":1,\"done\":true,\"records\":["
        + note("a5XUV000000abcdAAA", "rc_msg_1", "2026-04-02T08:00:00.000+0000", null) + "]}")));
    Set<SalesforceId> matters = new java.util.HashSet<>();
    Set<SalesforceId> intakes = new java.util.HashSet<>();
    for (int i = 0; i < 150; i++) {
      matters.add(SalesforceId.of(Drafts.id("a0L", i)));
      intakes.add(SalesforceId.of(Drafts.id("a0Q", i)));
    }
    SalesforceConfig config = SalesforceConfig.builder().schema(LitifySchema.defaults()).sleeper(new RecordingSleeper())
        .maxUrlLength(3_000).build();
    SalesforceNoteStore store = new SalesforceNoteStore(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls);

    List<NoteRecord> found = store.find(NoteStore.Query.all().withParties(new NoteStore.Query.Parties(matters, intakes,
        Set.of())));

    assertThat(found).extracting(NoteRecord::externalId).containsExactly("rc_msg_1");
    List<LoggedRequest> queries = wm.findAll(getRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(queries).hasSizeGreaterThan(1);
    int base = wm.baseUrl().length();
    assertThat(queries).allSatisfy(r -> assertThat(base + r.getUrl().length()).isLessThanOrEqualTo(3_000));
    Set<String> asked = new java.util.HashSet<>();
    queries.forEach(r -> java.util.regex.Pattern.compile("'(a0[LQ][A-Za-z0-9]{15})'").matcher(soqlOf(r)).results()
        .forEach(m -> asked.add(m.group(1))));
    assertThat(asked).hasSize(300);
  }

  @Test
  void withoutAMessageTimeFieldTheWindowAppliesToCreatedDate() {
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    NoteStore.Query q = new NoteStore.Query(Set.of(), Optional.of(Instant.parse("2026-03-01T00:00:00Z")), Optional.empty(), Optional.empty());

    store(LitifySchema.defaults()).find(q);

    assertThat(soqlOf(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).get(0))).endsWith(" AND CreatedDate >= 2026-03-01T00:00:00Z");
  }

  @Test
  void readsEveryPageThroughNextRecordsUrl() {
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      first.add(note(Drafts.id("a5X", i), "rc_msg_" + i, "2026-04-02T08:00:00.000+0000", null));
    }
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":5,\"done\":false,"
        + "\"nextRecordsUrl\":\"/services/data/v67.0/query/01gRO0000016PIAYA2-3\",\"records\":[" + String.join(",", first) + "]}")));
    wm.stubFor(get(urlEqualTo("/services/data/v67.0/query/01gRO0000016PIAYA2-3")).willReturn(aResponse().withBody(
        "{\"totalSize\":5,\"done\":false,\"nextRecordsUrl\":\"/services/data/v67.0/query/01gRO0000016PIAYA2-4\",\"records\":["
            + note(Drafts.id("a5X", 3), "rc_msg_3", "2026-04-02T08:00:00.000+0000", null) + "]}")));
    wm.stubFor(get(urlEqualTo("/services/data/v67.0/query/01gRO0000016PIAYA2-4")).willReturn(aResponse().withBody(
        "{\"totalSize\":5,\"done\":true,\"records\":[" + note(Drafts.id("a5X", 4), "rc_msg_4", "2026-04-02T08:00:00.000+0000", null) + "]}")));

    List<NoteRecord> found = store(LitifySchema.defaults()).find(NoteStore.Query.all());

    assertThat(found).extracting(NoteRecord::externalId).containsExactly("rc_msg_0", "rc_msg_1", "rc_msg_2", "rc_msg_3", "rc_msg_4");
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(4); // describe + 3 pages
  }

  private static void liveNotes(String... idAndExternalId) {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < idAndExternalId.length; i += 2) {
      records.add("{\"attributes\":{\"type\":\"litify_pm__lit_Note__c\"},\"Id\":\"" + idAndExternalId[i]
          + "\",\"External_Id__c\":" + (idAndExternalId[i + 1] == null ? "null" : "\"" + idAndExternalId[i + 1] + "\"") + "}");
    }
    wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withBody("{\"totalSize\":" + records.size()
        + ",\"done\":true,\"records\":[" + String.join(",", records) + "]}")));
  }

  @Test
  void deletesUpTo200IdsInOneCallAndMapsEachResultByPosition() {
    liveNotes("a5XUV000000abcdAAA", "rc_msg_1", "a5XUV000000abceAAA", "rc_msg_2");
    wm.stubFor(delete(urlPathEqualTo(COLLECTIONS)).willReturn(aResponse().withBody("[{\"id\":\"a5XUV000000abcdAAA\",\"success\":true,\"errors\":[]},"
        + "{\"success\":false,\"errors\":[{\"statusCode\":\"ENTITY_IS_DELETED\",\"message\":\"entity is deleted\",\"fields\":[]}]}]")));
    SalesforceId a = SalesforceId.of("a5XUV000000abcdAAA");
    SalesforceId b = SalesforceId.of("a5XUV000000abceAAA");

    List<DeleteOutcome> out = store(LitifySchema.defaults()).delete(List.of(a, b));

    assertThat(out).containsExactly(DeleteOutcome.ok(a), DeleteOutcome.failed(b, "ENTITY_IS_DELETED", "entity is deleted"));
    LoggedRequest req = wm.findAll(deleteRequestedFor(urlPathEqualTo(COLLECTIONS))).get(0);
    assertThat(req.getUrl()).isEqualTo(COLLECTIONS + "?ids=a5XUV000000abcdAAA,a5XUV000000abceAAA&allOrNone=false");
    assertThat(soqlOf(wm.findAll(getRequestedFor(urlPathEqualTo(QUERY))).get(0))).isEqualTo("SELECT Id, External_Id__c"
        + " FROM litify_pm__lit_Note__c WHERE Id IN ('a5XUV000000abcdAAA','a5XUV000000abceAAA')");
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(2);
  }

  @Test
  void refusesToDeleteAnyIdThatIsNotALiveNoteRcsyncWrote() {
    SalesforceId ours = SalesforceId.of("a5XUV000000abcdAAA");
    SalesforceId manual = SalesforceId.of("a5XUV000000abceAAA");
    SalesforceId blank = SalesforceId.of("a5XUV000000abcfAAA");
    SalesforceId matter = SalesforceId.of("a0LUV00000G5NHJ2A3");
    liveNotes("a5XUV000000abcdAAA", "rc_msg_1", "a5XUV000000abceAAA", "manual_note", "a5XUV000000abcfAAA", null);
    wm.stubFor(delete(urlPathEqualTo(COLLECTIONS)).willReturn(aResponse().withBody(
        "[{\"id\":\"a5XUV000000abcdAAA\",\"success\":true,\"errors\":[]}]")));

    List<DeleteOutcome> out = store(LitifySchema.defaults()).delete(List.of(matter, ours, manual, blank));

    assertThat(out).extracting(DeleteOutcome::id).containsExactly(matter, ours, manual, blank);
    assertThat(out.get(1)).isEqualTo(DeleteOutcome.ok(ours));
    assertThat(out.get(0).deleted()).isFalse();
    assertThat(out.get(0).errorCode()).isEqualTo("NOT_A_LIVE_NOTE");
    assertThat(out.get(0).message()).contains("no undeleted litify_pm__lit_Note__c has this id");
    assertThat(out.get(2).errorCode()).isEqualTo("NOT_WRITTEN_BY_RCSYNC");
    assertThat(out.get(2).message()).contains("'manual_note' does not start with rc_msg_");
    assertThat(out.get(3).errorCode()).isEqualTo("NOT_WRITTEN_BY_RCSYNC");
    assertThat(wm.findAll(deleteRequestedFor(urlPathEqualTo(COLLECTIONS))).get(0).getUrl())
        .isEqualTo(COLLECTIONS + "?ids=a5XUV000000abcdAAA&allOrNone=false");
  }

  @Test
  void sendsNoDeleteWhenEveryIdIsRefused() {
    liveNotes("a5XUV000000abceAAA", "manual_note");

    List<DeleteOutcome> out = store(LitifySchema.defaults()).delete(List.of(SalesforceId.of("a5XUV000000abceAAA")));

    assertThat(out).singleElement().extracting(DeleteOutcome::errorCode).isEqualTo("NOT_WRITTEN_BY_RCSYNC");
    wm.verify(0, deleteRequestedFor(urlPathEqualTo(COLLECTIONS)));
  }

  @Test
  void refusesMoreThan200IdsInOneDelete() {
    List<SalesforceId> ids = new ArrayList<>();
    for (int i = 0; i < 201; i++) {
      ids.add(SalesforceId.of(Drafts.id("a5X", i)));
    }
    assertThatThrownBy(() -> store(LitifySchema.defaults()).delete(ids)).isInstanceOf(IllegalArgumentException.class);
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isZero();
  }

  @Test
  void restoreUpsertsEveryManifestFieldByExternalIdButNoSystemFields() throws Exception {
    wm.stubFor(patch(urlEqualTo(COLLECTIONS + "/litify_pm__lit_Note__c/External_Id__c")).willReturn(aResponse().withBody(
        "[" + Drafts.ok("a5XUV000000zzzzAAA", true) + "]")));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("External_Id__c", "rc_msg_123");
    fields.put("OwnerId", "005UV0000012345AAA");
    fields.put("litify_pm__lit_Topic__c", "Text message sent");
    fields.put("litify_pm__lit_Note__c", "it's \\ here");
    fields.put("litify_pm__lit_Matter__c", "a0LUV00000G5NHJ2A3");
    fields.put("litify_pm__lit_Intake__c", null);
    fields.put("CreatedDate", "2026-04-02T08:00:00.000+0000");
    NoteRecord r = new NoteRecord(SalesforceId.of("a5XUV000000abcdAAA"), "rc_msg_123", Optional.of(SalesforceId.of("005UV0000012345AAA")),
        Instant.parse("2026-04-02T08:00:00Z"), Optional.empty(), fields);

    List<WriteOutcome> out = store(LitifySchema.defaults()).restore(List.of(r));

    assertThat(out).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(WriteOutcome.Status.CREATED);
      assertThat(o.externalId()).isEqualTo("rc_msg_123");
    });
    JsonNode rec = JSON.readTree(wm.findAll(patchRequestedFor(urlEqualTo(COLLECTIONS + "/litify_pm__lit_Note__c/External_Id__c")))
        .get(0).getBodyAsString()).path("records").get(0);
    assertThat(rec.path("attributes").path("type").asText()).isEqualTo("litify_pm__lit_Note__c");
    assertThat(rec.path("External_Id__c").asText()).isEqualTo("rc_msg_123");
    assertThat(rec.path("litify_pm__lit_Note__c").asText()).isEqualTo("it's \\ here");
    assertThat(rec.has("CreatedDate")).isFalse();
    assertThat(rec.has("Id")).isFalse();
    assertThat(rec.get("litify_pm__lit_Intake__c").isNull()).isTrue();
  }

  @Test
  void restoreReportsAManifestRecordWithAnImpossibleFieldNameAndWritesTheRest() {
    wm.stubFor(patch(urlEqualTo(COLLECTIONS + "/litify_pm__lit_Note__c/External_Id__c")).willReturn(aResponse().withBody(
        "[" + Drafts.ok("a5XUV000000zzzzAAA", false) + "]")));
    NoteRecord bad = new NoteRecord(SalesforceId.of("a5XUV000000abcdAAA"), "rc_msg_1", Optional.empty(), Instant.EPOCH,
        Optional.empty(), Map.of("Body\"; x", "v"));
    NoteRecord good = new NoteRecord(SalesforceId.of("a5XUV000000abceAAA"), "rc_msg_2", Optional.empty(), Instant.EPOCH,
        Optional.empty(), Map.of("litify_pm__lit_Note__c", "hi"));

    List<WriteOutcome> out = store(LitifySchema.defaults()).restore(List.of(bad, good));

    assertThat(out.get(0).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(out.get(0).errorCode()).isEqualTo("INVALID_FIELD_NAME");
    assertThat(out.get(1).status()).isEqualTo(WriteOutcome.Status.UPDATED);
    assertThat(out.get(1).externalId()).isEqualTo("rc_msg_2");
  }
}
