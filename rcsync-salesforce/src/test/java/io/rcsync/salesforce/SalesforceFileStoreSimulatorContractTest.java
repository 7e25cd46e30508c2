package io.rcsync.salesforce;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.contract.FileBackend;
import io.rcsync.testkit.contract.FileStoreContract;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/** The real {@link SalesforceFileStore} passes {@link FileStoreContract} against the embedded Salesforce simulator. */
class SalesforceFileStoreSimulatorContractTest extends FileStoreContract {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final CaseRecord MATTER =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 1)).phone("(502) 813-8900").build();
  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @Override
  protected FileBackend freshBackend(long maxFileBytes) {
    SalesforceSimulator sim = orgs.org(SCHEMA, List.of(MATTER), Set.of(SalesforceIds.idFor(SalesforceIds.USER, 7)));
    SalesforceFileStore store = orgs.adapters(sim, SCHEMA, b -> b.maxFileBytes(maxFileBytes)).newFileStore();
    AtomicInteger notes = new AtomicInteger();
    return new FileBackend(store, MATTER.id(),
        () -> SalesforceId.of(sim.insert(SCHEMA.noteObject(), Map.of(SCHEMA.noteBodyField(), "MMS",
            SCHEMA.noteMatterField(), MATTER.id().value(), SCHEMA.noteExternalIdField(),
            "rc_msg_" + notes.incrementAndGet()))),
        // a file staff uploaded to the record: no rcsync key
        record -> SalesforceId.of(sim.uploadFile(Map.of("Title", "Retainer", "PathOnClient", "Retainer.pdf",
            "FirstPublishLocationId", record.value()), new byte[] {1, 2, 3})),
        () -> (int) sim.totalCalls());
  }

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }
}
