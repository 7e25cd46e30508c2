package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Filters on {@code Id} or an external-id field ({@code IN (...)} or {@code =}, alone or ANDed with others) are answered
 * from the org's index, as a real org does: the answers must be exactly those of a full scan (case-insensitive
 * values, the other filters applied, table order without ORDER BY, deleted records only in queryAll).
 */
class IndexedQueryTest {
  private static final String N = LitifyOrgFixture.NOTE;
  private static final String M = "litify_pm__Matter__c";

  private LitifyOrgFixture org;
  private SfClient api;

  @BeforeEach
  void start() {
    org = new LitifyOrgFixture();
    api = org.client();
  }

  @AfterEach
  void stop() {
    org.sim.close();
  }

  @Test
  void externalIdInListReturnsTheHoldersInTableOrderWhateverTheCaseOrTheListOrder() {
    SfClient.Response r = api.query("SELECT External_Id__c FROM " + N
        + " WHERE External_Id__c IN ('RC_MSGX3', 'nope', 'rc_msg_1', 'Rc_Msg_2', 'rc_msg_1')");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("totalSize").asInt()).isEqualTo(3);
    assertThat(r.column("External_Id__c")).containsExactly("rc_msg_1", "rc_msg_2", "rc_msgX3");
  }

  @Test
  void theOtherFiltersOfAnAndStillApplyToTheIndexedHolders() {
    SfClient.Response r = api.query("SELECT External_Id__c FROM " + N + " WHERE OwnerId = '"
        + org.alyssia.value() + "' AND External_Id__c IN ('rc_msg_1', 'rc_msg_2', 'manual_note')");

    assertThat(r.column("External_Id__c")).containsExactly("rc_msg_1", "manual_note");
  }

  @Test
  void anExternalIdEqualityOrAnIdListFindsTheRecord() {
    assertThat(api.query("SELECT External_Id__c FROM " + N + " WHERE External_Id__c = 'MANUAL_NOTE'")
        .column("External_Id__c")).containsExactly("manual_note");
    assertThat(api.query("SELECT Name FROM " + M + " WHERE Id IN ('" + org.id("beta") + "', '"
        + org.id("alpha").substring(0, 15) + "', '" + org.id("rc_msg_1") + "')").column("Name"))
        .as("15- and 18-character ids; a Note's id does not find a Matter").containsExactly("Alpha Matter",
            "Beta matter");
  }

  @Test
  void aDeletedHolderIsLeftOutOfQueryButReturnedByQueryAll() {
    assertThat(api.delete("/services/data/v67.0/sobjects/" + N + "/" + org.id("rc_msg_2")).status()).isEqualTo(204);
    String soql = "SELECT External_Id__c FROM " + N + " WHERE External_Id__c IN ('rc_msg_1', 'rc_msg_2')";

    assertThat(api.query(soql).column("External_Id__c")).containsExactly("rc_msg_1");
    assertThat(api.queryAll(soql).column("External_Id__c")).containsExactly("rc_msg_1", "rc_msg_2");
  }

  @Test
  void aNegatedListIsAnsweredByAScan() {
    assertThat(api.query("SELECT External_Id__c FROM " + N + " WHERE External_Id__c NOT IN ('rc_msg_1')")
        .column("External_Id__c")).containsExactlyInAnyOrder("rc_msg_2", "manual_note", "rc_msgX3");
  }
}
