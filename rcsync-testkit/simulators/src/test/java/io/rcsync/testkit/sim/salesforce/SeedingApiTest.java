package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-process Java API tests use to seed and inspect the org. */
class SeedingApiTest {
  private static final LitifySchema NAMES = LitifySchema.defaults();

  private SalesforceSimulator sim;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.litify(NAMES).build().start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void seedsCasesFromCoreRecordsWithTheirIdsAndDates() {
    CaseRecord matter = new CaseRecord(SalesforceId.of("a0LUV00000G5NHJ2A3"), CaseKind.MATTER, "Open",
        Instant.parse("2026-01-02T03:04:05Z"), Map.of("Matter_Phone__c", "(502) 813-8900"));
    CaseRecord intake = new CaseRecord(SalesforceId.of("a0CUV00006LMO7s"), CaseKind.INTAKE, "Converted",
        Instant.parse("2026-02-02T00:00:00Z"), Map.of("Phone_10_Digit__c", "5028138900"));

    sim.seedCases(List.of(matter, intake), NAMES);

    Map<String, Object> m = sim.find(NAMES.matterObject(), "a0LUV00000G5NHJ").orElseThrow();
    assertThat(m.get("Id")).isEqualTo("a0LUV00000G5NHJ2A3");
    assertThat(m.get("litify_pm__Status__c")).isEqualTo("Open");
    assertThat(m.get("CreatedDate")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(m.get("Matter_Phone__c")).isEqualTo("(502) 813-8900");
    assertThat(sim.find(NAMES.intakeObject(), "a0CUV00006LMO7s2AH").orElseThrow().get("Id"))
        .isEqualTo("a0CUV00006LMO7s2AH");
    QueryResult found = sim.query("SELECT Id FROM " + NAMES.intakeObject() + " WHERE Phone_10_Digit__c LIKE "
        + "'%502%813%8900%'");
    assertThat(found.totalSize()).isEqualTo(1);
  }

  @Test
  void addsRosterUsersByIdOnce() {
    SalesforceId roster = SalesforceId.of("005UV0000012345AAA");

    sim.addUser(roster);
    sim.addUser(roster);

    assertThat(sim.records("User")).filteredOn(u -> u.get("Id").equals("005UV0000012345AAA")).hasSize(1)
        .first().satisfies(u -> assertThat(u.get("IsActive")).isEqualTo(true));
    String note = sim.insert(NAMES.noteObject(), Map.of("External_Id__c", "rc_msg_1", "OwnerId", roster));
    assertThat(sim.find(NAMES.noteObject(), note).orElseThrow().get("OwnerId")).isEqualTo("005UV0000012345AAA");
  }

  @Test
  void refusesInvalidSeedRecordsWithAClearMessage() {
    assertThatThrownBy(() -> sim.insert(NAMES.matterObject(), Map.of("Matter_Phone__c", "1".repeat(41))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("litify_pm__Matter__c").hasMessageContaining("STRING_TOO_LONG")
        .hasMessageContaining("Matter_Phone__c");
    assertThatThrownBy(() -> sim.insert(NAMES.matterObject(), Map.of("Nope__c", "x")))
        .hasMessageContaining("INVALID_FIELD").hasMessageContaining("Nope__c");
    assertThatThrownBy(() -> sim.insert(NAMES.noteObject(), Map.of("litify_pm__lit_Matter__c",
        SalesforceIds.newId("a0L", 77))))
        .hasMessageContaining("INVALID_CROSS_REFERENCE_KEY");
    assertThatThrownBy(() -> sim.insert("Nope__c", Map.of())).hasMessageContaining("Nope__c")
        .hasMessageContaining("not in the simulated org schema");
  }

  @Test
  void updatesDeletesAndInspectsRecords() {
    String id = sim.insert(NAMES.matterObject(), Map.of("Name", "A", "litify_pm__Status__c", "Open"));

    sim.update(NAMES.matterObject(), id, Map.of("litify_pm__Status__c", "Closed"));
    assertThat(sim.findBy(NAMES.matterObject(), "litify_pm__status__c", "closed")).hasSize(1);
    sim.delete(id);

    assertThat(sim.records(NAMES.matterObject())).isEmpty();
    assertThat(sim.records(NAMES.matterObject(), true)).singleElement()
        .satisfies(r -> assertThat(r.get("IsDeleted")).isEqualTo(true));
    assertThat(sim.queryAll("SELECT Id FROM " + NAMES.matterObject()).totalSize()).isEqualTo(1);
    assertThat(sim.query("SELECT Id FROM " + NAMES.matterObject()).totalSize()).isZero();
  }

  @Test
  void inactiveUsersCannotOwnNewRecords() {
    SalesforceId former = sim.addUser("Former");
    sim.deactivateUser(former);

    assertThatThrownBy(() -> sim.insert(NAMES.noteObject(), Map.of("OwnerId", former)))
        .hasMessageContaining("INACTIVE_OWNER_OR_USER");
  }

  @Test
  void reportsItsUrls() {
    assertThat(sim.instanceUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(sim.baseUrl()).isEqualTo(sim.instanceUrl());
    assertThat(sim.dataUrl()).isEqualTo(sim.instanceUrl() + "/services/data/v67.0");
    assertThat(sim.integrationUserId().value()).startsWith("005");
  }
}
