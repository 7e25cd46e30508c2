package io.rcsync.salesforce;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.RecordDirectory;
import io.rcsync.testkit.contract.RecordDirectoryContract;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The real {@link SalesforceRecordDirectory} passes {@link RecordDirectoryContract} against the Salesforce simulator. */
class SalesforceRecordDirectorySimulatorContractTest extends RecordDirectoryContract {
  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @Override
  protected RecordDirectory freshDirectory(List<CaseRecord> cases, Map<SalesforceId, String> users) {
    LitifySchema schema = LitifySchema.defaults();
    SalesforceSimulator sim = orgs.org(schema, cases, Set.of());
    users.forEach(sim::addUser);
    return orgs.adapters(sim, schema).recordDirectory();
  }

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }
}
