package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.salesforce.SalesforceDescribe.ObjectInfo;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The describe doctor runs, on the adapter set's own session and call counter, against the simulator. */
class SalesforceDescribeTest {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  @Test
  void describesTheNoteObjectAndItsFieldsInOneCountedCall() {
    SalesforceSimulator sim = orgs.org(SCHEMA, List.of(), Set.of());
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);

    Optional<ObjectInfo> note = sf.describe().object(SCHEMA.noteObject());

    assertThat(note).isPresent();
    assertThat(note.get().name()).isEqualTo(SCHEMA.noteObject());
    assertThat(note.get().createable()).isTrue();
    assertThat(note.get().fields().get(SCHEMA.noteExternalIdField()).externalId()).isTrue();
    assertThat(note.get().fields().get(SCHEMA.noteBodyField()).createable()).isTrue();
    assertThat(orgs.apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
  }

  @Test
  void anObjectTheOrgDoesNotHaveIsEmpty() {
    SalesforceSimulator sim = orgs.org(SCHEMA, List.of(), Set.of());

    assertThat(orgs.adapters(sim, SCHEMA).describe().object("No_Such_Object__c")).isEmpty();
  }
}
