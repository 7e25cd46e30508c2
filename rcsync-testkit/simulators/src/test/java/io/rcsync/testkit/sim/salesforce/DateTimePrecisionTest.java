package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.LitifySchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Salesforce keeps dateTime field values to the second: the milliseconds a client sends are dropped. */
class DateTimePrecisionTest {
  private static final LitifySchema NAMES = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
  private static final String NOTE = NAMES.noteObject();

  private SalesforceSimulator sim;
  private SfClient api;
  private String owner;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.litify(NAMES).build().start();
    api = new SfClient(sim, sim.issueToken());
    owner = sim.addUser("Alyssia").value();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void dropsTheMillisecondsOfADateTimeWrittenOverRest() {
    SfClient.Response r = api.patch(SfClient.V + "/composite/sobjects/" + NOTE + "/External_Id__c", Map.of(
        "allOrNone", false, "records", List.of(Map.of("attributes", Map.of("type", NOTE),
            "External_Id__c", "rc_msg_1", "OwnerId", owner, "Message_Time__c", "2026-03-01T10:00:00.789Z"))));
    assertThat(r.status()).isEqualTo(200);

    SfClient.Response q = api.query("SELECT Message_Time__c FROM " + NOTE);
    assertThat(q.column("Message_Time__c")).containsExactly("2026-03-01T10:00:00.000+0000");
    assertThat(api.query("SELECT Id FROM " + NOTE + " WHERE Message_Time__c = 2026-03-01T10:00:00Z")
        .records()).hasSize(1);
  }

  @Test
  void dropsTheMillisecondsOfADateTimeSeededInProcess() {
    sim.insert(NOTE, Map.of("External_Id__c", "rc_msg_2", "OwnerId", owner,
        "Message_Time__c", Instant.parse("2026-03-01T10:00:00.999Z")));

    assertThat(sim.findBy(NOTE, "External_Id__c", "rc_msg_2")).singleElement()
        .satisfies(n -> assertThat(n.get("Message_Time__c")).isEqualTo(Instant.parse("2026-03-01T10:00:00Z")));
  }
}
