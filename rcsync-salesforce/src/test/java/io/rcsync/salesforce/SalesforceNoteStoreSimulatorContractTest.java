package io.rcsync.salesforce;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.contract.NoteBackend;
import io.rcsync.testkit.contract.NoteStoreContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The real {@link SalesforceNoteStore} passes {@link NoteStoreContract} against the embedded Salesforce simulator. */
class SalesforceNoteStoreSimulatorContractTest extends NoteStoreContract {
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
