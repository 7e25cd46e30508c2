package io.rcsync.salesforce;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.testkit.contract.CaseDirectoryContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The adapter passes the testkit's {@link CaseDirectoryContract} over HTTP against the fake org (compositeQueries=true). */
class SalesforceCaseDirectoryCompositeContractTest extends CaseDirectoryContract {
  private final ContractOrgs orgs = new ContractOrgs();

  @Override
  protected CaseDirectory directoryHolding(List<CaseRecord> records, LitifySchema schema) {
    return orgs.directory(records, schema, true);
  }

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }
}
