package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Queries a user would reasonably write, sent over HTTP to the simulator's /query resource. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoqlQueryTest {
  private static final String M = "litify_pm__Matter__c";
  private static final String S = "litify_pm__Status__c";
  private static final String N = "litify_pm__lit_Note__c";
  private static final String PHONE_LIKE = "Matter_Phone__c LIKE '%502%813%8900%' OR Client_Phone__c LIKE "
      + "'%502%813%8900%' OR litify_pm__Phone__c LIKE '%502%813%8900%' OR Phone_10_Digit__c LIKE '%502%813%8900%'";

  private LitifyOrgFixture org;
  private SfClient api;

  @BeforeAll
  void start() {
    org = new LitifyOrgFixture();
    api = org.client();
  }

  @AfterAll
  void stop() {
    org.sim.close();
  }

  static Stream<Arguments> matterQueries() {
    return Stream.of(
        q("SELECT Id, Name FROM " + M, "Alpha Matter", "Beta matter", "Gamma 100% Matter", "delta_matter",
            "O'Brien Matter"),
        q("select id, name from LITIFY_PM__MATTER__C where name = 'alpha matter'", "Alpha Matter"),
        q("SELECT Name FROM " + M + " WHERE " + S + " = 'Open' ORDER BY Name", "Alpha Matter", "Gamma 100% Matter"),
        q("SELECT Name FROM " + M + " WHERE " + S + " != 'Closed' ORDER BY Name", "Alpha Matter", "delta_matter",
            "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE " + S + " <> 'Closed' ORDER BY Name", "Alpha Matter", "delta_matter",
            "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE " + S + " = null", "delta_matter"),
        q("SELECT Name FROM " + M + " WHERE " + S + " != NULL ORDER BY Name", "Alpha Matter", "Beta matter",
            "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE 'a%'", "Alpha Matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE '%MATTER' ORDER BY Name", "Alpha Matter", "Beta matter",
            "delta_matter", "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE '%100\\%%'", "Gamma 100% Matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE 'delta\\_matter'", "delta_matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE 'Beta_matter'", "Beta matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE 'Beta\\_matter'"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE '%\\'%'", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE Name = 'O\\'Brien Matter'", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE '_lpha%'", "Alpha Matter"),
        q("SELECT Name FROM " + M + " WHERE Name = 'Alpha Matt\\u0065r'", "Alpha Matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE '%\\u0027%'", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE Name LIKE '\\u0041LPHA%'", "Alpha Matter"),
        q("SELECT Name FROM " + M + " WHERE " + PHONE_LIKE + " ORDER BY Name", "Alpha Matter", "Beta matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE (" + S + " = 'Open' OR " + S + " = 'Pending') AND CreatedDate >= "
            + "2026-03-01T00:00:00Z ORDER BY CreatedDate DESC", "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE NOT (" + S + " = 'Open') ORDER BY Name", "Beta matter", "delta_matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE NOT " + S + " = 'Open' ORDER BY Name", "Beta matter", "delta_matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE " + S + " IN ('open', 'Pending') ORDER BY Name", "Alpha Matter",
            "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE " + S + " NOT IN ('Open', 'Closed') ORDER BY Name", "delta_matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate > 2026-02-01T00:00:00Z ORDER BY Name", "Gamma 100% Matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate >= 2026-02-01T02:00:00+02:00 ORDER BY Name", "Beta matter",
            "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate < 2026-01-01T00:00:00Z", "delta_matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate <= 2026-01-10T09:00:00.000Z ORDER BY CreatedDate",
            "delta_matter", "Alpha Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = TODAY", "Gamma 100% Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = YESTERDAY", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = LAST_N_DAYS:1 ORDER BY Name", "Gamma 100% Matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate > YESTERDAY", "Gamma 100% Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate < LAST_N_DAYS:30 ORDER BY CreatedDate", "delta_matter",
            "Alpha Matter", "Beta matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = THIS_MONTH ORDER BY Name", "Gamma 100% Matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = LAST_MONTH", "Beta matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = LAST_YEAR", "delta_matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = THIS_WEEK", "Gamma 100% Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = LAST_WEEK", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate = N_DAYS_AGO:1", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE CreatedDate >= THIS_QUARTER ORDER BY Name", "Alpha Matter",
            "Beta matter", "Gamma 100% Matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " ORDER BY " + S + " NULLS LAST, Name", "Beta matter", "Alpha Matter",
            "Gamma 100% Matter", "O'Brien Matter", "delta_matter"),
        q("SELECT Name FROM " + M + " ORDER BY " + S + " DESC, Name", "delta_matter", "O'Brien Matter",
            "Alpha Matter", "Gamma 100% Matter", "Beta matter"),
        q("SELECT Name FROM " + M + " ORDER BY " + S + " DESC NULLS LAST, Name DESC", "O'Brien Matter",
            "Gamma 100% Matter", "Alpha Matter", "Beta matter", "delta_matter"),
        q("SELECT Name FROM " + M + " ORDER BY CreatedDate LIMIT 2", "delta_matter", "Alpha Matter"),
        q("SELECT Name FROM " + M + " ORDER BY CreatedDate LIMIT 2 OFFSET 1", "Alpha Matter", "Beta matter"),
        q("SELECT Name FROM " + M + " ORDER BY CreatedDate ASC OFFSET 4", "Gamma 100% Matter"),
        q("SELECT Name FROM " + M + " ORDER BY CreatedDate DESC LIMIT 0"),
        q("SELECT n.Name FROM " + M + " n WHERE n.Name = 'Alpha Matter'", "Alpha Matter"),
        q("SELECT Name\n  FROM " + M + "\n\tWHERE " + S + " = 'Closed'", "Beta matter"),
        q("SELECT Name FROM " + M + " WHERE Name > 'c' ORDER BY Name", "delta_matter", "Gamma 100% Matter",
            "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE Id = '{alpha}'", "Alpha Matter"),
        q("SELECT Name FROM " + M + " WHERE Id IN ('{alpha15}', '{beta}') ORDER BY Name", "Alpha Matter",
            "Beta matter"),
        q("SELECT Name FROM " + M + " WHERE Id != '{alpha}' AND Name LIKE '%a%' AND CreatedDate < TODAY "
            + "ORDER BY Name", "Beta matter", "delta_matter", "O'Brien Matter"),
        q("SELECT Name FROM " + M + " WHERE FOR_VIEW_IS_NOT_A_FIELD__c = 'x' LIMIT 1 FOR VIEW".replace(
            "FOR_VIEW_IS_NOT_A_FIELD__c", "Name"), "<none>"),
        q("SELECT Name FROM " + M + " WHERE (Name = 'Alpha Matter' OR (Name = 'Beta matter' AND " + S
            + " = 'Closed')) ORDER BY Name", "Alpha Matter", "Beta matter"));
  }

  static Stream<Arguments> noteQueries() {
    return Stream.of(
        q("SELECT External_Id__c FROM " + N + " WHERE External_Id__c LIKE 'rc_msg_%' ORDER BY External_Id__c",
            "rc_msg_1", "rc_msg_2", "rc_msgX3"),
        q("SELECT External_Id__c FROM " + N + " WHERE External_Id__c LIKE 'rc\\_msg\\_%' ORDER BY External_Id__c",
            "rc_msg_1", "rc_msg_2"),
        q("SELECT External_Id__c FROM " + N + " WHERE OwnerId = '{alyssia}' ORDER BY External_Id__c",
            "manual_note", "rc_msg_1"),
        q("SELECT External_Id__c FROM " + N + " WHERE OwnerId = '{alyssia15}' ORDER BY External_Id__c",
            "manual_note", "rc_msg_1"),
        q("SELECT External_Id__c FROM " + N + " WHERE litify_pm__lit_Intake__c != null", "rc_msg_2"),
        q("SELECT External_Id__c FROM " + N + " WHERE litify_pm__lit_Matter__c IN (SELECT Id FROM " + M
            + " WHERE " + S + " = 'Open') ORDER BY External_Id__c", "rc_msg_1", "rc_msgX3"),
        q("SELECT External_Id__c FROM " + N + " WHERE litify_pm__lit_Matter__c NOT IN (SELECT Id FROM " + M
            + " WHERE " + S + " = 'Open') ORDER BY External_Id__c", "manual_note", "rc_msg_2"),
        q("SELECT External_Id__c FROM " + N + " WHERE Owner.Name = 'Bob' ORDER BY External_Id__c", "rc_msg_2",
            "rc_msgX3"),
        q("SELECT External_Id__c FROM " + N + " WHERE litify_pm__lit_Matter__r." + S + " = 'Closed'",
            "manual_note"),
        q("SELECT External_Id__c FROM " + N + " WHERE Message_Time__c >= 2026-03-05T00:00:00Z", "rc_msg_2"),
        q("SELECT External_Id__c FROM " + N + " WHERE Message_Time__c = null ORDER BY External_Id__c",
            "manual_note", "rc_msgX3"),
        q("SELECT External_Id__c FROM " + N + " WHERE litify_pm__lit_Topic__c IN ('Text message sent', "
            + "'Text message received') AND OwnerId != null ORDER BY Message_Time__c DESC NULLS LAST",
            "rc_msg_2", "rc_msg_1", "rc_msgX3"),
        q("SELECT External_Id__c FROM " + N + " WHERE CreatedDate = TODAY AND IsDeleted = false ORDER BY "
            + "External_Id__c", "manual_note", "rc_msg_1", "rc_msg_2", "rc_msgX3"),
        q("SELECT External_Id__c FROM " + N + " WHERE OwnerId IN (SELECT Id FROM User WHERE Name = 'Alyssia') "
            + "AND External_Id__c LIKE 'rc\\_msg\\_%'", "rc_msg_1"));
  }

  static Stream<Arguments> invoiceQueries() {
    String i = "SELECT Name FROM Invoice__c";
    return Stream.of(
        q(i + " WHERE Amount__c > 50", "INV-1"),
        q(i + " WHERE Amount__c = null", "INV-3"),
        q(i + " WHERE Amount__c >= 20 ORDER BY Amount__c DESC", "INV-1", "INV-2"),
        q(i + " WHERE Amount__c IN (20, 100.5) ORDER BY Name", "INV-1", "INV-2"),
        q(i + " WHERE Amount__c > -1.5 ORDER BY Name", "INV-1", "INV-2"),
        q(i + " WHERE Paid__c = true", "INV-2"),
        q(i + " WHERE Paid__c = FALSE ORDER BY Name", "INV-1", "INV-3"),
        q(i + " WHERE Due_Date__c > 2026-03-01", "INV-1"),
        q(i + " WHERE Due_Date__c = 2026-03-20", "INV-1"),
        q(i + " WHERE Due_Date__c = NEXT_N_DAYS:7", "INV-1"),
        q(i + " WHERE Due_Date__c < TODAY", "INV-2"),
        q(i + " WHERE Matter__r.Name LIKE 'Alpha%'", "INV-1"),
        q(i + " WHERE Matter__c = null", "INV-3"),
        q(i + " ORDER BY Amount__c NULLS LAST", "INV-2", "INV-1", "INV-3"),
        q(i + " ORDER BY Due_Date__c DESC", "INV-3", "INV-1", "INV-2"),
        q(i + " ORDER BY Matter__r.Name NULLS LAST", "INV-1", "INV-2", "INV-3"));
  }

  private static Arguments q(String soql, String... expected) {
    return arguments(soql, expected.length == 1 && expected[0].equals("<none>") ? List.of() : List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matterQueries")
  void answersMatterQueries(String soql, List<String> expectedNames) {
    assertColumn(soql, "Name", expectedNames);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noteQueries")
  void answersNoteQueries(String soql, List<String> expectedExternalIds) {
    assertColumn(soql, "External_Id__c", expectedExternalIds);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invoiceQueries")
  void answersQueriesOnNumberDateAndBooleanFields(String soql, List<String> expectedNames) {
    assertColumn(soql, "Name", expectedNames);
  }

  private void assertColumn(String soql, String column, List<String> expected) {
    SfClient.Response r = api.query(substitute(soql));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().get("done").asBoolean()).isTrue();
    assertThat(r.body().get("totalSize").asInt()).isEqualTo(expected.size());
    if (soql.contains("ORDER BY")) {
      assertThat(r.column(column)).containsExactlyElementsOf(expected);
    } else {
      assertThat(r.column(column)).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private String substitute(String soql) {
    return soql.replace("{alyssia15}", org.alyssia.shortForm()).replace("{alyssia}", org.alyssia.value())
        .replace("{alpha15}", org.id("alpha").substring(0, 15)).replace("{alpha}", org.id("alpha"))
        .replace("{beta}", org.id("beta"));
  }

  @Test
  void returnsRecordsShapedAsTheRestApiDoes() {
    SfClient.Response r = api.query("SELECT Id, Name, CreatedDate, " + S + ", Matter_Phone__c FROM " + M
        + " WHERE Name = 'Alpha Matter'");

    JsonNode rec = r.records().get(0);
    assertThat(rec.get("attributes").get("type").asText()).isEqualTo(M);
    assertThat(rec.get("attributes").get("url").asText())
        .isEqualTo("/services/data/v67.0/sobjects/" + M + "/" + org.id("alpha"));
    assertThat(rec.get("Id").asText()).hasSize(18).startsWith("a0L").isEqualTo(org.id("alpha"));
    assertThat(rec.get("CreatedDate").asText()).isEqualTo("2026-01-10T09:00:00.000+0000");
    assertThat(rec.get(S).asText()).isEqualTo("Open");
    assertThat(rec.get("Matter_Phone__c").asText()).isEqualTo("(502) 813-8900");
    assertThat(rec.fieldNames()).toIterable().containsExactly("attributes", "Id", "Name", "CreatedDate", S,
        "Matter_Phone__c");
  }

  @Test
  void returnsFieldNamesInTheirDeclaredCaseWhateverTheQueryUsed() {
    SfClient.Response r = api.query("select NAME, createddate from " + M.toUpperCase() + " where name = 'Beta matter'");

    assertThat(r.records().get(0).fieldNames()).toIterable().containsExactly("attributes", "Name", "CreatedDate");
  }

  @Test
  void nestsParentFieldsReachedThroughRelationships() {
    SfClient.Response r = api.query("SELECT External_Id__c, Owner.Name, litify_pm__lit_Matter__r.Name, "
        + "litify_pm__lit_Matter__r." + S + " FROM " + N + " WHERE External_Id__c IN ('rc_msg_1', 'rc_msg_2') "
        + "ORDER BY External_Id__c");

    JsonNode first = r.records().get(0);
    assertThat(first.get("Owner").get("attributes").get("type").asText()).isEqualTo("User");
    assertThat(first.get("Owner").get("Name").asText()).isEqualTo("Alyssia");
    assertThat(first.get("litify_pm__lit_Matter__r").get("Name").asText()).isEqualTo("Alpha Matter");
    assertThat(first.get("litify_pm__lit_Matter__r").get(S).asText()).isEqualTo("Open");
    JsonNode second = r.records().get(1);
    assertThat(second.get("litify_pm__lit_Matter__r").isNull()).isTrue();
  }

  @Test
  void countQueryAnswersOnlyTheTotal() {
    SfClient.Response all = api.query("SELECT COUNT() FROM " + M);
    SfClient.Response open = api.query("SELECT count() FROM " + M + " WHERE " + S + " = 'Open'");
    SfClient.Response limited = api.query("SELECT COUNT() FROM " + M + " LIMIT 3");
    SfClient.Response ours = api.query("SELECT COUNT() FROM " + N + " WHERE External_Id__c LIKE 'rc_msg_%'");

    assertThat(all.body().get("totalSize").asInt()).isEqualTo(5);
    assertThat(all.body().get("done").asBoolean()).isTrue();
    assertThat(all.records()).isEmpty();
    assertThat(open.body().get("totalSize").asInt()).isEqualTo(2);
    assertThat(limited.body().get("totalSize").asInt()).isEqualTo(3);
    assertThat(ours.body().get("totalSize").asInt()).isEqualTo(3);
  }

  @Test
  void aggregatesWithAndWithoutGroupBy() {
    SfClient.Response count = api.query("SELECT COUNT(Id) FROM " + M);
    SfClient.Response grouped = api.query("SELECT " + S + ", COUNT(Id) n FROM " + M + " GROUP BY " + S
        + " ORDER BY " + S + " NULLS LAST");
    SfClient.Response minMax = api.query("SELECT MIN(CreatedDate), MAX(CreatedDate) latest FROM " + M);
    SfClient.Response sums = api.query("SELECT SUM(Amount__c) total, AVG(Amount__c) avg, COUNT(Amount__c), "
        + "COUNT_DISTINCT(Paid__c) FROM Invoice__c");
    SfClient.Response byOwner = api.query("SELECT OwnerId, COUNT(Id) FROM " + N + " GROUP BY OwnerId "
        + "ORDER BY COUNT(Id) DESC, OwnerId");

    assertThat(count.records().get(0).get("attributes").get("type").asText()).isEqualTo("AggregateResult");
    assertThat(count.records().get(0).get("expr0").asInt()).isEqualTo(5);
    assertThat(grouped.column(S)).containsExactly("Closed", "Open", "Pending", "null");
    assertThat(grouped.column("n")).containsExactly("1", "2", "1", "1");
    assertThat(minMax.records().get(0).get("expr0").asText()).isEqualTo("2025-12-31T23:59:59.000+0000");
    assertThat(minMax.records().get(0).get("latest").asText()).isEqualTo("2026-03-15T08:00:00.000+0000");
    JsonNode s = sums.records().get(0);
    assertThat(s.get("total").asDouble()).isEqualTo(120.5);
    assertThat(s.get("avg").asDouble()).isEqualTo(60.25);
    assertThat(s.get("expr0").asInt()).isEqualTo(2);
    assertThat(s.get("expr1").asInt()).isEqualTo(2);
    assertThat(byOwner.records()).hasSize(2);
    assertThat(byOwner.column("expr0")).containsExactly("2", "2");
  }

  @Test
  void fieldsFunctionSelectsEveryFieldOfTheKind() {
    SfClient.Response r = api.query("SELECT FIELDS(CUSTOM) FROM Invoice__c WHERE Name = 'INV-1' LIMIT 10");
    SfClient.Response std = api.query("SELECT FIELDS(STANDARD) FROM Invoice__c WHERE Name = 'INV-1'");

    assertThat(r.records().get(0).fieldNames()).toIterable().containsExactly("attributes", "Amount__c",
        "Due_Date__c", "Paid__c", "Matter__c", "Description__c", "Stage__c");
    assertThat(r.records().get(0).get("Due_Date__c").asText()).isEqualTo("2026-03-20");
    assertThat(r.records().get(0).get("Amount__c").asDouble()).isEqualTo(100.5);
    assertThat(r.records().get(0).get("Paid__c").asBoolean()).isFalse();
    assertThat(std.records().get(0).fieldNames()).toIterable().contains("Id", "IsDeleted", "CreatedDate", "Name");
  }

  @Test
  void answersTheSameOnTheQueryAllResourceForLiveRecords() {
    SfClient.Response r = api.queryAll("SELECT Name FROM " + M + " WHERE " + S + " = 'Open' ORDER BY Name");

    assertThat(r.column("Name")).containsExactly("Alpha Matter", "Gamma 100% Matter");
  }

  @Test
  void inProcessQueryMatchesTheHttpAnswer() {
    QueryResult r = org.sim.query("SELECT Name FROM " + M + " WHERE " + PHONE_LIKE + " ORDER BY Name");

    assertThat(r.totalSize()).isEqualTo(3);
    assertThat(r.records()).extracting(m -> m.get("Name")).containsExactly("Alpha Matter", "Beta matter",
        "O'Brien Matter");
  }
}
