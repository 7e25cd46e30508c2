package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.testkit.contract.CaseDirectoryContract;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@link SalesforceCaseDirectory} passes the testkit's {@link CaseDirectoryContract} over HTTP against the
 * embedded {@link SalesforceSimulator}, whose SOQL engine evaluates the LIKE patterns itself. This class runs the
 * default transport (query statements five to a {@code POST /composite}); {@link
 * SalesforceCaseDirectorySimulatorGetContractTest} runs one {@code GET /query} per statement.
 */
class SalesforceCaseDirectorySimulatorContractTest extends CaseDirectoryContract {
  final SimulatorOrgs orgs = new SimulatorOrgs();
  SalesforceSimulator lastOrg;

  boolean composite() {
    return true;
  }

  @Override
  protected CaseDirectory directoryHolding(List<CaseRecord> records, LitifySchema schema) {
    lastOrg = orgs.org(schema, records, java.util.Set.of());
    return orgs.adapters(lastOrg, schema, b -> b.compositeQueries(composite())).newCaseDirectory();
  }

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  @Test
  void looksNumbersUpThroughTheTransportItWasConfiguredFor() {
    CaseDirectory directory = directoryHolding(List.of(Cases.matter().phone("(502) 813-8900").build()),
        LitifySchema.defaults());

    assertThat(directory.findByPhones(List.of(PhoneNumber.of("5028138900")))).hasSize(1);

    if (composite()) {
      assertThat(lastOrg.calls(Endpoint.COMPOSITE)).isEqualTo(1);
      assertThat(lastOrg.calls(Endpoint.QUERY)).isZero();
      assertThat(lastOrg.subrequests(Endpoint.QUERY)).isEqualTo(2); // one statement on Matters, one on Intakes
    } else {
      assertThat(lastOrg.calls(Endpoint.COMPOSITE)).isZero();
      assertThat(lastOrg.calls(Endpoint.QUERY)).isEqualTo(2);
    }
    assertThat(orgs.apiCalls.count(io.rcsync.core.domain.ApiCalls.SALESFORCE)).isEqualTo(lastOrg.totalCalls());
  }

  /** fresh16 #2: a chunk's own lookups cost one call (both objects' statements in one composite), once a run. */
  @Test
  void recordsOwnLookupsAreCheckedInOneCallAChunkAndOnceARun() {
    CaseRecord matter = Cases.matter().phone("(502) 813-8900").build();
    CaseDirectory directory = directoryHolding(List.of(matter), LitifySchema.defaults());
    List<io.rcsync.core.domain.SalesforceId> ids = new java.util.ArrayList<>();
    ids.add(matter.id());
    for (int n = 0; n < 250; n++) {
      ids.add(io.rcsync.testkit.fixtures.SalesforceIds.idFor(io.rcsync.testkit.fixtures.SalesforceIds.USER, n));
    }

    assertThat(directory.kindsOf(ids)).hasValueSatisfying(k -> assertThat(k).containsOnlyKeys(
        matter.id().shortForm()));
    long calls = lastOrg.totalCalls();
    assertThat(directory.kindsOf(ids.subList(0, 10))).as("same run: remembered").isPresent();

    if (composite()) {
      assertThat(lastOrg.calls(Endpoint.COMPOSITE)).isEqualTo(1);
      assertThat(lastOrg.subrequests(Endpoint.QUERY)).as("251 ids: two statements per object").isEqualTo(4);
    } else {
      assertThat(lastOrg.calls(Endpoint.QUERY)).isEqualTo(4);
    }
    assertThat(lastOrg.totalCalls()).isEqualTo(calls);
  }

  /**
   * A long-running process (rcsync serve) runs many syncs and ingests on one directory: a lead whose Intake is created
   * after their first text must be found by a later run, while one run never queries a number twice.
   */
  @Test
  void aNumberIsQueriedOncePerRunAndAgainAfterStartRunSoRecordsCreatedMeanwhileAreFound() {
    CaseDirectory directory = directoryHolding(List.of(Cases.matter().phone("(502) 813-8900").build()),
        LitifySchema.defaults());
    PhoneNumber lead = PhoneNumber.of("5025550177");
    assertThat(directory.findByPhones(List.of(lead))).isEmpty();
    long callsAfterFirst = lastOrg.totalCalls();
    lastOrg.seedCases(List.of(Cases.intake().phone("502-555-0177").build()), LitifySchema.defaults());

    assertThat(directory.findByPhones(List.of(lead))).as("same run: cached").isEmpty();
    assertThat(lastOrg.totalCalls()).isEqualTo(callsAfterFirst);

    directory.startRun();

    assertThat(directory.findByPhones(List.of(lead))).as("next run: queried again").hasSize(1);
    assertThat(lastOrg.totalCalls()).isGreaterThan(callsAfterFirst);
  }
}
