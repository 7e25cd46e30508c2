package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.RecordDirectory.CaseSummary;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SalesforceRecordDirectory}'s calls and its answer to a phone field the org lacks, on the simulator. */
class SalesforceRecordDirectoryTest {
  private final SimulatorOrgs orgs = new SimulatorOrgs();
  private final CaseRecord matter = Cases.matter().phone("Matter_Phone__c", "(502) 813-8900").build();
  private final CaseRecord intake = Cases.intake().phone("Client_Phone__c", "502.555.0199").build();

  @AfterEach
  void close() {
    orgs.close();
  }

  @Test
  void aMatterCostsOneQueryAndAnIntakeTwo() {
    LitifySchema schema = LitifySchema.defaults();
    SalesforceSimulator sim = orgs.org(schema, List.of(matter, intake), Set.of());
    SalesforceRecordDirectory d = orgs.adapters(sim, schema).recordDirectory();

    long before = orgs.apiCalls.count(ApiCalls.SALESFORCE);
    assertThat(d.findCase(matter.id())).isPresent();
    long afterMatter = orgs.apiCalls.count(ApiCalls.SALESFORCE);
    assertThat(d.findCase(intake.id())).isPresent();
    long afterIntake = orgs.apiCalls.count(ApiCalls.SALESFORCE);

    assertThat(afterMatter - before).isEqualTo(1);
    assertThat(afterIntake - afterMatter).isEqualTo(2);
  }

  @Test
  void aConfiguredPhoneFieldTheOrgLacksStillFindsTheRecordWithItsName() {
    // the org has the four default phone fields; the config names a fifth nobody created
    SalesforceSimulator sim = orgs.org(LitifySchema.defaults(), List.of(matter), Set.of());
    LitifySchema config = LitifySchema.defaults().withPhoneFields(
        List.of("Matter_Phone__c", "Client_Phone__c", "litify_pm__Phone__c", "Phone_10_Digit__c", "Mobile_Phone__c"));

    CaseSummary found = orgs.adapters(sim, config).recordDirectory().findCase(matter.id()).orElseThrow();

    assertThat(found.kind()).isEqualTo(CaseKind.MATTER);
    assertThat(found.name()).isNotBlank();
  }
}
