package io.rcsync.salesforce;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.contract.NoteBackend;
import io.rcsync.testkit.contract.NoteSinkContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The real {@link SalesforceNoteSink} passes {@link NoteSinkContract} against the embedded Salesforce simulator. */
class SalesforceNoteSinkSimulatorContractTest extends NoteSinkContract {
  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @Override
  protected NoteBackend freshBackend(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users) {
    return orgs.backend(schema, cases, users);
  }

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }
}
